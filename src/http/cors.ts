/**
 * Cross-origin reading (Fetch's CORS protocol) of the documents partners read from their own
 * pages: the feeds and the schemas. The headers a script may read, and those a 200 and its 304
 * carry, written once for the documents and the preflight.
 */

/** Response headers a cross-origin script may read besides the CORS-safelisted ones. */
export const CORS_EXPOSED_HEADERS = ["ETag", "Last-Modified", "Link"] as const;

/** The headers of a response readable from any origin (no credentials: the feeds are public). */
export const CROSS_ORIGIN_HEADERS: Readonly<Record<string, string>> = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Expose-Headers": CORS_EXPOSED_HEADERS.join(", "),
};
