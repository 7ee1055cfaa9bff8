/**
 * Cross-origin reading (Fetch's CORS protocol) of the documents partners read from their own
 * pages: the feeds and the schemas. The headers a script may read, and those a 200 and its 304
 * carry, written once for the documents and the preflight.
 */

/** Response headers a cross-origin script may read besides the CORS-safelisted ones. */
export const CORS_EXPOSED_HEADERS = ["ETag", "Last-Modified", "Link"] as const;

/** Readable by a script of any origin (no credentials: what is public is public everywhere). */
export const ANY_ORIGIN: Readonly<Record<string, string>> = { "Access-Control-Allow-Origin": "*" };

/** The headers of a document readable from any origin, with its validators and links (the feeds, the schemas). */
export const CROSS_ORIGIN_HEADERS: Readonly<Record<string, string>> = {
  ...ANY_ORIGIN,
  "Access-Control-Expose-Headers": CORS_EXPOSED_HEADERS.join(", "),
};
