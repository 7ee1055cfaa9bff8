/**
 * HTML pages: the article page, the front page and the 404 page. Valid HTML5, no
 * JavaScript, every value escaped by the `html` template.
 */
import type { Article, Site } from "../model.js";
import { absoluteUrl, paths, resolveUrl } from "../urls.js";
import { articleContentHtml, feedItems } from "./article-html.js";
import { displayDate } from "./dates.js";
import { html, jsonForScript, raw, type SafeHtml } from "./html.js";

interface LayoutOptions {
  title: string;
  description: string;
  /** Absolute canonical URL; absent on error pages. */
  canonical?: string;
  head?: SafeHtml;
  body: SafeHtml;
}

/** The feeds every page advertises for autodiscovery, and the subscribe block lists. */
function feeds(site: Site) {
  return [
    { type: "application/rss+xml", label: "RSS", url: absoluteUrl(site, paths.rss) },
    { type: "application/atom+xml", label: "Atom", url: absoluteUrl(site, paths.atom) },
    { type: "application/feed+json", label: "JSON Feed", url: absoluteUrl(site, paths.jsonFeed) },
  ];
}

function layout(site: Site, page: LayoutOptions): string {
  return html`<!doctype html>
<html lang="${site.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title}</title>
<meta name="description" content="${page.description}">
${
  page.canonical !== undefined &&
  html`<link rel="canonical" href="${page.canonical}">
`
}${feeds(site).map(
  (feed) => html`<link rel="alternate" type="${feed.type}" title="${site.name} (${feed.label})" href="${feed.url}">
`,
)}<link rel="icon" href="${paths.icon}" type="image/svg+xml">
<link rel="stylesheet" href="${paths.stylesheet}">
${page.head}</head>
<body>
<header class="masthead"><a class="brand" href="${paths.home}">${site.name}</a></header>
<main>
${page.body}
</main>
<footer class="site-footer">
<p>${site.name} · <a href="${paths.home}#subscribe">Subscribe with a feed reader</a> · <a href="${paths.rss}">RSS</a> · <a href="${paths.atom}">Atom</a> · <a href="${paths.jsonFeed}">JSON Feed</a></p>
</footer>
</body>
</html>
`.value;
}

function byline(article: Article): SafeHtml {
  const names = article.authors.map((a) => (a.url ? html`<a rel="author" href="${a.url}">${a.name}</a>` : html`<span>${a.name}</span>`));
  const joined: SafeHtml[] = [];
  names.forEach((name, i) => {
    if (i > 0) joined.push(raw(i === names.length - 1 ? " and " : ", "));
    joined.push(name);
  });
  return html`<p class="byline">By ${joined}</p>`;
}

function articleJsonLd(site: Site, article: Article, url: string): unknown {
  const src = article.image?.src;
  return {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    headline: article.title,
    description: article.summary,
    url,
    mainEntityOfPage: url,
    datePublished: article.published,
    dateModified: article.updated,
    inLanguage: article.language ?? site.language,
    ...(src !== undefined && { image: [resolveUrl(site, src)] }),
    author: article.authors.map((a) => ({ "@type": "Person", name: a.name, ...(a.url && { url: a.url }) })),
    publisher: { "@type": "NewsMediaOrganization", name: site.name, url: absoluteUrl(site, paths.home) },
    ...(article.section !== undefined && { articleSection: article.section }),
    ...(article.tags.length > 0 && { keywords: article.tags }),
  };
}

export function renderArticlePage(site: Site, article: Article): string {
  const url = absoluteUrl(site, paths.article(article.slug));
  const src = article.image?.src;
  const lang = article.language !== undefined && article.language !== site.language ? article.language : undefined;
  const head = html`<meta property="og:type" content="article">
<meta property="og:site_name" content="${site.name}">
<meta property="og:title" content="${article.title}">
<meta property="og:description" content="${article.summary}">
<meta property="og:url" content="${url}">
${
  src !== undefined &&
  html`<meta property="og:image" content="${resolveUrl(site, src)}">
`
}<meta property="article:published_time" content="${article.published}">
<meta property="article:modified_time" content="${article.updated}">
${article.authors.map(
  (a) => html`<meta property="article:author" content="${a.url ?? a.name}">
`,
)}${
  article.section !== undefined &&
  html`<meta property="article:section" content="${article.section}">
`
}${article.tags.map(
  (tag) => html`<meta property="article:tag" content="${tag}">
`,
)}<meta name="author" content="${article.authors.map((a) => a.name).join(", ")}">
<script type="application/ld+json">${jsonForScript(articleJsonLd(site, article, url))}</script>
`;
  const updated = article.updated !== article.published;
  const body = html`<article${lang !== undefined && html` lang="${lang}"`}>
<header class="article-header">
${
  article.section !== undefined &&
  html`<p class="kicker">${article.section}</p>
`
}<h1>${article.title}</h1>
${byline(article)}
<p class="dateline">Published <time datetime="${article.published}">${displayDate(article.published)}</time>${
    updated && html` · Updated <time datetime="${article.updated}">${displayDate(article.updated)}</time>`
  }</p>
</header>
<div class="article-body">
${raw(articleContentHtml(site, article))}</div>
${
  article.tags.length > 0 &&
  html`<footer class="tags"><h2>Topics</h2><ul>${article.tags.map((tag) => html`<li>${tag}</li>`)}</ul></footer>
`
}</article>`;
  return layout(site, { title: `${article.title} – ${site.name}`, description: article.summary, canonical: url, head, body });
}

export function renderHomePage(site: Site, articles: readonly Article[]): string {
  const items = feedItems(site, articles);
  const body = html`<h1 class="visually-hidden">${site.name}</h1>
<p class="tagline">${site.description}</p>
<section class="latest" aria-labelledby="latest">
<h2 id="latest">Latest</h2>
${
  items.length === 0
    ? html`<p>No articles yet.</p>`
    : html`<ol class="article-list">
${items.map(
  (article) => html`<li>
<h3><a href="${paths.article(article.slug)}">${article.title}</a></h3>
<p class="dateline"><time datetime="${article.published}">${displayDate(article.published)}</time> · ${article.authors.map((a) => a.name).join(", ")}</p>
<p>${article.summary}</p>
</li>
`,
)}</ol>`
}
</section>
<section class="subscribe" id="subscribe" aria-labelledby="subscribe-title">
<h2 id="subscribe-title">Subscribe with a feed reader</h2>
<p>A feed is a list of our newest articles that a feed reader app (such as NetNewsWire, Feedly, Inoreader, Miniflux or Thunderbird) checks for you. New stories arrive in the app on their own: no account with us, no algorithm, no tracking. To subscribe, copy one of these addresses and paste it into your reader’s “add feed” or “subscribe” box.</p>
<dl class="feed-list">
<dt>RSS <span class="hint">works in every reader; pick this if unsure</span></dt>
<dd><a href="${paths.rss}">${absoluteUrl(site, paths.rss)}</a></dd>
<dt>Atom <span class="hint">the same stories in the standard Atom format</span></dt>
<dd><a href="${paths.atom}">${absoluteUrl(site, paths.atom)}</a></dd>
<dt>JSON Feed <span class="hint">for developers and partners republishing our work</span></dt>
<dd><a href="${paths.jsonFeed}">${absoluteUrl(site, paths.jsonFeed)}</a></dd>
</dl>
<p>Each feed carries the full text of our latest ${site.feedSize} articles.</p>
</section>`;
  return layout(site, { title: site.name, description: site.description, canonical: absoluteUrl(site, paths.home), body });
}

export function renderNotFoundPage(site: Site): string {
  const body = html`<h1>Page not found</h1>
<p>There is no page at this address. It may have been mistyped, or the article may have moved.</p>
<p><a href="${paths.home}">Go to the front page of ${site.name}</a></p>`;
  return layout(site, { title: `Page not found – ${site.name}`, description: "There is no page at this address.", body });
}
