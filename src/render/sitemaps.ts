/**
 * Discovery for search engines: `sitemap.xml` (sitemaps.org 0.9, `lastmod` from the
 * content, never from the clock), the Google News sitemap (articles of the last two
 * days, https://developers.google.com/search/docs/crawling-indexing/sitemaps/news-sitemap)
 * and `robots.txt` pointing at both.
 */
import type { ArticleMeta, Site } from "../model.js";
import { absoluteUrl, paths } from "../urls.js";
import { xmlElement } from "./xml.js";

/** A page and the time its content last changed (RFC 3339). */
export interface SitemapEntry {
  path: string;
  lastmod: string;
}

/** Google reads at most 50,000 URLs from one sitemap file (and 50,000 files from an index). */
export const SITEMAP_MAX_URLS = 50_000;

/**
 * URLs per file once the sitemap is split: about 100 bytes a URL, so a file stays near
 * half a MiB, well inside the protocol's 50,000 URLs and 50 MB.
 */
export const SITEMAP_FILE_URLS = 5_000;

/** One file of a split sitemap: its path, its URLs, and the newest of their lastmods. */
export interface SitemapFile {
  path: string;
  entries: SitemapEntry[];
  lastmod: string | undefined;
}

/** How the sitemap is served: one urlset while it fits one file, else an index over files. */
export type SitemapPlan = { kind: "urlset"; entries: SitemapEntry[] } | { kind: "index"; files: SitemapFile[] };

/** The newest lastmod of `entries` as written (they may carry different offsets). */
function newestLastmod(entries: readonly SitemapEntry[]): string | undefined {
  let newest: SitemapEntry | undefined;
  for (const e of entries) if (newest === undefined || Date.parse(e.lastmod) > Date.parse(newest.lastmod)) newest = e;
  return newest?.lastmod;
}

/**
 * The front page (if it has content), the articles (newest first) and the listing pages.
 * Split, the front page and listings go into `pages-N` files and the articles, oldest first,
 * into `articles-N`, so a new article changes only the newest file.
 */
export function planSitemap(
  home: SitemapEntry | undefined,
  articles: readonly SitemapEntry[],
  listings: readonly SitemapEntry[],
  perFile = SITEMAP_FILE_URLS,
): SitemapPlan {
  const front = home === undefined ? [] : [home];
  if (front.length + listings.length + articles.length <= perFile) return { kind: "urlset", entries: [...front, ...articles, ...listings] };
  const files: SitemapFile[] = [];
  const cut = (name: string, list: readonly SitemapEntry[]) => {
    for (let start = 0, n = 1; start < list.length; start += perFile, n++) {
      const entries = list.slice(start, start + perFile);
      files.push({ path: paths.sitemapFile(`${name}-${n}`), entries, lastmod: newestLastmod(entries) });
    }
  };
  cut("pages", [...front, ...listings]);
  cut("articles", [...articles].reverse());
  return { kind: "index", files };
}

/** A sitemaps.org 0.9 sitemap index over `files`. */
export function renderSitemapIndex(site: Site, files: readonly SitemapFile[]): string {
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ...files.map(
      (f) =>
        `<sitemap>${xmlElement("loc", absoluteUrl(site, f.path))}${f.lastmod === undefined ? "" : xmlElement("lastmod", f.lastmod)}</sitemap>`,
    ),
    "</sitemapindex>",
  ];
  return `${lines.join("\n")}\n`;
}

export function renderSitemap(site: Site, entries: readonly SitemapEntry[]): string {
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ...entries.map((e) => `<url>${xmlElement("loc", absoluteUrl(site, e.path))}${xmlElement("lastmod", e.lastmod)}</url>`),
    "</urlset>",
  ];
  return `${lines.join("\n")}\n`;
}

/** Google News takes at most 1,000 articles per news sitemap. */
export const NEWS_SITEMAP_MAX_URLS = 1000;

/** `articles`: those published in the last two days, newest first. */
export function renderNewsSitemap(site: Site, articles: readonly ArticleMeta[]): string {
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">',
    ...articles
      .slice(0, NEWS_SITEMAP_MAX_URLS)
      .map((a) =>
        [
          "<url>",
          xmlElement("loc", absoluteUrl(site, paths.article(a.slug))),
          "<news:news>",
          "<news:publication>",
          xmlElement("news:name", site.name),
          xmlElement("news:language", (a.language ?? site.language).toLowerCase()),
          "</news:publication>",
          xmlElement("news:publication_date", a.published),
          xmlElement("news:title", a.title),
          "</news:news>",
          "</url>",
        ].join(""),
      ),
    "</urlset>",
  ];
  return `${lines.join("\n")}\n`;
}

export function renderRobots(site: Site): string {
  return [
    "User-agent: *",
    "Allow: /",
    "",
    `Sitemap: ${absoluteUrl(site, paths.sitemap)}`,
    `Sitemap: ${absoluteUrl(site, paths.newsSitemap)}`,
    "",
  ].join("\n");
}
