// Each renderer against its golden file, plus structural assertions on the parsed
// output (so a golden update cannot silently change meaning), plus offline validation:
// strict XML, RFC 4287's schema for Atom, the JSON Feed 1.1 schema, and vnu for HTML.

import { beforeEach, describe, expect, it } from "vitest";
import type { Article, Site } from "../../src/core/model.js";
import { stylesheet } from "../../src/render/assets.js";
import { renderAtom } from "../../src/render/atom.js";
import { mainFeedSpec } from "../../src/render/feed-spec.js";
import { jsonFeed, renderJsonFeed, singleAuthor } from "../../src/render/json-feed.js";
import { renderArticlePage, renderHomePage, renderNotFoundPage } from "../../src/render/pages.js";
import { renderRss } from "../../src/render/rss.js";
import { atomRuleProblems, rssRuleProblems } from "../helpers/feed-rules.js";
import { makeAdversarialArticle, makeArticle, makeRichArticle, makeSite } from "../helpers/fixtures.js";
import { expectGolden } from "../helpers/golden.js";
import { blockTexts } from "../helpers/html-text.js";
import { atomSchemaErrors, children, childText, htmlProblems, jsonFeedErrors, parseXml, xmlErrors } from "../helpers/validators.js";

const ATOM = "http://www.w3.org/2005/Atom";
const DC = "http://purl.org/dc/elements/1.1/";
const CONTENT = "http://purl.org/rss/1.0/modules/content/";

/** Newest first, as the build hands them over. */
const fixtureArticles = (): Article[] => [makeAdversarialArticle(), makeArticle()];
/** The adversarial title once the three characters XML forbids in it (U+0008, U+000B, a lone U+D800) are dropped. */
const clean = (s: string) => s.replace("\u0008", "").replace("\u000B", "").replace("\uD800", "");

// Every document is rendered anew in a beforeEach, never once in the describe body: code
// that runs while the file is collected is outside any test, so a mutant there is never
// active for the tests that read its output (StrykerJS perTest coverage, ignoreStatic).
describe("RSS 2.0", () => {
  const site = makeSite();
  let xml = "";
  beforeEach(() => {
    xml = renderRss(site, mainFeedSpec(site, fixtureArticles()));
  });

  it("matches its golden file", async () => {
    expectGolden(xml, "rss.xml");
  });

  it("is well-formed XML", () => {
    expect(xmlErrors(xml)).toEqual([]);
  });

  it("has the channel elements, self link and one item per article", () => {
    const rss = parseXml(xml).documentElement!;
    expect(rss.getAttribute("version")).toBe("2.0");
    const [channel] = children(rss, "channel");
    expect(childText(channel!, "title")).toBe("Test Newsroom");
    expect(childText(channel!, "link")).toBe("https://news.example/");
    expect(childText(channel!, "language")).toBe("en");
    expect(childText(channel!, "lastBuildDate")).toBe("Thu, 03 Mar 2022 14:30:00 GMT");
    const [self] = children(channel!, "link", ATOM);
    expect([self!.getAttribute("rel"), self!.getAttribute("href"), self!.getAttribute("type")]).toEqual([
      "self",
      "https://news.example/rss.xml",
      "application/rss+xml",
    ]);
    expect(children(channel!, "item")).toHaveLength(2);
  });

  it("carries every field of an item, escaped and round-tripping exactly", () => {
    const article = makeAdversarialArticle();
    const [item] = children(children(parseXml(xml).documentElement!, "channel")[0]!, "item");
    expect(childText(item!, "title")).toBe(clean(article.title));
    expect(childText(item!, "link")).toBe("https://news.example/articles/adversarial");
    const [guid] = children(item!, "guid");
    expect(guid!.getAttribute("isPermaLink")).toBe("false");
    expect(guid!.textContent).toBe("tag:news.example,2022:adversarial&<>");
    expect(childText(item!, "pubDate")).toBe("Wed, 02 Mar 2022 08:00:00 GMT");
    expect(childText(item!, "description")).toBe(article.summary);
    expect(children(item!, "creator", DC).map((e) => e.textContent)).toEqual(["O'Brien & <Sons>", "نور"]);
    // Never <author>: it may hold one e-mail only, and beside dc:creator the W3C validator warns.
    expect(children(item!, "author")).toEqual([]);
    expect(children(item!, "category").map((e) => e.textContent)).toEqual(["Q&A", '"quoted"', "ملف"]);
    // domain: the tag's page (percent-encoded when the slug is not ASCII), which autodiscovers its feeds.
    expect(children(item!, "category").map((e) => e.getAttribute("domain"))).toEqual([
      "https://news.example/tags/q-a",
      "https://news.example/tags/quoted",
      "https://news.example/tags/%D9%85%D9%84%D9%81",
    ]);
    const content = childText(item!, "encoded", CONTENT)!;
    expect(content).toContain(
      '<img src="https://news.example/images/a&amp;b.jpg" alt="Alt &quot;text&quot; &amp; &lt;more&gt;" width="1600" height="900">',
    );
    expect(blockTexts(content)).toEqual([
      "Body with <script>alert(1)</script> as text, ]]> and an emoji 🙂.",
      "Caption <i>not markup</i> Photo: Agency & Co",
      "نص عربي",
    ]);
  });

  it("makes root-relative links in content absolute", () => {
    const [, item] = children(children(parseXml(xml).documentElement!, "channel")[0]!, "item");
    expect(childText(item!, "encoded", CONTENT)).toContain('<a href="https://news.example/articles/other">link</a>');
  });
});

describe("Atom 1.0", () => {
  const site = makeSite();
  let xml = "";
  beforeEach(() => {
    xml = renderAtom(site, mainFeedSpec(site, fixtureArticles()));
  });

  it("matches its golden file", async () => {
    expectGolden(xml, "atom.xml");
  });

  it("is well-formed and valid against RFC 4287's schema", () => {
    expect(xmlErrors(xml)).toEqual([]);
    expect(atomSchemaErrors(xml)).toEqual([]);
  });

  it("has the feed metadata, with updated = the newest item's updated", () => {
    const feed = parseXml(xml).documentElement!;
    expect(feed.namespaceURI).toBe(ATOM);
    expect(feed.getAttribute("xml:lang")).toBe("en");
    expect(childText(feed, "id")).toBe(site.id);
    expect(childText(feed, "updated")).toBe("2022-03-03T09:30:00-05:00");
    const links = children(feed, "link").map((l) => `${l.getAttribute("rel")} ${l.getAttribute("type")} ${l.getAttribute("href")}`);
    expect(links).toEqual(["self application/atom+xml https://news.example/atom.xml", "alternate text/html https://news.example/"]);
  });

  it("carries every field of an entry", () => {
    const article = makeAdversarialArticle();
    const [entry, second] = children(parseXml(xml).documentElement!, "entry");
    expect(entry!.getAttribute("xml:lang")).toBe("ar");
    expect(second!.hasAttribute("xml:lang")).toBe(false);
    expect(childText(entry!, "id")).toBe(article.id);
    expect(childText(entry!, "title")).toBe(clean(article.title));
    expect(children(entry!, "title")[0]!.getAttribute("type")).toBe("text");
    expect(childText(entry!, "published")).toBe("2022-03-02T08:00:00.250Z");
    expect(childText(entry!, "updated")).toBe("2022-03-03T09:30:00-05:00");
    expect(children(entry!, "author").map((a) => [childText(a, "name"), childText(a, "uri"), childText(a, "email")])).toEqual([
      ["O'Brien & <Sons>", "https://news.example/people/o?a=1&b=2", "obrien@news.example"],
      ["نور", undefined, undefined],
    ]);
    // term is the slug, scheme the taxonomy (scheme + term = the tag's page), label the name.
    const categories = children(entry!, "category");
    expect(categories.map((c) => c.getAttribute("term"))).toEqual(["q-a", "quoted", "ملف"]);
    expect(categories.map((c) => c.getAttribute("label"))).toEqual(["Q&A", '"quoted"', "ملف"]);
    expect(categories.map((c) => c.getAttribute("scheme"))).toEqual(Array(3).fill("https://news.example/tags/"));
    expect(childText(entry!, "summary")).toBe(article.summary);
    const [content] = children(entry!, "content");
    expect(content!.getAttribute("type")).toBe("html");
    expect(blockTexts(content!.textContent!)[0]).toBe("Body with <script>alert(1)</script> as text, ]]> and an emoji 🙂.");
  });
});

describe("JSON Feed 1.1", () => {
  const site = makeSite();
  let text = "";
  // biome-ignore lint/suspicious/noExplicitAny: the parsed document, checked member by member
  let feed: any;
  beforeEach(() => {
    text = renderJsonFeed(site, mainFeedSpec(site, fixtureArticles()));
    feed = JSON.parse(text);
  });

  it("matches its golden file", async () => {
    expectGolden(text, "feed.json");
  });

  it("is valid against the JSON Feed 1.1 schema", () => {
    expect(jsonFeedErrors(feed)).toEqual([]);
  });

  it("has the 1.1 top-level fields", () => {
    expect(feed).toMatchObject({
      version: "https://jsonfeed.org/version/1.1",
      title: "Test Newsroom",
      home_page_url: "https://news.example/",
      feed_url: "https://news.example/feed.json",
      language: "en",
      authors: [{ name: "Test Newsroom", url: "https://news.example/" }],
      // JSON Feed 1.1 keeps 1.0's `author` valid beside `authors`, for readers that know only it.
      author: { name: "Test Newsroom", url: "https://news.example/" },
      icon: "https://news.example/icon-512.png",
      favicon: "https://news.example/icon-64.png",
    });
  });

  it("gives 1.0 readers one author: the author, or every name in one with no single URL", () => {
    expect(feed.items[0]!.author).toEqual({ name: "O'Brien & <Sons> and نور" });
    expect(singleAuthor([{ name: "Ada", url: "https://news.example/ada" }])).toEqual({ name: "Ada", url: "https://news.example/ada" });
    expect(singleAuthor([{ name: "A" }, { name: "B" }, { name: "C" }])).toEqual({ name: "A, B and C" });
  });

  it("carries every field of an item, HTML only in content_html", () => {
    const article = makeAdversarialArticle();
    expect(feed.items[0]).toMatchObject({
      id: article.id,
      url: "https://news.example/articles/adversarial",
      title: clean(article.title),
      summary: article.summary,
      image: "https://news.example/images/a&b.jpg",
      date_published: "2022-03-02T08:00:00.250Z",
      date_modified: "2022-03-03T09:30:00-05:00",
      authors: [{ name: "O'Brien & <Sons>", url: "https://news.example/people/o?a=1&b=2" }, { name: "نور" }],
      tags: ["Q&A", '"quoted"', "ملف"],
      language: "ar",
    });
    expect(feed.items[1].language).toBeUndefined();
    expect(blockTexts(feed.items[0].content_html)[1]).toBe("Caption <i>not markup</i> Photo: Agency & Co");
  });
});

describe("every feed", () => {
  const renderers = {
    rss: (site: Site, articles: Article[]) => renderRss(site, mainFeedSpec(site, articles)),
    atom: (site: Site, articles: Article[]) => renderAtom(site, mainFeedSpec(site, articles)),
    json: (site: Site, articles: Article[]) => renderJsonFeed(site, mainFeedSpec(site, articles)),
  };

  it.each(Object.entries(renderers))("%s is deterministic: identical content gives identical bytes", (_name, render) => {
    expect(render(makeSite(), fixtureArticles())).toBe(render(makeSite(), fixtureArticles()));
  });

  it.each(Object.entries(renderers))("%s carries only the newest feedSize items", (_name, render) => {
    const many = Array.from({ length: 7 }, (_, i) =>
      makeArticle({
        slug: `s${i}`,
        id: `urn:uuid:00000000-0000-4000-8000-00000000000${i}`,
        published: `2022-03-0${9 - i}T10:00:00Z`,
        updated: `2022-03-0${9 - i}T10:00:00Z`,
      }),
    );
    const out = render(makeSite({ feedSize: 3 }), many);
    expect(out).toContain("/articles/s2");
    expect(out).not.toContain("/articles/s3");
  });

  it.each(Object.entries(renderers))("%s keeps ids when the host changes; links follow the base URL", (_name, render) => {
    const a = render(makeSite({ baseUrl: "https://a.example" }), fixtureArticles());
    const b = render(makeSite({ baseUrl: "http://127.0.0.1:9999" }), fixtureArticles());
    expect(b).toBe(a.replaceAll("https://a.example", "http://127.0.0.1:9999"));
    expect(b).toContain("urn:uuid:11111111-1111-4111-8111-111111111111");
  });

  it("RSS and Atom pass the W3C Feed Validator's rules with no error or warning", () => {
    const articles = [makeRichArticle(), makeArticle()];
    expect(rssRuleProblems(renderRss(makeSite(), mainFeedSpec(makeSite(), articles)))).toEqual([]);
    expect(atomRuleProblems(renderAtom(makeSite(), mainFeedSpec(makeSite(), articles)))).toEqual([]);
    expect(atomSchemaErrors(renderAtom(makeSite(), mainFeedSpec(makeSite(), articles)))).toEqual([]);
    expect(jsonFeedErrors(jsonFeed(makeSite(), mainFeedSpec(makeSite(), articles)))).toEqual([]);
  });

  it("empty feeds are still valid", () => {
    const site = makeSite();
    const atom = renderAtom(site, mainFeedSpec(site, []));
    expect(xmlErrors(renderRss(site, mainFeedSpec(site, [])))).toEqual([]);
    expect(atomSchemaErrors(atom)).toEqual([]);
    expect(jsonFeedErrors(jsonFeed(site, mainFeedSpec(site, [])))).toEqual([]);
  });
});

describe("HTML pages", () => {
  const site = makeSite();
  let page = "";
  let adversarial = "";
  let home = "";
  let notFound = "";
  beforeEach(() => {
    const articles = fixtureArticles();
    page = renderArticlePage(site, articles[1]!);
    adversarial = renderArticlePage(site, articles[0]!);
    home = renderHomePage(site, articles);
    notFound = renderNotFoundPage(site);
  });

  it("match their golden files", async () => {
    expectGolden(page, "article.html");
    expectGolden(home, "home.html");
    expectGolden(notFound, "404.html");
  });

  it("are valid HTML5 with no errors or warnings (Nu Html Checker), and so is the stylesheet", () => {
    expect(
      htmlProblems({
        "article.html": page,
        "adversarial.html": adversarial,
        "home.html": home,
        "404.html": notFound,
        "site.css": stylesheet,
      }),
    ).toEqual([]);
  }, 60_000);

  it("an article page has lang, title, canonical, autodiscovery, OpenGraph and JSON-LD", () => {
    expect(page).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(page).toContain("<title>First story – Test Newsroom</title>");
    expect(page).toContain('<link rel="canonical" href="https://news.example/articles/first-story">');
    expect(page).toContain(
      '<link rel="alternate" type="application/rss+xml" title="Test Newsroom (RSS)" href="https://news.example/rss.xml">',
    );
    expect(page).toContain(
      '<link rel="alternate" type="application/atom+xml" title="Test Newsroom (Atom)" href="https://news.example/atom.xml">',
    );
    expect(page).toContain(
      '<link rel="alternate" type="application/feed+json" title="Test Newsroom (JSON Feed)" href="https://news.example/feed.json">',
    );
    expect(page).toContain('<meta property="og:type" content="article">');
    expect(page).toContain('<meta property="article:published_time" content="2022-03-01T19:40:00+02:00">');
    expect(page).toContain('<time datetime="2022-03-01T19:40:00+02:00">1 March 2022</time>');
    expect(page).toContain('<p class="byline">By <a rel="author" href="/authors/ada-reporter">Ada Reporter</a></p>');
    const ld = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/.exec(page)![1]!);
    expect(ld).toMatchObject({
      "@context": "https://schema.org",
      "@type": "NewsArticle",
      headline: "First story",
      datePublished: "2022-03-01T19:40:00+02:00",
      author: [{ "@type": "Person", name: "Ada Reporter" }],
      publisher: { "@type": "NewsMediaOrganization", name: "Test Newsroom" },
    });
  });

  it("escape hostile content, mark the article's own language, and show the credit", () => {
    expect(adversarial).not.toContain("<script>alert");
    expect(adversarial).not.toContain("<b>bold</b>");
    expect(adversarial).toContain('<article lang="ar">');
    expect(adversarial).toContain('<span class="credit">Photo: Agency &amp; Co</span>');
    expect(adversarial).toContain(
      'Published <time datetime="2022-03-02T08:00:00.250Z">2 March 2022</time> · Updated <time datetime="2022-03-03T09:30:00-05:00">3 March 2022</time>',
    );
    const ld = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(adversarial)![1]!;
    expect(ld).not.toContain("<");
  });

  it("a lead image without a file keeps its caption and credit", () => {
    const html = renderArticlePage(site, makeArticle({ image: { caption: "A caption", credit: "Shutterstock" } }));
    expect(html).toContain(
      '<figure class="lead-image"><figcaption>A caption <span class="credit">Photo: Shutterstock</span></figcaption></figure>',
    );
    expect(html).not.toContain("<img");
    expect(html).not.toContain("og:image");
  });

  it("the front page lists the newest articles and explains the three feeds", () => {
    expect(home.indexOf("/articles/adversarial")).toBeLessThan(home.indexOf("/articles/first-story"));
    expect(home).toContain('id="subscribe"');
    for (const url of ["https://news.example/rss.xml", "https://news.example/atom.xml", "https://news.example/feed.json"])
      expect(home).toContain(`>${url}</a>`);
    expect(home).toContain("A feed is a list of our newest articles");
  });

  it("the 404 page says nothing about the request", () => {
    expect(notFound).toContain("<h1>Page not found</h1>");
    expect(notFound).not.toContain("canonical");
  });
});
