/**
 * The Hono app: thin routes over pure renderers and a pure HTTP policy. Built by
 * `createApp` from its inputs so tests can pass fixtures, a fake clock and a faulty
 * cache; the Worker entry (`index.ts`) wires in the bundled content and the runtime.
 *
 * What exists depends on the clock (scheduled publishing, withdrawals, archive months):
 * the app holds the catalog of the current epoch and makes the next one when the clock
 * passes into it. Per request that is one comparison.
 */
import { type Context, Hono } from "hono";
import { cors } from "hono/cors";
import { type Catalog, type Document, inlineBodies, makeCatalog, mediaTypes, type ResolveArticle } from "./catalog.js";
import { DEFAULT_HELD_BUDGET_BYTES, HeldRepresentations } from "./held.js";
import { cacheControl, cdnCacheControl, lifetimes } from "./http/cache-policy.js";
import { type CacheLike, cacheKey, lookup, store } from "./http/edge-cache.js";
import { acceptsGzip, clientAcceptEncoding, isCompressible } from "./http/encoding.js";
import {
  entityTag,
  headersAt,
  makeRepresentation,
  type Representation,
  respond,
  sha256Base64Url,
  withDate,
  withGzip,
} from "./http/representation.js";
import { pageSecurityHeaders, SVG_CONTENT_SECURITY_POLICY } from "./http/security-headers.js";
import type { Article, ContentBundle, Site, StoredArticle } from "./model.js";
import { imfFixdate } from "./render/dates.js";
import { renderNotFoundPage } from "./render/pages.js";
import { type PackStore, StorageError } from "./storage/packs.js";
import { Timeline } from "./timeline.js";
import { paths } from "./urls.js";

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
  /** Where the bodies the bundle does not carry are read from (the `ASSETS` binding's packs). */
  store?: PackStore;
  /** Bytes of representations the isolate holds (least recently used out). */
  heldBudgetBytes?: number;
}

/** How long a client is asked to wait when storage failed (RFC 9110 §10.2.3). */
export const STORAGE_RETRY_AFTER_SECONDS = 5;

/** Each article's body, from the bundle or the store. */
function resolverFor(store: PackStore | undefined): ResolveArticle {
  if (store === undefined) return inlineBodies;
  return (article) => {
    if ("bodyHtml" in article) return article as Article;
    return store.body((article as StoredArticle).body).then((bodyHtml) => ({ ...article, bodyHtml }));
  };
}

const encoder = new TextEncoder();
/** Bodies smaller than this are not worth a gzip variant. */
const GZIP_MIN_BYTES = 1024;

/** What the app holds for one epoch: its catalog and the representations rendered so far. */
interface State {
  catalog: Catalog;
  /** The epoch's bounds: outside [from, until) a new state is made. */
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

export function createApp(inputs: AppInputs): Hono {
  const { content, site } = inputs;
  const clock = inputs.clock ?? Date.now;
  const cache = inputs.cache;
  const cacheTimeoutMs = inputs.cacheTimeoutMs ?? 100;
  const timeline = new Timeline(content.articles);
  const resolve = resolverFor(inputs.store);
  const heldBudget = inputs.heldBudgetBytes ?? DEFAULT_HELD_BUDGET_BYTES;

  let state: State | undefined;
  /**
   * The state for `now`: the current one, or a new one when the clock has left its epoch.
   * A new state keeps every representation whose document is unchanged (same version),
   * with the new epoch's `changesAt`: a publication re-renders only what it changes.
   */
  function stateAt(now: number): State {
    if (state !== undefined && now >= state.from && now < state.until) return state;
    const view = timeline.viewAt(now);
    const previous = state;
    const next: State = {
      catalog: makeCatalog(site, timeline, view, content.files, resolve),
      from: view.validFrom,
      until: view.validUntil,
      held: new HeldRepresentations(heldBudget),
      upgrades: new Map(),
    };
    if (previous) {
      for (const [path, rep, version] of previous.held.resolved()) {
        const doc = documentAt(next, path);
        if (doc === undefined || doc.version !== version) continue;
        next.held.hold(path, { ...rep, freshness: { kind: doc.kind, changesAt: doc.changesAt } }, version);
      }
    }
    state = next;
    return state;
  }

  let securityHeaders: Promise<Record<string, string>> | undefined;
  let buildId: Promise<string> | undefined;
  // The cache key's build id: the deployed code, the content and the site configuration,
  // so a new deploy, new content or a new base URL never meets an old body.
  const getBuildId = () => {
    buildId ??= sha256Base64Url(encoder.encode(JSON.stringify({ deploy: inputs.deployId ?? "", content: content.version, site })));
    return buildId;
  };

  async function headersFor(doc: Document): Promise<Record<string, string>> {
    const headers: Record<string, string> = {
      "Content-Type": doc.contentType,
      "Cache-Control": cacheControl(doc.kind),
      "CDN-Cache-Control": cdnCacheControl(doc.kind)!,
      "X-Content-Type-Options": "nosniff",
    };
    // Only these types are encoded per client (by us and by the edge); others never vary.
    if (isCompressible(doc.contentType)) headers.Vary = "Accept-Encoding";
    if (doc.link) headers.Link = doc.link;
    if (doc.feed) {
      // Partners read the feeds from their own pages (JSON Feed especially).
      headers["Access-Control-Allow-Origin"] = "*";
      headers["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Link";
    }
    if (doc.contentType === mediaTypes.svg) headers["Content-Security-Policy"] = SVG_CONTENT_SECURITY_POLICY;
    if (doc.contentType === mediaTypes.html) {
      securityHeaders ??= pageSecurityHeaders(site.baseUrl);
      const present = new Set(Object.keys(headers).map((name) => name.toLowerCase()));
      for (const [name, value] of Object.entries(await securityHeaders)) if (!present.has(name)) headers[name] = value;
    }
    return headers;
  }

  /** Renders a document, or takes its bytes from the shared cache, and builds its representation. */
  async function build(path: string, doc: Document, waitUntil: (p: Promise<unknown>) => void): Promise<Representation> {
    // Only documents that are costly to make are shared: feeds, listings, the front page
    // (each renders many articles). Not a tombstone (small and rare), and not an article
    // page: it is one stored pack read and a render of well under a millisecond, where the
    // Cache API would add a lookup to every first request and a write to every render
    // (measured in \`npm run bench\`: cold pages at a third of the rate); Workers Cache in
    // front of the Worker still keeps it by its Cache-Control.
    // Keyed by the document's version: one epoch's bytes never answer for another's, and
    // an unchanged document is found again after a publication.
    const shared = cache &&
      doc.status === 200 &&
      doc.kind !== "article" && { cache, id: `${await getBuildId()}.${await sha256Base64Url(encoder.encode(doc.version))}` };
    const key = shared && cacheKey(shared.id, path);
    let stored = shared && key ? await lookup(shared.cache, key, shared.id, doc.contentType, cacheTimeoutMs) : undefined;
    if (!stored) {
      const rendered = await doc.render();
      const body = typeof rendered === "string" ? encoder.encode(rendered) : rendered;
      stored = { body, etag: await entityTag(body), ...(doc.lastModified !== undefined && { lastModified: doc.lastModified }) };
      if (shared && key) {
        // The shared copy must not outlive the document's next change either.
        const ttl = Math.min(lifetimes[doc.kind].edgeMaxAge, Math.floor((doc.changesAt - clock()) / 1000));
        if (ttl > 0) waitUntil(store(shared.cache, key, shared.id, doc.contentType, stored, ttl));
      }
    }
    return makeRepresentation({
      status: doc.status,
      freshness: { kind: doc.kind, changesAt: doc.changesAt },
      body: stored.body,
      etag: stored.etag,
      ...(doc.lastModified !== undefined && { lastModified: doc.lastModified }),
      headers: await headersFor(doc),
      // Compressed on the first request that accepts gzip, and kept only when it saves real bytes.
      gzipLater: stored.body.length >= GZIP_MIN_BYTES && isCompressible(doc.contentType),
    });
  }

  function serve(c: Context, s: State, path: string, doc: Document): Response | Promise<Response> {
    const held = s.held;
    const hit = held.get(path);
    if (hit !== undefined && !(hit instanceof Promise)) return answer(s, path, hit, c.req.raw);
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
    return pending.then((rep) => answer(s, path, rep, c.req.raw));
  }

  /** Whether answering this request needs the gzip variant, which is not made yet. */
  const needsGzip = (rep: Representation, request: Request) => rep.gzipLater === true && acceptsGzip(clientAcceptEncoding(request));

  /**
   * Responds from a held representation, first making its gzip variant when this is the
   * first client that accepts gzip (concurrent ones share it); the result replaces the
   * held one.
   */
  function answer(s: State, path: string, rep: Representation, request: Request): Response | Promise<Response> {
    if (!needsGzip(rep, request)) return respond(rep, request, clock());
    let upgrade = s.upgrades.get(path);
    if (upgrade === undefined) {
      upgrade = withGzip(rep).then((next) => {
        s.held.replace(path, rep, next);
        return next;
      });
      s.upgrades.set(path, upgrade);
      const done = () => s.upgrades.delete(path);
      upgrade.then(done, done);
    }
    return upgrade.then((next) => respond(next, request, clock()));
  }

  /** The document at a path in this state, if there is one. */
  function documentAt(s: State, path: string): Document | undefined {
    const doc = s.catalog.documents.get(path);
    if (doc) return doc;
    if (!path.startsWith("/articles/")) return undefined;
    const slug = path.slice("/articles/".length);
    return slug.includes("/") ? undefined : s.catalog.article(slug);
  }

  // Fixed responses, built once: the 404 page, the 405, and the part of a 301 that does not
  // depend on the target. Their bodies are HTML or plain text, which the runtime and the
  // edge compress for clients that accept it: so they vary by Accept-Encoding too.
  const notFoundBody = encoder.encode(renderNotFoundPage(site));
  const notFoundHeaders = new Headers({
    "Content-Type": mediaTypes.html,
    "Cache-Control": cacheControl("notFound"),
    "CDN-Cache-Control": cdnCacheControl("notFound")!,
    Vary: "Accept-Encoding",
    "X-Content-Type-Options": "nosniff",
  });
  // The 405 says it all in its status and Allow: no body (a few bytes of text only grow
  // when the runtime compresses them).
  const methodNotAllowedHeaders = new Headers({
    Allow: ALLOW,
    "Cache-Control": "no-store",
    Vary: "Accept-Encoding",
    "X-Content-Type-Options": "nosniff",
  });
  // No body, but a response without a Content-Type is one the local runtime compresses.
  const redirectHeaders = new Headers({
    "Cache-Control": cacheControl("redirect"),
    "CDN-Cache-Control": cdnCacheControl("redirect")!,
    Vary: "Accept-Encoding",
    "X-Content-Type-Options": "nosniff",
  });

  /**
   * 404: no validators, never evaluated against preconditions (RFC 9110 §13.2.1), nothing
   * reflected. Not kept past the next publication: the path may exist from then on.
   */
  const sendNotFound = (c: Context, s: State) => {
    const now = clock();
    const headers = headersAt(notFoundHeaders, now, { kind: "notFound", changesAt: s.catalog.view.nextChange });
    return new Response(c.req.method === "HEAD" ? null : notFoundBody, { status: 404, headers });
  };

  const app = new Hono();

  // Read-only: GET, HEAD and OPTIONS. Anything else, X-HTTP-Method-Override included,
  // is 405 with Allow (RFC 9110 §15.5.6), never cached.
  app.use("*", async (c, next) => {
    const method = c.req.method;
    if (method === "GET" || method === "HEAD" || method === "OPTIONS") return next();
    return new Response(null, { status: 405, headers: withDate(methodNotAllowedHeaders, clock()) });
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
  // Bodiless, but without a Content-Type the local runtime encodes them per client too: Vary.
  const optionsHeaders = new Headers({
    Allow: ALLOW,
    "Cache-Control": "max-age=86400",
    Vary: "Accept-Encoding",
    "X-Content-Type-Options": "nosniff",
  });
  app.options("*", async (c, next) => {
    const now = clock();
    // Only a real preflight (Fetch: an OPTIONS with Origin and Access-Control-Request-Method)
    // gets the CORS preflight headers; a plain OPTIONS is told what is allowed.
    const isPreflight = c.req.header("Origin") !== undefined && c.req.header("Access-Control-Request-Method") !== undefined;
    if (isPreflight && documentAt(stateAt(now), c.req.path)?.feed) {
      const response = (await preflight(c, next)) ?? c.res;
      response.headers.set("X-Content-Type-Options", "nosniff");
      response.headers.append("Vary", "Accept-Encoding");
      response.headers.set("Date", imfFixdate(Math.floor(now / 1000) * 1000));
      return response;
    }
    return new Response(null, { status: 204, headers: withDate(optionsHeaders, now) });
  });

  app.get("*", (c) => {
    const s = stateAt(clock());
    const path = c.req.path;
    const doc = documentAt(s, path);
    if (doc) return serve(c, s, path, doc);
    // One canonical form per URL: a known path with a trailing slash is redirected to it.
    // The Location is the known path itself (relative, no query), never other request
    // input, so it cannot become an open redirect or reflect anything.
    if (path.length > 1 && path.endsWith("/")) {
      const bare = path.slice(0, -1);
      if (bare !== paths.home && documentAt(s, bare) !== undefined) {
        const headers = new Headers(withDate(redirectHeaders, clock()));
        headers.set("Location", encodeURI(bare));
        return new Response(null, { status: 301, headers });
      }
    }
    return sendNotFound(c, s);
  });

  app.notFound((c) => sendNotFound(c, stateAt(clock())));

  // Content cannot fail per request (it is validated at build time); anything else is a
  // bug, answered without detail and never cached.
  const errorHeaders = new Headers({
    "Content-Type": mediaTypes.text,
    "Cache-Control": "no-store",
    Vary: "Accept-Encoding",
    "X-Content-Type-Options": "nosniff",
  });
  // Storage that fails (a read that throws, hangs, answers wrongly or fails its check) is
  // a 503 the client may retry: never stored by any cache, never a wrong body.
  const unavailableHeaders = new Headers({
    "Content-Type": mediaTypes.text,
    "Cache-Control": "no-store",
    "Retry-After": String(STORAGE_RETRY_AFTER_SECONDS),
    Vary: "Accept-Encoding",
    "X-Content-Type-Options": "nosniff",
  });
  app.onError((error, c) => {
    if (error instanceof StorageError) {
      console.error(`storage: ${error.message}`);
      const body = c.req.method === "HEAD" ? null : "Service unavailable: please try again shortly.\n";
      return new Response(body, { status: 503, headers: withDate(unavailableHeaders, clock()) });
    }
    console.error(error);
    return new Response("Internal error\n", { status: 500, headers: withDate(errorHeaders, clock()) });
  });

  // The hot path, measured: a GET or HEAD for a document this isolate already holds is
  // answered before Hono builds a context and routes (≈10% of a small response's cost in
  // `npm run bench`). Only plain paths are taken here; anything else (a `%`, an unknown or
  // unrendered path, another method) goes through the routes above, unchanged.
  const route = app.fetch;
  app.fetch = (request, env, ctx) => {
    const method = request.method;
    if (method === "GET" || method === "HEAD") {
      const now = clock();
      const url = request.url;
      const start = url.indexOf("/", url.indexOf("//") + 2);
      const query = url.indexOf("?", start);
      const path = query < 0 ? url.slice(start) : url.slice(start, query);
      const rep = path.includes("%") ? undefined : stateAt(now).held.get(path);
      if (rep !== undefined && !(rep instanceof Promise) && !needsGzip(rep, request)) return respond(rep, request, now);
    }
    return route(request, env, ctx);
  };
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
