/**
 * Atom 1.0 (RFC 4287). Text constructs are `type="text"`; content is `type="html"`
 * (escaped HTML, §3.1.1.2), never CDATA. Categories always carry `term` (§4.2.2).
 */
import type { Article, Author, Site } from "../model.js";
import { absoluteUrl, paths } from "../urls.js";
import { articleContentHtml, feedItems, feedUpdated } from "./article-html.js";
import { xmlAttr, xmlElement, xmlText } from "./xml.js";

export function renderAtom(site: Site, articles: readonly Article[]): string {
  const items = feedItems(site, articles);
  const home = absoluteUrl(site, paths.home);
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${xmlAttr(site.language)}">`,
    xmlElement("id", site.id),
    `<title type="text">${xmlText(site.name)}</title>`,
    `<subtitle type="text">${xmlText(site.description)}</subtitle>`,
    xmlElement("updated", feedUpdated(items)),
    `<link rel="self" type="application/atom+xml" href="${xmlAttr(absoluteUrl(site, paths.atom))}"/>`,
    `<link rel="alternate" type="text/html" href="${xmlAttr(home)}"/>`,
    renderAuthor({ name: site.name, url: home }),
    ...items.map((article) => renderEntry(site, article)),
    "</feed>",
  ];
  return `${lines.join("\n")}\n`;
}

function renderAuthor(author: Author): string {
  return `<author>${xmlElement("name", author.name)}${xmlElement("uri", author.url)}${xmlElement("email", author.email)}</author>`;
}

function renderEntry(site: Site, article: Article): string {
  const lang = article.language !== undefined && article.language !== site.language ? ` xml:lang="${xmlAttr(article.language)}"` : "";
  const parts = [
    `<entry${lang}>`,
    xmlElement("id", article.id),
    `<title type="text">${xmlText(article.title)}</title>`,
    `<link rel="alternate" type="text/html" href="${xmlAttr(absoluteUrl(site, paths.article(article.slug)))}"/>`,
    xmlElement("published", article.published),
    xmlElement("updated", article.updated),
    ...article.authors.map(renderAuthor),
    ...article.tags.map((tag) => `<category term="${xmlAttr(tag)}"/>`),
    `<summary type="text">${xmlText(article.summary)}</summary>`,
    `<content type="html">${xmlText(articleContentHtml(site, article))}</content>`,
    "</entry>",
  ];
  return parts.join("\n");
}
