// `npm start` seen from outside, as a feed reader, a validator and a partner would see it.
import { describe, expect, inject, it } from "vitest";
import { siteFromVars } from "../../src/core/config.js";
import { content } from "../../src/generated/content.js";
import { articleContentHtml } from "../../src/render/article-html.js";
import { withBodies } from "../helpers/bundle.js";
import { atomRuleProblems, rssRuleProblems } from "../helpers/feed-rules.js";
import { blockTexts } from "../helpers/html-text.js";
import { feedparserRead, newsboatRead } from "../helpers/readers.js";
import { atomSchemaErrors, htmlProblems, jsonFeedErrors, xmlErrors } from "../helpers/validators.js";

const base = inject("baseUrl");
const site = siteFromVars({ BASE_URL: base });
const articles = withBodies(content);
const get = async (path: string) => {
  const response = await fetch(base + path);
  return { response, text: await response.text() };
};

describe("npm start", () => {
  it("serves RSS that is well-formed, passes the W3C validator's rules and points at the address it serves on", async () => {
    const { response, text } = await get("/rss.xml");
    expect(response.headers.get("content-type")).toBe("application/rss+xml; charset=utf-8");
    expect(xmlErrors(text)).toEqual([]);
    expect(rssRuleProblems(text)).toEqual([]);
    expect(text).toContain(`<atom:link href="${base}/rss.xml" rel="self" type="application/rss+xml"/>`);
  });

  it("serves Atom valid against RFC 4287's schema and the W3C validator's rules", async () => {
    const { response, text } = await get("/atom.xml");
    expect(response.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
    expect(xmlErrors(text)).toEqual([]);
    expect(atomSchemaErrors(text)).toEqual([]);
    expect(atomRuleProblems(text)).toEqual([]);
    expect(text).toContain(`<link rel="self" type="application/atom+xml" href="${base}/atom.xml"/>`);
  });

  it("serves JSON Feed valid against the JSON Feed 1.1 schema, every item complete", async () => {
    const { response, text } = await get("/feed.json");
    expect(response.headers.get("content-type")).toBe("application/feed+json; charset=utf-8");
    const feed = JSON.parse(text);
    expect(jsonFeedErrors(feed)).toEqual([]);
    expect(feed.feed_url).toBe(`${base}/feed.json`);
    expect(feed.items).toHaveLength(articles.length);
    for (const [i, item] of feed.items.entries()) {
      const article = articles[i]!;
      expect(item).toMatchObject({
        id: article.id,
        title: article.title,
        url: `${base}/articles/${article.slug}`,
        date_published: article.published,
      });
      expect(item.content_html.length).toBeGreaterThan(article.bodyHtml.length);
    }
  });

  it("serves HTML pages with no HTML5 errors or warnings, and 404s for unknown paths", async () => {
    const pages: Record<string, string> = {};
    for (const path of ["/", ...articles.map((a) => `/articles/${a.slug}`)]) {
      const { response, text } = await get(path);
      expect(response.status, path).toBe(200);
      pages[path] = text;
    }
    const missing = await get("/no/such/page");
    expect(missing.response.status).toBe(404);
    pages["/no/such/page"] = missing.text;
    pages["site.css"] = (await get("/site.css")).text;
    expect(htmlProblems(pages)).toEqual([]);
  }, 60_000);

  it("autodiscovery on every page finds the three feeds, and each one answers", async () => {
    for (const path of ["/", ...articles.map((a) => `/articles/${a.slug}`)]) {
      const { text } = await get(path);
      const links = [...text.matchAll(/<link rel="alternate" type="([^"]+)" title="[^"]+" href="([^"]+)">/g)].map((m) => [m[1], m[2]]);
      expect(links, path).toEqual([
        ["application/rss+xml", `${base}/rss.xml`],
        ["application/atom+xml", `${base}/atom.xml`],
        ["application/feed+json", `${base}/feed.json`],
      ]);
      for (const [type, href] of links) {
        const response = await fetch(href!);
        expect(response.headers.get("content-type")).toBe(`${type}; charset=utf-8`);
      }
    }
  });
});

describe("real feed readers", () => {
  const first = articles[0]!;

  it.each(["/rss.xml", "/atom.xml"])("newsboat reads %s completely: title, link, id, date, author, content", (path) => {
    const feed = newsboatRead(base + path);
    expect(feed.title).toBe("Meridian Wire");
    expect(feed.url).toBe(`${base}/`);
    expect(feed.items).toHaveLength(articles.length);
    const item = feed.items.find((i) => i.guid === first.id)!;
    expect(item.title).toBe(first.title);
    expect(item.url).toBe(`${base}/articles/${first.slug}`);
    expect(item.author).toBe(first.authors.map((a) => a.name).join(", "));
    expect(item.date).toBe(Date.parse(first.published) / 1000);
    // Every paragraph, the subheading and the figure caption, as the service renders them.
    expect(blockTexts(item.content)).toEqual(blockTexts(articleContentHtml(site, first)));
  });

  it.each([
    ["/rss.xml", "rss20"],
    ["/atom.xml", "atom10"],
  ])("feedparser reads %s as %s with no error, every field present", (path, version) => {
    const feed = feedparserRead(base + path);
    expect(feed.version).toBe(version);
    expect(feed.bozoException).toBeNull();
    expect(feed.title).toBe("Meridian Wire");
    expect(feed.items).toHaveLength(articles.length);
    const item = feed.items.find((i) => i.id === first.id)!;
    expect(item).toMatchObject({
      title: first.title,
      link: `${base}/articles/${first.slug}`,
      author: first.authors[0]!.name,
      summary: first.summary,
      // The section first, then the tags; Atom categories carry the slug as term and the name as label.
      tags: [...(first.section === undefined ? [] : [first.section]), ...first.tags],
    });
    expect(item.published).not.toBe("");
    expect(blockTexts(item.content)).toEqual(blockTexts(articleContentHtml(site, first)));
  });
});
