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

/** Google reads at most 50,000 URLs from one sitemap file. */
export const SITEMAP_MAX_URLS = 50_000;

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
