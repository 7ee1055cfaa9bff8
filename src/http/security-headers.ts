/**
 * The security headers of every response, chosen here only (`securityHeaders`): nosniff on
 * everything; for HTML pages the header set of Hono's `secure-headers` with this service's
 * choices (written out here, so an isolate never runs the middleware to learn it: a probe app
 * cost its first request 3.4 of 14 sampled ms in workerd's profiler; tests/unit/security-headers.test.ts
 * holds it equal to the middleware's own answer); for SVG its own Content-Security-Policy.
 */

/** Content-Security-Policy of the HTML pages: no script at all, styles and images only. */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'none'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", "https:", "data:"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors: ["'none'"],
};

/** `defaultSrc` → `default-src 'none'`, joined as `secure-headers` joins them. */
const policyText = Object.entries(CONTENT_SECURITY_POLICY)
  .map(([directive, sources]) => `${directive.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ${sources.join(" ")}`)
  .join("; ");

/** `secure-headers`' defaults that this service keeps, in its lower-case names. */
const PAGE_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy": policyText,
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
  "origin-agent-cluster": "?1",
  "referrer-policy": "no-referrer",
  "x-content-type-options": "nosniff",
  "x-dns-prefetch-control": "off",
  "x-frame-options": "SAMEORIGIN",
  "x-permitted-cross-domain-policies": "none",
};

/** `secure-headers`' default HSTS (180 days). */
const STRICT_TRANSPORT_SECURITY = "max-age=15552000; includeSubDomains";

/**
 * The headers for pages served from `baseUrl`.
 * - `Strict-Transport-Security` only when the service is served over https: a browser
 *   ignores it over http (RFC 6797 §8.1), and it is then only a wrong promise.
 * - No `X-XSS-Protection` (the filter it controlled is gone from every browser; the CSP
 *   does that job) and no `X-Download-Options` (an Internet Explorer 8 switch): both are
 *   deprecated, and Hono sends them by default.
 */
export function pageSecurityHeaders(baseUrl: string): Record<string, string> {
  return baseUrl.startsWith("https://") ? { ...PAGE_HEADERS, "strict-transport-security": STRICT_TRANSPORT_SECURITY } : { ...PAGE_HEADERS };
}

/**
 * Content-Security-Policy of an SVG document (the icon): it may be a newsroom's own file,
 * so opened by itself it runs no script and loads nothing but the inline image of a wrapped PNG.
 */
export const SVG_CONTENT_SECURITY_POLICY = "default-src 'none'; img-src data:; sandbox";

/**
 * The security headers of a response with this Content-Type (undefined: a response without a
 * body). Every response is `nosniff`; an SVG document gets its own CSP; a page gets `pages`,
 * the set `pageSecurityHeaders` made (given for the catalog's pages and the 404 page; the other
 * fixed responses — 405, 503, a 301 — have no page to protect and send nosniff alone).
 */
export function securityHeaders(contentType: string | undefined, pages?: Readonly<Record<string, string>>): Record<string, string> {
  const headers: Record<string, string> = { "X-Content-Type-Options": "nosniff" };
  if (contentType?.startsWith("image/svg+xml")) headers["Content-Security-Policy"] = SVG_CONTENT_SECURITY_POLICY;
  if (pages !== undefined && contentType?.startsWith("text/html")) {
    // Hono's set names its headers in lower case, nosniff among them: each is added once.
    const present = new Set(Object.keys(headers).map((name) => name.toLowerCase()));
    for (const [name, value] of Object.entries(pages)) if (!present.has(name)) headers[name] = value;
  }
  return headers;
}
