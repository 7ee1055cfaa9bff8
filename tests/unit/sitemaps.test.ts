// Discovery documents (src/render/sitemaps.ts): sitemaps.org 0.9 `sitemap.xml`, the Google
// News sitemap and `robots.txt` (RFC 9309), checked line by line against those formats.
import { describe, expect, it } from "vitest";
import {
  NEWS_SITEMAP_MAX_URLS,
  planSitemap,
  renderNewsSitemap,
  renderRobots,
  renderSitemap,
  renderSitemapIndex,
  SITEMAP_FILE_URLS,
  SITEMAP_MAX_URLS,
} from "../../src/render/sitemaps.js";
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

  it("splits files well inside the protocol's 50,000 URLs", () => {
    expect(SITEMAP_FILE_URLS).toBe(5_000);
    expect(SITEMAP_FILE_URLS).toBeLessThan(SITEMAP_MAX_URLS);
  });
});

describe("sitemap plan", () => {
  const entry = (path: string, lastmod = "2022-01-01T00:00:00Z") => ({ path, lastmod });
  const home = entry("/", "2022-03-02T00:00:00Z");
  // Newest first, as the catalog lists them.
  const articles = [
    entry("/articles/c", "2022-03-01T12:00:00+02:00"),
    entry("/articles/b", "2022-03-01T11:00:00Z"),
    entry("/articles/a", "2022-02-01T00:00:00Z"),
  ];
  const listings = [entry("/sections/world", "2022-03-01T12:00:00Z"), entry("/tags/x", "2022-02-15T00:00:00Z")];

  it("is one urlset — front page, articles newest first, listings — while everything fits one file", () => {
    expect(planSitemap(home, articles, listings, [], 6)).toEqual({ kind: "urlset", entries: [home, ...articles, ...listings] });
    expect(planSitemap(undefined, articles, listings, [], 5)).toEqual({ kind: "urlset", entries: [...articles, ...listings] });
  });

  it("past one file, indexes files of pages and of articles oldest first, each with its newest lastmod as written", () => {
    expect(planSitemap(home, articles, listings, [], 2)).toEqual({
      kind: "index",
      files: [
        { path: "/sitemaps/pages-1.xml", entries: [home, listings[0]], lastmod: "2022-03-02T00:00:00Z" },
        { path: "/sitemaps/pages-2.xml", entries: [listings[1]], lastmod: "2022-02-15T00:00:00Z" },
        { path: "/sitemaps/articles-1.xml", entries: [articles[2], articles[1]], lastmod: "2022-03-01T11:00:00Z" },
        { path: "/sitemaps/articles-2.xml", entries: [articles[0]], lastmod: "2022-03-01T12:00:00+02:00" },
      ],
    });
    // The newest lastmod is the latest instant (12:00+02:00 is 10:00Z), not the greatest string.
    const both = planSitemap(
      undefined,
      [],
      [entry("/tags/y", "2022-03-01T12:00:00+02:00"), entry("/tags/x", "2022-03-01T11:00:00Z"), entry("/tags/z")],
      [],
      2,
    );
    expect(both.kind === "index" && both.files[0]).toEqual({
      path: "/sitemaps/pages-1.xml",
      entries: [entry("/tags/y", "2022-03-01T12:00:00+02:00"), entry("/tags/x", "2022-03-01T11:00:00Z")],
      lastmod: "2022-03-01T11:00:00Z",
    });
  });

  it("puts the settled archive's chunks first: each is an article file's first part, read when it renders", () => {
    // Five settled entries in chunks of two, then the bundle's three articles.
    const stored = [
      { count: 2, lastmod: "2021-01-02T00:00:00Z" },
      { count: 2, lastmod: "2021-01-04T00:00:00Z" },
      { count: 1, lastmod: "2021-01-05T00:00:00Z" },
    ];
    expect(planSitemap(undefined, articles, [], stored, 2)).toEqual({
      kind: "index",
      files: [
        { path: "/sitemaps/articles-1.xml", entries: [], lastmod: "2021-01-02T00:00:00Z", chunk: 0 },
        { path: "/sitemaps/articles-2.xml", entries: [], lastmod: "2021-01-04T00:00:00Z", chunk: 1 },
        { path: "/sitemaps/articles-3.xml", entries: [articles[2]], lastmod: "2022-02-01T00:00:00Z", chunk: 2 },
        { path: "/sitemaps/articles-4.xml", entries: [articles[1], articles[0]], lastmod: "2022-03-01T11:00:00Z" },
      ],
    });
    // While everything fits one file, the only chunk goes after the bundle's articles, before the listings.
    expect(planSitemap(home, articles, listings, [{ count: 2, lastmod: "2021-01-02T00:00:00Z" }], 8)).toEqual({
      kind: "urlset",
      entries: [home, ...articles, ...listings],
      chunk: { index: 0, at: 4 },
    });
    expect(planSitemap(home, articles, listings, [{ count: 3, lastmod: "2021-01-02T00:00:00Z" }], 8).kind).toBe("index");
  });

  it("makes no empty file: none for absent pages, none after an exact multiple", () => {
    const four = [entry("/articles/d"), entry("/articles/c"), entry("/articles/b"), entry("/articles/a")];
    const plan = planSitemap(undefined, four, [], [], 2);
    expect(plan.kind === "index" && plan.files.map((f) => [f.path, f.entries.length])).toEqual([
      ["/sitemaps/articles-1.xml", 2],
      ["/sitemaps/articles-2.xml", 2],
    ]);
  });

  it("renders the index as a sitemaps.org 0.9 sitemapindex, lastmod only where a file has one", () => {
    expect(
      renderSitemapIndex(site, [
        { path: "/sitemaps/pages-1.xml", lastmod: undefined },
        { path: "/sitemaps/articles-1.xml", lastmod: "2022-03-01T11:00:00Z" },
      ]),
    ).toBe(
      [
        '<?xml version="1.0" encoding="utf-8"?>',
        `<sitemapindex xmlns="${SITEMAP_NS}">`,
        "<sitemap><loc>https://news.example/sitemaps/pages-1.xml</loc></sitemap>",
        "<sitemap><loc>https://news.example/sitemaps/articles-1.xml</loc><lastmod>2022-03-01T11:00:00Z</lastmod></sitemap>",
        "</sitemapindex>",
        "",
      ].join("\n"),
    );
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
