// Discovery documents (src/render/sitemaps.ts): sitemaps.org 0.9 `sitemap.xml`, the Google
// News sitemap and `robots.txt` (RFC 9309), checked line by line against those formats.
import { describe, expect, it } from "vitest";
import { NEWS_SITEMAP_MAX_URLS, renderNewsSitemap, renderRobots, renderSitemap, SITEMAP_MAX_URLS } from "../../src/render/sitemaps.js";
import { makeArticle, makeSite } from "../helpers/fixtures.js";

const site = makeSite();
const SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9";
const NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9";

describe("sitemap.xml", () => {
  it("lists each page's absolute URL and lastmod in a sitemaps.org 0.9 urlset, one url per line", () => {
    const xml = renderSitemap(site, [
      { path: "/", lastmod: "2022-03-02T16:05:30+01:00" },
      { path: "/articles/first-story", lastmod: "2022-03-01T19:40:00+02:00" },
    ]);
    expect(xml).toBe(
      [
        '<?xml version="1.0" encoding="utf-8"?>',
        `<urlset xmlns="${SITEMAP_NS}">`,
        "<url><loc>https://news.example/</loc><lastmod>2022-03-02T16:05:30+01:00</lastmod></url>",
        "<url><loc>https://news.example/articles/first-story</loc><lastmod>2022-03-01T19:40:00+02:00</lastmod></url>",
        "</urlset>",
        "",
      ].join("\n"),
    );
  });

  it("is an empty urlset when there are no pages", () => {
    expect(renderSitemap(site, [])).toBe(`<?xml version="1.0" encoding="utf-8"?>\n<urlset xmlns="${SITEMAP_NS}">\n</urlset>\n`);
  });

  it("entity-escapes loc (sitemaps.org: & must be &amp;) and percent-encodes non-ASCII paths", () => {
    const xml = renderSitemap(site, [
      { path: "/tags/q&a", lastmod: "2022-01-01T00:00:00Z" },
      { path: "/tags/ملف", lastmod: "2022-01-01T00:00:00Z" },
    ]);
    expect(xml).toContain("<loc>https://news.example/tags/q&amp;a</loc>");
    expect(xml).toContain("<loc>https://news.example/tags/%D9%85%D9%84%D9%81</loc>");
  });

  it("caps files at the protocol's 50,000 URLs", () => {
    expect(SITEMAP_MAX_URLS).toBe(50_000);
  });
});

describe("Google News sitemap", () => {
  it("gives each article its URL, publication name and language, date and title", () => {
    const article = makeArticle();
    expect(renderNewsSitemap(site, [article])).toBe(
      [
        '<?xml version="1.0" encoding="utf-8"?>',
        `<urlset xmlns="${SITEMAP_NS}" xmlns:news="${NEWS_NS}">`,
        "<url><loc>https://news.example/articles/first-story</loc><news:news><news:publication><news:name>Test Newsroom</news:name><news:language>en</news:language></news:publication><news:publication_date>2022-03-01T19:40:00+02:00</news:publication_date><news:title>First story</news:title></news:news></url>",
        "</urlset>",
        "",
      ].join("\n"),
    );
  });

  it("writes the article's own language, else the site's, as Google News asks (zh-tw lower-cased)", () => {
    // Google News: an ISO 639 code, except zh-cn and zh-tw for Chinese.
    const xml = renderNewsSitemap(makeSite({ language: "de" }), [
      makeArticle({ slug: "a", language: "zh-TW" }),
      makeArticle({ slug: "b" }),
    ]);
    expect([...xml.matchAll(/<news:language>([^<]*)<\/news:language>/g)].map((m) => m[1])).toEqual(["zh-tw", "de"]);
  });

  it("escapes the title and the newsroom's name", () => {
    const xml = renderNewsSitemap(makeSite({ name: "A & B <News>" }), [makeArticle({ title: 'Tom & "Jerry" <b>' })]);
    expect(xml).toContain("<news:name>A &amp; B &lt;News&gt;</news:name>");
    expect(xml).toContain('<news:title>Tom &amp; "Jerry" &lt;b&gt;</news:title>');
  });

  it("keeps the articles' order and stops at 1,000 articles, Google News' limit", () => {
    expect(NEWS_SITEMAP_MAX_URLS).toBe(1000);
    const articles = Array.from({ length: 1001 }, (_, i) => makeArticle({ slug: `s${i}` }));
    const xml = renderNewsSitemap(site, articles);
    const locs = [...xml.matchAll(/<loc>([^<]*)<\/loc>/g)].map((m) => m[1]);
    expect(locs).toHaveLength(1000);
    expect(locs[0]).toBe("https://news.example/articles/s0");
    expect(locs[999]).toBe("https://news.example/articles/s999");
  });

  it("is an empty urlset when nothing was published in the last two days", () => {
    expect(renderNewsSitemap(site, [])).toBe(
      `<?xml version="1.0" encoding="utf-8"?>\n<urlset xmlns="${SITEMAP_NS}" xmlns:news="${NEWS_NS}">\n</urlset>\n`,
    );
  });
});

describe("robots.txt", () => {
  it("allows every crawler everything and names both sitemaps by absolute URL", () => {
    expect(renderRobots(site)).toBe(
      "User-agent: *\nAllow: /\n\nSitemap: https://news.example/sitemap.xml\nSitemap: https://news.example/sitemap-news.xml\n",
    );
  });
});
