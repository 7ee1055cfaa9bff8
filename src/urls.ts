/** The URL map: every public path of the service, built in one place. */
import type { Site } from "./model.js";

export const paths = {
  home: "/",
  article: (slug: string) => `/articles/${slug}`,
  rss: "/rss.xml",
  atom: "/atom.xml",
  jsonFeed: "/feed.json",
  stylesheet: "/site.css",
  icon: "/favicon.svg",
} as const;

/** Absolute URL of a path on the configured public base URL (never the request's Host). */
export function absoluteUrl(site: Site, path: string): string {
  return site.baseUrl + path;
}

/** A content URL made absolute: root-relative ones (`/images/…`) against the base URL. */
export function resolveUrl(site: Site, url: string): string {
  return url.startsWith("/") ? absoluteUrl(site, url) : url;
}

/**
 * Makes the root-relative URLs (`href="/…"`, `src="/…"`) of build-time HTML absolute.
 * The build allows only absolute http(s) URLs, fragments and root-relative paths in
 * content, and escapes every `"` in text, so this pattern only meets real attributes.
 */
export function absolutizeHtml(site: Site, htmlText: string): string {
  return htmlText.replace(/ (href|src)="\/(?!\/)/g, ` $1="${site.baseUrl}/`);
}

/** Whether `value` parses as a URL (relative to `base` when given). */
export function parsesAsUrl(value: string, base?: string): boolean {
  try {
    new URL(value, base);
    return true;
  } catch {
    return false;
  }
}
