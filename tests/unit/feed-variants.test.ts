// The parts of each feed format the golden fixtures do not reach: RFC 5005 archive and
// complete documents, the WebSub hub and RSS <ttl>, all-rights-reserved channels, RFC 6721
// tombstones, per-entry languages, and lead images with and without a file.
import { describe, expect, it } from "vitest";
import type { Article } from "../../src/core/model.js";
import { feedPaths } from "../../src/core/urls.js";
import { renderAtom } from "../../src/render/atom.js";
import { type FeedSpec, mainFeedSpec, specUpdated } from "../../src/render/feed-spec.js";
import { jsonFeed } from "../../src/render/json-feed.js";
import { renderRss } from "../../src/render/rss.js";
import { makeArticle, makeSite } from "../helpers/fixtures.js";

const hubSite = makeSite({ hub: "https://hub.example/", license: "LicenseRef-None" });
const ARR_LICENSE = { spdx: "LicenseRef-All-Rights-Reserved", name: "All rights reserved", url: "https://news.example/partners#licence" };

const archiveSpec = (overrides: Partial<FeedSpec> = {}): FeedSpec => ({
  id: "urn:x:archive-2",
  title: "Archive 2",
  description: "D",
  paths: feedPaths.archive(2),
  items: [],
  tombstones: [],
  subscription: false,
  history: { archive: true, prev: feedPaths.archive(1), next: feedPaths.archive(3), current: feedPaths.main, closed: true },
  ...overrides,
});
const subscriptionSpec = (overrides: Partial<FeedSpec> = {}): FeedSpec => ({
  id: "urn:x:main",
  title: "Main",
  description: "D",
  paths: feedPaths.main,
  items: [],
  tombstones: [],
  subscription: true,
  ...overrides,
});

/** Every `<tag …>…</tag>` block of a document, in order. */
const blocks = (xml: string, tag: string) => [...xml.matchAll(new RegExp(`<${tag}[ >][\\s\\S]*?</${tag}>`, "g"))].map((m) => m[0]);

describe("RSS 2.0 channel variants", () => {
  it("an archive document: history namespace, current, prev-archive and next-archive links, fh:archive, no ttl or hub", () => {
    expect(renderRss(hubSite, archiveSpec(), { ttlMinutes: 5 })).toBe(
      [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:fh="http://purl.org/syndication/history/1.0">',
        "<channel>",
        "<title>Archive 2</title>",
        "<link>https://news.example/</link>",
        "<description>D</description>",
        "<language>en</language>",
        "<copyright>© Test Newsroom. All rights reserved.</copyright>",
        "<image><url>https://news.example/icon-144.png</url><title>Archive 2</title><link>https://news.example/</link><width>144</width><height>144</height></image>",
        "<docs>https://www.rssboard.org/rss-specification</docs>",
        '<atom:link href="https://news.example/archive/2/rss.xml" rel="self" type="application/rss+xml"/>',
        '<atom:link href="https://news.example/rss.xml" rel="current" type="application/rss+xml"/>',
        '<atom:link href="https://news.example/archive/1/rss.xml" rel="prev-archive" type="application/rss+xml"/>',
        '<atom:link href="https://news.example/archive/3/rss.xml" rel="next-archive" type="application/rss+xml"/>',
        "<fh:archive/>",
        "</channel>",
        "</rss>",
        "",
      ].join("\n"),
    );
  });

  it("a subscription document: <ttl> and the hub link, no history namespace", () => {
    expect(renderRss(hubSite, subscriptionSpec(), { ttlMinutes: 5 })).toBe(
      [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">',
        "<channel>",
        "<title>Main</title>",
        "<link>https://news.example/</link>",
        "<description>D</description>",
        "<language>en</language>",
        "<copyright>© Test Newsroom. All rights reserved.</copyright>",
        "<image><url>https://news.example/icon-144.png</url><title>Main</title><link>https://news.example/</link><width>144</width><height>144</height></image>",
        "<docs>https://www.rssboard.org/rss-specification</docs>",
        "<ttl>5</ttl>",
        '<atom:link href="https://news.example/rss.xml" rel="self" type="application/rss+xml"/>',
        '<atom:link href="https://hub.example/" rel="hub"/>',
        "</channel>",
        "</rss>",
        "",
      ].join("\n"),
    );
  });

  it("has no <ttl> when none is given, and no hub link without a hub", () => {
    const xml = renderRss(makeSite(), subscriptionSpec());
    expect(xml).not.toContain("<ttl>");
    expect(xml).not.toContain('rel="hub"');
  });

  it("a complete document (RFC 5005 §2) declares the history namespace and fh:complete, without archive links", () => {
    const xml = renderRss(hubSite, subscriptionSpec({ complete: true, subscription: false }));
    expect(xml).toContain(' xmlns:fh="http://purl.org/syndication/history/1.0">');
    expect(xml).toContain(
      '<atom:link href="https://news.example/rss.xml" rel="self" type="application/rss+xml"/>\n<fh:complete/>\n</channel>',
    );
    expect(xml).not.toContain("<fh:archive/>");
    expect(xml).not.toContain('rel="current"');
  });

  it("a non-archive document with history links gives prev-archive but no current", () => {
    const xml = renderRss(hubSite, archiveSpec({ history: { archive: false, prev: feedPaths.archive(1), current: feedPaths.main } }));
    expect(xml).toContain('<atom:link href="https://news.example/archive/1/rss.xml" rel="prev-archive" type="application/rss+xml"/>');
    expect(xml).not.toContain('rel="current"');
    expect(xml).not.toContain('rel="next-archive"');
    expect(xml).not.toContain("xmlns:fh");
  });
});

describe("RSS 2.0 items: rights and Media RSS", () => {
  const item = (site = makeSite(), overrides: Partial<Article> = {}) => {
    const article = makeArticle({ bodyHtml: "<p>L.</p>\n", ledeEnd: 10, summary: "S", tags: [], authors: [{ name: "Bo" }], ...overrides });
    return blocks(renderRss(site, subscriptionSpec({ items: [article] })), "item")[0];
  };

  it("an image without a file gives only its credit, with the article's own CC licence on an all-rights-reserved channel", () => {
    const xml = renderRss(
      hubSite,
      subscriptionSpec({
        items: [
          makeArticle({
            bodyHtml: "<p>L.</p>\n",
            ledeEnd: 10,
            summary: "S",
            tags: [],
            authors: [{ name: "Bo" }],
            license: "CC-BY-4.0",
            image: { credit: "Agency" },
          }),
        ],
      }),
    );
    expect(xml).toContain(
      ' xmlns:creativeCommons="http://backend.userland.com/creativeCommonsRssModule" xmlns:media="http://search.yahoo.com/mrss/">',
    );
    expect(xml).not.toContain("<channel>\n<creativeCommons:license>");
    expect(blocks(xml, "item")[0]).toBe(
      [
        "<item>",
        "<title>First story</title>",
        "<link>https://news.example/articles/first-story</link>",
        '<guid isPermaLink="false">urn:uuid:11111111-1111-4111-8111-111111111111</guid>',
        "<pubDate>Tue, 01 Mar 2022 17:40:00 GMT</pubDate>",
        "<description>S</description>",
        '<content:encoded>&lt;p&gt;L.&lt;/p&gt;\n&lt;figure class="lead-image"&gt;&lt;figcaption&gt;&lt;span class="credit"&gt;Photo: Agency&lt;/span&gt;&lt;/figcaption&gt;&lt;/figure&gt;\n</content:encoded>',
        "<dc:creator>Bo</dc:creator>",
        "<creativeCommons:license>https://creativecommons.org/licenses/by/4.0/</creativeCommons:license>",
        "<media:credit>Agency</media:credit>",
        "</item>",
      ].join("\n"),
    );
  });

  it("a republishable image says how to credit it; its size is given only when known", () => {
    expect(item(makeSite(), { image: { src: "/i.jpg", alt: "A", width: 3, height: 4, credit: "Agency", republishable: true } })).toContain(
      [
        '<media:content url="https://news.example/i.jpg" medium="image" width="3" height="4">',
        "<media:title>A</media:title>",
        "<media:credit>Agency</media:credit>",
        '<media:copyright url="https://news.example/partners#images">May be republished with the article, credited "Photo: Agency".</media:copyright>',
        "</media:content>",
      ].join("\n"),
    );
    expect(item(makeSite(), { image: { src: "/i.jpg", alt: "A", caption: "Cap", republishable: true } })).toContain(
      [
        '<media:content url="https://news.example/i.jpg" medium="image">',
        "<media:title>A</media:title>",
        "<media:description>Cap</media:description>",
        '<media:copyright url="https://news.example/partners#images">May be republished with the article, credited "Photo: Test Newsroom".</media:copyright>',
        "</media:content>",
      ].join("\n"),
    );
  });

  it("an image the editor did not clear, or under all rights reserved, is not licensed for republication", () => {
    const notCleared = item(makeSite(), { image: { src: "https://cdn.example/c.jpg", height: 4, alt: "A", credit: "Agency" } });
    expect(notCleared).toContain('<media:content url="https://cdn.example/c.jpg" medium="image" height="4">');
    expect(notCleared).toContain(
      '<media:copyright url="https://news.example/partners#images">Not licensed for republication.</media:copyright>',
    );
    const reserved = item(hubSite, { image: { src: "/i.jpg", alt: "A", credit: "Agency", republishable: true } });
    expect(reserved).toContain(
      '<media:copyright url="https://news.example/partners#images">Not licensed for republication.</media:copyright>',
    );
    expect(reserved).not.toContain("creativeCommons:license");
  });

  it("declares neither the Creative Commons nor the Media RSS namespace when nothing uses them", () => {
    const xml = renderRss(hubSite, subscriptionSpec({ items: [makeArticle()] }));
    expect(xml).not.toContain("xmlns:creativeCommons");
    expect(xml).not.toContain("xmlns:media");
  });
});

describe("Atom variants", () => {
  it("an archive document: history links, fh:archive, the feed's updated the epoch when empty", () => {
    expect(renderAtom(hubSite, archiveSpec())).toBe(
      [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:fh="http://purl.org/syndication/history/1.0" xml:lang="en">',
        "<id>urn:x:archive-2</id>",
        '<title type="text">Archive 2</title>',
        '<subtitle type="text">D</subtitle>',
        '<rights type="text">© Test Newsroom. All rights reserved.</rights>',
        "<icon>https://news.example/icon-512.png</icon>",
        "<logo>https://news.example/logo.png</logo>",
        "<updated>1970-01-01T00:00:00Z</updated>",
        '<link rel="self" type="application/atom+xml" href="https://news.example/archive/2/atom.xml"/>',
        '<link rel="alternate" type="text/html" href="https://news.example/"/>',
        '<link rel="current" type="application/atom+xml" href="https://news.example/atom.xml"/>',
        '<link rel="prev-archive" type="application/atom+xml" href="https://news.example/archive/1/atom.xml"/>',
        '<link rel="next-archive" type="application/atom+xml" href="https://news.example/archive/3/atom.xml"/>',
        "<fh:archive/>",
        "<author><name>Test Newsroom</name><uri>https://news.example/</uri></author>",
        "</feed>",
        "",
      ].join("\n"),
    );
  });

  it("a subscription document links the hub; a complete one says fh:complete", () => {
    const sub = renderAtom(hubSite, subscriptionSpec());
    expect(sub).toContain(
      '<link rel="alternate" type="text/html" href="https://news.example/"/>\n<link rel="hub" href="https://hub.example/"/>\n<author>',
    );
    expect(sub).toContain('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">');
    const complete = renderAtom(makeSite(), subscriptionSpec({ complete: true }));
    expect(complete).toContain(
      '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:fh="http://purl.org/syndication/history/1.0" xml:lang="en">',
    );
    expect(complete).toContain('href="https://news.example/"/>\n<fh:complete/>\n<author>');
    expect(complete).not.toContain('rel="hub"');
  });

  it("puts tombstones (RFC 6721) before the entries, in the article's language, and marks an entry in another language", () => {
    const gone = makeArticle({ slug: "t", id: "urn:t", language: "de", withdrawn: { at: "2022-03-05T00:00:00Z", reason: "Legal." } });
    const french = makeArticle({ language: "fr" });
    const xml = renderAtom(makeSite(), subscriptionSpec({ items: [french, makeArticle({ language: "en" })], tombstones: [gone] }));
    expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom" xmlns:at="http://purl.org/atompub/tombstones/1.0" xml:lang="en">');
    expect(xml).toContain("<updated>2022-03-05T00:00:00Z</updated>");
    expect(xml).toContain(
      [
        "</author>",
        '<at:deleted-entry ref="urn:t" when="2022-03-05T00:00:00Z">',
        '<link rel="alternate" type="text/html" href="https://news.example/articles/t"/>',
        '<at:comment xml:lang="de">Legal.</at:comment>',
        "</at:deleted-entry>",
        '<entry xml:lang="fr">',
      ].join("\n"),
    );
    expect(blocks(xml, "entry")[1]!.startsWith("<entry>\n")).toBe(true);
    const plain = renderAtom(
      makeSite(),
      subscriptionSpec({ tombstones: [makeArticle({ withdrawn: { at: "2022-03-05T00:00:00Z", reason: "R" } })] }),
    );
    expect(plain).toContain('<at:comment xml:lang="en">R</at:comment>');
  });
});

describe("JSON Feed variants", () => {
  it("an archive document points next_url at the older page and is expired once its month is over", () => {
    const feed = jsonFeed(hubSite, archiveSpec());
    expect(Object.keys(feed)).toEqual([
      "version",
      "title",
      "home_page_url",
      "feed_url",
      "description",
      "icon",
      "favicon",
      "language",
      "next_url",
      "expired",
      "authors",
      "author",
      "_syndication",
      "items",
    ]);
    expect(feed.next_url).toBe("https://news.example/archive/1/feed.json");
    expect(feed.expired).toBe(true);
    expect(feed.feed_url).toBe("https://news.example/archive/2/feed.json");
    expect(feed._syndication).toEqual({
      version: 3,
      schema: "https://news.example/schemas/syndication-3.json",
      documentation: "https://news.example/partners",
      license: ARR_LICENSE,
    });
    const open = jsonFeed(hubSite, archiveSpec({ history: { archive: true, current: feedPaths.main } }));
    expect("next_url" in open).toBe(false);
    expect("expired" in open).toBe(false);
    expect("hubs" in open).toBe(false);
  });

  it("a subscription document lists the WebSub hub after the authors", () => {
    const feed = jsonFeed(hubSite, subscriptionSpec());
    expect(feed.hubs).toEqual([{ type: "WebSub", url: "https://hub.example/" }]);
    expect(Object.keys(feed).slice(-5)).toEqual(["authors", "author", "hubs", "_syndication", "items"]);
    expect("hubs" in jsonFeed(makeSite(), subscriptionSpec())).toBe(false);
  });

  it("an item: the image's absolute URL, tags only when there are some, language only when it differs", () => {
    const [withImage, plain] = jsonFeed(
      makeSite(),
      subscriptionSpec({
        items: [makeArticle({ language: "fr", image: { src: "/i.jpg", credit: "A" } }), makeArticle({ tags: [], language: "en" })],
      }),
    ).items;
    expect(withImage!.image).toBe("https://news.example/i.jpg");
    expect(withImage!.language).toBe("fr");
    expect(withImage!.tags).toEqual(["World"]);
    expect(Object.keys(withImage!).at(-1)).toBe("_syndication");
    expect("image" in plain!).toBe(false);
    expect("tags" in plain!).toBe(false);
    expect("language" in plain!).toBe(false);
    const noFile = jsonFeed(makeSite(), subscriptionSpec({ items: [makeArticle({ image: { credit: "A" } })] })).items[0]!;
    expect("image" in noFile).toBe(false);
  });

  it("an item's _syndication: updated once changed, the republication window, corrections", () => {
    const article = makeArticle({
      updated: "2022-03-02T10:00:00Z",
      republishUntil: "2022-04-01T00:00:00Z",
      corrections: [{ at: "2022-03-02T10:00:00Z", text: "Fixed a name." }],
    });
    const syndication = jsonFeed(makeSite(), subscriptionSpec({ items: [article] })).items[0]!._syndication;
    expect(syndication.status).toBe("updated");
    expect(syndication.republish_until).toBe("2022-04-01T00:00:00Z");
    expect(syndication.corrections).toEqual([{ date: "2022-03-02T10:00:00Z", text: "Fixed a name." }]);
    expect(jsonFeed(makeSite(), subscriptionSpec({ items: [makeArticle()] })).items[0]!._syndication.status).toBe("published");
  });

  it("a withdrawn article is a tombstone item after the live ones, with the notice and no content", () => {
    const gone = makeArticle({
      slug: "t",
      id: "urn:t",
      corrections: [{ at: "2022-03-02T10:00:00Z", text: "C." }],
      withdrawn: { at: "2022-03-05T00:00:00+01:00", reason: "Legal." },
    });
    const items = jsonFeed(makeSite(), subscriptionSpec({ items: [makeArticle()], tombstones: [gone] })).items;
    expect(items.map((i) => i.id)).toEqual(["urn:uuid:11111111-1111-4111-8111-111111111111", "urn:t"]);
    expect(items[1]).toEqual({
      id: "urn:t",
      url: "https://news.example/articles/t",
      title: "Withdrawn: First story",
      content_text: "This article was withdrawn on 5 March 2022. Legal.",
      date_published: "2022-03-01T19:40:00+02:00",
      date_modified: "2022-03-05T00:00:00+01:00",
      _syndication: {
        version: 3,
        status: "withdrawn",
        ninjs: "https://news.example/articles/t.ninjs.json",
        canonical_url: "https://news.example/articles/t",
        corrections: [{ date: "2022-03-02T10:00:00Z", text: "C." }],
        withdrawn: { date: "2022-03-05T00:00:00+01:00", reason: "Legal." },
      },
    });
  });
});

describe("feed specs", () => {
  it("the main feed carries the newest feedSize articles and tombstones, and is a subscription", () => {
    const site = makeSite({ feedSize: 2 });
    const articles = ["a", "b", "c"].map((slug) => makeArticle({ slug }));
    const spec = mainFeedSpec(site, articles, articles);
    expect(spec.items.map((a) => a.slug)).toEqual(["a", "b"]);
    expect(spec.tombstones.map((a) => a.slug)).toEqual(["a", "b"]);
    expect(spec).toMatchObject({ id: site.id, title: "Test Newsroom", description: "Fixture newsroom for the tests.", subscription: true });
    expect(spec.paths).toEqual(feedPaths.main);
    expect(mainFeedSpec(site, articles).tombstones).toEqual([]);
  });

  it("updated is the newest instant among items and withdrawals, compared as instants, first of equals kept", () => {
    const items = [makeArticle({ updated: "2022-03-01T12:00:00+02:00" }), makeArticle({ updated: "2022-03-01T11:00:00Z" })];
    expect(specUpdated({ items, tombstones: [] })).toBe("2022-03-01T11:00:00Z");
    const same = [makeArticle({ updated: "2022-03-01T12:00:00+01:00" }), makeArticle({ updated: "2022-03-01T11:00:00Z" })];
    expect(specUpdated({ items: same, tombstones: [] })).toBe("2022-03-01T12:00:00+01:00");
    const gone = makeArticle({ withdrawn: { at: "2022-03-01T11:00:01Z", reason: "R" } });
    expect(specUpdated({ items, tombstones: [gone] })).toBe("2022-03-01T11:00:01Z");
    expect(specUpdated({ items: [], tombstones: [] })).toBe("1970-01-01T00:00:00Z");
  });
});
