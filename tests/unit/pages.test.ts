// HTML pages beyond the goldens: listing pages of each kind, the 410 tombstone page,
// the partners page's variants, and an article page with every optional part.
import { beforeEach, describe, expect, it } from "vitest";
import type { Article } from "../../src/core/model.js";
import { feedPaths } from "../../src/core/urls.js";
import { renderArticlePage, renderHomePage, renderListingPage, renderPartnersPage, renderWithdrawnPage } from "../../src/render/pages.js";
import { makeArticle, makeSite } from "../helpers/fixtures.js";

const site = makeSite();
const between = (page: string, start: string, end: string) => page.slice(page.indexOf(start), page.indexOf(end, page.indexOf(start)));
const main = (page: string) => between(page, "<main>\n", "\n</main>");
/** The head's title, description, robots and canonical lines, in order. */
const headLinks = (page: string) =>
  page.split("\n").filter((l) => /^(?:<title>|<meta name="(?:description|robots)"|<link rel="canonical")/.test(l));

describe("listing pages", () => {
  const listing = (kind: "sections" | "tags" | "authors", name: string, slug: string, items: readonly Article[] = []) =>
    renderListingPage(site, { kind, name, feed: { title: `${name} – Test Newsroom`, paths: feedPaths.facet(kind, slug) }, items });

  it.each([
    ["sections", "World", "world", "Section", "Test Newsroom articles in World."],
    ["tags", "Q&A", "q-a", "Topic", "Test Newsroom articles in Q&amp;A."],
    ["authors", "Ada Reporter", "ada-reporter", "Author", "Articles by Ada Reporter for Test Newsroom."],
  ] as const)("a %s page is labelled and described for its kind", (kind, name, slug, label, description) => {
    const page = listing(kind, name, slug);
    expect(headLinks(page)).toEqual([
      `<title>${name.replace("&", "&amp;")} – Test Newsroom</title>`,
      `<meta name="description" content="${description}">`,
      `<link rel="canonical" href="https://news.example/${kind}/${slug}">`,
    ]);
    expect(page).toContain(`<p class="kicker">${label}</p>\n<h1>${name.replace("&", "&amp;")}</h1>`);
    expect(page).toContain(
      `<link rel="alternate" type="application/rss+xml" title="${name.replace("&", "&amp;")} – Test Newsroom (RSS)" href="https://news.example/${kind}/${slug}/rss.xml">`,
    );
    expect(page).toContain(`<dd><a href="/${kind}/${slug}/feed.json">https://news.example/${kind}/${slug}/feed.json</a></dd>`);
  });

  it("says so when there are no articles, and lists them with date and authors when there are", () => {
    expect(listing("tags", "World", "world")).toContain('<h2 id="latest">Latest</h2>\n<p>No articles yet.</p>\n</section>');
    const page = listing("tags", "World", "world", [makeArticle({ authors: [{ name: "A" }, { name: "B" }] })]);
    expect(page).toContain(
      [
        '<ol class="article-list">',
        "<li>",
        '<h3><a href="/articles/first-story">First story</a></h3>',
        '<p class="dateline"><time datetime="2022-03-01T19:40:00+02:00">1 March 2022</time> · A, B</p>',
        "<p>The first paragraph.</p>",
        "</li>",
        "</ol>",
      ].join("\n"),
    );
    expect(page).toContain("<p>Each feed carries the full text of the latest 50 articles.</p>");
  });
});

describe("the front page", () => {
  it("lists the sections when there are some, and none otherwise", () => {
    const page = renderHomePage(site, [], [{ kind: "sections", name: "World & More", slug: "world-more" }]);
    expect(main(page)).toContain(
      '<p class="tagline">Fixture newsroom for the tests.</p>\n<nav class="sections" aria-label="Sections"><ul><li><a href="/sections/world-more">World &amp; More</a></li></ul></nav>\n<section class="latest"',
    );
    expect(renderHomePage(site, [])).not.toContain('<nav class="sections"');
  });
});

describe("the withdrawn page (410)", () => {
  // Rendered per test: a mutant is active only while tests run, not while the file is collected.
  let page = "";
  beforeEach(() => {
    page = renderWithdrawnPage(site, makeArticle({ withdrawn: { at: "2022-03-05T10:00:00+01:00", reason: "Legal <reasons>." } }));
  });

  it("is noindex and has no canonical link", () => {
    expect(headLinks(page)).toEqual([
      "<title>Withdrawn: First story – Test Newsroom</title>",
      '<meta name="description" content="This article was withdrawn on 5 March 2022.">',
      '<meta name="robots" content="noindex">',
    ]);
  });

  it("says when and why, and when it was first published", () => {
    expect(main(page)).toBe(
      [
        "<main>",
        '<article class="withdrawn">',
        "<h1>First story</h1>",
        '<p class="notice">This article was withdrawn on <time datetime="2022-03-05T10:00:00+01:00">5 March 2022</time>.</p>',
        "<p>Legal &lt;reasons&gt;.</p>",
        '<p>It was first published on <time datetime="2022-03-01T19:40:00+02:00">1 March 2022</time>. If you republished it, please take your copy down.</p>',
        '<p><a href="/">Go to the front page of Test Newsroom</a></p>',
        "</article>",
      ].join("\n"),
    );
  });
});

describe("the partners page", () => {
  const closed = {
    spdx: "LicenseRef-All-Rights-Reserved",
    name: "All rights reserved",
    url: "https://news.example/partners#licence",
    republishable: false,
  };

  it("under all rights reserved says so; with nothing published, has no live example; with a hub, explains WebSub", () => {
    const page = renderPartnersPage(makeSite({ hub: "https://hub.example/" }), { license: closed });
    expect(page).toContain(
      "<p>Unless an article says otherwise, our articles are not licensed for republication (all rights reserved). Articles that may be republished name their licence in <code>_syndication.license</code>.</p>",
    );
    expect(page).toContain("<p>Nothing is published yet, so there is no live example.</p>");
    expect(page).toContain(
      '<li>For push instead of polling, subscribe through WebSub at <code>https://hub.example/</code> (each feed names it as <code>rel="hub"</code>).</li>\n</ul>',
    );
  });

  it("under a licence names it; shows the newest item's JSON, escaped; without a hub, says nothing of WebSub", () => {
    const page = renderPartnersPage(site, {
      item: { id: "x<y", n: 1 },
      license: { spdx: "CC-BY-4.0", name: "N & M", url: "https://l.example/", republishable: true },
    });
    expect(page).toContain(
      '<p>Unless an article says otherwise, our articles are licensed under <a rel="license" href="https://l.example/">N &amp; M</a> (SPDX <code>CC-BY-4.0</code>). Each item names its own licence in <code>_syndication.license</code>; that one applies.</p>',
    );
    expect(page).toContain(
      '<p>The newest item of our feed, live:</p>\n<pre class="example"><code>{\n  &quot;id&quot;: &quot;x&lt;y&quot;,\n  &quot;n&quot;: 1\n}</code></pre>',
    );
    expect(page).not.toContain("WebSub");
    expect(headLinks(page)).toEqual([
      "<title>Republish our journalism – Test Newsroom</title>",
      '<meta name="description" content="How to republish Test Newsroom articles: licence, attribution, image credits, the JSON Feed syndication profile, backfill and polling.">',
      '<link rel="canonical" href="https://news.example/partners">',
    ]);
    expect(page).toContain("<p>The live feeds hold the newest 50 items. Older items are in archive pages of 50 items each");
  });
});

describe("an article page with every optional part", () => {
  const article = makeArticle({
    authors: [{ name: "A" }, { name: "B", url: "https://b.example/" }, { name: "C" }],
    tags: [],
    updated: "2022-03-02T10:00:00+02:00",
    corrections: [{ at: "2022-03-02T10:00:00+02:00", text: "Fixed." }],
    section: "World",
    language: "fr",
    image: { src: "/i.jpg", alt: "A", width: 1, height: 2 },
  });
  let page = "";
  beforeEach(() => {
    page = renderArticlePage(site, article);
  });

  it("has OpenGraph and article metadata: image, each author's page or name, section, no tags", () => {
    expect(between(page, '<meta property="og:type"', "<script")).toBe(
      [
        '<meta property="og:type" content="article">',
        '<meta property="og:site_name" content="Test Newsroom">',
        '<meta property="og:title" content="First story">',
        '<meta property="og:description" content="The first paragraph.">',
        '<meta property="og:url" content="https://news.example/articles/first-story">',
        '<meta property="og:image" content="https://news.example/i.jpg">',
        '<meta property="og:image:width" content="1">',
        '<meta property="og:image:height" content="2">',
        '<meta property="og:image:alt" content="A">',
        '<meta property="article:published_time" content="2022-03-01T19:40:00+02:00">',
        '<meta property="article:modified_time" content="2022-03-02T10:00:00+02:00">',
        '<meta property="article:author" content="A">',
        '<meta property="article:author" content="https://b.example/">',
        '<meta property="article:author" content="C">',
        '<meta property="article:section" content="World">',
        '<meta name="author" content="A, B, C">',
        "",
      ].join("\n"),
    );
  });

  it("has NewsArticle JSON-LD with language, image, authors, section and corrections", () => {
    const json = JSON.parse(
      between(page, '<script type="application/ld+json">', "</script>").slice('<script type="application/ld+json">'.length),
    );
    expect(json).toEqual({
      "@context": "https://schema.org",
      "@type": "NewsArticle",
      headline: "First story",
      description: "The first paragraph.",
      url: "https://news.example/articles/first-story",
      mainEntityOfPage: "https://news.example/articles/first-story",
      datePublished: "2022-03-01T19:40:00+02:00",
      dateModified: "2022-03-02T10:00:00+02:00",
      inLanguage: "fr",
      image: [{ "@type": "ImageObject", url: "https://news.example/i.jpg", width: 1, height: 2 }],
      author: [
        { "@type": "Person", name: "A" },
        { "@type": "Person", name: "B", url: "https://b.example/" },
        { "@type": "Person", name: "C" },
      ],
      publisher: { "@type": "NewsMediaOrganization", name: "Test Newsroom", url: "https://news.example/" },
      articleSection: "World",
      correction: [{ "@type": "CorrectionComment", text: "Fixed.", datePublished: "2022-03-02T10:00:00+02:00" }],
    });
  });

  it("marks its language, links the section, joins three bylines with a comma and “and”, and shows the update", () => {
    expect(between(page, "<article", '<div class="article-body">')).toBe(
      [
        '<article lang="fr">',
        '<header class="article-header">',
        '<p class="kicker"><a href="/sections/world">World</a></p>',
        "<h1>First story</h1>",
        '<p class="byline">By <a rel="author" href="/authors/a">A</a>, <a rel="author" href="/authors/b">B</a> and <a rel="author" href="/authors/c">C</a></p>',
        '<p class="dateline">Published <time datetime="2022-03-01T19:40:00+02:00">1 March 2022</time> · Updated <time datetime="2022-03-02T10:00:00+02:00">2 March 2022</time></p>',
        "</header>",
        "",
      ].join("\n"),
    );
    expect(page).toContain("</section>\n</div>\n</article>\n</main>");
  });

  it("the plainest article: one author, no section, same language, not updated, no image", () => {
    const plain = renderArticlePage(site, makeArticle({ tags: [], language: "en" }));
    expect(between(plain, "<article", '<div class="article-body">')).toBe(
      [
        "<article>",
        '<header class="article-header">',
        "<h1>First story</h1>",
        '<p class="byline">By <a rel="author" href="/authors/ada-reporter">Ada Reporter</a></p>',
        '<p class="dateline">Published <time datetime="2022-03-01T19:40:00+02:00">1 March 2022</time></p>',
        "</header>",
        "",
      ].join("\n"),
    );
    expect(plain).not.toContain("og:image");
    expect(plain).not.toContain("article:section");
    expect(plain).not.toContain('"keywords"');
    expect(plain).not.toContain('"correction"');
    expect(plain).toContain('"inLanguage":"en"');
  });

  it("two authors are joined with “and”, and tags make the Topics footer and keywords", () => {
    const two = renderArticlePage(site, makeArticle({ authors: [{ name: "A" }, { name: "B" }], tags: ["Q&A", "World"] }));
    expect(two).toContain('<p class="byline">By <a rel="author" href="/authors/a">A</a> and <a rel="author" href="/authors/b">B</a></p>');
    expect(two).toContain(
      '<footer class="tags"><h2>Topics</h2><ul><li><a href="/tags/q-a">Q&amp;A</a></li><li><a href="/tags/world">World</a></li></ul></footer>\n</article>',
    );
    expect(two).toContain('<meta property="article:tag" content="Q&amp;A">\n<meta property="article:tag" content="World">\n');
    expect(two).toContain('"keywords":["Q&A","World"]');
  });
});
