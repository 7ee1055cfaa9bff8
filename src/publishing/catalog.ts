/**
 * The catalog: every document the service serves at one point in time, as a map from
 * path to how to render and cache it. Made once per epoch of the timeline (a
 * publication, a withdrawal, an article leaving the news sitemap), never per request; documents render lazily.
 *
 * Each document knows the next instant its content changes (`changesAt`), so the HTTP
 * layer never lets a cache keep it past that instant: a scheduled article appears on
 * time everywhere without a redeploy.
 */

import { fromBase64 } from "../core/bytes.js";
import { facetNames, slugify, uuidV5 } from "../core/ids.js";
import { andThen } from "../core/maybe-async.js";
import type { Article, ArticleMeta, BuiltFile, FacetKind, SettledFacet, SettledIndex, Site } from "../core/model.js";
import { isStoredFacetKind, NOTHING_SETTLED, pagesSite, type StoredPage, settledChange } from "../core/settled.js";
import { absoluteUrl, type FeedPaths, feedPath, feedPaths, paths } from "../core/urls.js";
import {
  type ActorSpec,
  actorDocument,
  articleObject,
  facetActor,
  newsroomActor,
  outboxCollection,
  outboxPage,
  tombstoneObject,
  webfingerDocument,
  withContext,
} from "../fediverse/activity-streams.js";
import { nodeinfo, nodeinfoLinks } from "../fediverse/nodeinfo.js";
import type { Lifetime } from "../http/cache-policy.js";
import { rssTtlMinutes } from "../http/cache-policy.js";
import { mediaTypes, withCharset } from "../http/media-types.js";
import { entityTagOf } from "../http/representation.js";
import { stylesheet } from "../render/assets.js";
import { FEED_FORMATS } from "../render/feed-formats.js";
import { type FeedHistory, type FeedSpec, mainFeedSpec } from "../render/feed-spec.js";
import { jsonFeed } from "../render/json-feed.js";
import { NINJS_MEDIA_TYPE, ninjsDocument } from "../render/ninjs.js";
import {
  type FacetLink,
  type PageFeed,
  renderArticlePage,
  renderHomePage,
  renderListingPage,
  renderPartnersPage,
  renderWithdrawnPage,
} from "../render/pages.js";
import { planSitemap, renderNewsSitemap, renderRobots, renderSitemap, renderSitemapIndex, type SitemapEntry } from "../render/sitemaps.js";
import { SYNDICATION_VERSION, type SyndicationVersion, siteLicense } from "../render/syndication.js";
import { StorageError } from "../storage/archive-store.js";
import { syndicationSchema } from "./syndication-schema.js";
import { NEWS_WINDOW_MS, type Timeline, type View } from "./timeline.js";

/** A document's bytes, or its text to be encoded as UTF-8. */
export type Body = string | Uint8Array;

/** One thing the service serves at a path: how to render it and how to cache it. */
export interface Document {
  lifetime: Exclude<Lifetime, "notFound" | "redirect" | "error">;
  /** 200, or 410 for the tombstone page of a withdrawn article. */
  status: 200 | 410;
  contentType: string;
  /**
   * The body: text (encoded as UTF-8) or bytes; a promise when it needs stored articles
   * (which may fail with a `StorageError`). A document whose Last-Modified depends on the
   * stored articles it shows (an archive page of the settled archive) gives it with its body.
   */
  render: () => Body | Promise<Body | { body: Body; lastModified: number | undefined }>;
  /** The newest content change the document shows, in ms (its Last-Modified), when known before rendering. */
  lastModified?: number;
  /** Link header value (RFC 8288). */
  link?: string;
  /** The next instant (ms) its content changes; +∞ when nothing known will change it. */
  changesAt: number;
  /** The body's entity-tag when its SHA-256 is known already (a page the build stored: `entityTagOf`). */
  etag?: string;
  /** Readable cross-origin (CORS): the feeds and the schemas partners read from their own pages. */
  crossOrigin?: boolean;
  /** One of two representations chosen by Accept (an article's page and its ActivityStreams object): `Vary: Accept`. */
  negotiated?: boolean;
  /** An actor's HTML page, where a browser asking for the actor is sent (303); the actor document then varies by Accept. */
  page?: string;
  /**
   * Everything the document's bytes and headers depend on besides the site and the build
   * (its lifetime, status, Last-Modified and the items it lists). Equal versions in two
   * epochs mean an equal response, so the app keeps what it rendered; only `changesAt`
   * may differ.
   */
  version: string;
}

/** A document's body and Last-Modified: the one it knew before rendering, or the one its rendering found. */
export async function renderDocument(doc: Document): Promise<{ body: Body; lastModified: number | undefined }> {
  const rendered = await doc.render();
  return typeof rendered === "string" || rendered instanceof Uint8Array ? { body: rendered, lastModified: doc.lastModified } : rendered;
}

/** A document's version from the inputs of its response (see `Document.version`). */
function versionOf(lifetime: Document["lifetime"], lastModified: number | undefined, ...inputs: unknown[]): string {
  return JSON.stringify([lifetime, lastModified ?? null, ...inputs]);
}

/**
 * What a document lists: an article of the bundle (the moving part), or a settled article
 * by its position in the settled archive (`src/core/settled.ts`), read when the document renders.
 */
export type Item = ArticleMeta | number;

/** Ids for a document's version: a settled article stands as its position (fixed for the build). */
const ids = (items: readonly Item[]) => items.map((a) => (typeof a === "number" ? a : a.id));

/** The settled archive as the catalog reads it: its index, and its files through a store. */
export interface SettledArchive {
  index: SettledIndex;
  record(pos: number): Promise<Article>;
  /** The page the build stored for the live article at `pos` (with the fediverse's lines or not), if it stored one. */
  page(pos: number, fediverse: boolean): Promise<StoredPage | undefined>;
  position(slug: string): Promise<number | undefined>;
  sitemapChunk(chunk: number): Promise<[slug: string, updated: string][]>;
  /** A settled tag or author by `<kind>/<slug>` (`f/<b>`), if the archive has it: a promise unless its file is held. */
  facet(key: string): SettledFacet | undefined | Promise<SettledFacet | undefined>;
  /** Every settled tag and author as [`<kind>/<slug>`, changed ms] (`f/all`): a promise unless the file is held. */
  facetList(): [key: string, changed: number][] | Promise<[key: string, changed: number][]>;
}

/** No settled archive: every article is in the bundle. */
export const NO_ARCHIVE: SettledArchive = {
  index: NOTHING_SETTLED,
  record: () => Promise.reject(new Error("nothing is settled")),
  page: () => Promise.reject(new Error("nothing is settled")),
  position: () => Promise.resolve(undefined),
  sitemapChunk: () => Promise.reject(new Error("nothing is settled")),
  facet: () => undefined,
  facetList: () => [],
};

/**
 * Every item as a full article, or the first failure once every read has settled: a request
 * never leaves a read behind it that a later request would join (in workerd a read of a
 * request that has ended may not settle).
 */
async function resolveAll(archive: SettledArchive, items: readonly Item[]): Promise<Article[]> {
  const results = await Promise.allSettled(items.map((item) => (typeof item === "number" ? archive.record(item) : (item as Article))));
  const failed = results.find((r) => r.status === "rejected");
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<Article>).value);
}

/** The latest of these instants, ignoring the absent ones. */
const newest = (...times: (number | null | undefined)[]): number | undefined => {
  let last: number | undefined;
  for (const t of times) if (t !== null && t !== undefined && (last === undefined || t > last)) last = t;
  return last;
};

export interface Catalog {
  view: View;
  /** Everything but the article pages and the settled archive pages, by path. */
  documents: Documents;
  /** An archive page made only of settled articles (made when asked for); undefined otherwise. */
  archivePage(path: string): Document | undefined;
  /**
   * The page of a live article, or the tombstone of a withdrawn one; undefined otherwise.
   * A promise for a settled article: its record is read first.
   */
  article(slug: string, variant?: ArticleVariant): Document | undefined | Promise<Document | undefined>;
}

/** An article's HTML page, its ActivityStreams object (served when the fediverse is on), or its ninjs document. */
export type ArticleVariant = "page" | "activity" | "ninjs";

/** Documents made together (a facet's page and feeds), or, from a store, nothing when there are none. */
type Made = Iterable<[string, Document]>;
type Making = Made | undefined | Promise<Made | undefined>;

/**
 * The catalog's documents by key (a path, or `webfingerKey`/`activityKey`). Most are made with
 * the epoch; a facet's (a section's, tag's or author's listing page, feeds and actor) when one of
 * them is first asked for: a newsroom has thousands of tags, and making every facet's documents
 * was most of an isolate's first request (2,000 articles, 5,000 tags and 500 authors:
 * `npx tsx scripts/bench/catalog-time.ts`, docs/performance.md).
 *
 * What is made from the settled archive's files (a settled tag's or author's documents, the
 * sitemap that lists them) is made by a promise: `lookup` gives it, and concurrent lookups share
 * it; a read that fails leaves nothing behind, so the next lookup reads again. `get` and
 * iteration give only what needs no read (all of it when nothing is stored).
 */
export class Documents implements Iterable<[string, Document]> {
  readonly #made = new Map<string, Document>();
  /** Documents not made yet, by the key, or the folder of keys (`/actors/<handle>` for `/actors/<handle>/outbox`), they are under. */
  readonly #later = new Map<string, Later>();
  readonly #families: { family: Family; made: Set<string> }[] = [];
  /** What is being made from the store, by its `Later` or `<family>:<member>`. */
  readonly #making = new Map<unknown, Promise<void>>();

  set(key: string, doc: Document): void {
    this.#made.set(key, doc);
  }

  /** Documents at these keys and in these folders, made by `make` when one of them is first asked for. */
  later(keys: readonly string[], make: () => Made | Promise<Made>): void {
    const entry: Later = { keys, make };
    for (const key of keys) this.#later.set(key, entry);
  }

  /** A family of documents, each member's made when one of its keys is first asked for. */
  family(family: Family): void {
    this.#families.push({ family, made: new Set() });
  }

  /** The document at `key`, made now if it needs no read; a promise when it is made from the store. */
  lookup(key: string): Document | undefined | Promise<Document | undefined> {
    const doc = this.#made.get(key);
    if (doc !== undefined) return doc;
    const later = this.#later.get(key) ?? this.#later.get(key.slice(0, Math.max(0, key.lastIndexOf("/"))));
    if (later !== undefined) return this.#makeLater(later, key);
    for (const [i, entry] of this.#families.entries()) {
      const member = entry.family.find(key);
      if (member === undefined || entry.made.has(member)) continue;
      const found = this.#makeMember(i, entry, member, key);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /** The document at `key` when it needs no read from the store (see `lookup`; a read it starts is left to finish). */
  get(key: string): Document | undefined {
    const doc = this.lookup(key);
    return doc instanceof Promise ? unawaited(doc) : doc;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** Everything that needs no read from the store. */
  *[Symbol.iterator](): IterableIterator<[string, Document]> {
    for (const later of new Set(this.#later.values())) unawaited(this.#makeLater(later, ""));
    for (const [i, entry] of this.#families.entries())
      for (const member of entry.family.members()) if (!entry.made.has(member)) unawaited(this.#makeMember(i, entry, member, ""));
    yield* this.#made;
  }

  *keys(): IterableIterator<string> {
    for (const [key] of this) yield key;
  }

  /**
   * Makes documents (once: `done` is called when they are made), and gives the one at `key`:
   * a promise while they are read from the store, shared by every lookup meanwhile.
   */
  #make(token: unknown, key: string, make: () => Making, done: () => void): Document | undefined | Promise<Document | undefined> {
    const pending = this.#making.get(token);
    if (pending !== undefined) return pending.then(() => this.#made.get(key));
    const made = make();
    if (!(made instanceof Promise)) {
      if (made !== undefined) {
        done();
        this.#add(made);
      }
      return this.#made.get(key);
    }
    const read = made
      .then((documents) => {
        if (documents === undefined) return;
        done();
        this.#add(documents);
      })
      .finally(() => this.#making.delete(token));
    this.#making.set(token, read);
    return read.then(() => this.#made.get(key));
  }

  /** A `later`'s documents (forgotten as later once made), and the one at `key`. */
  #makeLater(later: Later, key: string): Document | undefined | Promise<Document | undefined> {
    return this.#make(later, key, later.make, () => {
      for (const k of later.keys) if (this.#later.get(k) === later) this.#later.delete(k);
    });
  }

  /** A family member's documents (the `i`th family's), and the one at `key`. */
  #makeMember(
    i: number,
    entry: { family: Family; made: Set<string> },
    member: string,
    key: string,
  ): Document | undefined | Promise<Document | undefined> {
    return this.#make(
      `${i}:${member}`,
      key,
      () => entry.family.make(member),
      () => entry.made.add(member),
    );
  }

  #add(documents: Made): void {
    for (const [key, doc] of documents) this.#made.set(key, doc);
  }
}

/** Nothing, for a read nobody waits for: it may finish (and be kept) or fail (and be tried again), unseen. */
function unawaited(made: unknown): undefined {
  if (made instanceof Promise) made.catch(() => undefined);
  return undefined;
}

/** Documents made when one of their keys is first asked for. */
interface Later {
  keys: readonly string[];
  make: () => Made | Promise<Made>;
}

/** Documents in groups (a facet's page and feeds), named by a member. */
interface Family {
  /** The member a key may be one of the documents of, if any. */
  find(key: string): string | undefined;
  /** The member's documents; nothing (or a promise of nothing) when the store has no such member after all. */
  make(member: string): Making;
  /** The members that need no read from the store. */
  members(): Iterable<string>;
}

/** A section, tag or author: the articles that have its page and feeds. */
interface Group extends FacetLink {
  /** Every member in the bundle, published or not, newest first. */
  members: ArticleMeta[];
  /** Its settled members (all older than those in the bundle). */
  settled?: SettledFacet;
  /** What it shows in this epoch, worked out when first needed (`addFacets`). */
  state?: FacetState;
  /** Its settled part was looked for in the store (`SettledIndex.facetBuckets`). */
  read?: boolean;
}

/** A file of the build (an icon): its bytes, decoded once when first rendered. */
function builtFile(file: BuiltFile): Document {
  let bytes: Uint8Array | undefined;
  return {
    lifetime: "icon",
    status: 200,
    contentType: file.contentType,
    render: () => {
      bytes ??= fromBase64(file.base64)!;
      return bytes;
    },
    changesAt: Number.POSITIVE_INFINITY,
    version: versionOf("icon", undefined),
  };
}

/** RFC 8288 Link: the document as `self`, its other formats as `alternate`, and the hub. */
function linkHeader(site: Site, feed: FeedPaths, self?: string, hub = false): string {
  return [
    ...FEED_FORMATS.map((format) => {
      const path = feedPath(feed, format);
      return `<${absoluteUrl(site, path)}>; rel="${path === self ? "self" : "alternate"}"; type="${format.mediaType}"`;
    }),
    ...(hub && site.hub !== undefined ? [`<${site.hub}>; rel="hub"`] : []),
  ].join(", ");
}

/** An HTML page showing `inputs`, advertising `feed` (the newsroom's unless given) in its Link header. */
function page(
  site: Site,
  lifetime: Document["lifetime"],
  render: Document["render"],
  inputs: unknown,
  changesAt: number,
  lastModified?: number,
  feed?: FeedPaths,
): Document {
  return {
    lifetime,
    status: 200,
    contentType: mediaTypes.html,
    render,
    ...(lastModified !== undefined && { lastModified }),
    link: linkHeader(site, feed ?? feedPaths.main),
    changesAt,
    version: versionOf(lifetime, lastModified, inputs),
  };
}

/** A fixed text of the build (robots.txt, the stylesheet, the schema). */
function asset(contentType: string, body: string): Document {
  return {
    lifetime: "asset",
    status: 200,
    contentType,
    render: () => body,
    changesAt: Number.POSITIVE_INFINITY,
    version: versionOf("asset", undefined),
  };
}

/** Positions from `start` up to (not including) `end`. */
const range = (start: number, end: number) => Array.from({ length: Math.max(0, end - start) }, (_, i) => start + i);

/**
 * One epoch: the moment, what is visible in it, and the map every surface adds its
 * documents to. Each surface below is a function of it. The settled archive is part of
 * every count and head: its articles are older than all of the bundle's, and fixed.
 */
interface EpochContext {
  site: Site;
  /** The fediverse surfaces' key, when they are served (`Fediverse`). */
  fediverse: Fediverse | undefined;
  timeline: Timeline;
  view: View;
  now: number;
  /** FEED_SIZE: items per feed, listing and archive page. */
  n: number;
  archive: SettledArchive;
  settled: SettledIndex;
  documents: Documents;
  isLive(a: ArticleMeta): boolean;
  isGone(a: ArticleMeta): boolean;
  isVisible(a: ArticleMeta): boolean;
  /** The next change of any of these articles. */
  nextChange(articles: Iterable<ArticleMeta>, newsWindow?: boolean): number;
  /** The newest change among the visible ones: an update, or a withdrawal. */
  lastChange(articles: Iterable<ArticleMeta>): number | undefined;
  /** Live items, newest first: the bundle's, then the newest settled ones (at least `n` of everything). */
  live: Item[];
  /** Withdrawn items, newest withdrawal first (at least `n` of everything). */
  withdrawn: Item[];
  liveCount: number;
  goneCount: number;
  /** When anything next changes, and last changed: the front page's, the main feeds'. */
  everythingChanges: number;
  everythingChanged: number | undefined;
}

function epochOf(site: Site, timeline: Timeline, view: View, archive: SettledArchive, fediverse: Fediverse | undefined): EpochContext {
  const now = view.at;
  const settled = archive.index;
  // One set lookup per question, not a walk through the timeline's dates (measured: the
  // catalog of 10,000 articles is made in a fraction of the time).
  const liveSet = new Set(view.live);
  const goneSet = new Set(view.withdrawn);
  const isVisible = (a: ArticleMeta) => liveSet.has(a) || goneSet.has(a);
  const isGone = (a: ArticleMeta) => goneSet.has(a);
  const nextChange = (articles: Iterable<ArticleMeta>, newsWindow = false) => {
    let next = Number.POSITIVE_INFINITY;
    for (const a of articles) next = Math.min(next, timeline.nextChangeOf(a, now, newsWindow));
    return next;
  };
  const lastChange = (articles: Iterable<ArticleMeta>): number | undefined => {
    let last: number | undefined;
    for (const a of articles) {
      if (!isVisible(a)) continue;
      const t = timeline.timesOf(a);
      // Never later than now: an `updated` typed in the future must not make a
      // Last-Modified later than the response's Date (RFC 9110 §8.8.2.1).
      const changed = Math.min(Math.max(t.updated, isGone(a) ? t.withdrawn : t.published), now);
      if (last === undefined || changed > last) last = changed;
    }
    return last;
  };
  // Ties in withdrawal time keep the bundle's (newer) articles first, as a stable sort of the whole archive would.
  const withdrawn: [Item, number][] = [
    ...view.withdrawn.map((a): [Item, number] => [a, timeline.timesOf(a).withdrawn]),
    ...settled.goneHead,
  ];
  withdrawn.sort((x, y) => y[1] - x[1]);
  return {
    site,
    fediverse,
    timeline,
    view,
    now,
    n: site.feedSize,
    archive,
    settled,
    documents: new Documents(),
    isLive: (a) => liveSet.has(a),
    isGone,
    isVisible,
    nextChange,
    lastChange,
    live: [...view.live, ...settled.liveHead],
    withdrawn: withdrawn.map(([item]) => item),
    liveCount: view.live.length + settled.live,
    goneCount: view.withdrawn.length + settled.gone,
    everythingChanges: nextChange(timeline.articles),
    everythingChanged: newest(settled.changed, lastChange(timeline.articles)),
  };
}

/** What a feed document shows, read when it renders. */
interface Contents {
  items: Article[];
  tombstones: ArticleMeta[];
  /** Set when only the stored articles tell it (see `Document.render`). */
  lastModified?: number | undefined;
}

/**
 * A page's items (the bundle's and settled ones, mixed) read in full and split into live ones
 * and tombstones; with their Last-Modified when some are settled (then only their records tell
 * it: the newest of `known`, the bundle's, and theirs). An archive page and an outbox page read it.
 */
async function readMembers(e: EpochContext, members: readonly Item[], known: number | undefined): Promise<Contents> {
  const full = await resolveAll(e.archive, members);
  // A settled article is live or withdrawn for good; its record says which.
  const isLive = (item: Item, article: Article) => (typeof item === "number" ? article.withdrawn === undefined : e.isLive(item));
  const contents: Contents = {
    items: full.filter((a, i) => isLive(members[i]!, a)),
    tombstones: full.filter((a, i) => !isLive(members[i]!, a)),
  };
  if (members.some((m) => typeof m === "number"))
    contents.lastModified = newest(known, ...full.filter((_, i) => typeof members[i] === "number").map(settledChange));
  return contents;
}

/** The documents of a feed, one per format, by path. `load` gives its articles; `lastModified` is given here when known before rendering. */
function feedDocuments(
  e: EpochContext,
  spec: Omit<FeedSpec, "items" | "tombstones">,
  lifetime: "feed" | "archive",
  changesAt: number,
  version: string,
  load: () => Promise<Contents>,
  lastModified?: number,
): Map<string, Document> {
  const { site } = e;
  const documents = new Map<string, Document>();
  // RSS states the feeds' max-age as its <ttl>.
  const options = { ttlMinutes: rssTtlMinutes() };
  for (const format of FEED_FORMATS) {
    const path = feedPath(spec.paths, format);
    documents.set(path, {
      lifetime,
      status: 200,
      contentType: withCharset(format.mediaType),
      render: async () => {
        const contents = await load();
        const body = format.render(site, { ...spec, items: contents.items, tombstones: contents.tombstones }, options);
        return "lastModified" in contents ? { body, lastModified: contents.lastModified } : body;
      },
      ...(lastModified !== undefined && { lastModified }),
      link: linkHeader(site, spec.paths, path, spec.subscription),
      changesAt,
      crossOrigin: true,
      version,
    });
  }
  return documents;
}

/** The documents of a feed of these items and tombstones (newest first), changed last at `lastModified`. */
function listedFeed(
  e: EpochContext,
  spec: Omit<FeedSpec, "items" | "tombstones">,
  items: readonly Item[],
  tombstones: readonly Item[],
  changesAt: number,
  lastModified: number | undefined,
): Map<string, Document> {
  const version = versionOf("feed", lastModified, ids(items), ids(tombstones), spec.history ?? null, spec.complete ?? false);
  const load = async () => {
    const [full, gone] = await Promise.all([resolveAll(e.archive, items), resolveAll(e.archive, tombstones)]);
    return { items: full, tombstones: gone };
  };
  return feedDocuments(e, spec, "feed", changesAt, version, load, lastModified);
}

/** Adds a feed's documents (`listedFeed`) to the epoch's. */
function addListedFeed(...args: Parameters<typeof listedFeed>): void {
  for (const [path, doc] of listedFeed(...args)) args[0].documents.set(path, doc);
}

/**
 * The newsroom's feeds: the subscription feed, its RFC 5005 archive pages and the updates
 * feed. Returns the subscription feed's spec (the partners page quotes it).
 *
 * Archives: every published article (withdrawn ones too, as tombstones), oldest first, cut
 * into pages of FEED_SIZE. Page 1 holds the oldest. A page only ever gains items at the
 * end, so a full page with a successor never changes again (a withdrawal or a correction
 * aside); the newest page grows with each publication. When the subscription document
 * itself holds everything, it is complete (RFC 5005 §2) and there are no archive pages: so
 * every archive page has a neighbour (prev- or next-archive). Pages made only of settled
 * articles are made when asked for (`archivePage`; there are thousands, and they are the
 * same in every epoch but the newest), their articles and Last-Modified read from storage
 * when they render.
 */
function addNewsroomFeeds(e: EpochContext): {
  mainSpec: Omit<FeedSpec, "items" | "tombstones">;
  archivePage: (path: string) => Document | undefined;
  archive: ArchivePages;
} {
  const { site, timeline, view, n, now, settled } = e;
  const all = timeline.articles;
  const complete = e.liveCount <= n && e.goneCount <= n;
  // Pages wholly of settled articles (their members are positions, read when they render).
  const final = complete ? 0 : Math.floor(settled.count / n);
  // Oldest first, after those pages: the rest of the settled archive, then the bundle's.
  const rest: Item[] = complete ? [] : [...range(final * n, settled.count), ...all.filter(e.isVisible).reverse()];
  const pageCount = final + Math.ceil(rest.length / n);
  const upcoming = e.nextChange(all.filter((a) => !e.isVisible(a) && timeline.timesOf(a).published > now));
  /** An archive page's items, newest first. */
  const pageMembers = (page: number): Item[] =>
    (page <= final ? range((page - 1) * n, page * n) : rest.slice((page - 1 - final) * n, (page - final) * n)).reverse();
  const pageDocuments = (page: number): Map<string, Document> => {
    const members = pageMembers(page);
    const isNewest = page === pageCount;
    const history: FeedHistory = {
      archive: true,
      ...(page > 1 && { prev: feedPaths.archive(page - 1) }),
      ...(!isNewest && { next: feedPaths.archive(page + 1) }),
      current: feedPaths.main,
      // Final: full, and a newer page exists (so `next-archive` is set for good).
      closed: !isNewest,
    };
    const first = (page - 1) * n + 1;
    const bundled = members.filter((m): m is ArticleMeta => typeof m !== "number");
    const stored = members.filter((m): m is number => typeof m === "number");
    const known = e.lastChange(bundled);
    const lifetime = history.closed ? "archive" : "feed";
    const version = versionOf(lifetime, known, ids(bundled.filter(e.isLive)), ids(bundled.filter(e.isGone)), stored, history);
    const load = () => readMembers(e, members, known);
    return feedDocuments(
      e,
      {
        id: site.id, // RFC 5005 §4: archive documents are documents of the same feed.
        title: `${site.name} (archive, page ${page})`,
        description: `Articles ${first} to ${first + members.length - 1} of everything ${site.name} has published, oldest first.`,
        paths: feedPaths.archive(page),
        subscription: false,
        history,
      },
      lifetime,
      // The newest page changes at the next publication (it grows, or gains a successor).
      Math.min(e.nextChange(bundled), isNewest ? upcoming : Number.POSITIVE_INFINITY),
      version,
      load,
      stored.length > 0 ? undefined : known,
    );
  };
  for (let page = final + 1; page <= pageCount; page++) for (const [path, doc] of pageDocuments(page)) e.documents.set(path, doc);
  const archivePage = (path: string) => {
    const match = /^\/archive\/([1-9][0-9]*)\/([^/]+)$/.exec(path);
    const page = match && FEED_FORMATS.some((format) => format.file === match[2]) ? Number(match[1]) : 0;
    return page >= 1 && page <= final ? pageDocuments(page).get(path) : undefined;
  };

  const { items: _items, tombstones: _tombstones, ...main } = mainFeedSpec(site, []);
  const mainSpec = {
    ...main,
    ...(complete ? { complete: true } : { history: { archive: false, prev: feedPaths.archive(pageCount), current: feedPaths.main } }),
  };
  addListedFeed(e, mainSpec, e.live.slice(0, n), e.withdrawn.slice(0, n), e.everythingChanges, e.everythingChanged);
  const byUpdate: [Item, number, string][] = [
    ...view.live.map((a): [Item, number, string] => [a, timeline.timesOf(a).updated, a.id]),
    ...settled.updatedHead,
  ];
  byUpdate.sort((x, y) => y[1] - x[1] || (x[2] < y[2] ? -1 : 1));
  addListedFeed(
    e,
    {
      id: uuidV5(site.id, "updates"),
      title: `${site.name}: updates`,
      description: `${site.name} articles by their last change: new, updated, corrected or withdrawn.`,
      paths: feedPaths.updates,
      subscription: true,
    },
    byUpdate.slice(0, n).map(([item]) => item),
    e.withdrawn.slice(0, n),
    e.everythingChanges,
    e.everythingChanged,
  );
  return { mainSpec, archivePage, archive: { final, pageCount, members: pageMembers, upcoming } };
}

/** The RFC 5005 archive's pages, which the newsroom's outbox pages follow one for one. */
interface ArchivePages {
  /** Pages 1 … final hold only settled articles (and never change). */
  final: number;
  pageCount: number;
  /** A page's items, newest first. */
  members(page: number): Item[];
  /** The next publication of a scheduled article (the newest page's next change). */
  upcoming: number;
}

/** A section with its number of live articles, for the front page's navigation. */
type SectionLink = FacetLink & { count: number };

/** A facet's documents' keys: its listing page (`/tags/<slug>`) and its feeds (`/tags/<slug>/feed.json`). */
const FACET_KEY = /^\/(sections|tags|authors)\/([^/]+)(?:\/[^/]+)?$/;

/** What a facet shows, worked out when it is first needed. */
interface FacetState {
  /** Its live items, newest first (the bundle's, then the newest settled ones: at least FEED_SIZE of everything). */
  live: Item[];
  liveCount: number;
  changesAt: number;
  changed: number | undefined;
}

/** What `addFacets` gives the rest of the catalog. */
interface Facets {
  /** The facets' listing pages for the sitemap: a promise when settled tags and authors are listed from the store. */
  listings: () => SitemapEntry[] | Promise<SitemapEntry[]>;
  /** The sections for the front page, most articles first. */
  sections: SectionLink[];
  /** The section or author that is the fediverse actor with this handle, if any (a promise when it is read from the store). */
  actorAt: (handle: string) => FacetActor | undefined | Promise<FacetActor | undefined>;
  /** The handles of the actors known without a read. */
  actorHandles: () => Iterable<string>;
}

/**
 * Sections, tags and authors: a listing page and three feeds each, once one of their
 * articles is published. Each facet's documents are made when one of them is first asked
 * for (`Documents.family`). The sections are in the script (the front page lists them); the
 * settled tags and authors, thousands, are in the store (`f/<b>`), read when first asked for.
 */
function addFacets(e: EpochContext): Facets {
  const { site } = e;
  const groups = new Map<string, Group>();
  for (const a of e.timeline.articles) {
    for (const { kind, name } of facetNames(a)) {
      const slug = slugify(name);
      const key = `${kind}/${slug}`;
      const group = groups.get(key);
      if (!group) groups.set(key, { kind, slug, name, members: [a] });
      else if (group.members.at(-1) !== a) group.members.push(a);
    }
  }
  for (const facet of e.settled.facets) {
    const key = `${facet.kind}/${facet.slug}`;
    const group = groups.get(key);
    if (group) group.settled = facet;
    else groups.set(key, { kind: facet.kind, slug: facet.slug, name: facet.name, members: [], settled: facet });
  }
  const stored = e.settled.facetBuckets > 0;
  /** Whether a facet's settled part is in the store and not read yet. */
  const unread = (kind: FacetKind, group: Group | undefined) => stored && isStoredFacetKind(kind) && group?.read !== true;
  const shown = (group: Group) => group.settled !== undefined || group.members.some(e.isVisible);
  /** The facet at `<kind>/<slug>` when it is shown, its settled part read from the store first if it is there. */
  const groupAt = (key: string, kind: FacetKind, slug: string): Group | undefined | Promise<Group | undefined> => {
    const group = groups.get(key);
    if (!unread(kind, group)) return group && shown(group) ? group : undefined;
    const found = (settled: SettledFacet | undefined) => {
      let read = groups.get(key);
      if (settled !== undefined) {
        if (read) read.settled = settled;
        else {
          read = { kind, slug, name: settled.name, members: [], settled };
          groups.set(key, read);
        }
      }
      // A key the store does not have leaves nothing behind.
      if (read) read.read = true;
      return read && shown(read) ? read : undefined;
    };
    const settled = e.archive.facet(key);
    return andThen(settled, found);
  };
  const stateOf = (group: Group): FacetState => {
    if (group.state === undefined) {
      const bundledLive = group.members.filter(e.isLive);
      const settled = group.settled;
      group.state = {
        live: settled === undefined ? bundledLive : [...bundledLive, ...settled.liveHead],
        liveCount: bundledLive.length + (settled?.live ?? 0),
        changesAt: e.nextChange(group.members),
        changed: newest(settled?.changed, e.lastChange(group.members)),
      };
    }
    return group.state;
  };
  const documentsOf = (group: Group | undefined) => group && facetDocuments(e, `${group.kind}/${group.slug}`, group, stateOf(group));
  e.documents.family({
    find(key) {
      const match = FACET_KEY.exec(key);
      return match ? `${match[1]}/${match[2]}` : undefined;
    },
    make: (key) => {
      const slash = key.indexOf("/");
      const group = groupAt(key, key.slice(0, slash) as FacetKind, key.slice(slash + 1));
      return andThen(group, documentsOf);
    },
    *members() {
      for (const [key, group] of groups) if (!unread(group.kind, group) && shown(group)) yield key;
    },
  });
  const sections: SectionLink[] = [];
  for (const group of groups.values()) {
    if (group.kind !== "sections" || !shown(group)) continue;
    const { liveCount } = stateOf(group);
    if (liveCount > 0) sections.push({ kind: group.kind, slug: group.slug, name: group.name, count: liveCount });
  }
  sections.sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : 1));
  // A section or author with a handle is a fediverse actor, when the fediverse is on. The build
  // refuses two with one handle, so a handle is a section's or an author's.
  const actorOf = (group: Group | undefined): FacetActor | undefined => {
    const actor = group && e.fediverse && facetActor(site, group.kind, group.slug, group.name);
    if (!actor) return undefined;
    const state = stateOf(group);
    return { actor, live: state.live, changesAt: state.changesAt, changed: state.changed };
  };
  const actorAt = (handle: string) => {
    const section = groupAt(`sections/${handle}`, "sections", handle) as Group | undefined;
    if (section) return actorOf(section);
    const author = groupAt(`authors/${handle}`, "authors", handle);
    return andThen(author, actorOf);
  };
  function* actorHandles() {
    for (const group of groups.values())
      if (group.kind !== "tags" && !unread(group.kind, group) && shown(group) && e.fediverse) {
        const actor = facetActor(site, group.kind, group.slug, group.name);
        if (actor) yield actor.handle;
      }
  }
  const listed = (list: readonly [string, number][]) => {
    const changes = new Map<string, number | undefined>();
    for (const [key, changed] of list)
      changes.set(key, newest(changed, groups.has(key) ? e.lastChange(groups.get(key)!.members) : undefined));
    for (const [key, group] of groups) if (!changes.has(key) && shown(group)) changes.set(key, stateOf(group).changed);
    const entries: SitemapEntry[] = [];
    for (const [key, changed] of changes) {
      const slash = key.indexOf("/");
      if (changed !== undefined)
        entries.push({
          path: paths.facet(key.slice(0, slash) as FacetKind, key.slice(slash + 1)),
          lastmod: new Date(changed).toISOString(),
        });
    }
    return entries.sort((a, b) => (a.path < b.path ? -1 : 1));
  };
  const listings = () => {
    const list = e.archive.facetList();
    return andThen(list, listed);
  };
  return { listings, sections, actorAt, actorHandles };
}

/** A facet's listing page and its three feeds (made when one of them is first asked for). */
function facetDocuments(e: EpochContext, key: string, group: Group, state: FacetState): Map<string, Document> {
  const { site, n } = e;
  const { live: liveMembers, liveCount, changesAt, changed } = state;
  const settled = group.settled;
  const bundledGone = group.members.filter(e.isGone);
  const gone: Item[] = [...bundledGone, ...(settled?.goneHead ?? [])];
  const goneCount = bundledGone.length + (settled?.gone ?? 0);
  const feed: PageFeed = { title: `${site.name}: ${group.name}`, paths: feedPaths.facet(group.kind, group.slug) };
  const documents = listedFeed(
    e,
    {
      id: uuidV5(site.id, key),
      title: feed.title,
      description: group.kind === "authors" ? `Articles by ${group.name} for ${site.name}.` : `${site.name} articles in ${group.name}.`,
      paths: feed.paths,
      subscription: true,
      complete: liveCount <= n && goneCount <= n,
    },
    liveMembers.slice(0, n),
    gone.slice(0, n),
    changesAt,
    changed,
  );
  const items = liveMembers.slice(0, n);
  const handle = e.fediverse && facetActor(site, group.kind, group.slug, group.name)?.handle;
  documents.set(
    feed.paths.html,
    page(
      site,
      "listing",
      async () =>
        renderListingPage(site, {
          kind: group.kind,
          name: group.name,
          feed,
          items: await resolveAll(e.archive, items),
          ...(handle !== undefined && { handle }),
        }),
      ids(items),
      changesAt,
      changed,
      feed.paths,
    ),
  );
  return documents;
}

/** A section or author that is a fediverse actor, with what its outbox lists. */
interface FacetActor {
  actor: ActorSpec;
  /** Its live items, newest first (the bundle's, then the newest settled ones). */
  live: Item[];
  changesAt: number;
  changed: number | undefined;
}

/** A JSON value with the Last-Modified that only rendering it told (see `Document.render`). */
class Dated {
  constructor(
    readonly json: unknown,
    readonly lastModified: number | undefined,
  ) {}
}

/** An ActivityStreams (or WebFinger, NodeInfo) document of JSON: `render` gives the value, `Dated` when it tells its Last-Modified. */
function jsonDocument(
  lifetime: Document["lifetime"],
  contentType: string,
  render: () => unknown | Promise<unknown>,
  inputs: unknown,
  changesAt: number,
  lastModified?: number,
): Document {
  const text = (json: unknown) => `${JSON.stringify(json)}\n`;
  return {
    lifetime,
    status: 200,
    contentType,
    render: async () => {
      const value = await render();
      return value instanceof Dated ? { body: text(value.json), lastModified: value.lastModified } : text(value);
    },
    ...(lastModified !== undefined && { lastModified }),
    changesAt,
    crossOrigin: true,
    version: versionOf(lifetime, lastModified, inputs),
  };
}

/** Where WebFinger answers for a handle are kept in the catalog (never a request path: paths start with `/`). */
export const webfingerKey = (handle: string) => `webfinger:${handle}`;
const WEBFINGER_PREFIX = webfingerKey("");
const ACTORS_FOLDER = paths.actor("");

/** Where an article's ActivityStreams object is kept in the catalog, beside its page at `path`. */
export const activityKey = (path: string) => `activity:${path}`;

/**
 * The fediverse (`src/fediverse/activity-streams.ts`): the newsroom, each section and each
 * author as an actor with its WebFinger answer and outbox, and NodeInfo. The newsroom's outbox
 * pages are the RFC 5005 archive's pages, one for one (so O(1) each at any size, the settled
 * ones made when asked for); a section's or author's outbox holds its newest FEED_SIZE.
 * Returns the lookup of the newsroom's settled outbox pages.
 */
function addFediverse(
  e: EpochContext,
  archive: ArchivePages,
  facets: Pick<Facets, "actorAt" | "actorHandles">,
): (path: string) => Document | undefined {
  const { site, fediverse } = e;
  if (fediverse === undefined) return () => undefined;
  const pem = fediverse.publicKeyPem;
  /** An actor's documents: the actor, its WebFinger answer and its outbox. */
  const actorDocuments = (
    actor: ActorSpec,
    totalItems: number,
    pages: number,
    changesAt: number,
    changed: number | undefined,
  ): Map<string, Document> => {
    const inputs = [actor, totalItems, pages];
    return new Map([
      [
        paths.actor(actor.handle),
        {
          ...jsonDocument("actor", mediaTypes.activity, () => actorDocument(site, actor, pem), actor, Number.POSITIVE_INFINITY),
          negotiated: true,
          page: actor.page,
        },
      ],
      [
        webfingerKey(actor.handle),
        jsonDocument("actor", mediaTypes.jrd, () => webfingerDocument(site, actor), actor, Number.POSITIVE_INFINITY),
      ],
      [
        paths.outbox(actor.handle),
        jsonDocument(
          "feed",
          mediaTypes.activity,
          () => outboxCollection(site, actor.handle, totalItems, pages),
          inputs,
          changesAt,
          changed,
        ),
      ],
    ]);
  };
  /** An outbox page: the `Create` of each live item, newest first (withdrawn ones are not listed). */
  const outboxPageDocument = (handle: string, page: number, pages: number, items: Item[], changesAt: number, closed: boolean) => {
    const known = e.lastChange(items.filter((m): m is ArticleMeta => typeof m !== "number"));
    const stored = items.some((m) => typeof m === "number");
    const render = async () => {
      const contents = await readMembers(e, items, known);
      const json = outboxPage(site, handle, page, pages, contents.items);
      return "lastModified" in contents ? new Dated(json, contents.lastModified) : json;
    };
    const listed = ids(items.filter((m) => typeof m === "number" || e.isLive(m)));
    return jsonDocument(
      closed ? "archive" : "feed",
      mediaTypes.activity,
      render,
      [listed, page, pages],
      changesAt,
      stored ? undefined : known,
    );
  };

  // The newsroom: every published article, in the archive's pages; when the feeds hold
  // everything (complete, RFC 5005 §2: no archive pages), in one page of all of it.
  const complete = archive.pageCount === 0;
  const pages = complete ? Math.min(e.liveCount, 1) : archive.pageCount;
  const newsroom = newsroomActor(site);
  for (const [key, doc] of actorDocuments(newsroom, e.liveCount, pages, e.everythingChanges, e.everythingChanged))
    e.documents.set(key, doc);
  const newsroomPage = (page: number) => {
    if (complete) return outboxPageDocument(site.handle, 1, 1, e.live, e.everythingChanges, false);
    const members = archive.members(page);
    const isNewest = page === archive.pageCount;
    const bundled = members.filter((m): m is ArticleMeta => typeof m !== "number");
    const changesAt = Math.min(e.nextChange(bundled), isNewest ? archive.upcoming : Number.POSITIVE_INFINITY);
    return outboxPageDocument(site.handle, page, archive.pageCount, members, changesAt, !isNewest);
  };
  for (let page = complete ? 1 : archive.final + 1; page <= pages; page++)
    e.documents.set(paths.outboxPage(site.handle, page), newsroomPage(page));

  // A section's or author's, made when one of them is first asked for (there are hundreds; a
  // settled author's is read from the store first).
  const actorDocumentsOf = (facet: FacetActor | undefined) => {
    if (facet === undefined) return undefined;
    const { handle } = facet.actor;
    const items = facet.live.slice(0, e.n);
    const pages = items.length > 0 ? 1 : 0;
    const documents = actorDocuments(facet.actor, items.length, pages, facet.changesAt, facet.changed);
    if (pages === 1) documents.set(paths.outboxPage(handle, 1), outboxPageDocument(handle, 1, 1, items, facet.changesAt, false));
    return documents;
  };
  e.documents.family({
    find(key) {
      const handle = key.startsWith(WEBFINGER_PREFIX)
        ? key.slice(WEBFINGER_PREFIX.length)
        : key.startsWith(ACTORS_FOLDER)
          ? key.slice(ACTORS_FOLDER.length).split("/", 1)[0]
          : undefined;
      return handle && handle !== site.handle ? handle : undefined;
    },
    make(handle) {
      const facet = facets.actorAt(handle);
      return andThen(facet, actorDocumentsOf);
    },
    members: facets.actorHandles,
  });

  e.documents.set(
    paths.nodeinfoLinks,
    jsonDocument("actor", mediaTypes.jrd, () => nodeinfoLinks(site), null, Number.POSITIVE_INFINITY),
  );
  e.documents.set(
    paths.nodeinfo,
    jsonDocument("actor", mediaTypes.nodeinfo, () => nodeinfo(site, e.liveCount), e.liveCount, e.everythingChanges),
  );

  const prefix = `${paths.outbox(site.handle)}/page/`;
  return (path) => {
    if (!path.startsWith(prefix)) return undefined;
    const page = /^[1-9][0-9]*$/.test(path.slice(prefix.length)) ? Number(path.slice(prefix.length)) : 0;
    return page >= 1 && page <= archive.final ? newsroomPage(page) : undefined;
  };
}

/** The front page: the newest FEED_SIZE articles and the sections. */
function addHome(e: EpochContext, sections: readonly SectionLink[]): void {
  const items = e.live.slice(0, e.n);
  // A settled article as the index shows it (`liveCards`, beside `liveHead`): no record is read.
  const { liveHead, liveCards } = e.settled;
  const card = (item: Item) => (typeof item === "number" ? liveCards[liveHead.indexOf(item)]! : item);
  e.documents.set(
    paths.home,
    page(
      e.site,
      "home",
      () => renderHomePage(e.site, items.map(card), sections, e.fediverse !== undefined),
      [ids(items), sections.map((s) => s.slug)],
      e.everythingChanges,
      e.everythingChanged,
    ),
  );
}

/**
 * Discovery: the sitemap (one urlset, or an index over files past 5,000 URLs), the Google
 * News sitemap and robots.txt. In an order that depends only on what is visible (not on
 * scheduled articles). Split, the front page and the listings go into `pages-N` files and
 * the articles, oldest first, into `articles-N` files of 5,000: the settled archive's
 * chunks are exactly those files' first parts, so only the newest file changes.
 */
function addDiscovery(e: EpochContext, listings: Facets["listings"]): void {
  const { site, timeline, now, everythingChanged, settled } = e;
  const all = timeline.articles;
  const live = e.view.live;
  const front: SitemapEntry[] =
    everythingChanged === undefined ? [] : [{ path: paths.home, lastmod: new Date(everythingChanged).toISOString() }];
  // The bundle's live articles, newest first (all newer than the settled ones).
  const bundled = live.map((a) => ({ path: paths.article(a.slug), lastmod: a.updated }));
  const chunkEntries = async (chunk: number): Promise<SitemapEntry[]> =>
    (await e.archive.sitemapChunk(chunk)).map(([slug, lastmod]) => ({ path: paths.article(slug), lastmod }));
  const sitemapDocument = (
    render: Document["render"],
    inputs: unknown,
    lastModified: number | undefined,
    changesAt = e.everythingChanges,
  ): Document => ({
    lifetime: "sitemap",
    status: 200,
    contentType: mediaTypes.xml,
    render,
    ...(lastModified !== undefined && { lastModified }),
    changesAt,
    version: versionOf("sitemap", lastModified, inputs),
  });
  // Made when first asked for: it lists every facet (`addFacets`).
  const sitemaps = (listed: readonly SitemapEntry[]) => {
    const documents = new Map<string, Document>();
    const plan = planSitemap(front[0], bundled, listed, settled.sitemap);
    if (plan.kind === "urlset") {
      const { chunk } = plan;
      const render = async () => {
        const entries = [...plan.entries];
        if (chunk) entries.splice(chunk.at, 0, ...(await chunkEntries(chunk.index)).reverse());
        return renderSitemap(site, entries);
      };
      documents.set(paths.sitemap, sitemapDocument(render, [plan.entries, settled.live], everythingChanged));
    } else {
      documents.set(
        paths.sitemap,
        sitemapDocument(
          () => renderSitemapIndex(site, plan.files),
          plan.files.map((f) => [f.path, f.lastmod]),
          everythingChanged,
        ),
      );
      for (const file of plan.files) {
        const lastModified = file.lastmod === undefined ? undefined : Date.parse(file.lastmod);
        const { chunk } = file;
        const render = async () => renderSitemap(site, [...(chunk === undefined ? [] : await chunkEntries(chunk)), ...file.entries]);
        documents.set(file.path, sitemapDocument(render, [file.entries, chunk ?? null], lastModified));
      }
    }
    return documents;
  };
  e.documents.later([paths.sitemap, paths.sitemapFolder], () => {
    const listed = listings();
    return andThen(listed, sitemaps);
  });
  const recent = live.filter((a) => timeline.timesOf(a).published > now - NEWS_WINDOW_MS);
  // It also changes when an article ages out of the window, which is not an update (the
  // settled archive's articles all have, before the build).
  let newsChanged = newest(e.lastChange(recent), settled.windowLeft);
  for (const a of all) {
    const t = timeline.timesOf(a);
    const out = t.published + NEWS_WINDOW_MS;
    const event = out <= now ? out : t.withdrawn <= now && t.published > now - NEWS_WINDOW_MS ? t.withdrawn : undefined;
    if (event !== undefined && (newsChanged === undefined || event > newsChanged)) newsChanged = event;
  }
  e.documents.set(
    paths.newsSitemap,
    sitemapDocument(() => renderNewsSitemap(site, recent), ids(recent), newsChanged, e.nextChange(all, true)),
  );
  e.documents.set(paths.robots, asset(mediaTypes.text, renderRobots(site)));
}

/** For partners: the profile's documentation with a live example, and its JSON Schema. */
function addPartners(e: EpochContext, mainSpec: Omit<FeedSpec, "items" | "tombstones">): void {
  const schemas = [
    [paths.syndicationSchemaV1, 1],
    [paths.syndicationSchemaV2, 2],
    [paths.syndicationSchema, SYNDICATION_VERSION],
  ] as const;
  // Made when one is first asked for: an isolate's first request is seldom for them.
  e.documents.later([paths.partners, ...schemas.map(([path]) => path)], () => partnerDocuments(e, mainSpec, schemas));
}

function partnerDocuments(
  e: EpochContext,
  mainSpec: Omit<FeedSpec, "items" | "tombstones">,
  schemas: readonly (readonly [string, SyndicationVersion])[],
): Map<string, Document> {
  const { site } = e;
  const documents = new Map<string, Document>();
  const example = e.live.slice(0, 1);
  documents.set(
    paths.partners,
    page(
      site,
      "listing",
      async () => {
        const articles = await resolveAll(e.archive, example);
        return renderPartnersPage(site, {
          item: jsonFeed(site, { ...mainSpec, items: articles, tombstones: [] }).items[0],
          ...(articles[0] && { ninjs: ninjsDocument(site, articles[0], "usable") }),
          license: siteLicense(site),
        });
      },
      ids(example),
      e.everythingChanges,
      e.everythingChanged,
    ),
  );
  for (const [path, version] of schemas) {
    const schema = syndicationSchema(absoluteUrl(site, path), absoluteUrl(site, paths.partners), version);
    // Readable cross-origin, like the feeds it describes.
    documents.set(path, { ...asset(mediaTypes.schema, `${JSON.stringify(schema, null, 2)}\n`), crossOrigin: true });
  }
  return documents;
}

/** An article's page, or its tombstone when it is withdrawn. */
function articlePage(
  site: Site,
  a: Article | ArticleMeta,
  gone: boolean,
  changesAt: number,
  lastModified: number | undefined,
  fediverse: boolean,
): Document {
  return gone
    ? { ...page(site, "gone", () => renderWithdrawnPage(site, a), "gone", changesAt), status: 410 }
    : page(site, "article", () => renderArticlePage(site, a as Article, fediverse), "live", changesAt, lastModified);
}

/**
 * Article pages and tombstones, each made on its first request: the bundle's from the
 * bundle, the settled ones from their records (never kept here: the representations the
 * isolate holds are, within their budget).
 */
function articlePages(e: EpochContext): (slug: string, variant?: ArticleVariant) => Document | undefined | Promise<Document | undefined> {
  const { site } = e;
  const bySlug = new Map(e.timeline.articles.map((a) => [a.slug, a]));
  const made = new Map<string, Document>();
  const negotiated = e.fediverse !== undefined;
  const make = (variant: ArticleVariant, a: Article | ArticleMeta, gone: boolean, changesAt: number, lastModified: number | undefined) => {
    if (variant === "ninjs") return articleNinjs(site, a as Article, gone, changesAt, lastModified);
    const doc =
      variant === "activity"
        ? articleActivity(site, a, gone, changesAt, lastModified)
        : articlePage(site, a, gone, changesAt, lastModified, negotiated);
    return negotiated ? { ...doc, negotiated: true } : doc;
  };
  // The build stored each live settled page for one site: this one's, or the pages are rendered here.
  const storedPages = e.settled.pages !== undefined && e.settled.pages === pagesSite(site);
  const settledPage = async (slug: string, variant: ArticleVariant) => {
    const pos = await e.archive.position(slug);
    if (pos === undefined) return undefined;
    if (variant === "page" && storedPages) {
      // The bucket (checked whole) gives the position, the page its own check: nothing parsed, nothing rendered.
      const stored = await e.archive.page(pos, negotiated);
      if (stored !== undefined) {
        if (stored.slug !== slug) throw new StorageError(`the page at ${pos} is not ${slug}`);
        const doc: Document = {
          ...page(site, "article", () => stored.bytes, "live", Number.POSITIVE_INFINITY, stored.changed),
          etag: entityTagOf(stored.sha256),
        };
        return negotiated ? { ...doc, negotiated: true } : doc;
      }
    }
    const a = await e.archive.record(pos);
    if (a.slug !== slug) throw new StorageError(`the record at ${pos} is not ${slug}`);
    return make(variant, a, a.withdrawn !== undefined, Number.POSITIVE_INFINITY, settledChange(a));
  };
  return (slug, variant = "page") => {
    if (variant === "activity" && !negotiated) return undefined;
    const key = `${variant}:${slug}`;
    let doc = made.get(key);
    if (doc) return doc;
    const a = bySlug.get(slug);
    if (!a) return e.settled.count > 0 ? settledPage(slug, variant) : undefined;
    if (!e.isVisible(a)) return undefined;
    // The article itself is fixed for the build: its state is all that varies.
    doc = make(variant, a, e.isGone(a), e.timeline.nextChangeOf(a, e.now), e.lastChange([a]));
    made.set(key, doc);
    return doc;
  };
}

/**
 * An article's IPTC ninjs document (`pubStatus: usable`), or with 410 its `canceled` notice once it
 * is withdrawn; readable cross-origin like the feeds partners read it beside.
 */
function articleNinjs(site: Site, a: Article, gone: boolean, changesAt: number, lastModified: number | undefined): Document {
  const doc = jsonDocument(
    gone ? "gone" : "article",
    withCharset(NINJS_MEDIA_TYPE),
    () => ninjsDocument(site, a, gone ? "canceled" : "usable"),
    gone ? "gone" : "live",
    changesAt,
    gone ? undefined : lastModified,
  );
  return gone ? { ...doc, status: 410 } : doc;
}

/** An article's ActivityStreams `Article`, or its `Tombstone` (410) when it is withdrawn. */
function articleActivity(
  site: Site,
  a: Article | ArticleMeta,
  gone: boolean,
  changesAt: number,
  lastModified: number | undefined,
): Document {
  const doc = jsonDocument(
    gone ? "gone" : "article",
    mediaTypes.activity,
    () => withContext(gone ? tombstoneObject(site, a) : articleObject(site, a as Article)),
    gone ? "gone" : "live",
    changesAt,
    gone ? undefined : lastModified,
  );
  return gone ? { ...doc, status: 410 } : doc;
}

/**
 * Every document of one epoch. `files` are the build's own files (the icons), served as
 * they are; `archive` is the settled archive the bundle's articles continue.
 */
export function makeCatalog(
  site: Site,
  timeline: Timeline,
  view: View,
  files: readonly BuiltFile[] = [],
  archive: SettledArchive = NO_ARCHIVE,
  fediverse?: Fediverse,
): Catalog {
  const epoch = epochOf(site, timeline, view, archive, fediverse);
  const { mainSpec, archivePage, archive: archivePages } = addNewsroomFeeds(epoch);
  const facets = addFacets(epoch);
  const outboxPageAt = addFediverse(epoch, archivePages, facets);
  const { listings, sections } = facets;
  addHome(epoch, sections);
  addDiscovery(epoch, listings);
  addPartners(epoch, mainSpec);
  epoch.documents.set(paths.stylesheet, asset(mediaTypes.css, stylesheet));
  for (const file of files) epoch.documents.set(file.path, builtFile(file));
  return {
    view,
    documents: epoch.documents,
    archivePage: (path) => archivePage(path) ?? outboxPageAt(path),
    article: articlePages(epoch),
  };
}

/** What the fediverse surfaces need besides the content: the actors' public key (`src/fediverse/keys.ts`). */
export interface Fediverse {
  publicKeyPem: string;
}
