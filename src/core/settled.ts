/**
 * The settled archive: everything the build knows can no longer change. An article is
 * *settled* when its publication, its last update, its withdrawal (if any) and its exit from
 * the news sitemap all lie at or before the build's cut-off (`at`), and so does every older
 * article's: the settled articles are the oldest part of the archive, in publication order,
 * and stay exactly as they are for every instant after the build.
 *
 * Their records (metadata and body) are in the Worker's static assets, never in the script;
 * the script carries only this index: counts, the newest changes, and the few positions the
 * moving documents (the feeds, the front page, the facets) merge with what can still
 * change. Everything else (scheduled publications and withdrawals, the news window) is
 * *moving* and stays in the script, so no stored file holds an article before its time.
 *
 * Files (under `folder` in the assets, each a frame: the SHA-256 of the rest and a line break; for
 * a record pack, the SHA-256 of its table's line, which gives every record's and page's length and
 * SHA-256 and so names the whole file):
 * - `r/<j>`: the records of positions 8j … 8j+7: a line with each record's byte length and
 *   SHA-256 (`[[length, "base64url"], …]`), then one JSON article a line. The Worker checks only
 *   the record it reads, against its own digest (a cold page hashes and decodes one record, not
 *   the pack); the frame's digest is the build's, which tells an unchanged file by its first line.
 *   When the index names the site its pages were rendered for (`pages`), a live record's entry
 *   also has its page (`PageEntry`), and the pages follow the records after a line break, each
 *   as its bytes without the fediverse's lines and then those lines: a Worker with that site
 *   serves a cold page as stored, with no record parsed and nothing rendered;
 * - `s/<b>`: slug → position for the slugs of bucket b (`slugBucket`), checked whole;
 * - `m/<j>`: the sitemap entries `[slug, updated]` of the live settled articles 5,000j …
 *   5,000j+4,999, oldest first;
 * - `f/<b>`: the settled tags and authors of bucket b (`slugBucket` of `<kind>/<slug>`), as
 *   `{"<kind>/<slug>": SettledFacet}`, checked whole: read when one of a facet's documents is
 *   first asked for, so the script's size does not grow with the taxonomy;
 * - `f/all`: `[["<kind>/<slug>", changed ms], …]` of every settled tag and author, for the sitemap.
 *
 * The index's types (`SettledIndex`, `SettledFacet`) are part of the content bundle, in `model.ts`.
 */
import type { ArticleMeta, FacetKind, SettledIndex, Site } from "./model.js";

/** Records per pack file. */
export const RECORDS_PER_PACK = 8;

/** An index with nothing settled: every article is in the script. */
export const NOTHING_SETTLED: SettledIndex = {
  folder: "",
  at: Number.NEGATIVE_INFINITY,
  head: Number.POSITIVE_INFINITY,
  count: 0,
  live: 0,
  gone: 0,
  changed: null,
  windowLeft: null,
  liveHead: [],
  liveCards: [],
  goneHead: [],
  updatedHead: [],
  facets: [],
  sitemap: [],
  buckets: 1,
  facetBuckets: 0,
};

/** When a settled article last changed: its update, or its withdrawal (all before the build, so before now). */
export function settledChange(a: ArticleMeta): number {
  return Math.max(Date.parse(a.updated), a.withdrawn ? Date.parse(a.withdrawn.at) : Date.parse(a.published));
}

/** The bucket of a slug: FNV-1a over its UTF-16 code units, masked to `buckets` (a power of two). */
export function slugBucket(slug: string, buckets: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < slug.length; i++) {
    hash ^= slug.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) & (buckets - 1);
}

/** The kinds of settled file and their paths inside the folder. */
export const settledFiles = {
  records: (pack: number) => `r/${pack}`,
  slugs: (bucket: number) => `s/${bucket}`,
  sitemap: (chunk: number) => `m/${chunk}`,
  facets: (bucket: number) => `f/${bucket}`,
  facetList: "f/all",
};

/** Whether a kind of facet is stored in the assets (`f/<b>`) rather than in the script's index. */
export const isStoredFacetKind = (kind: FacetKind) => kind !== "sections";

/** Length of the frame's header: a SHA-256 in base64url (43 characters) and a line break. */
export const FRAME_HEADER = 44;

/**
 * A live article's page as the build rendered it (`articlePageParts` in src/render/pages.ts) for
 * the index's `pages` site: the length and SHA-256 of its bytes without the fediverse's lines,
 * the byte offset in them where those lines go, their length, the SHA-256 of the page with them,
 * the article's last change (ms: its Last-Modified, `settledChange`) and its slug (the Worker
 * serves the page only for that slug).
 */
export type PageEntry = [
  length: number,
  sha256: string,
  at: number,
  fediverseLength: number,
  fediverseSha256: string,
  changed: number,
  slug: string,
];

/**
 * A pack's table: each record's length in bytes and the SHA-256 (base64url) of those bytes, and
 * for a live article of a pack with pages, its page.
 */
export type PackTable = ([length: number, sha256: string] | [length: number, sha256: string, page: PageEntry])[];

/** A stored page as the Worker reads it, checked: its bytes, their SHA-256 (base64url) and its article's last change (ms). */
export interface StoredPage {
  bytes: Uint8Array;
  sha256: string;
  changed: number;
  /** The article's slug, as the table gives it. */
  slug: string;
}

/** The site a build renders pages for, as the Worker compares it with its own (`SettledIndex.pages`). */
export const pagesSite = (site: Site): string => JSON.stringify(site);
