/**
 * The security headers of every response, chosen here only (`securityHeaders`): nosniff on
 * everything; for HTML pages Hono's `secure-headers`, evaluated once with this service's
 * choices, so its header set can be copied into every page's representation; for SVG its own
 * Content-Security-Policy.
 */
import { Hono } from "hono";
import { secureHeaders } from "hono/secure-headers";

/** Content-Security-Policy of the HTML pages: no script at all, styles and images only. */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'none'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", "https:", "data:"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors: ["'none'"],
};

/**
 * The headers for pages served from `baseUrl`.
 * - `Strict-Transport-Security` only when the service is served over https: a browser
 *   ignores it over http (RFC 6797 §8.1), and it is then only a wrong promise.
 * - No `X-XSS-Protection` (the filter it controlled is gone from every browser; the CSP
 *   does that job) and no `X-Download-Options` (an Internet Explorer 8 switch): both are
 *   deprecated, and Hono sends them by default.
 */
export async function pageSecurityHeaders(baseUrl: string): Promise<Record<string, string>> {
  const probe = new Hono();
  probe.use(
    secureHeaders({
      contentSecurityPolicy: CONTENT_SECURITY_POLICY,
      strictTransportSecurity: baseUrl.startsWith("https://"),
      xXssProtection: false,
      xDownloadOptions: false,
    }),
  );
  // An empty body carries no representation headers: what the probe answers is the middleware's alone.
  probe.get("/", () => new Response(null));
  const response = await probe.request("/");
  return Object.fromEntries(response.headers);
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
