/**
 * A representation: a response body rendered and encoded once, with its validators and
 * its header sets prebuilt, so that answering a request is a header lookup, a
 * comparison and a `new Response` — O(1), no rendering, no hashing.
 */
import { sha256Base64Url } from "../core/hashing.js";
import { imfFixdate } from "../render/dates.js";
import { cacheControl, cdnCacheControl, type Lifetime, longestReuse } from "./cache-policy.js";
import { isNotModified } from "./conditional.js";
import { acceptsGzip, clientAcceptEncoding } from "./encoding.js";

/** One encoding of a representation's bytes, with its own validator and header sets. */
export interface Variant {
  /**
   * The bytes, held as a Blob: workerd sends a Blob's bytes without copying them into each
   * Response, where a Uint8Array body is copied on every request (a 320 KB body: 98 µs of
   * workerd CPU a request from a Blob, 268 from a Uint8Array, `scripts/bench/workerd-costs.ts`,
   * 2026-12-08; docs/performance.md, the tenth part).
   */
  readonly body: Blob;
  /** Weak entity-tag over the body, e.g. `W/"sha256-…"`; distinct per encoding. */
  readonly etag: string;
  /** Every header of the 200 except Date. */
  readonly headers: Headers;
  /** The headers a 304 repeats (RFC 9110 §15.4.5), except Date. */
  readonly notModifiedHeaders: Headers;
}

/** How long a representation may be cached, and until when (a known future change). */
export interface Freshness {
  readonly lifetime: Exclude<Lifetime, "error">;
  /** ms since the epoch; lifetimes are capped so no cache keeps the response past it. */
  readonly changesAt: number;
}

export interface Representation extends Variant {
  /** 200, or 410 for a tombstone page (never answered with 304: RFC 9110 §13.2.1). */
  readonly status: number;
  /** Whole seconds, ms since the epoch; absent when the content has no date. */
  readonly lastModified?: number;
  readonly freshness?: Freshness;
  /**
   * The same bytes gzip-compressed once, for clients that accept gzip: sent as they are
   * (`encodeBody: "manual"`) instead of the runtime compressing every response anew.
   */
  readonly gzip?: Variant;
  /**
   * A gzip variant is worth trying but not made yet: it is made on the first request whose
   * client accepts gzip (`withGzip`), so a page no such client asks for never pays for it.
   */
  readonly gzipLater?: true;
}

/**
 * Headers a 304 must carry when the 200 would (RFC 9110 §15.4.5), plus Last-Modified,
 * the CORS headers (a cross-origin conditional fetch must be able to read its 304), and
 * nosniff.
 */
export const REPEATED_ON_304 = [
  "Cache-Control",
  "CDN-Cache-Control",
  "Content-Location",
  "ETag",
  "Expires",
  "Last-Modified",
  "Vary",
  "Access-Control-Allow-Origin",
  "Access-Control-Expose-Headers",
  "X-Content-Type-Options",
];

/**
 * The entity-tag of a body. Weak (`W/`), because the runtime and Cloudflare compress
 * responses on the fly, and one strong tag shared by the gzip and identity encodings
 * would break RFC 9110 §8.8.3.3; a weak tag promises only semantic equivalence.
 */
export async function entityTag(body: Uint8Array): Promise<string> {
  return entityTagOf(await sha256Base64Url(body));
}

/** The entity-tag of a body whose SHA-256 (base64url) is known. */
export const entityTagOf = (sha256: string): string => `W/"sha256-${sha256}"`;

export interface RepresentationInit {
  status?: number;
  freshness?: Freshness;
  body: Uint8Array;
  etag: string;
  lastModified?: number;
  /** Every header of the 200 other than ETag, Last-Modified and Date. */
  headers: Record<string, string>;
  /** The body gzip-compressed, when compression pays. */
  gzipBody?: Uint8Array | Blob;
  /** No gzip body yet, but one may pay: see `Representation.gzipLater`. */
  gzipLater?: boolean;
}

function variant(bytes: Uint8Array | Blob, etag: string, headers: Headers, validators: boolean): Variant {
  if (validators) headers.set("ETag", etag);
  const body = bytes instanceof Blob ? bytes : new Blob([bytes]);
  const notModifiedHeaders = new Headers();
  for (const name of REPEATED_ON_304) {
    const value = headers.get(name);
    if (value !== null) notModifiedHeaders.set(name, value);
  }
  return { body, etag, headers, notModifiedHeaders };
}

export function makeRepresentation(init: RepresentationInit): Representation {
  const headers = new Headers(init.headers);
  const lastModified = init.lastModified === undefined ? undefined : Math.floor(init.lastModified / 1000) * 1000;
  // Only a 200 is ever revalidated (RFC 9110 §13.2.1: preconditions are ignored when the
  // response would not be a 2xx), so only a 200 advertises validators; a 410 tombstone with
  // an ETag would invite If-None-Match requests it must answer in full.
  const validators = (init.status ?? 200) === 200;
  if (lastModified !== undefined && validators) headers.set("Last-Modified", imfFixdate(lastModified));
  const identity = variant(init.body, init.etag, headers, validators);
  return {
    ...identity,
    status: init.status ?? 200,
    ...(lastModified !== undefined && { lastModified }),
    ...(init.freshness && { freshness: init.freshness }),
    ...(init.gzipBody && { gzip: gzipVariant(identity, init.gzipBody, validators) }),
    ...(!init.gzipBody && init.gzipLater && { gzipLater: true as const }),
  };
}

/** The gzip variant of an identity variant: same headers plus Content-Encoding, its own tag. */
function gzipVariant(identity: Variant, gzipBody: Uint8Array | Blob, validators: boolean): Variant {
  const gzipHeaders = new Headers(identity.headers);
  gzipHeaders.set("Content-Encoding", "gzip");
  // A distinct tag per encoding (RFC 9110 §8.8.3.3), derived from the identity tag.
  return variant(gzipBody, `${identity.etag.slice(0, -1)}.gz"`, gzipHeaders, validators);
}

/**
 * The representation with its gzip variant made (when the compressed bytes save at least a
 * tenth), and no longer waiting for one.
 */
export async function withGzip(rep: Representation): Promise<Representation> {
  const { gzipLater: _, ...rest } = rep;
  if (rep.gzip !== undefined) return rest;
  const gzipped = await gzipBlob(rep.body);
  if (gzipped.size >= rep.body.size * 0.9) return rest;
  return { ...rest, gzip: gzipVariant(rep, gzipped, rep.status === 200) };
}

/**
 * gzip-compresses a body with the platform's CompressionStream (workerd and Node alike), into a
 * Blob (what a variant holds), with no copy through JavaScript.
 */
export function gzipBlob(body: Blob): Promise<Blob> {
  return new Response(body.stream().pipeThrough(new CompressionStream("gzip"))).blob();
}

// The Date header changes once a second; header sets with it are rebuilt at most that often.
const dated = new WeakMap<Headers, { second: number; headers: Headers }>();

/** `base` plus a Date header for `now` (RFC 9110 §6.6.1), cached for the current second. */
export function withDate(base: Headers, now: number): Headers {
  const second = Math.floor(now / 1000);
  const hit = dated.get(base);
  if (hit && hit.second === second) return hit.headers;
  const headers = new Headers(base);
  headers.set("Date", imfFixdate(second * 1000));
  dated.set(base, { second, headers });
  return headers;
}

// Header sets with lifetimes capped before a known change, rebuilt at most once a second.
const capped = new WeakMap<Headers, { key: string; headers: Headers }>();

/**
 * `base` plus Date, with Cache-Control and CDN-Cache-Control capped so that no cache
 * reuses the response (fresh or stale-while-revalidate) past `freshness.changesAt`.
 * Only near such a change does this do any work; otherwise it is `withDate`.
 */
export function headersAt(base: Headers, now: number, freshness: Freshness | undefined): Headers {
  if (freshness === undefined) return withDate(base, now);
  const { lifetime, changesAt } = freshness;
  const remaining = changesAt - now;
  if (remaining > longestReuse(lifetime) * 1000) return withDate(base, now);
  const cap = Math.max(0, Math.floor(remaining / 1000));
  const second = Math.floor(now / 1000);
  const key = `${second}/${cap}`;
  const hit = capped.get(base);
  if (hit && hit.key === key) return hit.headers;
  const headers = new Headers(base);
  headers.set("Date", imfFixdate(second * 1000));
  if (headers.has("Cache-Control")) headers.set("Cache-Control", cacheControl(lifetime, cap));
  const cdn = cdnCacheControl(lifetime, cap);
  if (headers.has("CDN-Cache-Control") && cdn !== undefined) headers.set("CDN-Cache-Control", cdn);
  capped.set(base, { key, headers });
  return headers;
}

/**
 * Answers a GET or HEAD from a representation: the gzip variant when the client itself
 * accepts gzip (its own Accept-Encoding, not the one the edge put in its place), then 304
 * when the client's copy of that variant is current, else the status.
 */
export function respond(rep: Representation, request: Request, now: number): Response {
  const headers = request.headers;
  const chosen = rep.gzip !== undefined && acceptsGzip(clientAcceptEncoding(request)) ? rep.gzip : rep;
  if (rep.status === 200 && isNotModified(headers, chosen.etag, rep.lastModified)) {
    return new Response(null, { status: 304, headers: headersAt(chosen.notModifiedHeaders, now, rep.freshness) });
  }
  const body = request.method === "HEAD" ? null : chosen.body;
  const status = rep.status;
  if (chosen === rep) return new Response(body, { status, headers: headersAt(rep.headers, now, rep.freshness) });
  // The bytes are already gzip: workerd must send them as they are.
  return new Response(body, { status, headers: headersAt(chosen.headers, now, rep.freshness), encodeBody: "manual" } as ResponseInit);
}
