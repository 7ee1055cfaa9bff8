/**
 * Content codings: which responses may be sent precompressed, and to whom.
 *
 * A Worker does not see the client's Accept-Encoding: Cloudflare (and Miniflare, under
 * `wrangler dev`) replace it with `br, gzip` and keep the client's own value in
 * `request.cf.clientAcceptEncoding`. So the choice of encoding is made from that value
 * (`clientAcceptEncoding`), and a client that sent no Accept-Encoding, `identity`,
 * `gzip;q=0` or a coding nobody knows gets identity bytes from the Worker itself —
 * whatever the edge in front of it would or would not undo.
 *
 * For the content types below, Cloudflare also encodes the response per client (gzip or
 * brotli, or none, as the client's Accept-Encoding allows). For any other type the bytes
 * go to the client as the Worker sent them; so a gzip body is sent only for these types.
 * Atom (`application/atom+xml`) and JSON Feed (`application/feed+json`) are not on the
 * list: they are always identity, and do not vary by Accept-Encoding.
 *
 * List: developers.cloudflare.com/speed/optimization/content/compression/ (the content
 * types compressed by default), as also used by Miniflare 4.20260426.
 */
import { memoized } from "../core/memo.js";

const COMPRESSED_BY_CLOUDFLARE = new Set([
  "text/html",
  "text/plain",
  "text/css",
  "text/xml",
  "application/xml",
  "application/rss+xml",
  "application/json",
  "application/ld+json",
  "application/manifest+json",
  "image/svg+xml",
]);

/** Whether responses of this Content-Type are compressed by the edge, and so may be precompressed. */
export function isCompressible(contentType: string): boolean {
  return COMPRESSED_BY_CLOUDFLARE.has(contentType.split(";")[0]!.trim().toLowerCase());
}

/**
 * The client's own Accept-Encoding: `cf.clientAcceptEncoding` when the edge replaced the
 * header (workers-types: "the original value of the Accept-Encoding header if Cloudflare
 * modified it"; Miniflare sets it to "" when the client sent none), else the header.
 * Null when the client sent none.
 */
export function clientAcceptEncoding(request: Request): string | null {
  const original = (request as { cf?: { clientAcceptEncoding?: unknown } }).cf?.clientAcceptEncoding;
  if (typeof original === "string") return original === "" ? null : original;
  return request.headers.get("Accept-Encoding");
}

// Clients send few distinct Accept-Encoding values; each is parsed once.
const parsedAcceptsGzip = memoized((header: string): boolean => {
  let gzip: number | undefined;
  let star: number | undefined;
  for (const part of header.slice(0, 1024).split(",")) {
    const [coding = "", ...params] = part.split(";").map((p) => p.trim().toLowerCase());
    const qParam = params.find((p) => p.startsWith("q="));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    const weight = Number.isFinite(q) ? q : 0;
    if (coding === "gzip" || coding === "x-gzip") gzip = weight;
    else if (coding === "*") star = weight;
  }
  return (gzip ?? star ?? 0) > 0;
});

/**
 * Whether an Accept-Encoding field value (RFC 9110 §12.5.3) accepts gzip: `gzip` (or
 * `x-gzip`) with a non-zero weight, or `*` with one when gzip is not named.
 */
export function acceptsGzip(header: string | null): boolean {
  return header !== null && parsedAcceptsGzip(header);
}
