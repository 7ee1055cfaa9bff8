/** The URL map: every public path of the service, built in one place. */
import type { Site } from "./model.js";

export const paths = {
  home: "/",
  article: (slug: string) => `/articles/${slug}`,
  rss: "/rss.xml",
  atom: "/atom.xml",
  jsonFeed: "/feed.json",
  stylesheet: "/site.css",
  /** The SVG icon pages link; the raster sizes are in `icons`. */
  icon: "/favicon.svg",
  sitemap: "/sitemap.xml",
  /** A file of the split sitemap (`/sitemaps/articles-1.xml`), listed by `/sitemap.xml`. */
  sitemapFile: (name: string) => `/sitemaps/${name}.xml`,
  newsSitemap: "/sitemap-news.xml",
  robots: "/robots.txt",
  /** How to republish: the syndication profile, feeds, backfill, polling etiquette. */
  partners: "/partners",
  /** JSON Schema of the `_syndication` extension, version 1 (the public feeds). */
  syndicationSchema: "/schemas/syndication-1.json",
  /** Version 2: version 1 plus embargoed items, which only the partner feed carries. */
  syndicationSchemaV2: "/schemas/syndication-2.json",
  /** The partners' JSON Feed: the public one plus embargoed items, with `Authorization: Bearer`. */
  partnerFeed: "/partners/feed.json",
  /** `/sections/world`, `/tags/russia`, `/authors/olena-marchenko`: a listing page. */
  facet: (kind: string, slug: string) => `/${kind}/${slug}`,
} as const;

/**
 * The newsroom's icon as PNG, made at build time (`src/content-build/icons.ts`): a large square
 * (JSON Feed `icon`, Atom `<icon>`), RSS 2.0's `<image>` (at most 144 wide), a small
 * square (JSON Feed `favicon`, pages), and Atom's 2:1 `<logo>`.
 */
export const icons = {
  large: { path: "/icon-512.png", width: 512, height: 512 },
  rss: { path: "/icon-144.png", width: 144, height: 144 },
  favicon: { path: "/icon-64.png", width: 64, height: 64 },
  logo: { path: "/logo.png", width: 1024, height: 512 },
} as const;
export type IconRole = keyof typeof icons;
export const ICON_FILES = (Object.keys(icons) as IconRole[]).map((role) => ({ role, ...icons[role] }));

/** Where one feed lives in each format, and the HTML page it is the feed of. */
export interface FeedPaths {
  rss: string;
  atom: string;
  json: string;
  html: string;
}

/** The three formats every feed is served in: its key in `FeedPaths`, media type and name. */
export const FEED_FORMATS = [
  { key: "rss", type: "application/rss+xml", label: "RSS" },
  { key: "atom", type: "application/atom+xml", label: "Atom" },
  { key: "json", type: "application/feed+json", label: "JSON Feed" },
] as const;

/** A feed's three documents: RSS, Atom, JSON Feed. */
export function feedFormats(feed: FeedPaths): string[] {
  return FEED_FORMATS.map(({ key }) => feed[key]);
}

/** The three formats of a feed under a folder (`/tags/russia` → `/tags/russia/rss.xml`…). */
export function feedPathsUnder(folder: string, html: string): FeedPaths {
  return { rss: `${folder}/rss.xml`, atom: `${folder}/atom.xml`, json: `${folder}/feed.json`, html };
}

export const feedPaths = {
  /** The newsroom's subscription feeds. */
  main: { rss: paths.rss, atom: paths.atom, json: paths.jsonFeed, html: paths.home } satisfies FeedPaths,
  /** Every article by its last change, for partners who mirror corrections. */
  updates: feedPathsUnder("/updates", paths.home),
  /** A section, tag or author feed, beside its listing page. */
  facet: (kind: string, slug: string) => feedPathsUnder(paths.facet(kind, slug), paths.facet(kind, slug)),
  /** RFC 5005 archive page `n` (1 = the oldest articles), of FEED_SIZE articles each. */
  archive: (page: number) => feedPathsUnder(`/archive/${page}`, paths.home),
};

/**
 * Absolute URL of a path on the configured public base URL (never the request's Host).
 * A path with characters outside printable ASCII (a slug in another script) is
 * percent-encoded, so every URL the service writes is a URI (RFC 3986).
 */
export function absoluteUrl(site: Site, path: string): string {
  return site.baseUrl + (/^[\x21-\x7e]*$/.test(path) ? path : encodeURI(path));
}

/** A content URL made absolute: root-relative ones (`/images/…`) against the base URL. */
export function resolveUrl(site: Site, url: string): string {
  return url.startsWith("/") ? absoluteUrl(site, url) : url;
}

/**
 * Makes the root-relative URLs (`href="/…"`, `src="/…"`, each of a `srcset`) of build-time HTML absolute.
 * The build allows only absolute http(s) URLs, fragments and root-relative paths in
 * content, and escapes every `"` in text, so this pattern only meets real attributes.
 */
export function absolutizeHtml(site: Site, htmlText: string): string {
  return htmlText
    .replace(/ (href|src)="\/(?!\/)/g, ` $1="${site.baseUrl}/`)
    .replace(/ srcset="([^"]*)"/g, (_, list: string) => ` srcset="${list.replace(/(^|, )\/(?!\/)/g, `$1${site.baseUrl}/`)}"`);
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

/** Where the path of a request's absolute URL starts, after `scheme://authority` (a query starts at the first `?` after it). */
export function pathStart(url: string): number {
  return url.indexOf("/", url.indexOf("//") + 2);
}
