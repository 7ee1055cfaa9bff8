/**
 * RSS 2.0 (https://www.rssboard.org/rss-specification) with the RSS Advisory Board's
 * profile: `content:encoded` for full content, `dc:creator` per author, `atom:link
 * rel="self"`, a non-permalink guid.
 *
 * No `<author>`: RSS 2.0 defines it as one e-mail address, so a name-only byline is
 * invalid there; a second `<author>` in an item is invalid too; and the W3C Feed
 * Validator warns ("DuplicateItemSemantics") when an item has both `<author>` and
 * `dc:creator`. `dc:creator` carries every byline, with or without an e-mail.
 */
import type { Article, Site } from "../model.js";
import { absoluteUrl, paths } from "../urls.js";
import { articleContentHtml, feedItems, feedUpdated } from "./article-html.js";
import { epochMs, imfFixdate } from "./dates.js";
import { xmlAttr, xmlElement, xmlText } from "./xml.js";

export interface RssOptions {
  /** `<ttl>`: minutes a reader may cache the channel; the HTTP layer's feed max-age. */
  ttlMinutes?: number;
}

export function renderRss(site: Site, articles: readonly Article[], options: RssOptions = {}): string {
  const items = feedItems(site, articles);
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    "<channel>",
    xmlElement("title", site.name),
    xmlElement("link", absoluteUrl(site, paths.home)),
    xmlElement("description", site.description),
    xmlElement("language", site.language),
    items.length > 0 ? xmlElement("lastBuildDate", imfFixdate(epochMs(feedUpdated(items)))) : "",
    xmlElement("docs", "https://www.rssboard.org/rss-specification"),
    options.ttlMinutes === undefined ? "" : xmlElement("ttl", String(options.ttlMinutes)),
    `<atom:link href="${xmlAttr(absoluteUrl(site, paths.rss))}" rel="self" type="application/rss+xml"/>`,
    ...items.map((article) => renderItem(site, article)),
    "</channel>",
    "</rss>",
  ];
  return `${lines.filter((line) => line !== "").join("\n")}\n`;
}

function renderItem(site: Site, article: Article): string {
  const parts = [
    "<item>",
    xmlElement("title", article.title),
    xmlElement("link", absoluteUrl(site, paths.article(article.slug))),
    `<guid isPermaLink="false">${xmlText(article.id)}</guid>`,
    xmlElement("pubDate", imfFixdate(epochMs(article.published))),
    xmlElement("description", article.summary),
    xmlElement("content:encoded", articleContentHtml(site, article)),
    ...article.authors.map((author) => xmlElement("dc:creator", author.name)),
    ...article.tags.map((tag) => xmlElement("category", tag)),
    "</item>",
  ];
  return parts.join("\n");
}
