/**
 * The Hono app: thin routes over pure renderers and a pure HTTP policy. Built by
 * `createApp` from its inputs so tests can pass fixtures, a fake clock and a faulty
 * cache; the Worker entry (`index.ts`) wires in the bundled content and the runtime.
 *
 * The parts: the per-epoch store (`app/epochs.ts`: what exists at the clock's time and
 * what this isolate holds of it), building a representation (`app/representations.ts`),
 * answering from a held one and the hot path (`app/answer.ts`), and here the routes and
 * the fixed responses.
 */
import { type Context, Hono } from "hono";
import { cors } from "hono/cors";
import type { ContentBundle, Site } from "../core/model.js";
import { IMAGES_PREFIX, servedImage } from "../core/photo-names.js";
import { paths } from "../core/urls.js";
import { cacheControl, cdnCacheControl } from "../http/cache-policy.js";
import type { CacheLike } from "../http/edge-cache.js";
import { headersAt, type Representation, withDate } from "../http/representation.js";
import { type Document, mediaTypes, NO_ARCHIVE, type SettledArchive } from "../publishing/catalog.js";
import { imfFixdate } from "../render/dates.js";
import { renderNotFoundPage } from "../render/pages.js";
import { type ArchiveStore, StorageError } from "../storage/archive-store.js";
import type { PhotoStore } from "../storage/photo-store.js";
import { answer, withHotPath } from "./answer.js";
import { documentAt, type Epoch, Epochs } from "./epochs.js";
import { DEFAULT_HELD_BUDGET_BYTES } from "./held.js";
import { type Partner, PartnerFeed } from "./partner-feed.js";
import { answerPhoto, type PhotoAccess } from "./photo-responses.js";
import { type BuildRepresentation, representationBuilder } from "./representations.js";

export { mediaTypes };

/** Methods this read-only service answers (RFC 9110 §15.5.6: a 405 lists them in Allow). */
export const ALLOW = "GET, HEAD, OPTIONS";

export interface AppInputs {
  content: ContentBundle;
  site: Site;
  /** Milliseconds since the epoch; injected so tests control time. */
  clock?: () => number;
  /** The cache shared by isolates (`caches.default` in production); none means memo only. */
  cache?: CacheLike;
  /** Identifies the deployed code (e.g. the Worker version id): part of every cache key. */
  deployId?: string;
  /** How long a cache lookup may take before the response is rendered instead. */
  cacheTimeoutMs?: number;
  /** Where the settled archive (`content.settled`) is read from: the `ASSETS` binding. */
  store?: ArchiveStore;
  /** Where the photos (`content.imageFolder`) are read from: the `ASSETS` binding. */
  photos?: PhotoStore;
  /** Bytes of representations the isolate holds (least recently used out). */
  heldBudgetBytes?: number;
  /** The partners who may read `/partners/feed.json` (from the `PARTNER_KEYS` secret); none: every request is refused. */
  partners?: readonly Partner[];
  /** The Rate Limiting binding for partner requests, keyed by partner id. */
  partnerRateLimit?: RateLimit;
}

/** How long a client is asked to wait when storage failed (RFC 9110 §10.2.3). */
export const STORAGE_RETRY_AFTER_SECONDS = 5;

/** The content's settled archive, read through the store. */
function archiveOf(content: ContentBundle, store: ArchiveStore | undefined): SettledArchive {
  const index = content.settled;
  if (index === undefined || index.count === 0) return NO_ARCHIVE;
  if (store === undefined) throw new Error("the content has a settled archive, and the app was given no store to read it from");
  return {
    index,
    record: (pos) => store.record(index, pos),
    position: (slug) => store.position(index, slug),
    sitemapChunk: (chunk) => store.sitemapChunk(index, chunk),
  };
}

const encoder = new TextEncoder();

/**
 * Serves a document from what the epoch holds, or builds its representation once (concurrent
 * first requests share it) and holds it; a failure holds nothing, so the next request tries again.
 */
function serve(c: Context, epoch: Epoch, path: string, doc: Document, build: BuildRepresentation, clock: () => number) {
  const rep = representationAt(c, epoch, path, doc, build);
  return rep instanceof Promise ? rep.then((r) => answer(epoch, path, r, c.req.raw, clock)) : answer(epoch, path, rep, c.req.raw, clock);
}

/** The representation of a document in an epoch: the one held, or one built once and held. */
function representationAt(
  c: Context,
  epoch: Epoch,
  path: string,
  doc: Document,
  build: BuildRepresentation,
): Representation | Promise<Representation> {
  const held = epoch.held;
  const hit = held.get(path);
  if (hit !== undefined && !(hit instanceof Promise)) return hit;
  let pending = hit;
  if (pending === undefined) {
    pending = build(path, doc, (p) => waitUntil(c, p)).then(
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

// Fixed responses: their header sets, built once. Their bodies are HTML or plain text (or
// none, which the local runtime still encodes), so they vary by Accept-Encoding too.
const fixedHeaders = (extra: Record<string, string>) =>
  new Headers({ ...extra, Vary: "Accept-Encoding", "X-Content-Type-Options": "nosniff" });
const notFoundHeaders = fixedHeaders({
  "Content-Type": mediaTypes.html,
  "Cache-Control": cacheControl("notFound"),
  "CDN-Cache-Control": cdnCacheControl("notFound")!,
});
const photoNotFoundHeaders = fixedHeaders({ "Content-Type": mediaTypes.html, "Cache-Control": "no-store" });
// The 405 says it all in its status and Allow: no body (a few bytes of text only grow
// when the runtime compresses them).
const methodNotAllowedHeaders = fixedHeaders({ Allow: ALLOW, "Cache-Control": "no-store" });
// The part of a 301 that does not depend on the target.
const redirectHeaders = fixedHeaders({ "Cache-Control": cacheControl("redirect"), "CDN-Cache-Control": cdnCacheControl("redirect")! });
const optionsHeaders = fixedHeaders({ Allow: ALLOW, "Cache-Control": "max-age=86400" });
// Content cannot fail per request (it is validated at build time); anything else is a
// bug, answered without detail and never cached.
const errorHeaders = fixedHeaders({ "Content-Type": mediaTypes.text, "Cache-Control": "no-store" });
// Storage that fails (a read that throws, hangs, answers wrongly or fails its check) is
// a 503 the client may retry: never stored by any cache, never a wrong body.
const unavailableHeaders = fixedHeaders({
  "Content-Type": mediaTypes.text,
  "Cache-Control": "no-store",
  "Retry-After": String(STORAGE_RETRY_AFTER_SECONDS),
});

// CORS preflight for the feeds: a browser asks before sending If-None-Match or
// If-Modified-Since cross-origin (they are not CORS-safelisted headers).
const preflight = cors({
  origin: "*",
  allowMethods: ["GET", "HEAD"],
  allowHeaders: ["If-None-Match", "If-Modified-Since", "Cache-Control"],
  exposeHeaders: ["ETag", "Last-Modified", "Link"],
  maxAge: 86400,
});

export function createApp(inputs: AppInputs): Hono {
  const { content, site } = inputs;
  const clock = inputs.clock ?? Date.now;
  const epochs = new Epochs(site, content, archiveOf(content, inputs.store), inputs.heldBudgetBytes ?? DEFAULT_HELD_BUDGET_BYTES);
  const build = representationBuilder({
    site,
    content,
    clock,
    ...(inputs.cache && { cache: inputs.cache }),
    ...(inputs.deployId !== undefined && { deployId: inputs.deployId }),
    cacheTimeoutMs: inputs.cacheTimeoutMs ?? 100,
  });
  const notFoundBody = encoder.encode(renderNotFoundPage(site));

  /**
   * 404: no validators, never evaluated against preconditions (RFC 9110 §13.2.1), nothing
   * reflected. Not kept past the next publication: the path may exist from then on.
   */
  const sendNotFound = (c: Context, epoch: Epoch) => {
    const headers = headersAt(notFoundHeaders, clock(), { kind: "notFound", changesAt: epoch.catalog.view.nextChange });
    return new Response(c.req.method === "HEAD" ? null : notFoundBody, { status: 404, headers });
  };

  // Under /images/ a 404 is never stored: the name may be a photo still to come, which a
  // partner may already fetch and everyone may from its publication.
  const sendPhotoNotFound = (c: Context) =>
    new Response(c.req.method === "HEAD" ? null : notFoundBody, { status: 404, headers: withDate(photoNotFoundHeaders, clock()) });

  const app = new Hono();

  // Read-only: GET, HEAD and OPTIONS. Anything else, X-HTTP-Method-Override included,
  // is 405 with Allow (RFC 9110 §15.5.6), never cached.
  app.use("*", async (c, next) => {
    const method = c.req.method;
    if (method === "GET" || method === "HEAD" || method === "OPTIONS") return next();
    return new Response(null, { status: 405, headers: withDate(methodNotAllowedHeaders, clock()) });
  });

  app.options("*", async (c, next) => {
    const now = clock();
    // Only a real preflight (Fetch: an OPTIONS with Origin and Access-Control-Request-Method)
    // gets the CORS preflight headers; a plain OPTIONS is told what is allowed.
    const isPreflight = c.req.header("Origin") !== undefined && c.req.header("Access-Control-Request-Method") !== undefined;
    if (isPreflight && (await documentAt(epochs.at(now), c.req.path))?.feed) {
      const response = (await preflight(c, next)) ?? c.res;
      response.headers.set("X-Content-Type-Options", "nosniff");
      response.headers.append("Vary", "Accept-Encoding");
      response.headers.set("Date", imfFixdate(Math.floor(now / 1000) * 1000));
      return response;
    }
    return new Response(null, { status: 204, headers: withDate(optionsHeaders, now) });
  });

  // The partners' feed: authenticated, private, never a catalog document (src/app/partner-feed.ts).
  const partnerFeed = new PartnerFeed({
    site,
    articles: content.articles,
    partners: inputs.partners ?? [],
    ...(inputs.partnerRateLimit && { limiter: inputs.partnerRateLimit }),
  });
  app.get(paths.partnerFeed, (c) => {
    const now = clock();
    const epoch = epochs.at(now);
    return partnerFeed.answer(c.req.raw, now, async () => {
      const doc = (await documentAt(epoch, paths.jsonFeed))!;
      return representationAt(c, epoch, paths.jsonFeed, doc, build);
    });
  });

  /**
   * Who may have a photo now: everyone once an article that uses it is published; before, a
   * partner (with a valid token) once one of those articles is shared with partners; anyone
   * else is told there is no such photo, as for a name that never existed.
   */
  const releases = content.photoReleases ?? {};
  const photoAccess = async (request: Request, path: string, now: number): Promise<PhotoAccess | undefined> => {
    const name = servedImage(path)?.name;
    const release = name === undefined ? undefined : releases[name];
    if (release === undefined || now >= Date.parse(release.published)) return "public";
    if (release.partnersFrom === undefined || now < Date.parse(release.partnersFrom)) return undefined;
    return (await partnerFeed.partnerOf(request)) === undefined ? undefined : "partner";
  };

  app.get("*", async (c) => {
    const epoch = epochs.at(clock());
    const path = c.req.path;
    if (path.startsWith(IMAGES_PREFIX)) {
      const now = clock();
      const access = await photoAccess(c.req.raw, path, now);
      if (access === undefined) {
        // The same work as for a name with no file (the storage is asked, its answer dropped):
        // neither the time taken nor a storage fault tells a photo still to come from none.
        await (await answerPhoto(c.req.raw, path, inputs.photos, now))?.body?.cancel();
        return sendPhotoNotFound(c);
      }
      return (await answerPhoto(c.req.raw, path, inputs.photos, now, access)) ?? sendPhotoNotFound(c);
    }
    const doc = await documentAt(epoch, path);
    if (doc) return serve(c, epoch, path, doc, build, clock);
    // One canonical form per URL: a known path with a trailing slash is redirected to it.
    // The Location is the known path itself (relative, no query), never other request
    // input, so it cannot become an open redirect or reflect anything.
    if (path.length > 1 && path.endsWith("/")) {
      const bare = path.slice(0, -1);
      if (bare !== paths.home && (await documentAt(epoch, bare)) !== undefined) {
        const headers = new Headers(withDate(redirectHeaders, clock()));
        headers.set("Location", encodeURI(bare));
        return new Response(null, { status: 301, headers });
      }
    }
    return sendNotFound(c, epoch);
  });

  app.notFound((c) => sendNotFound(c, epochs.at(clock())));

  app.onError((error, c) => {
    if (error instanceof StorageError) {
      console.error(`storage: ${error.message}`);
      const body = c.req.method === "HEAD" ? null : "Service unavailable: please try again shortly.\n";
      return new Response(body, { status: 503, headers: withDate(unavailableHeaders, clock()) });
    }
    console.error(error);
    return new Response("Internal error\n", { status: 500, headers: withDate(errorHeaders, clock()) });
  });

  app.fetch = withHotPath(app.fetch, epochs, clock);
  return app;
}

/** `waitUntil` of the request's execution context, when there is one (not in `app.request`). */
function waitUntil(c: Context, promise: Promise<unknown>): void {
  try {
    c.executionCtx.waitUntil(promise);
  } catch {
    // No execution context: the promise runs on without one.
  }
}
