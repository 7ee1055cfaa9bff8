/**
 * HTML pages: the article page, the front page, the section, tag and author listing
 * pages, the tombstone of a withdrawn article (410) and the 404 page. Valid HTML5, no
 * JavaScript, every value escaped by the `html` template.
 */
import { slugify } from "../ids.js";
import type { Article, Site } from "../model.js";
import { absoluteUrl, type FeedPaths, feedPaths, paths, resolveUrl } from "../urls.js";
import { articleContentHtml, categories } from "./article-html.js";
import { displayDate } from "./dates.js";
import { html, jsonForScript, raw, type SafeHtml } from "./html.js";

/** A feed a page advertises: its three formats and the title readers show for it. */
export interface PageFeed {
  title: string;
  paths: FeedPaths;
}

interface LayoutOptions {
  title: string;
  description: string;
  /** Absolute canonical URL; absent on error pages. */
  canonical?: string;
  /** The feed this page autodiscovers (the newsroom's unless given). */
  feed?: PageFeed;
  /** `noindex` for pages search engines should drop (a withdrawn article). */
  noindex?: boolean;
  head?: SafeHtml;
  body: SafeHtml;
}

/** The three formats of a feed, for autodiscovery links and subscribe blocks. */
function formats(site: Site, feed: FeedPaths) {
  return [
    { type: "application/rss+xml", label: "RSS", path: feed.rss, url: absoluteUrl(site, feed.rss) },
    { type: "application/atom+xml", label: "Atom", path: feed.atom, url: absoluteUrl(site, feed.atom) },
    { type: "application/feed+json", label: "JSON Feed", path: feed.json, url: absoluteUrl(site, feed.json) },
  ];
}

const mainFeed = (site: Site): PageFeed => ({ title: site.name, paths: feedPaths.main });

function layout(site: Site, page: LayoutOptions): string {
  const feed = page.feed ?? mainFeed(site);
  return html`<!doctype html>
<html lang="${site.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title}</title>
<meta name="description" content="${page.description}">
${
  page.noindex &&
  html`<meta name="robots" content="noindex">
`
}${
  page.canonical !== undefined &&
  html`<link rel="canonical" href="${page.canonical}">
`
}${formats(site, feed.paths).map(
  (format) => html`<link rel="alternate" type="${format.type}" title="${feed.title} (${format.label})" href="${format.url}">
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
  // Each name links to the author's page here, which lists their articles and feeds.
  const names = article.authors.map((a) => html`<a rel="author" href="${paths.facet("authors", slugify(a.name))}">${a.name}</a>`);
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
    ...(article.corrections.length > 0 && {
      correction: article.corrections.map((c) => ({ "@type": "CorrectionComment", text: c.text, datePublished: c.at })),
    }),
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
  html`<p class="kicker"><a href="${paths.facet("sections", slugify(article.section))}">${article.section}</a></p>
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
  html`<footer class="tags"><h2>Topics</h2><ul>${categories(site, article)
    .filter((c) => c.kind === "tags")
    .map((c) => html`<li><a href="${paths.facet(c.kind, c.slug)}">${c.name}</a></li>`)}</ul></footer>
`
}</article>`;
  return layout(site, { title: `${article.title} – ${site.name}`, description: article.summary, canonical: url, head, body });
}

/** A list of articles as the front page and the listing pages show it. */
function articleList(items: readonly Article[]): SafeHtml {
  if (items.length === 0) return html`<p>No articles yet.</p>`;
  return html`<ol class="article-list">
${items.map(
  (article) => html`<li>
<h3><a href="${paths.article(article.slug)}">${article.title}</a></h3>
<p class="dateline"><time datetime="${article.published}">${displayDate(article.published)}</time> · ${article.authors.map((a) => a.name).join(", ")}</p>
<p>${article.summary}</p>
</li>
`,
)}</ol>`;
}

/** How to subscribe to a feed, for people who have never used a feed reader. */
function subscribeBlock(site: Site, feed: PageFeed, count: number): SafeHtml {
  const [rss, atom, json] = formats(site, feed.paths);
  return html`<section class="subscribe" id="subscribe" aria-labelledby="subscribe-title">
<h2 id="subscribe-title">Subscribe with a feed reader</h2>
<p>A feed is a list of our newest articles that a feed reader app (such as NetNewsWire, Feedly, Inoreader, Miniflux or Thunderbird) checks for you. New stories arrive in the app on their own: no account with us, no algorithm, no tracking. To subscribe, copy one of these addresses and paste it into your reader’s “add feed” or “subscribe” box.</p>
<dl class="feed-list">
<dt>RSS <span class="hint">works in every reader; pick this if unsure</span></dt>
<dd><a href="${rss!.path}">${rss!.url}</a></dd>
<dt>Atom <span class="hint">the same stories in the standard Atom format</span></dt>
<dd><a href="${atom!.path}">${atom!.url}</a></dd>
<dt>JSON Feed <span class="hint">for developers and partners republishing our work</span></dt>
<dd><a href="${json!.path}">${json!.url}</a></dd>
</dl>
<p>Each feed carries the full text of the latest ${count} articles.</p>
</section>`;
}

/** A section, tag or author as the front page's navigation lists it. */
export interface FacetLink {
  kind: "sections" | "tags" | "authors";
  name: string;
  slug: string;
}

export function renderHomePage(site: Site, items: readonly Article[], sections: readonly FacetLink[] = []): string {
  const body = html`<h1 class="visually-hidden">${site.name}</h1>
<p class="tagline">${site.description}</p>
${
  sections.length > 0 &&
  html`<nav class="sections" aria-label="Sections"><ul>${sections.map(
    (s) => html`<li><a href="${paths.facet(s.kind, s.slug)}">${s.name}</a></li>`,
  )}</ul></nav>
`
}<section class="latest" aria-labelledby="latest">
<h2 id="latest">Latest</h2>
${articleList(items)}
</section>
${subscribeBlock(site, mainFeed(site), site.feedSize)}`;
  return layout(site, { title: site.name, description: site.description, canonical: absoluteUrl(site, paths.home), body });
}

/** What a listing page is of. */
export interface Listing {
  kind: "sections" | "tags" | "authors";
  name: string;
  feed: PageFeed;
  /** Newest first, at most `site.feedSize`. */
  items: readonly Article[];
}

const LISTING_LABELS = { sections: "Section", tags: "Topic", authors: "Author" } as const;

/** The page of a section, tag or author: its newest articles and its own three feeds. */
export function renderListingPage(site: Site, listing: Listing): string {
  const label = LISTING_LABELS[listing.kind];
  const description =
    listing.kind === "authors" ? `Articles by ${listing.name} for ${site.name}.` : `${site.name} articles in ${listing.name}.`;
  const body = html`<header class="listing-header">
<p class="kicker">${label}</p>
<h1>${listing.name}</h1>
</header>
<section class="latest" aria-labelledby="latest">
<h2 id="latest">Latest</h2>
${articleList(listing.items)}
</section>
${subscribeBlock(site, listing.feed, site.feedSize)}`;
  return layout(site, {
    title: `${listing.name} – ${site.name}`,
    description,
    canonical: absoluteUrl(site, listing.feed.paths.html),
    feed: listing.feed,
    body,
  });
}

/** The tombstone of a withdrawn article, served with 410 Gone. */
export function renderWithdrawnPage(site: Site, article: Article): string {
  const withdrawn = article.withdrawn!;
  const body = html`<article class="withdrawn">
<h1>${article.title}</h1>
<p class="notice">This article was withdrawn on <time datetime="${withdrawn.at}">${displayDate(withdrawn.at)}</time>.</p>
<p>${withdrawn.reason}</p>
<p>It was first published on <time datetime="${article.published}">${displayDate(article.published)}</time>. If you republished it, please take your copy down.</p>
<p><a href="${paths.home}">Go to the front page of ${site.name}</a></p>
</article>`;
  return layout(site, {
    title: `Withdrawn: ${article.title} – ${site.name}`,
    description: `This article was withdrawn on ${displayDate(withdrawn.at)}.`,
    noindex: true,
    body,
  });
}

export function renderNotFoundPage(site: Site): string {
  const body = html`<h1>Page not found</h1>
<p>There is no page at this address. It may have been mistyped, or the article may have moved.</p>
<p><a href="${paths.home}">Go to the front page of ${site.name}</a></p>`;
  return layout(site, { title: `Page not found – ${site.name}`, description: "There is no page at this address.", body });
}
