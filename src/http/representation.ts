/**
 * A representation: a response body rendered and encoded once, with its validators and
 * its header sets prebuilt, so that answering a request is a header lookup, a
 * comparison and a `new Response` — O(1), no rendering, no hashing.
 */
import { imfFixdate } from "../render/dates.js";
import { isNotModified } from "./conditional.js";

export interface Representation {
  readonly body: Uint8Array;
  /** Weak entity-tag over the body, e.g. `W/"sha256-…"`. */
  readonly etag: string;
  /** Whole seconds, ms since the epoch; absent when the content has no date. */
  readonly lastModified?: number;
  /** Every header of the 200 except Date. */
  readonly headers: Headers;
  /** The headers a 304 repeats (RFC 9110 §15.4.5), except Date. */
  readonly notModifiedHeaders: Headers;
}

/**
 * Headers a 304 must carry when the 200 would (RFC 9110 §15.4.5), plus Last-Modified,
 * the CORS headers (a cross-origin conditional fetch must be able to read its 304), and
 * nosniff.
 */
const REPEATED_ON_304 = [
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

/** SHA-256 of the bytes as base64url, the opaque part of every entity-tag here. */
export async function sha256Base64Url(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  let binary = "";
  for (const byte of digest) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * The entity-tag of a body. Weak (`W/`), because the runtime and Cloudflare compress
 * responses on the fly, and one strong tag shared by the gzip and identity encodings
 * would break RFC 9110 §8.8.3.3; a weak tag promises only semantic equivalence.
 */
export async function entityTag(body: Uint8Array): Promise<string> {
  return `W/"sha256-${await sha256Base64Url(body)}"`;
}

export interface RepresentationInit {
  body: Uint8Array;
  etag: string;
  lastModified?: number;
  /** Every header of the 200 other than ETag, Last-Modified and Date. */
  headers: Record<string, string>;
}

export function makeRepresentation(init: RepresentationInit): Representation {
  const headers = new Headers(init.headers);
  headers.set("ETag", init.etag);
  const lastModified = init.lastModified === undefined ? undefined : Math.floor(init.lastModified / 1000) * 1000;
  if (lastModified !== undefined) headers.set("Last-Modified", imfFixdate(lastModified));
  const notModifiedHeaders = new Headers();
  for (const name of REPEATED_ON_304) {
    const value = headers.get(name);
    if (value !== null) notModifiedHeaders.set(name, value);
  }
  return { body: init.body, etag: init.etag, ...(lastModified !== undefined && { lastModified }), headers, notModifiedHeaders };
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

/** Answers a GET or HEAD from a representation: 304 when the client's copy is current, else 200. */
export function respond(rep: Representation, request: Request, now: number): Response {
  if (isNotModified(request.headers, rep)) {
    return new Response(null, { status: 304, headers: withDate(rep.notModifiedHeaders, now) });
  }
  return new Response(request.method === "HEAD" ? null : rep.body, { status: 200, headers: withDate(rep.headers, now) });
}
