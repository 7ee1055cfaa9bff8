/**
 * Discovery for search engines: `sitemap.xml` (sitemaps.org 0.9, `lastmod` from the
 * content, never from the clock), the Google News sitemap (articles of the last two
 * days, https://developers.google.com/search/docs/crawling-indexing/sitemaps/news-sitemap)
 * and `robots.txt` pointing at both.
 */
import type { ArticleMeta, Site } from "../core/model.js";
import { absoluteUrl, paths } from "../core/urls.js";
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

/**
 * One file of a split sitemap: its path, its URLs, and the newest of their lastmods. A file
 * of articles may begin with a chunk of the settled archive (`src/core/settled.ts`), read when it
 * renders: its entries come before `entries`.
 */
export interface SitemapFile {
  path: string;
  entries: SitemapEntry[];
  lastmod: string | undefined;
  chunk?: number;
}

/**
 * How the sitemap is served: one urlset while it fits one file (with the settled archive's
 * only chunk, newest first, at `at` when there is one), else an index over files.
 */
export type SitemapPlan =
  | { kind: "urlset"; entries: SitemapEntry[]; chunk?: { index: 0; at: number } }
  | { kind: "index"; files: SitemapFile[] };

/** A chunk of the settled archive's sitemap entries: how many, and the newest lastmod. */
export interface StoredChunk {
  count: number;
  lastmod: string;
}

/** The newest lastmod among `entries`, as written (they may carry different offsets). */
export function newestLastmod(entries: readonly Pick<SitemapEntry, "lastmod">[]): string | undefined {
  let newest: string | undefined;
  for (const e of entries) if (newest === undefined || Date.parse(e.lastmod) > Date.parse(newest)) newest = e.lastmod;
  return newest;
}

/**
 * The front page (if it has content), the articles (newest first; the settled archive's
 * `stored` chunks, oldest first, are older than all of them) and the listing pages. Split,
 * the front page and listings go into `pages-N` files and the articles, oldest first, into
 * `articles-N` files of `perFile` (each stored chunk is one file's first part: chunks hold
 * `perFile` entries, the last one fewer), so a new article changes only the newest file.
 */
export function planSitemap(
  home: SitemapEntry | undefined,
  articles: readonly SitemapEntry[],
  listings: readonly SitemapEntry[],
  stored: readonly StoredChunk[] = [],
  perFile = SITEMAP_FILE_URLS,
): SitemapPlan {
  const front = home === undefined ? [] : [home];
  const storedCount = stored.reduce((sum, c) => sum + c.count, 0);
  if (front.length + listings.length + storedCount + articles.length <= perFile) {
    return {
      kind: "urlset",
      entries: [...front, ...articles, ...listings],
      ...(stored.length > 0 && { chunk: { index: 0 as const, at: front.length + articles.length } }),
    };
  }
  const files: SitemapFile[] = [];
  const pages = [...front, ...listings];
  for (let start = 0, n = 1; start < pages.length; start += perFile, n++) {
    const entries = pages.slice(start, start + perFile);
    files.push({ path: paths.sitemapFile(`pages-${n}`), entries, lastmod: newestLastmod(entries) });
  }
  const oldestFirst = [...articles].reverse();
  for (let start = 0, n = 1; start < storedCount + oldestFirst.length; start += perFile, n++) {
    const chunk = stored[n - 1];
    const entries = oldestFirst.slice(Math.max(0, start - storedCount), Math.max(0, start + perFile - storedCount));
    files.push({
      path: paths.sitemapFile(`articles-${n}`),
      entries,
      lastmod: newestLastmod([...(chunk ? [chunk] : []), ...entries]),
      ...(chunk && { chunk: n - 1 }),
    });
  }
  return { kind: "index", files };
}

/** A sitemaps.org 0.9 sitemap index over `files`. */
export function renderSitemapIndex(site: Site, files: readonly Pick<SitemapFile, "path" | "lastmod">[]): string {
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
