/**
 * HTML pages: the article page, the front page, the section, tag and author listing
 * pages, the tombstone of a withdrawn article (410) and the 404 page. Valid HTML5, no
 * JavaScript, every value escaped by the `html` template.
 */
import { articleHandles, fediverseAddress } from "../core/handles.js";
import { slugify } from "../core/ids.js";
import type { Article, ArticleCard, ArticleMeta, FacetKind, LeadImage, Site } from "../core/model.js";
import { PARTNER_REQUESTS_PER_MINUTE } from "../core/partner-keys.js";
import { absoluteUrl, type FeedPaths, feedPath, feedPaths, icons, paths, resolveUrl } from "../core/urls.js";
import { articleContentHtml, categories } from "./article-html.js";
import { displayDate } from "./dates.js";
import { FEED_FORMATS } from "./feed-formats.js";
import { html, jsonForScript, raw, type SafeHtml } from "./html.js";
import { jsonFeedFormat } from "./json-feed.js";
import { NINJS_MEDIA_TYPE, NINJS_SCHEMA } from "./ninjs.js";
import { SYNDICATION_VERSION } from "./syndication.js";

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
  /** The ActivityStreams document this page is the HTML of (an actor; the article's own object). */
  activity?: string;
}

/** A feed in each of its formats, for autodiscovery links and subscribe blocks. */
function formats(site: Site, feed: FeedPaths) {
  return FEED_FORMATS.map((format) => {
    const path = feedPath(feed, format);
    return { type: format.mediaType, label: format.label, hint: format.hint, path, url: absoluteUrl(site, path) };
  });
}

const mainFeed = (site: Site): PageFeed => ({ title: site.name, paths: feedPaths.main });

function layout(site: Site, page: LayoutOptions): string {
  const [before, after] = layoutParts(site, page);
  return before + after;
}

/**
 * A page's layout in two parts, cut just before the page's own `head`: what an article page
 * adds when the fediverse is on goes between them (`articlePageParts`).
 */
function layoutParts(site: Site, page: LayoutOptions): [string, string] {
  const feed = page.feed ?? mainFeed(site);
  const before = html`<!doctype html>
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
)}${
  page.activity !== undefined &&
  html`<link rel="alternate" type="application/activity+json" href="${page.activity}">
`
}<link rel="icon" href="${paths.icon}" type="image/svg+xml">
<link rel="icon" href="${icons.favicon.path}" sizes="${icons.favicon.width}x${icons.favicon.height}" type="image/png">
<link rel="apple-touch-icon" href="${icons.large.path}">
<link rel="stylesheet" href="${paths.stylesheet}">
`.value;
  const after = html`${page.head}</head>
<body>
<header class="masthead"><a class="brand" href="${paths.home}">${site.name}</a></header>
<main>
${page.body}
</main>
<footer class="site-footer">
<p>${site.name} · <a href="${paths.home}#subscribe">Subscribe with a feed reader</a> · ${formats(site, feedPaths.main).map((format) => html`<a href="${format.path}">${format.label}</a> · `)}<a href="${paths.partners}">Republish our journalism</a></p>
</footer>
</body>
</html>
`.value;
  return [before, after];
}

function byline(article: ArticleMeta): SafeHtml {
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
    ...(src !== undefined && { image: [imageObject(site, article.image!)] }),
    author: article.authors.map((a) => ({ "@type": "Person", name: a.name, ...(a.url && { url: a.url }) })),
    publisher: { "@type": "NewsMediaOrganization", name: site.name, url: absoluteUrl(site, paths.home) },
    ...(article.section !== undefined && { articleSection: article.section }),
    ...(article.tags.length > 0 && { keywords: article.tags }),
    ...(article.corrections.length > 0 && {
      correction: article.corrections.map((c) => ({ "@type": "CorrectionComment", text: c.text, datePublished: c.at })),
    }),
  };
}

/** The lead image in JSON-LD: its URL, size, caption and credit (schema.org ImageObject). */
function imageObject(site: Site, image: LeadImage): unknown {
  return {
    "@type": "ImageObject",
    url: resolveUrl(site, image.src!),
    ...(image.width !== undefined && { width: image.width }),
    ...(image.height !== undefined && { height: image.height }),
    ...(image.type !== undefined && { encodingFormat: image.type }),
    ...(image.caption !== undefined && { caption: image.caption }),
    ...(image.credit !== undefined && { creditText: image.credit }),
  };
}

/** The lead image in Open Graph, with its size, type and alt text so a preview needs not fetch it first. */
function openGraphImage(site: Site, image: LeadImage): SafeHtml {
  return html`<meta property="og:image" content="${resolveUrl(site, image.src!)}">
${
  image.type !== undefined &&
  html`<meta property="og:image:type" content="${image.type}">
`
}${
  image.width !== undefined &&
  html`<meta property="og:image:width" content="${image.width}">
`
}${
  image.height !== undefined &&
  html`<meta property="og:image:height" content="${image.height}">
`
}${
  image.alt !== undefined &&
  html`<meta property="og:image:alt" content="${image.alt}">
`
}`;
}

export function renderArticlePage(site: Site, article: Article, fediverse = false): string {
  const parts = articlePageParts(site, article);
  return fediverse ? parts.before + parts.fediverse + parts.after : parts.before + parts.after;
}

/**
 * An article's page in three parts: the page is `before + after`, and with the fediverse on
 * `before + fediverse + after` (the link to the article's ActivityStreams object and its
 * authors' `fediverse:creator`), so the build stores one page for both (`src/core/settled.ts`).
 */
export function articlePageParts(site: Site, article: Article): { before: string; fediverse: string; after: string } {
  const url = absoluteUrl(site, paths.article(article.slug));
  const src = article.image?.src;
  const lang = article.language !== undefined && article.language !== site.language ? article.language : undefined;
  const head = html`<meta property="og:type" content="article">
<meta property="og:site_name" content="${site.name}">
<meta property="og:title" content="${article.title}">
<meta property="og:description" content="${article.summary}">
<meta property="og:url" content="${url}">
${src !== undefined && openGraphImage(site, article.image!)}<meta property="article:published_time" content="${article.published}">
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
  const [before, after] = layoutParts(site, {
    title: `${article.title} – ${site.name}`,
    description: article.summary,
    canonical: url,
    head,
    body,
  });
  // The same URL answers with its ActivityStreams object to fediverse software (Vary: Accept).
  const fediverse = html`<link rel="alternate" type="application/activity+json" href="${url}">
${articleHandles(site, article).authors.map(
  (handle) => html`<meta name="fediverse:creator" content="${fediverseAddress(site, handle)}">
`,
)}`.value;
  return { before, fediverse, after };
}

/** A list of articles as the front page and the listing pages show it. */
function articleList(items: readonly ArticleCard[]): SafeHtml {
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
function subscribeBlock(site: Site, feed: PageFeed, count: number, handle?: string): SafeHtml {
  return html`<section class="subscribe" id="subscribe" aria-labelledby="subscribe-title">
<h2 id="subscribe-title">Subscribe with a feed reader</h2>
<p>A feed is a list of our newest articles that a feed reader app (such as NetNewsWire, Feedly, Inoreader, Miniflux or Thunderbird) checks for you. New stories arrive in the app on their own: no account with us, no algorithm, no tracking. To subscribe, copy one of these addresses and paste it into your reader’s “add feed” or “subscribe” box.</p>
<dl class="feed-list">
${formats(site, feed.paths).map(
  (format) => html`<dt>${format.label} <span class="hint">${format.hint}</span></dt>
<dd><a href="${format.path}">${format.url}</a></dd>
`,
)}</dl>
<p>Each feed carries the full text of the latest ${count} articles.</p>
${
  handle !== undefined &&
  html`<h3>Follow on Mastodon</h3>
<p>Follow on Mastodon: <code class="handle">${fediverseAddress(site, handle)}</code>. Paste it into the search box of Mastodon (or any fediverse app) and choose Follow: each new article then appears in your home timeline.</p>
`
}</section>`;
}

/** A section, tag or author as the front page's navigation lists it. */
export interface FacetLink {
  kind: FacetKind;
  name: string;
  slug: string;
}

export function renderHomePage(site: Site, items: readonly ArticleCard[], sections: readonly FacetLink[] = [], fediverse = false): string {
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
${subscribeBlock(site, mainFeed(site), site.feedSize, fediverse ? site.handle : undefined)}
<section class="partners-teaser" aria-labelledby="partners-title">
<h2 id="partners-title">Republish our journalism</h2>
<p>News sites may republish our articles under the terms on our <a href="${paths.partners}">partners page</a>, which also documents the JSON Feed profile with licence, attribution and image credits for every article.</p>
</section>`;
  return layout(site, {
    title: site.name,
    description: site.description,
    canonical: absoluteUrl(site, paths.home),
    body,
    ...(fediverse && { activity: absoluteUrl(site, paths.actor(site.handle)) }),
  });
}

/** What a listing page is of. */
export interface Listing {
  kind: FacetKind;
  name: string;
  feed: PageFeed;
  /** Newest first, at most `site.feedSize`. */
  items: readonly ArticleMeta[];
  /** Its fediverse handle, when it is an actor and the fediverse is on. */
  handle?: string;
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
${subscribeBlock(site, listing.feed, site.feedSize, listing.handle)}`;
  return layout(site, {
    title: `${listing.name} – ${site.name}`,
    description,
    canonical: absoluteUrl(site, listing.feed.paths.html),
    feed: listing.feed,
    body,
    ...(listing.handle !== undefined && { activity: absoluteUrl(site, paths.actor(listing.handle)) }),
  });
}

/** What the partners page shows live: the newest item's JSON and its ninjs document, and the licence in force. */
export interface PartnersExample {
  /** A JSON Feed item with `_syndication`, as the feed serves it; undefined when nothing is published. */
  item?: unknown;
  /** The same article's ninjs document, as served. */
  ninjs?: unknown;
  license: { spdx: string; name: string; url: string; republishable: boolean };
}

/** `/partners`: the syndication profile, the feeds, the partner feed and its embargo, backfill, corrections and polling etiquette. */
export function renderPartnersPage(site: Site, example: PartnersExample): string {
  const abs = (path: string) => absoluteUrl(site, path);
  const mainJsonFeed = feedPath(feedPaths.main, jsonFeedFormat);
  const updatesJsonFeed = feedPath(feedPaths.updates, jsonFeedFormat);
  const schema = abs(paths.syndicationSchema);
  const field = (name: string, text: SafeHtml | string) => html`<tr><th scope="row"><code>${name}</code></th><td>${text}</td></tr>
`;
  const body = html`<article class="partners">
<h1>Republish our journalism</h1>
<p class="tagline">For news sites and apps that take ${site.name} articles and publish them on their own pages: what you may do, and how to do it from our feeds.</p>
<nav aria-label="On this page"><ul class="toc">
<li><a href="#licence">Licence and attribution</a></li>
<li><a href="#images">Images</a></li>
<li><a href="#feeds">Which feed to read</a></li>
<li><a href="#profile">The <code>_syndication</code> profile</a></li>
<li><a href="#ninjs">Every article in IPTC ninjs</a></li>
<li><a href="#embargo">Stories under embargo: the partner feed</a></li>
<li><a href="#backfill">Backfilling the archive</a></li>
<li><a href="#corrections">Corrections and withdrawals</a></li>
<li><a href="#polling">Polling etiquette</a></li>
</ul></nav>

<h2 id="licence">Licence and attribution</h2>
${
  example.license.republishable
    ? html`<p>Unless an article says otherwise, our articles are licensed under <a rel="license" href="${example.license.url}">${example.license.name}</a> (SPDX <code>${example.license.spdx}</code>). Each item names its own licence in <code>_syndication.license</code>; that one applies.</p>`
    : html`<p>Unless an article says otherwise, our articles are not licensed for republication (all rights reserved). Articles that may be republished name their licence in <code>_syndication.license</code>.</p>`
}
<ul>
<li>Print the <code>attribution_html</code> (or <code>attribution_text</code>) of the item with the article, unchanged.</li>
<li>Point your page’s <code>&lt;link rel="canonical"&gt;</code> at the item’s <code>canonical_url</code>.</li>
<li>Keep the text as it is: headline, body, byline and corrections. Under a NoDerivatives licence you may not edit it beyond formatting.</li>
<li>If <code>republish_until</code> is a date, take your copy down when it passes.</li>
</ul>

<h2 id="images">Images</h2>
<p>Each image is listed in <code>_syndication.images</code> with its URL, size, alt text, caption and credit. Republish an image only when its <code>republishable</code> is <code>true</code>, and always print its <code>credit</code>. Photos from agencies are usually not republishable: leave them out and keep the text. In RSS the same terms are in the image’s <code>media:credit</code> and <code>media:copyright</code>.</p>
<p>The photos we serve ourselves are at addresses named by their content (<code>/images/&lt;name&gt;.&lt;hash&gt;.jpg</code>), with smaller copies for narrow screens in each page’s <code>srcset</code> and as the RSS <code>media:thumbnail</code>: you may keep a copy as long as the article, and a changed photo comes at a new address, which the article’s feed item then names.</p>

<h2 id="feeds">Which feed to read</h2>
<dl class="feed-list">
<dt>Everything, newest first</dt><dd><a href="${mainJsonFeed}">${abs(mainJsonFeed)}</a></dd>
<dt>Everything, by last change (new, updated, corrected, withdrawn)</dt><dd><a href="${updatesJsonFeed}">${abs(updatesJsonFeed)}</a></dd>
<dt>One section, tag or author</dt><dd><code>${abs("/sections/")}&lt;section&gt;/feed.json</code>, likewise <code>/tags/…</code> and <code>/authors/…</code>; linked from each section, topic and author page.</dd>
</dl>
<p>Every feed also exists as RSS 2.0 (<code>rss.xml</code>) and Atom 1.0 (<code>atom.xml</code>) beside the JSON Feed. Items carry the full article in <code>content_html</code>, with every URL absolute and nothing but text markup: no scripts, styles, trackers or event handlers, checked against an allowlist when we build.</p>

<h2 id="profile">The <code>_syndication</code> profile, version ${String(SYNDICATION_VERSION)}</h2>
<p>Our JSON Feeds carry a <a href="https://www.jsonfeed.org/version/1.1/#extensions-a-name-extensions-a">JSON Feed extension</a> named <code>_syndication</code> on the feed and on each item. Its JSON Schema is at <a href="${paths.syndicationSchema}">${schema}</a>; new optional members may be added to a version, anything else becomes a new version at a new address, and the old versions’ schemas stay where they were: version 1 (the public feeds’ first) at <a href="${paths.syndicationSchemaV1}">${abs(paths.syndicationSchemaV1)}</a>, version 2 (the first partner feed’s, which added stories under embargo) at <a href="${paths.syndicationSchemaV2}">${abs(paths.syndicationSchemaV2)}</a>. Version 3 is version 2 plus each item’s <code>ninjs</code> document; every feed, public or partner, carries version 3.</p>
<table class="fields">
<thead><tr><th scope="col">Item member</th><th scope="col">Meaning</th></tr></thead>
<tbody>
${field(`version`, `${String(SYNDICATION_VERSION)}.`)}${field(
  "status",
  html`<code>published</code>, <code>updated</code> (changed or corrected since publication), <code>withdrawn</code>, or in <a href="#embargo">the partner feed</a> only <code>embargoed</code>: not yet published by us, and not to be published by you before <code>embargo_until</code>.`,
)}${field(
  "embargo_until",
  html`For an embargoed item only: the RFC 3339 instant from which it may be published (its <code>date_published</code>).`,
)}${field("ninjs", html`The item as an <a href="#ninjs">IPTC ninjs document</a>; for an embargoed item, its address for partners.`)}${field(
  "canonical_url",
  "The article’s address with us: your rel=canonical.",
)}${field("license", html`<code>spdx</code>, <code>name</code> and <code>url</code> of the licence.`)}${field(
  "republishable",
  "Whether the licence allows republication at all.",
)}${field("attribution_text, attribution_html", "The credit to print with the article.")}${field(
  "republish_until",
  "A date after which copies must be taken down, or null.",
)}${field("images", html`Each image’s <code>url</code>, <code>width</code>, <code>height</code>, <code>type</code> (its media type, for the photos we serve ourselves), <code>alt</code>, <code>caption</code>, <code>credit</code> and <code>republishable</code>.`)}${field(
  "corrections",
  html`Each correction’s <code>date</code> and <code>text</code>, oldest first; also printed at the end of <code>content_html</code>.`,
)}${field("withdrawn", html`For a withdrawn item only: <code>date</code> and <code>reason</code>.`)}</tbody>
</table>
<p>The feed-level <code>_syndication</code> names the profile’s <code>version</code>, its <code>schema</code>, this <code>documentation</code> page and the default <code>license</code>.</p>
${
  example.item === undefined
    ? html`<p>Nothing is published yet, so there is no live example.</p>`
    : html`<p>The newest item of our feed, live:</p>
<pre class="example"><code>${JSON.stringify(example.item, null, 2)}</code></pre>`
}

<h2 id="ninjs">Every article in IPTC ninjs</h2>
<p>Newsroom systems that ingest wire copy read <a href="https://iptc.org/standards/ninjs/">IPTC ninjs</a> (News in JSON). Every article is also a ninjs 3.1 document at its address plus <code>.ninjs.json</code>, <code>${abs(paths.articleNinjs("<slug>"))}</code>, linked from its feed item’s <code>_syndication.ninjs</code>. It is served as <code>${NINJS_MEDIA_TYPE}</code>: IPTC names no media type of its own, so the schema is the profile. It validates against <a href="${NINJS_SCHEMA}">IPTC’s JSON Schema</a>, answers cross-origin requests and conditional requests like the feeds, and follows the article:</p>
<ul>
<li><code>pubStatus</code> is <code>usable</code> once published; <code>withheld</code>, with <code>embargoedUntil</code>, in <a href="#embargo">the partners’ copy under embargo</a>; <code>canceled</code> once withdrawn, when the document answers <code>410 Gone</code> and holds only the headline and the withdrawal’s reason: take your copy down.</li>
<li><code>uri</code> is the item’s <code>id</code>, which never changes. <code>versionCreated</code> is the last change; a correction makes a new version, whose notice is in <code>descriptions</code> (role <code>correction</code>) and at the end of the bodies.</li>
<li><code>bodies</code> hold the full text twice, as <code>text/html</code> (every URL absolute, only text markup) and as <code>text/plain</code>. <code>usageTerms</code> is the credit to print, <code>copyrightNotice</code> and <code>rightsInfo.linkedRights</code> the licence.</li>
<li>The lead photo is in <code>associations</code>, with every size we serve in <code>renditions</code>, its caption, alt text, credit and its own <code>usageTerms</code>.</li>
</ul>
<p>There is no ninjs listing to poll: poll <a href="${updatesJsonFeed}">the updates feed</a> (one conditional request tells you of every new, changed and withdrawn article, each item naming its ninjs document) and fetch the documents it names.</p>
${
  example.ninjs === undefined
    ? html``
    : html`<p>The newest article’s ninjs document, live:</p>
<pre class="example"><code>${JSON.stringify(example.ninjs, null, 2)}</code></pre>`
}

<h2 id="embargo">Stories under embargo: the partner feed</h2>
<p>Partners with an agreement with us may see some stories before we publish them, so they can prepare and schedule them. We give each partner a token; the partner feed is the JSON Feed above plus those stories:</p>
<pre class="example"><code>curl -H "Authorization: Bearer $TOKEN" ${abs(paths.partnerFeed)}</code></pre>
<ul>
<li><strong>Authenticate</strong> with the header <code>Authorization: Bearer &lt;token&gt;</code> and nothing else: a cookie, another header or a token in the address does not work, and an address with a query string is refused (<code>400</code>): web servers and proxies log addresses, so a token must never be in one. If you ever sent yours in an address, ask us for a new one. Fetch it from your servers only: the feed does not answer cross-origin requests, so a token never needs to be in a browser or an app.</li>
<li><strong>Keep the token secret</strong>, like a password. If it may have leaked, tell us: we revoke it and give you a new one. A missing, wrong or revoked token gets <code>401</code> with <code>WWW-Authenticate: Bearer</code>, the same answer whatever was wrong.</li>
<li><strong>An embargoed item</strong> has <code>_syndication.status</code> <code>"embargoed"</code> and <code>_syndication.embargo_until</code>, the instant we publish it. At that instant the same item, with the same <code>id</code>, turns <code>"published"</code> in the partner feed and appears in our public feeds.</li>
<li><strong>Before <code>embargo_until</code> you must not publish it</strong>, in whole or in part, in any form: no page, headline, summary, quote, photo, social post, push alert or newsletter, nothing a search engine or another site can read, and no word of it to anyone outside your newsroom. You may edit, translate, lay out and schedule it for <code>embargo_until</code> or later.</li>
<li><strong>Its photos</strong> are served to partners only until then: fetch them with the same <code>Authorization</code> header (anyone else gets <code>404</code>). The same rule holds for them as for the text.</li>
<li><strong>Until then it may still change</strong>, or be pulled: fetch the feed again before you publish, replace your copy when its <code>date_modified</code> or the feed’s <code>ETag</code> changed, and if an embargoed item is no longer in the feed, discard your copy and publish nothing of it.</li>
<li><strong>It is yours only</strong>: the feed is <code>Cache-Control: private, no-cache</code>. Keep it out of shared caches and proxies, and revalidate with <code>If-None-Match</code> (an unchanged feed is a bodyless <code>304</code>). More than ${String(PARTNER_REQUESTS_PER_MINUTE)} requests a minute get <code>429</code> with <code>Retry-After</code>; polling every few minutes is plenty.</li>
</ul>
<p>The partner feed carries the same profile as the public feeds; only it has embargoed items. Each one’s <code>_syndication.ninjs</code> is its ninjs document for partners, with <code>"pubStatus": "withheld"</code> and <code>embargoedUntil</code>, fetched with the same token under the same rules:</p>
<pre class="example"><code>curl -H "Authorization: Bearer $TOKEN" ${abs(paths.partnerNinjs("<slug>"))}</code></pre>
<p>From <code>embargo_until</code> on, that address answers <code>308 Permanent Redirect</code> to the public document, <code>"pubStatus": "usable"</code>, which the public gets only from then on; an address with no story under embargo answers a partner with <code>404</code>.</p>

<h2 id="backfill">Backfilling the archive</h2>
<p>The live feeds hold the newest ${site.feedSize} items. Older items are in archive pages of ${site.feedSize} items each, page 1 the oldest: follow <code>next_url</code> from <code>${abs(mainJsonFeed)}</code> from page to page until a feed has none (JSON Feed), or the <code>prev-archive</code> links of the RSS and Atom feeds (RFC 5005). A full page never changes again (a correction or a withdrawal aside, which the updates feed announces): it is marked <code>"expired": true</code> and may be cached for a year, so fetch each once. When the live feeds hold everything there are no archive pages, and the RSS and Atom feeds say so with <code>fh:complete</code>.</p>

<h2 id="corrections">Corrections and withdrawals</h2>
<ul>
<li>Poll <a href="${updatesJsonFeed}">the updates feed</a>: it lists articles by their last change, so a correction or a withdrawal comes first.</li>
<li>An item whose <code>date_modified</code> is newer than your copy’s has changed: replace your copy. Its <code>corrections</code> say what changed.</li>
<li>An item with <code>status: "withdrawn"</code> (in Atom, an RFC 6721 <code>at:deleted-entry</code>) has been withdrawn: take your copy down. Its page answers <code>410 Gone</code> with the reason.</li>
</ul>

<h2 id="polling">Polling etiquette</h2>
<ul>
<li>Send the <code>ETag</code> you received back as <code>If-None-Match</code> (or <code>Last-Modified</code> as <code>If-Modified-Since</code>): an unchanged feed costs a bodyless <code>304</code>.</li>
<li>Honour <code>Cache-Control</code>: feeds may be reused for 5 minutes (<code>max-age=300</code>), so polling more often gains nothing. The lifetime is shorter just before a scheduled article appears, so you see it on time.</li>
<li>Browsers may read the public feeds from other sites: every one answers CORS requests, including the preflight of a conditional request.</li>
${site.hub !== undefined && html`<li>For push instead of polling, subscribe through WebSub at <code>${site.hub}</code> (each feed names it as <code>rel="hub"</code>).</li>`}
</ul>
</article>`;
  return layout(site, {
    title: `Republish our journalism – ${site.name}`,
    description: `How to republish ${site.name} articles: licence, attribution, image credits, the JSON Feed syndication profile, backfill and polling.`,
    canonical: abs(paths.partners),
    body,
  });
}

/** The tombstone of a withdrawn article, served with 410 Gone. */
export function renderWithdrawnPage(site: Site, article: ArticleMeta): string {
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
