/**
 * Atom 1.0 (RFC 4287). Text constructs are `type="text"`; content is `type="html"`
 * (escaped HTML, §3.1.1.2), never CDATA. Categories carry `term` (the slug), `scheme`
 * (the taxonomy, so scheme + term is the listing page) and `label` (§4.2.2). RFC 5005
 * paging links, RFC 6721 tombstones (`at:deleted-entry`) and a WebSub hub link.
 */
import type { Article, ArticleMeta, Author, Site } from "../core/model.js";
import { absoluteUrl, type FeedPaths, feedPath, icons, paths } from "../core/urls.js";
import { articleContentHtml, categories } from "./article-html.js";
import type { FeedFormat, FeedSpec } from "./feed-spec.js";
import { namespaces, specUpdated } from "./feed-spec.js";
import { rightsStatement } from "./syndication.js";
import { xmlAttr, xmlElement, xmlText } from "./xml.js";

/** Atom 1.0 as a feed format (listed in `src/render/feed-formats.ts`). */
export const atomFormat: FeedFormat = {
  file: "atom.xml",
  mediaType: "application/atom+xml",
  label: "Atom",
  hint: "the same stories in the standard Atom format",
  render: renderAtom,
};

export function renderAtom(site: Site, spec: FeedSpec): string {
  const history = spec.history;
  const usesFh = spec.complete === true || history?.archive === true;
  const ns = [
    `xmlns="${namespaces.atom}"`,
    ...(usesFh ? [`xmlns:fh="${namespaces.fh}"`] : []),
    ...(spec.tombstones.length > 0 ? [`xmlns:at="${namespaces.at}"`] : []),
  ];
  const link = (rel: string, feed: FeedPaths | undefined) =>
    feed ? `<link rel="${rel}" type="${atomFormat.mediaType}" href="${xmlAttr(absoluteUrl(site, feedPath(feed, atomFormat)))}"/>` : "";
  const home = absoluteUrl(site, paths.home);
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed ${ns.join(" ")} xml:lang="${xmlAttr(site.language)}">`,
    xmlElement("id", spec.id),
    `<title type="text">${xmlText(spec.title)}</title>`,
    `<subtitle type="text">${xmlText(spec.description)}</subtitle>`,
    `<rights type="text">${xmlText(rightsStatement(site, undefined))}</rights>`,
    // RFC 4287 §4.2.5 and §4.2.8: a square icon, a 2:1 logo.
    xmlElement("icon", absoluteUrl(site, icons.large.path)),
    xmlElement("logo", absoluteUrl(site, icons.logo.path)),
    xmlElement("updated", specUpdated(spec)),
    link("self", spec.paths),
    `<link rel="alternate" type="text/html" href="${xmlAttr(absoluteUrl(site, spec.paths.html))}"/>`,
    spec.subscription && site.hub !== undefined ? `<link rel="hub" href="${xmlAttr(site.hub)}"/>` : "",
    link("current", history?.archive ? history.current : undefined),
    link("prev-archive", history?.prev),
    link("next-archive", history?.next),
    history?.archive ? "<fh:archive/>" : "",
    spec.complete ? "<fh:complete/>" : "",
    renderAuthor({ name: site.name, url: home }),
    // Before the entries: RFC 4287's schema allows extension elements only ahead of them.
    ...spec.tombstones.map((article) => renderTombstone(site, article)),
    ...spec.items.map((article) => renderEntry(site, article)),
    "</feed>",
  ];
  return `${lines.filter((line) => line !== "").join("\n")}\n`;
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
    ...categories(site, article).map(
      (c) => `<category term="${xmlAttr(c.slug)}" scheme="${xmlAttr(c.scheme)}" label="${xmlAttr(c.name)}"/>`,
    ),
    `<rights type="text">${xmlText(rightsStatement(site, article))}</rights>`,
    `<summary type="text">${xmlText(article.summary)}</summary>`,
    `<content type="html">${xmlText(articleContentHtml(site, article))}</content>`,
    "</entry>",
  ];
  return parts.join("\n");
}

/** RFC 6721 §2: the entry's id, when it was withdrawn, why, and the page that says so (410). */
function renderTombstone(site: Site, article: ArticleMeta): string {
  const withdrawn = article.withdrawn!;
  return [
    `<at:deleted-entry ref="${xmlAttr(article.id)}" when="${xmlAttr(withdrawn.at)}">`,
    `<link rel="alternate" type="text/html" href="${xmlAttr(absoluteUrl(site, paths.article(article.slug)))}"/>`,
    `<at:comment xml:lang="${xmlAttr(article.language ?? site.language)}">${xmlText(withdrawn.reason)}</at:comment>`,
    "</at:deleted-entry>",
  ].join("\n");
}
