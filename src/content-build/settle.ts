/**
 * Cuts a build's articles into the settled archive (static assets, see `src/core/settled.ts`) and
 * the moving part the script keeps. Everything here is decided by the articles and the
 * build's cut-off alone, so the same content settled at the same instant gives the same
 * files byte for byte; positions only grow at the end, so a new article changes the newest
 * record pack and sitemap chunk, and an edit only its own pack.
 */
import { createHash, hash } from "node:crypto";
import { eachFacetName, slugify } from "../core/ids.js";
import type { Article, SettledFacet, SettledIndex, Site } from "../core/model.js";
import {
  FRAME_HEADER,
  isStoredFacetKind,
  type PackTable,
  type PageEntry,
  pagesSite,
  RECORDS_PER_PACK,
  settledChange,
  settledFiles,
  slugBucket,
} from "../core/settled.js";
import { NEWS_WINDOW_MS } from "../publishing/timeline.js";
import { articlePageParts } from "../render/pages.js";
import { newestLastmod, SITEMAP_FILE_URLS } from "../render/sitemaps.js";
import { type PackMemo, packDigest } from "./pack-memo.js";

/** Cloudflare's limit for one static asset file (2026). */
export const ASSET_FILE_MAX_BYTES = 25 * 1024 * 1024;

/** Slugs a bucket file holds on average, at most: about 3 KiB. */
const SLUGS_PER_BUCKET = 64;

/** Tags and authors a facet bucket file holds on average, at most: up to about 20 KiB with full heads. */
const FACETS_PER_BUCKET = 32;

/**
 * One file of the settled archive: its path inside the folder, its frame header (the SHA-256 of
 * its payload and a line break: equal headers, equal files) and its framed bytes, which a pack
 * the memo knows makes only when they are asked for.
 */
export interface SettledFile {
  path: string;
  header: string;
  readonly bytes: Uint8Array;
  /** Where the bytes wait on disk when they were spilled (`SettleExtras.spill`), for the build to move into place. */
  staged?: string;
}

/** What `settle` may be given besides the articles. */
export interface SettleExtras {
  /** The packs the last build made (`pack-memo.ts`), so unchanged ones are not made again. */
  memo?: PackMemo | undefined;
  /** The site to render the live articles' pages for (`SettledIndex.pages`); none stored without it. */
  site?: Site | undefined;
  /**
   * Takes each record pack the moment it is made and gives the file back, its bytes kept
   * elsewhere (the CLI: on disk), so a full build does not hold the whole archive in memory.
   */
  spill?: ((file: SettledFile) => SettledFile) | undefined;
}

const decoder = new TextDecoder();

/** A file whose bytes are made now. */
function madeFile(path: string, bytes: Uint8Array): SettledFile {
  return { path, header: decoder.decode(bytes.subarray(0, FRAME_HEADER)), bytes };
}

/** A file whose header the memo gave: its bytes made on first use, and checked against it. */
function knownFile(path: string, header: string, make: () => Uint8Array): SettledFile {
  let bytes: Uint8Array | undefined;
  return {
    path,
    header,
    get bytes() {
      if (bytes === undefined) {
        const made = make();
        if (decoder.decode(made.subarray(0, FRAME_HEADER)) !== header)
          throw new SettleError(`the build cache's record of ${path} does not match its articles; build again with --no-cache`);
        bytes = made;
      }
      return bytes;
    },
  };
}

export interface Settled {
  index: SettledIndex;
  files: SettledFile[];
  /** The rest, newest first: what can still change, kept in the script. */
  moving: Article[];
}

const encoder = new TextEncoder();

/** Content the settled archive cannot hold (the build reports it as an error and writes nothing). */
export class SettleError extends Error {
  override name = "SettleError";
}

/**
 * A file's payload behind the SHA-256 (base64url) of its bytes and a line break: the Worker checks
 * a slug bucket or a sitemap chunk against it whole, a pack record by record (`framePack`).
 */
export function frame(payload: string): Uint8Array {
  return frameBytes(encoder.encode(payload));
}

/** SHA-256 as base64url, one-shot (a rebuild frames every slug bucket: a hash object each cost more than the hashing). */
const sha256Url = (bytes: Uint8Array) => hash("sha256", bytes, "base64url");

function frameBytes(body: Uint8Array): Uint8Array {
  return frameWith(sha256Url(body), body);
}

function frameWith(digest: string, body: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(digest.length + 1 + body.length);
  bytes.set(encoder.encode(`${digest}\n`));
  bytes.set(body, digest.length + 1);
  return bytes;
}

/** A page to store beside its record: its parts (`articlePageParts`), its article's last change (ms) and slug. */
export interface PageToStore {
  before: string;
  fediverse: string;
  after: string;
  changed: number;
  slug: string;
}

/**
 * A record pack's frame: the table of each record's length and SHA-256 (and its page's entry,
 * `PageEntry`), then the records, a line each, then, after a line break, each page given:
 * its bytes without the fediverse's lines, then those lines; behind the SHA-256 of the table.
 */
export function framePack(records: readonly string[], pages: readonly (PageToStore | undefined)[] = []): Uint8Array {
  const encoded = records.map((r) => encoder.encode(r));
  const stored: Uint8Array[] = [];
  const table: PackTable = encoded.map((r, i) => {
    const page = pages[i];
    if (page === undefined) return [r.length, sha256Url(r)];
    const before = encoder.encode(page.before);
    const fediverse = encoder.encode(page.fediverse);
    const after = encoder.encode(page.after);
    // Stored as the page without the lines (before, after), then the lines; hashed in parts, never joined here.
    stored.push(before, after, fediverse);
    const digest = (...parts: Uint8Array[]) => parts.reduce((h, part) => h.update(part), createHash("sha256")).digest("base64url");
    const entry: PageEntry = [
      before.length + after.length,
      digest(before, after),
      before.length,
      fediverse.length,
      digest(before, fediverse, after),
      page.changed,
      page.slug,
    ];
    return [r.length, sha256Url(r), entry];
  });
  const head = encoder.encode(`${JSON.stringify(table)}\n`);
  const recordBytes = encoded.reduce((n, r) => n + r.length, 0) + encoded.length - 1;
  const pageBytes = stored.reduce((n, p) => n + p.length, 0);
  const payload = new Uint8Array(head.length + recordBytes + (stored.length > 0 ? 1 + pageBytes : 0));
  payload.set(head);
  let at = head.length;
  for (const [i, r] of encoded.entries()) {
    if (i > 0) payload[at++] = 0x0a;
    payload.set(r, at);
    at += r.length;
  }
  if (stored.length > 0) payload[at++] = 0x0a;
  for (const p of stored) {
    payload.set(p, at);
    at += p.length;
  }
  // The table names every record's and page's length and SHA-256, so its own digest names the
  // whole file: the 128 KiB a pack has with its pages are not hashed twice.
  return frameWith(sha256Url(head), payload);
}

/**
 * `entries` as bucket files `path(b)` (`{key: value}`, in the entries' order), each key in bucket
 * `slugBucket(key, n)` of the fewest `n` (a power of two) that keeps `perBucket` keys a bucket on
 * average; `n`. The slug buckets and the facet buckets alike.
 */
function bucketFiles<T>(entries: readonly [string, T][], perBucket: number, path: (b: number) => string, files: SettledFile[]): number {
  let n = 1;
  while (n * perBucket < entries.length) n *= 2;
  const buckets = Array.from({ length: n }, () => ({}) as Record<string, T>);
  for (const [key, value] of entries) buckets[slugBucket(key, n)]![key] = value;
  for (const [b, bucket] of buckets.entries()) files.push(madeFile(path(b), frame(JSON.stringify(bucket))));
  return n;
}

/**
 * Whether an article can no longer change after `at`: updated by then, and published (so out
 * of the news window) and withdrawn, if it is, two days before (so a clock a little behind
 * the build's, or a cron run just after a deploy, never meets a change the archive settled).
 */
function isSettled(article: Article, at: number): boolean {
  return (
    Date.parse(article.published) + NEWS_WINDOW_MS <= at &&
    Date.parse(article.updated) <= at &&
    (article.withdrawn === undefined || Date.parse(article.withdrawn.at) + NEWS_WINDOW_MS <= at)
  );
}

/**
 * The settled archive of `articles` (newest first, as the build sorts them) at `at` (ms),
 * with `head` entries in each head list, its files under `folder` (`SettleExtras`: the packs
 * the last build made, the site of the stored pages, where made packs go).
 */
export function settle(articles: readonly Article[], at: number, head: number, folder: string, options: SettleExtras = {}): Settled {
  const { memo, site, spill } = options;
  const pages = site === undefined ? undefined : pagesSite(site);
  // The oldest articles, up to the first one that can still change.
  let count = 0;
  while (count < articles.length && isSettled(articles[articles.length - 1 - count]!, at)) count++;
  const settled = articles.slice(articles.length - count).reverse(); // oldest first: index = position
  const moving = articles.slice(0, articles.length - count);
  const files: SettledFile[] = [];

  for (let start = 0; start < count; start += RECORDS_PER_PACK) {
    const members = settled.slice(start, start + RECORDS_PER_PACK);
    const path = settledFiles.records(start / RECORDS_PER_PACK);
    const make = () => {
      const records = members.map((a) => JSON.stringify(a.withdrawn ? { ...a, bodyHtml: "" } : a));
      // Rendered from the article its record is the JSON of: the same page the Worker renders from
      // the record (tests/worker/storage.test.ts compares the two for every stored page of the fixture).
      const stored =
        site === undefined
          ? []
          : members.map((a) => (a.withdrawn ? undefined : { ...articlePageParts(site, a), changed: settledChange(a), slug: a.slug }));
      const bytes = framePack(records, stored);
      if (bytes.length > ASSET_FILE_MAX_BYTES) {
        throw new SettleError(
          `the articles ${members.map((a) => `"${a.slug}"`).join(", ")} make a stored file of ${(bytes.length / 2 ** 20).toFixed(1)} MiB, ` +
            `more than a static asset may be (25 MiB): shorten the longest of them`,
        );
      }
      return bytes;
    };
    const keys = memo ? members.map((a) => memo.keyOf(a)) : [];
    const digest = memo && keys.every((k) => k !== undefined) ? packDigest(keys as string[], pages) : undefined;
    const known = digest === undefined ? undefined : memo!.header(digest);
    const file = known !== undefined ? knownFile(path, known, make) : spill ? spill(madeFile(path, make())) : madeFile(path, make());
    if (digest !== undefined) memo!.remember(digest, file.header);
    files.push(file);
  }

  const buckets = bucketFiles(
    settled.map((a, pos): [string, number] => [a.slug, pos]),
    SLUGS_PER_BUCKET,
    settledFiles.slugs,
    files,
  );

  const live: number[] = [];
  const gone: number[] = [];
  for (const [pos, a] of settled.entries()) (a.withdrawn ? gone : live).push(pos);
  const sitemap: SettledIndex["sitemap"] = [];
  for (let start = 0; start < live.length; start += SITEMAP_FILE_URLS) {
    const members = live.slice(start, start + SITEMAP_FILE_URLS).map((pos) => settled[pos]!);
    files.push(madeFile(settledFiles.sitemap(sitemap.length), frame(JSON.stringify(members.map((a) => [a.slug, a.updated])))));
    sitemap.push({ count: members.length, lastmod: newestLastmod(members.map((a) => ({ lastmod: a.updated })))! });
  }

  const newestFirst = (list: number[]) => list.slice().reverse();
  // Each article's last change, parsed once (a facet loop would otherwise parse it per facet).
  const changes = settled.map(settledChange);
  const facets = new Map<string, SettledFacet>();
  const lastSeen = new Map<SettledFacet, number>();
  for (let pos = count - 1; pos >= 0; pos--) {
    const a = settled[pos]!;
    eachFacetName(a, (kind, name) => {
      const slug = slugify(name);
      const key = `${kind}/${slug}`;
      let facet = facets.get(key);
      if (!facet) {
        facet = { kind, slug, name, live: 0, gone: 0, changed: changes[pos]!, liveHead: [], goneHead: [] };
        facets.set(key, facet);
      }
      // An article counts once in a facet however often it names it (as the catalog counts).
      if (lastSeen.get(facet) === pos) return;
      lastSeen.set(facet, pos);
      const list = a.withdrawn ? facet.goneHead : facet.liveHead;
      if (a.withdrawn) facet.gone++;
      else facet.live++;
      if (list.length < head) list.push(pos);
      facet.changed = Math.max(facet.changed, changes[pos]!);
    });
  }

  // Sections stay in the index (the front page lists them); tags and authors go to the assets.
  const stored = [...facets].filter(([, f]) => isStoredFacetKind(f.kind));
  let facetBuckets = 0;
  if (stored.length > 0) {
    facetBuckets = bucketFiles(stored, FACETS_PER_BUCKET, settledFiles.facets, files);
    const listed = stored.map(([key, f]): [string, number] => [key, f.changed]).sort((x, y) => (x[0] < y[0] ? -1 : 1));
    const list = frame(JSON.stringify(listed));
    if (list.length > ASSET_FILE_MAX_BYTES)
      throw new SettleError(
        `${stored.length} tags and authors make a list of ${(list.length / 2 ** 20).toFixed(1)} MiB, more than a static asset may be (25 MiB)`,
      );
    files.push(madeFile(settledFiles.facetList, list));
  }

  const byWithdrawal = newestFirst(gone)
    .map((pos) => [pos, Date.parse(settled[pos]!.withdrawn!.at)] as [number, number])
    .sort((x, y) => y[1] - x[1]); // stable: ties stay newest published first
  const byUpdate = live
    .map((pos) => [pos, Date.parse(settled[pos]!.updated), settled[pos]!.id] as [number, number, string])
    .sort((x, y) => y[1] - x[1] || (x[2] < y[2] ? -1 : 1));
  const liveHead = newestFirst(live).slice(0, head);
  let changed: number | null = null;
  for (const change of changes) changed = Math.max(changed ?? Number.NEGATIVE_INFINITY, change);

  return {
    index: {
      folder,
      ...(pages !== undefined && count > 0 && { pages }),
      at,
      head,
      count,
      live: live.length,
      gone: gone.length,
      changed,
      windowLeft: count > 0 ? Date.parse(settled[count - 1]!.published) + NEWS_WINDOW_MS : null,
      liveHead,
      liveCards: liveHead.map((pos) => {
        const { slug, title, published, summary, authors } = settled[pos]!;
        return { slug, title, published, summary, authors: authors.map(({ name }) => ({ name })) };
      }),
      goneHead: byWithdrawal.slice(0, head),
      updatedHead: byUpdate.slice(0, head),
      facets: [...facets.values()].filter((f) => !isStoredFacetKind(f.kind)),
      facetBuckets,
      sitemap,
      buckets,
    },
    files,
    moving,
  };
}
