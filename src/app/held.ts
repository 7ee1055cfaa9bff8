/**
 * The held store: the representations one isolate holds, per epoch of the timeline. It holds
 * them by path within a byte budget (the least used out, by second chance: `HeldRepresentations`), shares
 * a first rendering between concurrent requests, upgrades one to gzip on the first client
 * that accepts it, and carries every unchanged one into the next epoch. The hot path
 * (`src/app/hot-path.ts`) and the routes (`src/app/create-app.ts`) answer from it.
 *
 * Memory does not grow with the number of distinct documents served (an archive of 100,000
 * article pages); the hot set (feeds, the front page, the newest pages) is asked for often
 * enough to stay. A first request in flight is held as a promise, so concurrent first
 * requests share one rendering; it counts once it is resolved.
 */
import { ConfigError } from "../core/config.js";
import { memoized } from "../core/memo.js";
import type { ContentBundle, SettledIndex, Site } from "../core/model.js";
import { SecondChance } from "../core/second-chance.js";
import { NINJS_SUFFIX, paths } from "../core/urls.js";
import { webfingerHandle } from "../fediverse/webfinger.js";
import { acceptsGzip, clientAcceptEncoding } from "../http/encoding.js";
import { prefersActivityStreams, prefersHtml } from "../http/negotiation.js";
import { type Representation, respond, withGzip } from "../http/representation.js";
import {
  activityKey,
  type Catalog,
  type Document,
  type Fediverse,
  makeCatalog,
  NO_ARCHIVE,
  type SettledArchive,
  webfingerKey,
} from "../publishing/catalog.js";
import { Timeline } from "../publishing/timeline.js";
import type { ArchiveStore } from "../storage/archive-store.js";
import type { BuildRepresentation } from "./representations.js";

/** What holding a representation costs beyond its bodies: its two header sets and the entry. */
const ENTRY_OVERHEAD_BYTES = 2048;

export const DEFAULT_HELD_BUDGET_BYTES = 16 * 1024 * 1024;

interface HeldEntry {
  value: Representation | Promise<Representation>;
  /** The document version it was made from (see `Document.version`). */
  version: string;
}

/** The bytes a representation keeps alive. */
export function heldBytes(rep: Representation): number {
  return rep.body.size + (rep.gzip ? rep.gzip.body.size : 0) + ENTRY_OVERHEAD_BYTES;
}

/** The representations an isolate holds, and renderings in flight, by second chance (`SecondChance`). */
export class HeldRepresentations {
  private readonly entries: SecondChance<HeldEntry>;

  constructor(readonly budgetBytes: number = DEFAULT_HELD_BUDGET_BYTES) {
    this.entries = new SecondChance(budgetBytes);
  }

  /** The held representation or pending rendering at `path`; a hit counts as a use. */
  get(path: string): Representation | Promise<Representation> | undefined {
    return this.entries.get(path)?.value;
  }

  /** A rendering in flight: neither counted nor evicted. */
  pending(path: string, promise: Promise<Representation>, version: string): void {
    this.entries.set(path, { value: promise, version }, 0);
  }

  /** Holds a representation, within the budget (`SecondChance.set`). */
  hold(path: string, rep: Representation, version: string): void {
    this.entries.set(path, { value: rep, version }, heldBytes(rep));
  }

  /** Puts `next` in the place of `current` (same version), if `current` is still held there. */
  replace(path: string, current: Representation, next: Representation): void {
    const entry = this.entries.peek(path);
    if (entry === undefined || entry.value !== current) return;
    this.hold(path, next, entry.version);
  }

  remove(path: string): void {
    this.entries.delete(path);
  }

  /** The resolved representations with their versions, oldest first. */
  *resolved(): Generator<[path: string, rep: Representation, version: string]> {
    for (const [path, entry, bytes] of this.entries) if (bytes > 0) yield [path, entry.value as Representation, entry.version];
  }

  /** Bytes held. */
  get bytes(): number {
    return this.entries.bytes;
  }

  get count(): number {
    return this.entries.count;
  }
}

/** What the app holds for one epoch: its catalog and the representations rendered so far. */
export interface Epoch {
  catalog: Catalog;
  /** The epoch's bounds: outside [from, until) a new epoch is made. */
  from: number;
  until: number;
  /**
   * Representations this isolate holds, within a byte budget. Per request the work is
   * this lookup: the Cache API is never on the path of a response the isolate already
   * has. Concurrent first requests share one promise.
   */
  held: HeldRepresentations;
  /** Gzip variants being made, by path. */
  upgrades: Map<string, Promise<Representation>>;
}

/**
 * The document at a key in this epoch, if there is one (a promise when a settled article's
 * record is read first). A key is a path, or a key of the catalog's that no path can be (an
 * article's ActivityStreams object, `activityKey`; a WebFinger answer).
 */
export function documentAt(epoch: Epoch, key: string): Document | undefined | Promise<Document | undefined> {
  const doc = epoch.catalog.documents.lookup(key);
  if (doc instanceof Promise) return doc.then((found) => found ?? epoch.catalog.archivePage(key));
  if (doc) return doc;
  const archived = epoch.catalog.archivePage(key);
  if (archived) return archived;
  const activity = key.startsWith(ACTIVITY_PREFIX);
  const path = activity ? key.slice(ACTIVITY_PREFIX.length) : key;
  if (!path.startsWith("/articles/")) return undefined;
  const slug = path.slice("/articles/".length);
  if (slug.includes("/")) return undefined;
  if (!activity && slug.endsWith(NINJS_SUFFIX)) return epoch.catalog.article(slug.slice(0, -NINJS_SUFFIX.length), "ninjs");
  return epoch.catalog.article(slug, activity ? "activity" : "page");
}

const ACTIVITY_PREFIX = activityKey("");
const ACTOR_PREFIX = paths.actor("");

/** Whether answering this request needs the gzip variant, which is not made yet. */
const needsGzip = (rep: Representation, request: Request) => rep.gzipLater === true && acceptsGzip(clientAcceptEncoding(request));

/** A settled archive (the content's `settled` index), read through the store; the build's report reads its own so. */
export function archiveOf(index: SettledIndex | undefined, store: ArchiveStore | undefined): SettledArchive {
  if (index === undefined || index.count === 0) return NO_ARCHIVE;
  if (store === undefined) throw new Error("the content has a settled archive, and the app was given no store to read it from");
  return {
    index,
    record: (pos) => store.record(index, pos),
    page: (pos, fediverse) => store.page(index, pos, fediverse),
    position: (slug) => store.position(index, slug),
    sitemapChunk: (chunk) => store.sitemapChunk(index, chunk),
    facet: (key) => store.facet(index, key),
    facetList: () => store.facetList(index),
  };
}

export interface HeldStoreInputs {
  site: Site;
  content: ContentBundle;
  /** Where the settled archive (`content.settled`) is read from. */
  store?: ArchiveStore | undefined;
  budgetBytes: number;
  /** Makes a document's representation (`src/app/representations.ts`). */
  build: BuildRepresentation;
  /** The fediverse surfaces' key; without it there are none. */
  fediverse?: Fediverse | undefined;
}

/**
 * The per-epoch store: what exists depends on the clock (scheduled publishing, withdrawals,
 * the news window), so the store holds the catalog of the current epoch and the
 * representations rendered in it, and makes the next epoch when the clock passes into it.
 * Per request that is one comparison.
 */
export class HeldStore {
  readonly #site: Site;
  /** The key of the WebFinger answer a query (the URL from its `?`) asks for; each query read once (`keyFor`). */
  readonly #webfingerKey = memoized(
    (query: string) => {
      const asked = webfingerHandle(this.#site, new URLSearchParams(query).getAll("resource"));
      return asked.handle === undefined ? undefined : webfingerKey(asked.handle);
    },
    256,
    512,
  );
  readonly #content: ContentBundle;
  readonly #timeline: Timeline;
  readonly #archive: SettledArchive;
  readonly #budget: number;
  readonly #build: BuildRepresentation;
  readonly #fediverse: Fediverse | undefined;
  #current: Epoch | undefined;

  constructor(inputs: HeldStoreInputs) {
    const archive = archiveOf(inputs.content.settled, inputs.store);
    const settled = archive.index;
    if (inputs.site.feedSize > settled.head) {
      throw new ConfigError(
        `FEED_SIZE: ${inputs.site.feedSize} is more than this content build serves (${settled.head}): build it again with --max-feed-size ${inputs.site.feedSize}`,
      );
    }
    this.#site = inputs.site;
    this.#content = inputs.content;
    this.#timeline = new Timeline(inputs.content.articles);
    this.#archive = archive;
    this.#budget = inputs.budgetBytes;
    this.#build = inputs.build;
    this.#fediverse = inputs.fediverse;
  }

  /**
   * The epoch of `now`: the current one, or a new one when the clock has left it. A new
   * epoch keeps every representation whose document is unchanged (same version), with the
   * new epoch's `changesAt`: a publication re-renders only what it changes.
   */
  at(clock: number): Epoch {
    const current = this.#current;
    if (current !== undefined && clock >= current.from && clock < current.until) return current;
    // The settled archive holds from the build's cut-off on: a clock behind the build's
    // (a host whose clock is wrong) is read as the cut-off.
    const now = Math.max(clock, this.#archive.index.at);
    const view = this.#timeline.viewAt(now);
    const next: Epoch = {
      catalog: makeCatalog(this.#site, this.#timeline, view, this.#content.files, this.#archive, this.#fediverse),
      from: now === clock ? view.validFrom : Number.NEGATIVE_INFINITY,
      until: view.validUntil,
      held: new HeldRepresentations(this.#budget),
      upgrades: new Map(),
    };
    if (current) {
      for (const [path, rep, version] of current.held.resolved()) {
        const doc = documentAt(next, path);
        // A settled article's page is made again from its record (held by the store) when asked for.
        if (doc === undefined || doc instanceof Promise || doc.version !== version) continue;
        next.held.hold(path, { ...rep, freshness: { lifetime: doc.lifetime, changesAt: doc.changesAt } }, version);
      }
    }
    this.#current = next;
    return next;
  }

  /**
   * The representation of a document in an epoch: the one held, or one built once (concurrent
   * first requests share it) and held; a failure holds nothing, so the next request tries again.
   */
  representation(
    epoch: Epoch,
    path: string,
    doc: Document,
    waitUntil: (p: Promise<unknown>) => void,
  ): Representation | Promise<Representation> {
    const held = epoch.held;
    const hit = held.get(path);
    if (hit !== undefined && !(hit instanceof Promise)) return hit;
    let pending = hit;
    if (pending === undefined) {
      pending = this.#build(path, doc, waitUntil).then(
        (rep) => {
          held.hold(path, rep, doc.version);
          return rep;
        },
        (error) => {
          held.remove(path);
          throw error;
        },
      );
      held.pending(path, pending, doc.version);
    }
    return pending;
  }

  /** Answers a request for a document from what the epoch holds, or from its representation built now. */
  serve(
    epoch: Epoch,
    path: string,
    doc: Document,
    request: Request,
    now: () => number,
    waitUntil: (p: Promise<unknown>) => void,
  ): Response | Promise<Response> {
    const rep = this.representation(epoch, path, doc, waitUntil);
    return rep instanceof Promise
      ? rep.then((r) => this.#answer(epoch, path, r, request, now))
      : this.#answer(epoch, path, rep, request, now);
  }

  /**
   * Responds from a held representation, first making its gzip variant when this is the
   * first client that accepts gzip (concurrent ones share it); the result replaces the
   * held one.
   */
  #answer(epoch: Epoch, path: string, rep: Representation, request: Request, now: () => number): Response | Promise<Response> {
    if (!needsGzip(rep, request)) return respond(rep, request, now());
    let upgrade = epoch.upgrades.get(path);
    if (upgrade === undefined) {
      upgrade = withGzip(rep).then((next) => {
        epoch.held.replace(path, rep, next);
        return next;
      });
      epoch.upgrades.set(path, upgrade);
      const done = () => epoch.upgrades.delete(path);
      upgrade.then(done, done);
    }
    return upgrade.then((next) => respond(next, request, now()));
  }

  /**
   * The key a request for `path` is answered from: an article's ActivityStreams object when the
   * client prefers it (Mastodon looking the URL up); a WebFinger answer by the handle its query
   * asks for (undefined when it names none: the route answers that); none for a browser asking
   * for an actor (the route redirects it to the actor's page); else the path itself. Per request
   * a comparison and two prefix tests, and for an article or actor one header read.
   */
  keyFor(path: string, request: Request): string | undefined {
    if (path === paths.webfinger) {
      // Servers that follow the newsroom send the same few queries again and again.
      const url = request.url;
      const at = url.indexOf("?");
      return this.#webfingerKey(at < 0 ? "" : url.slice(at));
    }
    if (path.startsWith("/articles/")) return prefersActivityStreams(request.headers.get("Accept")) ? activityKey(path) : path;
    // An actor's URL, asked for by a browser: the route sends it to the actor's page.
    if (path.startsWith(ACTOR_PREFIX) && prefersHtml(request.headers.get("Accept"))) return undefined;
    return path;
  }

  /**
   * The response to a GET or HEAD of `path` when this isolate holds its representation and no
   * gzip variant must be made first; undefined otherwise (the request is routed).
   */
  answerHeld(path: string, request: Request, now: number): Response | undefined {
    const key = this.keyFor(path, request);
    if (key === undefined) return undefined;
    const rep = this.at(now).held.get(key);
    if (rep === undefined || rep instanceof Promise || needsGzip(rep, request)) return undefined;
    return respond(rep, request, now);
  }
}
