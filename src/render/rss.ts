/**
 * RSS 2.0 (https://www.rssboard.org/rss-specification) with the RSS Advisory Board's
 * profile: `content:encoded` for full content, `dc:creator` per author, `atom:link
 * rel="self"`, a non-permalink guid; RFC 5005 paging (`atom:link` prev-archive,
 * next-archive, current; `fh:archive`, `fh:complete`) and a WebSub hub link.
 *
 * No `<author>`: RSS 2.0 defines it as one e-mail address, so a name-only byline is
 * invalid there; a second `<author>` in an item is invalid too; and the W3C Feed
 * Validator warns ("DuplicateItemSemantics") when an item has both `<author>` and
 * `dc:creator`. `dc:creator` carries every byline, with or without an e-mail.
 *
 * RSS has no tombstones: a withdrawn article simply leaves the feed (Atom and JSON Feed
 * say why).
 */
import type { Article, Site } from "../model.js";
import { absoluteUrl, type FeedPaths, paths } from "../urls.js";
import { articleContentHtml, categories } from "./article-html.js";
import { epochMs, imfFixdate } from "./dates.js";
import { type FeedSpec, namespaces, specUpdated } from "./feed-spec.js";
import { xmlAttr, xmlElement, xmlText } from "./xml.js";

export interface RssOptions {
  /** `<ttl>`: minutes a reader may cache the channel; the HTTP layer's feed max-age. */
  ttlMinutes?: number;
}

export function renderRss(site: Site, spec: FeedSpec, options: RssOptions = {}): string {
  const history = spec.history;
  const usesFh = spec.complete === true || history?.archive === true;
  const ns = [
    ["atom", namespaces.atom],
    ["content", namespaces.content],
    ["dc", namespaces.dc],
    ...(usesFh ? [["fh", namespaces.fh]] : []),
  ];
  const link = (rel: string, feed: FeedPaths | undefined) =>
    feed ? `<atom:link href="${xmlAttr(absoluteUrl(site, feed.rss))}" rel="${rel}" type="application/rss+xml"/>` : "";
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<rss version="2.0" ${ns.map(([prefix, uri]) => `xmlns:${prefix}="${uri}"`).join(" ")}>`,
    "<channel>",
    xmlElement("title", spec.title),
    xmlElement("link", absoluteUrl(site, spec.paths.html)),
    xmlElement("description", spec.description),
    xmlElement("language", site.language),
    spec.items.length > 0 ? xmlElement("lastBuildDate", imfFixdate(epochMs(specUpdated(spec)))) : "",
    xmlElement("docs", "https://www.rssboard.org/rss-specification"),
    options.ttlMinutes === undefined || !spec.subscription ? "" : xmlElement("ttl", String(options.ttlMinutes)),
    link("self", spec.paths),
    spec.subscription && site.hub !== undefined ? `<atom:link href="${xmlAttr(site.hub)}" rel="hub"/>` : "",
    link("current", history?.archive ? history.current : undefined),
    link("prev-archive", history?.prev),
    link("next-archive", history?.next),
    history?.archive ? "<fh:archive/>" : "",
    spec.complete ? "<fh:complete/>" : "",
    ...spec.items.map((article) => renderItem(site, article)),
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
    ...categories(site, article).map((c) => `<category domain="${xmlAttr(c.url)}">${xmlText(c.name)}</category>`),
    "</item>",
  ];
  return parts.join("\n");
}
