/** The URL map: every public path of the service, built in one place. */
import type { Site } from "./model.js";

/** What follows an article's slug in the path of its ninjs document (a slug has no dot). */
export const NINJS_SUFFIX = ".ninjs.json";

export const paths = {
  home: "/",
  article: (slug: string) => `/articles/${slug}`,
  /** An article as an IPTC ninjs 3.1 document (`src/render/ninjs.ts`). */
  articleNinjs: (slug: string) => `/articles/${slug}${NINJS_SUFFIX}`,
  stylesheet: "/site.css",
  /** The SVG icon pages link; the raster sizes are in `icons`. */
  icon: "/favicon.svg",
  sitemap: "/sitemap.xml",
  /** A file of the split sitemap (`/sitemaps/articles-1.xml`), listed by `/sitemap.xml`. */
  sitemapFile: (name: string) => `${paths.sitemapFolder}/${name}.xml`,
  sitemapFolder: "/sitemaps",
  newsSitemap: "/sitemap-news.xml",
  robots: "/robots.txt",
  /** How to republish: the syndication profile, feeds, backfill, polling etiquette. */
  partners: "/partners",
  /**
   * JSON Schema of the `_syndication` extension, version 3, which every JSON Feed carries: version
   * 2 plus each item's `ninjs` document. Versions 1 (the public feeds' until version 3) and 2 (the
   * partner feed's) stay served, unchanged, for clients that pinned them.
   */
  syndicationSchema: "/schemas/syndication-3.json",
  syndicationSchemaV1: "/schemas/syndication-1.json",
  syndicationSchemaV2: "/schemas/syndication-2.json",
  /** The partners' JSON Feed: the public one plus embargoed items, with `Authorization: Bearer`. */
  partnerFeed: "/partners/feed.json",
  /** An embargoed article's ninjs document (`pubStatus: withheld`), with `Authorization: Bearer`. */
  partnerNinjs: (slug: string) => `/partners/articles/${slug}${NINJS_SUFFIX}`,
  /** `/sections/world`, `/tags/russia`, `/authors/olena-marchenko`: a listing page. */
  facet: (kind: string, slug: string) => `/${kind}/${slug}`,
  /** An ActivityPub actor (the newsroom, a section, an author) by its handle (`src/core/handles.ts`). */
  actor: (handle: string) => `/actors/${handle}`,
  inbox: (handle: string) => `/actors/${handle}/inbox`,
  outbox: (handle: string) => `/actors/${handle}/outbox`,
  /** Page `n` of an outbox (1 = the oldest activities), newest first within it. */
  outboxPage: (handle: string, n: number) => `/actors/${handle}/outbox/page/${n}`,
  followers: (handle: string) => `/actors/${handle}/followers`,
  /** Every actor's inbox at once (`endpoints.sharedInbox`): a server delivers one copy for all. */
  sharedInbox: "/inbox",
  webfinger: "/.well-known/webfinger",
  nodeinfoLinks: "/.well-known/nodeinfo",
  nodeinfo: "/nodeinfo/2.1",
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

/**
 * Where one feed lives: the folder its formats' files are in (`/tags/russia`; the newsroom's
 * feeds are at the root), and the HTML page it is the feed of. The formats themselves (RSS,
 * Atom, JSON Feed) are listed once, in `src/render/feed-formats.ts`.
 */
export interface FeedPaths {
  folder: string;
  html: string;
}

/** The path of a feed in one format (`/tags/russia` + `rss.xml` → `/tags/russia/rss.xml`). */
export function feedPath(feed: FeedPaths, format: { readonly file: string }): string {
  return `${feed.folder}/${format.file}`;
}

export const feedPaths = {
  /** The newsroom's subscription feeds: `/rss.xml`, `/atom.xml`, `/feed.json`. */
  main: { folder: "", html: paths.home } satisfies FeedPaths,
  /** Every article by its last change, for partners who mirror corrections. */
  updates: { folder: "/updates", html: paths.home } satisfies FeedPaths,
  /** A section, tag or author feed, beside its listing page. */
  facet: (kind: string, slug: string): FeedPaths => ({ folder: paths.facet(kind, slug), html: paths.facet(kind, slug) }),
  /** RFC 5005 archive page `n` (1 = the oldest articles), of FEED_SIZE articles each. */
  archive: (page: number): FeedPaths => ({ folder: `/archive/${page}`, html: paths.home }),
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
