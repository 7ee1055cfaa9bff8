/**
 * From a document to its representation: the body (rendered, or taken from the Cache API
 * another isolate filled), its validators and its header set, built once per epoch and
 * document and then only looked up.
 */

import { sha256Base64Url } from "../core/hashing.js";
import { cacheControl, cdnCacheControl, lifetimes } from "../http/cache-policy.js";
import { CROSS_ORIGIN_HEADERS } from "../http/cors.js";
import { cacheKey, lookup, store } from "../http/edge-cache.js";
import { isCompressible } from "../http/encoding.js";
import { entityTag, makeRepresentation, type Representation } from "../http/representation.js";
import { securityHeaders } from "../http/security-headers.js";
import { type Document, renderDocument } from "../publishing/catalog.js";
import type { AppInputs } from "./inputs.js";

const encoder = new TextEncoder();
/** Bodies smaller than this are not worth a gzip variant. */
const GZIP_MIN_BYTES = 1024;

/**
 * The kinds of 200 document each isolate renders itself, never asking the Cache API (the shared
 * cache) first. What is costly to make is shared: feeds, archive pages and listings (each renders many
 * articles, a listing's read from their records), and the sitemaps and the build's files
 * (see docs/http-and-caching.md). Not a tombstone (small and rare), not an
 * article page: it is the page the build stored (one read, its slug bucket held) or a stored
 * record and a render of well under a millisecond, where the Cache API would add a lookup to
 * every first request and a write to every render (measured in `npm run bench`: cold pages at a
 * third of the rate); and not the
 * front page: its 50 cards come from the script (`liveCards`), a render of 1 ms cold and
 * 0.3 ms warm in Node, where the lookup made an isolate's first `/` 14–15 ms inside workerd
 * against 9 ms without it (`npx tsx scripts/bench/startup.ts --sizes 2000 --tags 5000
 * --authors 500`, 2026-12-07). Workers Cache in front of the Worker still keeps them by
 * their Cache-Control.
 */
const RENDERED_IN_ISOLATE: ReadonlySet<Document["lifetime"]> = new Set(["article", "home"]);

/** The app's inputs a representation depends on, with the defaults applied. */
export type BuilderInputs = Pick<AppInputs, "site" | "content" | "cache" | "deployId"> & {
  clock: () => number;
  cacheTimeoutMs: number;
  /** The pages' security headers (`pageSecurityHeaders`), made once for the app. */
  pageHeaders: Readonly<Record<string, string>>;
};

export type BuildRepresentation = (path: string, doc: Document, waitUntil: (p: Promise<unknown>) => void) => Promise<Representation>;

export function representationBuilder(inputs: BuilderInputs): BuildRepresentation {
  const { site, content, clock, cache, cacheTimeoutMs, pageHeaders } = inputs;
  let buildId: Promise<string> | undefined;
  // The cache key's build id: the deployed code, the content and the site configuration,
  // so a new deploy, new content or a new base URL never meets an old body.
  const getBuildId = () => {
    buildId ??= sha256Base64Url(encoder.encode(JSON.stringify({ deploy: inputs.deployId ?? "", content: content.version, site })));
    return buildId;
  };

  function headersFor(doc: Document): Record<string, string> {
    const headers: Record<string, string> = {
      "Content-Type": doc.contentType,
      "Cache-Control": cacheControl(doc.lifetime),
      "CDN-Cache-Control": cdnCacheControl(doc.lifetime)!,
    };
    // Only these types are encoded per client (by us and by the edge); others never vary.
    const vary = [...(doc.negotiated ? ["Accept"] : []), ...(isCompressible(doc.contentType) ? ["Accept-Encoding"] : [])];
    if (vary.length > 0) headers.Vary = vary.join(", ");
    if (doc.link) headers.Link = doc.link;
    // Partners read the feeds from their own pages (JSON Feed especially).
    if (doc.crossOrigin) Object.assign(headers, CROSS_ORIGIN_HEADERS);
    return { ...headers, ...securityHeaders(doc.contentType, pageHeaders) };
  }

  /** Renders a document, or takes its bytes from the shared cache, and builds its representation. */
  return async (path, doc, waitUntil) => {
    // Keyed by the document's version: one epoch's bytes never answer for another's, and
    // an unchanged document is found again after a publication.
    const shared = cache &&
      doc.status === 200 &&
      !RENDERED_IN_ISOLATE.has(doc.lifetime) && {
        cache,
        id: `${await getBuildId()}.${await sha256Base64Url(encoder.encode(doc.version))}`,
      };
    const key = shared && cacheKey(shared.id, path);
    let stored = shared && key ? await lookup(shared.cache, key, shared.id, doc.contentType, cacheTimeoutMs) : undefined;
    if (!stored) {
      const { body: text, lastModified } = await renderDocument(doc);
      const body = typeof text === "string" ? encoder.encode(text) : text;
      stored = { body, etag: doc.etag ?? (await entityTag(body)), ...(lastModified !== undefined && { lastModified }) };
      if (shared && key) {
        // The shared copy must not outlive the document's next change either.
        const ttl = Math.min(lifetimes[doc.lifetime].edgeMaxAge, Math.floor((doc.changesAt - clock()) / 1000));
        if (ttl > 0) waitUntil(store(shared.cache, key, shared.id, doc.contentType, stored, ttl));
      }
    }
    return makeRepresentation({
      status: doc.status,
      freshness: { lifetime: doc.lifetime, changesAt: doc.changesAt },
      body: stored.body,
      etag: stored.etag,
      ...(stored.lastModified !== undefined && { lastModified: stored.lastModified }),
      headers: headersFor(doc),
      // Compressed on the first request that accepts gzip, and kept only when it saves real bytes.
      gzipLater: stored.body.length >= GZIP_MIN_BYTES && isCompressible(doc.contentType),
    });
  };
}
