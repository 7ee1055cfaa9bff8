/**
 * The Hono app: thin routes over pure renderers and a pure HTTP policy. Built by
 * `createApp` from its inputs so tests can pass fixtures, a fake clock and a faulty
 * cache; the Worker entry (`index.ts`) wires in the bundled content and the runtime.
 */
import { type Context, Hono } from "hono";
import { cors } from "hono/cors";
import { secureHeaders } from "hono/secure-headers";
import { cacheControl, cdnCacheControl, lifetimes, type ResourceKind, rssTtlMinutes } from "./http/cache-policy.js";
import { isCompressible } from "./http/compression.js";
import { type CacheLike, cacheKey, lookup, store } from "./http/edge-cache.js";
import {
  entityTag,
  gzipBytes,
  makeRepresentation,
  type Representation,
  respond,
  sha256Base64Url,
  withDate,
} from "./http/representation.js";
import type { Article, ContentBundle, Site } from "./model.js";
import { feedItems, feedUpdated } from "./render/article-html.js";
import { icon, stylesheet } from "./render/assets.js";
import { renderAtom } from "./render/atom.js";
import { epochMs, imfFixdate } from "./render/dates.js";
import { renderJsonFeed } from "./render/json-feed.js";
import { renderArticlePage, renderHomePage, renderNotFoundPage } from "./render/pages.js";
import { renderRss } from "./render/rss.js";
import { absoluteUrl, paths } from "./urls.js";

/** Media types, each with its charset (RFC 9110 §8.3). */
export const mediaTypes = {
  rss: "application/rss+xml; charset=utf-8",
  atom: "application/atom+xml; charset=utf-8",
  jsonFeed: "application/feed+json; charset=utf-8",
  html: "text/html; charset=utf-8",
  css: "text/css; charset=utf-8",
  svg: "image/svg+xml; charset=utf-8",
  text: "text/plain; charset=utf-8",
} as const;

/** Methods this read-only service answers (RFC 9110 §15.5.6: a 405 lists them in Allow). */
export const ALLOW = "GET, HEAD, OPTIONS";

/** Content-Security-Policy of the HTML pages: no script at all, styles and images only. */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'none'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", "https:", "data:"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors: ["'none'"],
};

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
}

/** One thing the service serves at a path: how to render it and how to cache it. */
interface Document {
  kind: Exclude<ResourceKind, "notFound" | "redirect" | "error">;
  contentType: string;
  render: () => string;
  /** The newest content date the document shows, in ms (its Last-Modified). */
  lastModified?: number;
  /** Link header value (RFC 8288). */
  link?: string;
}

const encoder = new TextEncoder();
/** Bodies smaller than this are not worth a gzip variant. */
const GZIP_MIN_BYTES = 1024;

/** The newest `updated` of these articles in ms, or undefined when there are none. */
function newest(articles: readonly Article[]): number | undefined {
  return articles.length > 0 ? epochMs(feedUpdated(articles)) : undefined;
}

/** Hono's secure-headers, evaluated once: its header set is copied into every HTML representation. */
async function htmlSecurityHeaders(): Promise<Record<string, string>> {
  const probe = new Hono();
  probe.use(secureHeaders({ contentSecurityPolicy: CONTENT_SECURITY_POLICY }));
  probe.get("/", () => new Response(null));
  const response = await probe.request("/");
  return Object.fromEntries([...response.headers].filter(([name]) => name !== "content-type" && name !== "content-length"));
}

export function createApp(inputs: AppInputs): Hono {
  const { content, site } = inputs;
  const clock = inputs.clock ?? Date.now;
  const cache = inputs.cache;
  const cacheTimeoutMs = inputs.cacheTimeoutMs ?? 100;
  const articles = content.articles;
  const items = feedItems(site, articles);
  const bySlug = new Map<string, Article>(articles.map((a) => [a.slug, a]));

  const feedLinks = [
    { path: paths.rss, type: "application/rss+xml" },
    { path: paths.atom, type: "application/atom+xml" },
    { path: paths.jsonFeed, type: "application/feed+json" },
  ];
  /** RFC 8288 Link: the document itself as `self` (feeds), the feeds as `alternate`. */
  const linkHeader = (self?: string) =>
    feedLinks
      .map(({ path, type }) => `<${absoluteUrl(site, path)}>; rel="${path === self ? "self" : "alternate"}"; type="${type}"`)
      .join(", ");

  const feed = (path: string, contentType: string, render: () => string): Document => ({
    kind: "feed",
    contentType,
    render,
    lastModified: newest(items),
    link: linkHeader(path),
  });

  const documents = new Map<string, Document>([
    [
      paths.home,
      {
        kind: "home",
        contentType: mediaTypes.html,
        render: () => renderHomePage(site, articles),
        lastModified: newest(items),
        link: linkHeader(),
      },
    ],
    [paths.rss, feed(paths.rss, mediaTypes.rss, () => renderRss(site, articles, { ttlMinutes: rssTtlMinutes() }))],
    [paths.atom, feed(paths.atom, mediaTypes.atom, () => renderAtom(site, articles))],
    [paths.jsonFeed, feed(paths.jsonFeed, mediaTypes.jsonFeed, () => renderJsonFeed(site, articles))],
    [paths.stylesheet, { kind: "asset", contentType: mediaTypes.css, render: () => stylesheet }],
    [paths.icon, { kind: "asset", contentType: mediaTypes.svg, render: () => icon }],
  ]);
  const articleDocument = (article: Article): Document => ({
    kind: "article",
    contentType: mediaTypes.html,
    render: () => renderArticlePage(site, article),
    lastModified: epochMs(article.updated),
    link: linkHeader(),
  });

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
    if (doc.kind === "feed") {
      // Partners read the feeds from their own pages (JSON Feed especially).
      headers["Access-Control-Allow-Origin"] = "*";
      headers["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Link";
    }
    if (doc.contentType === mediaTypes.html) {
      securityHeaders ??= htmlSecurityHeaders();
      const present = new Set(Object.keys(headers).map((name) => name.toLowerCase()));
      for (const [name, value] of Object.entries(await securityHeaders)) if (!present.has(name)) headers[name] = value;
    }
    return headers;
  }

  /** Renders a document, or takes its bytes from the shared cache, and builds its representation. */
  async function build(path: string, doc: Document, waitUntil: (p: Promise<unknown>) => void): Promise<Representation> {
    const shared = cache && { cache, id: await getBuildId() };
    const key = shared && cacheKey(shared.id, path);
    let stored = shared && key ? await lookup(shared.cache, key, shared.id, doc.contentType, cacheTimeoutMs) : undefined;
    if (!stored) {
      const body = encoder.encode(doc.render());
      stored = { body, etag: await entityTag(body), ...(doc.lastModified !== undefined && { lastModified: doc.lastModified }) };
      if (shared && key) waitUntil(store(shared.cache, key, shared.id, doc.contentType, stored, lifetimes[doc.kind].edgeMaxAge));
    }
    const gzipped = stored.body.length >= GZIP_MIN_BYTES && isCompressible(doc.contentType) ? await gzipBytes(stored.body) : undefined;
    return makeRepresentation({
      body: stored.body,
      etag: stored.etag,
      ...(doc.lastModified !== undefined && { lastModified: doc.lastModified }),
      headers: await headersFor(doc),
      // Worth it only when it saves real bytes.
      ...(gzipped && gzipped.length < stored.body.length * 0.9 && { gzipBody: gzipped }),
    });
  }

  // Representations this isolate holds. Per request the work is this lookup: the Cache
  // API is never on the path of a response the isolate already has. Concurrent first
  // requests share one promise.
  const held = new Map<string, Representation | Promise<Representation>>();

  function serve(c: Context, path: string, doc: Document): Response | Promise<Response> {
    const hit = held.get(path);
    if (hit !== undefined && !(hit instanceof Promise)) return respond(hit, c.req.raw, clock());
    let pending = hit;
    if (pending === undefined) {
      pending = build(path, doc, (p) => waitUntil(c, p)).then(
        (rep) => {
          held.set(path, rep);
          return rep;
        },
        (error) => {
          held.delete(path);
          throw error;
        },
      );
      held.set(path, pending);
    }
    return pending.then((rep) => respond(rep, c.req.raw, clock()));
  }

  // Fixed responses, built once: the 404 page, the 405, and the part of a 301 that does not
  // depend on the target.
  const notFoundBody = encoder.encode(renderNotFoundPage(site));
  const notFoundHeaders = new Headers({
    "Content-Type": mediaTypes.html,
    "Cache-Control": cacheControl("notFound"),
    "CDN-Cache-Control": cdnCacheControl("notFound")!,
    "X-Content-Type-Options": "nosniff",
  });
  const methodNotAllowedHeaders = new Headers({
    Allow: ALLOW,
    "Content-Type": mediaTypes.text,
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
  });
  const redirectHeaders = new Headers({
    "Cache-Control": cacheControl("redirect"),
    "CDN-Cache-Control": cdnCacheControl("redirect")!,
    "X-Content-Type-Options": "nosniff",
  });

  /** 404: no validators, never evaluated against preconditions (RFC 9110 §13.2.1), nothing reflected. */
  const sendNotFound = (c: Context) =>
    new Response(c.req.method === "HEAD" ? null : notFoundBody, { status: 404, headers: withDate(notFoundHeaders, clock()) });

  const app = new Hono();

  // Read-only: GET, HEAD and OPTIONS. Anything else, X-HTTP-Method-Override included,
  // is 405 with Allow (RFC 9110 §15.5.6), never cached.
  app.use("*", async (c, next) => {
    const method = c.req.method;
    if (method === "GET" || method === "HEAD" || method === "OPTIONS") return next();
    return new Response("Method not allowed\n", { status: 405, headers: withDate(methodNotAllowedHeaders, clock()) });
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
  for (const { path } of feedLinks) {
    app.options(path, async (c, next) => {
      const response = (await preflight(c, next)) ?? c.res;
      response.headers.set("X-Content-Type-Options", "nosniff");
      response.headers.set("Date", imfFixdate(Math.floor(clock() / 1000) * 1000));
      return response;
    });
  }
  const optionsHeaders = new Headers({ Allow: ALLOW, "Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff" });
  app.options("*", () => new Response(null, { status: 204, headers: withDate(optionsHeaders, clock()) }));

  for (const [path, doc] of documents) app.get(path, (c) => serve(c, path, doc));

  const articleDocs = new Map<string, Document>();
  app.get("/articles/:slug", (c) => {
    const slug = c.req.param("slug");
    const article = bySlug.get(slug);
    if (!article) return sendNotFound(c);
    let doc = articleDocs.get(slug);
    if (!doc) {
      doc = articleDocument(article);
      articleDocs.set(slug, doc);
    }
    return serve(c, paths.article(slug), doc);
  });

  app.notFound((c) => {
    // One canonical form per URL: a known path with a trailing slash is redirected to it.
    // The Location comes from the table of known paths (relative, no query), never from
    // the request, so it cannot become an open redirect or reflect input.
    const path = c.req.path;
    if (path.length > 1 && path.endsWith("/")) {
      const bare = path.slice(0, -1);
      const known = documents.has(bare)
        ? bare
        : bare.startsWith("/articles/") && bySlug.has(bare.slice(10))
          ? paths.article(bare.slice(10))
          : undefined;
      if (known !== undefined && known !== paths.home) {
        const headers = new Headers(withDate(redirectHeaders, clock()));
        headers.set("Location", known);
        return new Response(null, { status: 301, headers });
      }
    }
    return sendNotFound(c);
  });

  // Content cannot fail per request (it is validated at build time); anything else is a
  // bug, answered without detail and never cached.
  const errorHeaders = new Headers({ "Content-Type": mediaTypes.text, "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" });
  app.onError((error) => {
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
      const url = request.url;
      const start = url.indexOf("/", url.indexOf("//") + 2);
      const query = url.indexOf("?", start);
      const path = query < 0 ? url.slice(start) : url.slice(start, query);
      const rep = path.includes("%") ? undefined : held.get(path);
      if (rep !== undefined && !(rep instanceof Promise)) return respond(rep, request, clock());
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
