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
import { withBody } from "./body-facts.js";
import { ContentChangedError } from "./errors.js";
import { newestFirst } from "./order.js";
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
  /** Spilled, and found already in place: the archive's folder has these bytes at `path` (`stagingSpill`). */
  inPlace?: true;
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
  /**
   * The prefix the last build carried (`Settled.carried`), when `articles` are only the ones after
   * it: settled from it, the same as settling them all. A prefix this build cannot go on from
   * (another head, folder or site; a cut-off before its own; an article older than its newest; a
   * pack whose header on disk is not the one it gives, found when its bytes are asked for) throws
   * `PrefixStale`.
   */
  from?: SettledPrefix | undefined;
  /** Makes some of the packs elsewhere while settle makes the others (the CLI: on a thread, `pack-threads.ts`). */
  maker?: PackMaker | undefined;
}

/** Makes some of the packs `settle` is to make elsewhere, while it makes the others. */
export interface PackMaker {
  /** Every pack settle is to make (none the memo knows), in its order, told before it makes any. */
  plan(packs: readonly { path: string; members: readonly Article[] }[]): void;
  /**
   * The pack at `path` when it is made elsewhere: its `header` (and `staged`) waits for it on
   * first use. Undefined when settle is to make it itself.
   */
  take(path: string): SettledFile | undefined;
}

const decoder = new TextDecoder();

/** A file whose bytes are made now. */
export function madeFile(path: string, bytes: Uint8Array): SettledFile {
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
  /** What the next build may go on from (`SettleExtras.from`): the whole packs of this one. */
  carried: SettledPrefix;
  /** The articles `carried` holds beyond the prefix this build went on from, oldest first. */
  carriedArticles: Article[];
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

/** An article's record in its pack: its JSON, a withdrawn one's without its body. */
export const recordOf = (a: Article): string => JSON.stringify(a.withdrawn ? withBody(a, "") : a);

/**
 * The record pack of `members` (`records`: their records, when made already), with the pages of
 * the live ones rendered for `site`, if given. The pack thread makes it from the records alone
 * (`pack-thread.ts`): an article and the parse of its record give the same pack.
 */
export function packBytes(members: readonly Article[], site: Site | undefined, records = members.map(recordOf)): Uint8Array {
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
 * What a build carries to the next of the settled archive it made (`SettleExtras.from`): the
 * oldest `count` articles (a whole number of packs), as the aggregates settling them gave, and
 * their packs' headers. A next build whose articles after these are all newer settles only those
 * (`settle` below): the same files and index, byte for byte, as settling every article again
 * (tests/unit/settle.test.ts). Plain JSON, kept by the CLI beside its parse cache.
 */
export interface SettledPrefix {
  /** What it was settled for: a build with another head, folder or pages' site cannot go on from it. */
  head: number;
  folder: string;
  pages: string | null;
  /** The cut-off it was settled at: a build may go on from it only at this instant or later. */
  at: number;
  /** Articles in it: positions 0 … count − 1, a whole number of packs. */
  count: number;
  /** Each pack's frame header and, when made with a memo, its digest (`packDigest`). */
  packs: [header: string, digest: string | null][];
  /** The slug of each position. */
  slugs: string[];
  /** Each live article's sitemap entry, oldest first. */
  sitemap: [slug: string, updated: string][];
  /** Every section, tag and author, in the order a scan from the newest article meets them. */
  facets: [key: string, facet: SettledFacet][];
  liveHead: number[];
  liveCards: SettledIndex["liveCards"];
  goneHead: [number, number][];
  updatedHead: [number, number, string][];
  changed: number | null;
  /** The newest article in it (the next build's must all be newer), or null when it is empty. */
  newest: { published: string; id: string } | null;
}

/** A build that cannot go on from the prefix it was given (`SettleExtras.from`): its caller settles everything instead. */
export class PrefixStale extends Error {
  override name = "PrefixStale";
}

const emptyPrefix = (head: number, folder: string, pages: string | null, at: number): SettledPrefix => ({
  head,
  folder,
  pages,
  at,
  count: 0,
  packs: [],
  slugs: [],
  sitemap: [],
  facets: [],
  liveHead: [],
  liveCards: [],
  goneHead: [],
  updatedHead: [],
  changed: null,
  newest: null,
});

/** The card the front page shows of an article. */
const cardOf = ({ slug, title, published, summary, authors }: Article): SettledIndex["liveCards"][number] => ({
  slug,
  title,
  published,
  summary,
  authors: authors.map(({ name }) => ({ name })),
});

/**
 * `prefix` with `batch` (the next positions, oldest first) settled after it: a new prefix, `prefix`
 * itself unchanged. The aggregates merge as settling all at once makes them: every head list is
 * newest first and at most `head` long, and the batch is newer than all of the prefix.
 */
function extended(prefix: SettledPrefix, batch: readonly Article[], head: number): SettledPrefix {
  const first = prefix.count;
  const changes = batch.map(settledChange);
  const live: number[] = [];
  const gone: number[] = [];
  for (const [i, a] of batch.entries()) (a.withdrawn ? gone : live).push(first + i);
  const at = (pos: number) => batch[pos - first]!;
  const byWithdrawal = (x: [number, number], y: [number, number]) => y[1] - x[1] || y[0] - x[0];
  const byUpdate = (x: [number, number, string], y: [number, number, string]) => y[1] - x[1] || (x[2] < y[2] ? -1 : 1);
  const newestLive = live.slice().reverse();

  // The batch's facets, scanned from its newest article, as settling everything scans them.
  const touched = new Map<string, SettledFacet>();
  const lastSeen = new Map<SettledFacet, number>();
  for (let i = batch.length - 1; i >= 0; i--) {
    const a = batch[i]!;
    const pos = first + i;
    eachFacetName(a, (kind, name) => {
      const slug = slugify(name);
      const key = `${kind}/${slug}`;
      let facet = touched.get(key);
      if (!facet) {
        facet = { kind, slug, name, live: 0, gone: 0, changed: changes[i]!, liveHead: [], goneHead: [] };
        touched.set(key, facet);
      }
      // An article counts once in a facet however often it names it (as the catalog counts).
      if (lastSeen.get(facet) === pos) return;
      lastSeen.set(facet, pos);
      const list = a.withdrawn ? facet.goneHead : facet.liveHead;
      if (a.withdrawn) facet.gone++;
      else facet.live++;
      if (list.length < head) list.push(pos);
      facet.changed = Math.max(facet.changed, changes[i]!);
    });
  }
  const facets = new Map<string, SettledFacet>();
  const before = new Map(prefix.facets);
  for (const [key, facet] of touched) {
    const old = before.get(key);
    facets.set(
      key,
      old === undefined
        ? facet
        : {
            ...facet,
            live: facet.live + old.live,
            gone: facet.gone + old.gone,
            changed: Math.max(facet.changed, old.changed),
            liveHead: [...facet.liveHead, ...old.liveHead].slice(0, head),
            goneHead: [...facet.goneHead, ...old.goneHead].slice(0, head),
          },
    );
  }
  for (const [key, facet] of prefix.facets) if (!facets.has(key)) facets.set(key, facet);

  let changed = prefix.changed;
  for (const change of changes) changed = Math.max(changed ?? Number.NEGATIVE_INFINITY, change);
  const newest = batch.at(-1);
  return {
    ...prefix,
    count: first + batch.length,
    slugs: [...prefix.slugs, ...batch.map((a) => a.slug)],
    sitemap: [...prefix.sitemap, ...live.map((pos): [string, string] => [at(pos).slug, at(pos).updated])],
    facets: [...facets],
    liveHead: [...newestLive, ...prefix.liveHead].slice(0, head),
    liveCards: [...newestLive.map((pos) => cardOf(at(pos))), ...prefix.liveCards].slice(0, head),
    goneHead: [...gone.reverse().map((pos): [number, number] => [pos, Date.parse(at(pos).withdrawn!.at)]), ...prefix.goneHead]
      .sort(byWithdrawal)
      .slice(0, head),
    updatedHead: [...live.map((pos): [number, number, string] => [pos, Date.parse(at(pos).updated), at(pos).id]), ...prefix.updatedHead]
      .sort(byUpdate)
      .slice(0, head),
    changed,
    newest: newest === undefined ? prefix.newest : { published: newest.published, id: newest.id },
  };
}

/** The content's error (a pack too large, a file changed) of the first of `files` whose header cannot be had, if any. */
function firstContentError(files: readonly SettledFile[]): Error | undefined {
  for (const file of files) {
    try {
      void file.header;
    } catch (error) {
      return error instanceof SettleError || error instanceof ContentChangedError ? error : undefined;
    }
  }
  return undefined;
}

/**
 * The settled archive of `articles` (newest first, as the build sorts them) at `at` (ms),
 * with `head` entries in each head list, its files under `folder` (`SettleExtras`: the packs
 * the last build made, the site of the stored pages, where made packs go, the prefix the last
 * build carried, when `articles` are only the ones after it).
 */
export function settle(articles: readonly Article[], at: number, head: number, folder: string, options: SettleExtras = {}): Settled {
  const { memo, site, spill } = options;
  const pages = site === undefined ? undefined : pagesSite(site);
  const from = options.from ?? emptyPrefix(head, folder, pages ?? null, at);
  if (from.head !== head || from.folder !== folder || from.pages !== (pages ?? null) || from.at > at || from.count % RECORDS_PER_PACK !== 0)
    throw new PrefixStale("the prefix was settled for another build");
  const oldest = articles.at(-1);
  if (oldest !== undefined && from.newest !== null && newestFirst(oldest, from.newest) >= 0)
    throw new PrefixStale(`"${oldest.slug}" is older than the newest article settled before it`);
  // The oldest articles, up to the first one that can still change.
  let n = 0;
  while (n < articles.length && isSettled(articles[articles.length - 1 - n]!, at)) n++;
  const appended = articles.slice(articles.length - n).reverse(); // oldest first: position from.count + i
  const moving = articles.slice(0, articles.length - n);
  const files: SettledFile[] = from.packs.map(([header, digest], j) => {
    if (digest !== null) memo?.remember(digest, header);
    return knownFile(settledFiles.records(j), header, () => {
      throw new PrefixStale(`${settledFiles.records(j)} is not the file the last build made`);
    });
  });
  // Each pack after the prefix: the memo's header when it knows the pack, else made here or by the maker.
  const jobs: { path: string; members: Article[]; digest: string | undefined; known: string | undefined }[] = [];
  for (let start = 0; start < n; start += RECORDS_PER_PACK) {
    const members = appended.slice(start, start + RECORDS_PER_PACK);
    const path = settledFiles.records((from.count + start) / RECORDS_PER_PACK);
    const keys = memo ? members.map((a) => memo.keyOf(a)) : [];
    const digest = memo && keys.every((k) => k !== undefined) ? packDigest(keys as string[], pages) : undefined;
    jobs.push({ path, members, digest, known: digest === undefined ? undefined : memo!.header(digest) });
  }
  options.maker?.plan(jobs.filter((job) => job.known === undefined));

  const made: SettledFile[] = [];
  for (const { path, members, known } of jobs) {
    // Rendered from the article its record is the JSON of: the same page the Worker renders from
    // the record (tests/worker/storage.test.ts compares the two for every stored page of the fixture).
    const make = () => packBytes(members, site);
    try {
      made.push(
        known !== undefined
          ? knownFile(path, known, make)
          : (options.maker?.take(path) ?? (spill ? spill(madeFile(path, make())) : madeFile(path, make()))),
      );
    } catch (error) {
      // The first pack in order that cannot be made is the one named, as settling in line names it:
      // one the maker made before this one is waited for, and its own error comes first. Any other
      // failure of the maker's (it stopped answering) does not hide this one.
      if (error instanceof SettleError) throw firstContentError(made) ?? error;
      throw error;
    }
  }
  // The headers read only now: a pack made by the maker is waited for once this thread has made all of its own.
  const packs: SettledPrefix["packs"] = made.map((file, j) => {
    const { digest } = jobs[j]!;
    if (digest !== undefined) memo!.remember(digest, file.header);
    files.push(file);
    return [file.header, digest ?? null];
  });

  // What the next build goes on from: every whole pack; the last, partial one is settled again with the articles after it.
  const whole = n - ((from.count + n) % RECORDS_PER_PACK);
  const carried = extended(from, appended.slice(0, whole), head);
  const done = extended(carried, appended.slice(whole), head);
  carried.packs = [...from.packs, ...packs.slice(0, whole / RECORDS_PER_PACK)];
  carried.at = at;
  const count = done.count;

  const buckets = bucketFiles(
    done.slugs.map((slug, pos): [string, number] => [slug, pos]),
    SLUGS_PER_BUCKET,
    settledFiles.slugs,
    files,
  );

  const sitemap: SettledIndex["sitemap"] = [];
  for (let start = 0; start < done.sitemap.length; start += SITEMAP_FILE_URLS) {
    const members = done.sitemap.slice(start, start + SITEMAP_FILE_URLS);
    files.push(madeFile(settledFiles.sitemap(sitemap.length), frame(JSON.stringify(members))));
    sitemap.push({ count: members.length, lastmod: newestLastmod(members.map(([, lastmod]) => ({ lastmod })))! });
  }

  // Sections stay in the index (the front page lists them); tags and authors go to the assets.
  const stored = done.facets.filter(([, f]) => isStoredFacetKind(f.kind));
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

  return {
    index: {
      folder,
      ...(pages !== undefined && count > 0 && { pages }),
      at,
      head,
      count,
      // Every live article has its sitemap entry.
      live: done.sitemap.length,
      gone: count - done.sitemap.length,
      changed: done.changed,
      windowLeft: done.newest === null ? null : Date.parse(done.newest.published) + NEWS_WINDOW_MS,
      liveHead: done.liveHead,
      liveCards: done.liveCards,
      goneHead: done.goneHead,
      updatedHead: done.updatedHead,
      facets: done.facets.map(([, f]) => f).filter((f) => !isStoredFacetKind(f.kind)),
      facetBuckets,
      sitemap,
      buckets,
    },
    files,
    moving,
    carried,
    carriedArticles: appended.slice(0, whole),
  };
}
