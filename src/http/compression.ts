/**
 * Which responses Cloudflare's edge compresses for clients, and so which ones this
 * service may send precompressed.
 *
 * In production a Worker does not see the client's Accept-Encoding: Cloudflare sends it
 * `br, gzip` and then, for the content types below, re-encodes or decodes the response to
 * suit the client (Miniflare's entry worker emulates the same). For any other type the
 * bytes go to the client as the Worker sent them. So a gzip body is safe only for these
 * types; Atom (`application/atom+xml`) and JSON Feed (`application/feed+json`) are not on
 * the list, so they are always sent as identity, and do not vary by Accept-Encoding.
 *
 * List: developers.cloudflare.com/speed/optimization/content/compression/ (the content
 * types compressed by default), as also used by Miniflare 4.20260426.
 */
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
