// Every document the newsroom serves, validated offline with the standard tools: strict
// XML, RFC 4287's schema, the W3C Feed Validator's rules, the JSON Feed 1.1 schema and
// the Nu Html Checker. Run at a time after both scheduled articles, so everything
// (archives, tombstones, corrections, every facet) is there. Plus golden files.
import { resolve } from "node:path";
import type { Element } from "@xmldom/xmldom";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app/create-app.js";
import type { Article } from "../../src/core/model.js";
import { makeCatalog } from "../../src/publishing/catalog.js";
import { Timeline } from "../../src/publishing/timeline.js";
import { namespaces } from "../../src/render/feed-spec.js";
import { buildFixtureSite } from "../helpers/build-site.js";
import { ACCEPTED, atomRuleProblems, atValidatorTime, rssRuleProblems } from "../helpers/feed-rules.js";
import { expectGolden } from "../helpers/golden.js";
import { NEXT_MONTH, newsroomSite } from "../helpers/newsroom.js";
import {
  atomSchemaErrorsAll,
  childText,
  htmlProblems,
  jsonFeedErrors,
  parseXml,
  syndicationValidator,
  xmlErrors,
} from "../helpers/validators.js";

const AFTER = NEXT_MONTH.at + 86_400_000; // 2 December 2026, 05:00 UTC
const site = newsroomSite();
const FIXTURE = resolve(import.meta.dirname, "../fixtures/newsroom");
const built = await buildFixtureSite(FIXTURE);
const articles: Article[] = built.articles;

interface Fetched {
  status: number;
  type: string;
  body: string;
}
const documents = new Map<string, Fetched>();

/** The validators start a JVM or a process per document: slow on a busy machine, never hung. */
const SLOW = 120_000;

beforeAll(async () => {
  expect(built.errors).toEqual([]);
  const files = built.icons;
  const app = createApp({ content: { version: "fixture", files, articles }, site, clock: () => AFTER });
  const timeline = new Timeline(articles);
  const catalog = makeCatalog(site, timeline, timeline.viewAt(AFTER), files);
  const paths = [...catalog.documents.keys(), ...articles.map((a) => `/articles/${a.slug}`)];
  for (const path of paths) {
    const response = await app.request(`https://news.example${encodeURI(path)}`);
    documents.set(path, { status: response.status, type: response.headers.get("Content-Type") ?? "", body: await response.text() });
  }
}, SLOW);

const of = (type: string) => [...documents].filter(([, d]) => d.type.startsWith(type));

describe("the newsroom, every document", () => {
  it("is served: 200, or 410 for the withdrawn article only", () => {
    expect(documents.size).toBeGreaterThan(300);
    const notOk = [...documents].filter(([, d]) => d.status !== 200).map(([path, d]) => `${path} ${d.status}`);
    expect(notOk).toEqual(["/articles/minister-resigns-over-contracts 410"]);
  });

  it(
    "every XML document is well-formed to a strict parser",
    () => {
      const xml = [...of("application/rss+xml"), ...of("application/atom+xml"), ...of("application/xml")];
      expect(xml.length).toBeGreaterThan(150);
      for (const [path, doc] of xml) expect(xmlErrors(doc.body), path).toEqual([]);
    },
    SLOW,
  );

  it(
    "every RSS feed passes the W3C Feed Validator's rules",
    () => {
      const feeds = of("application/rss+xml");
      expect(feeds.length).toBeGreaterThan(70);
      for (const [path, doc] of feeds)
        expect(
          atValidatorTime(AFTER, () => rssRuleProblems(doc.body)),
          path,
        ).toEqual([]);
    },
    SLOW,
  );

  it(
    "every Atom feed validates against RFC 4287's schema and passes the W3C Feed Validator's rules",
    () => {
      const feeds = of("application/atom+xml");
      expect(feeds.length).toBeGreaterThan(70);
      expect(atomSchemaErrorsAll(Object.fromEntries(feeds.map(([path, doc]) => [path, doc.body])))).toEqual([]);
      // The one warning accepted, by name: the validator's UnknownNamespace for RFC 6721's
      // tombstones, on exactly the feeds that carry one.
      const warned: string[] = [];
      for (const [path, doc] of feeds) {
        const problems = atValidatorTime(AFTER, () => atomRuleProblems(doc.body));
        if (problems.length > 0) warned.push(path);
        expect(
          problems.filter((p) => !ACCEPTED.includes(p)),
          path,
        ).toEqual([]);
      }
      expect(warned.sort()).toEqual(
        feeds
          .filter(([, doc]) => doc.body.includes("<at:deleted-entry"))
          .map(([path]) => path)
          .sort(),
      );
      expect(warned.length).toBeGreaterThan(3);
    },
    SLOW,
  );

  it("every JSON Feed validates against the JSON Feed 1.1 schema", () => {
    const feeds = of("application/feed+json");
    expect(feeds.length).toBeGreaterThan(70);
    for (const [path, doc] of feeds) expect(jsonFeedErrors(JSON.parse(doc.body)), path).toEqual([]);
  });

  it("every JSON Feed has what JSON Feed 1.1 says it should: addresses, a raster icon and favicon, authors, language; items with a URL, a date and content", () => {
    for (const [path, doc] of of("application/feed+json")) {
      const feed = JSON.parse(doc.body);
      expect(feed.home_page_url, path).toMatch(/^https:\/\/news\.example\//);
      expect(feed.feed_url, path).toBe(`https://news.example${path}`);
      expect([feed.icon, feed.favicon], path).toEqual(["https://news.example/icon-512.png", "https://news.example/icon-64.png"]);
      expect(feed.authors, path).toEqual([{ name: "Meridian Wire", url: "https://news.example/" }]);
      expect(feed.author, path).toEqual({ name: "Meridian Wire", url: "https://news.example/" });
      expect(feed.language, path).toBe("en");
      for (const item of feed.items) {
        expect(item.url, `${path} ${item.id}`).toMatch(/^https:\/\/news\.example\/articles\//);
        expect(Date.parse(item.date_published), `${path} ${item.id}`).not.toBeNaN();
        expect(typeof (item.content_html ?? item.content_text), `${path} ${item.id}`).toBe("string");
        // A live item names its author in both forms; a tombstone has no byline.
        if (item._syndication.status !== "withdrawn") {
          const names: string[] = item.authors.map((a: { name: string }) => a.name);
          const byline = names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
          expect(item.author.name, `${path} ${item.id}`).toBe(byline);
        }
      }
    }
  });

  it("every JSON Feed item, and every feed's _syndication, validates against the profile schema the service serves", () => {
    const schema = documents.get("/schemas/syndication-3.json")!;
    expect(schema.type).toBe("application/schema+json; charset=utf-8");
    const validate = syndicationValidator(schema.body);
    let items = 0;
    const statuses = new Set<string>();
    for (const [path, doc] of of("application/feed+json")) {
      const feed = JSON.parse(doc.body);
      expect(validate(feed._syndication, "feed"), path).toEqual([]);
      for (const item of feed.items) {
        expect(validate(item), `${path} ${item.id}`).toEqual([]);
        statuses.add(item._syndication.status);
        items++;
      }
    }
    expect(items).toBeGreaterThan(200);
    expect([...statuses].sort()).toEqual(["published", "updated", "withdrawn"]);
    // The schema rejects what it must: a live item without a licence, a withdrawn one without a reason.
    const live = JSON.parse(documents.get("/feed.json")!.body).items[0];
    const { license: _license, ...unlicensed } = live._syndication;
    expect(validate({ ...live, _syndication: unlicensed })).not.toEqual([]);
    expect(validate({ ...live, _syndication: { ...live._syndication, status: "withdrawn" } })).not.toEqual([]);
    expect(validate({ ...live, _syndication: { ...live._syndication, version: 2 } })).not.toEqual([]);
    const { ninjs, ...unlinked } = live._syndication;
    expect(ninjs).toBe(`${live.url}.ninjs.json`);
    expect(validate({ ...live, _syndication: unlinked })).not.toEqual([]);
    // A client that pinned version 1 sees the change: a version 3 item is not a version 1 one,
    // but the same item as version 1 described it still is.
    const v1 = syndicationValidator(documents.get("/schemas/syndication-1.json")!.body);
    expect(v1(live)).not.toEqual([]);
    expect(v1({ ...live, _syndication: { ...unlinked, version: 1 } })).toEqual([]);
  });

  it(
    "every HTML page has zero errors and zero warnings in the Nu Html Checker",
    () => {
      const pages = of("text/html");
      expect(pages.length).toBeGreaterThan(100);
      expect(htmlProblems(Object.fromEntries(pages.map(([path, doc]) => [path, doc.body])))).toEqual([]);
    },
    SLOW,
  );

  it("every link in every sitemap is absolute and dated", () => {
    for (const path of ["/sitemap.xml", "/sitemap-news.xml"]) {
      const body = documents.get(path)!.body;
      for (const [, loc] of body.matchAll(/<loc>([^<]+)<\/loc>/g)) expect(loc, path).toMatch(/^https:\/\/news\.example\/\S*$/);
    }
    const sitemap = documents.get("/sitemap.xml")!.body;
    expect([...sitemap.matchAll(/<url>/g)].length).toBe([...sitemap.matchAll(/<lastmod>\d{4}-\d\d-\d\dT[^<]+<\/lastmod>/g)].length);
  });
});

describe("newsroom golden files, each beside what its output must mean", () => {
  const B = "https://news.example";
  const body = (path: string) => documents.get(path)!.body;
  const xml = (path: string) => parseXml(body(path));
  const all = (doc: ReturnType<typeof parseXml> | Element, name: string, ns?: string) => [...doc.getElementsByTagNameNS(ns ?? "*", name)];
  const rel = (doc: ReturnType<typeof parseXml>, value: string) =>
    all(doc, "link", namespaces.atom)
      .filter((l) => l.getAttribute("rel") === value)
      .map((l) => l.getAttribute("href"));
  const json = (path: string) => JSON.parse(body(path));
  const goldens: [path: string, file: string, check: () => void][] = [
    [
      "/sections/science/atom.xml",
      "science.atom.xml",
      () => {
        const doc = xml("/sections/science/atom.xml");
        expect(all(doc, "complete", namespaces.fh)).toHaveLength(1);
        expect(rel(doc, "self")).toEqual([`${B}/sections/science/atom.xml`]);
        expect(all(doc, "entry", namespaces.atom).length).toBeGreaterThan(0);
        expect(all(doc, "icon", namespaces.atom)[0]?.textContent).toBe(`${B}/icon-512.png`);
      },
    ],
    [
      "/tags/space/rss.xml",
      "space.rss.xml",
      () => {
        const doc = xml("/tags/space/rss.xml");
        expect(all(doc, "item").map((i) => childText(i, "title"))).toContain("A comet is visible to the naked eye this week");
        const image = all(doc, "image")[0]!;
        expect([childText(image, "url"), childText(image, "width"), childText(image, "height")]).toEqual([
          `${B}/icon-144.png`,
          "144",
          "144",
        ]);
      },
    ],
    [
      "/authors/kenji-sato/feed.json",
      "kenji-sato.feed.json",
      () => {
        const feed = json("/authors/kenji-sato/feed.json");
        for (const item of feed.items) expect(item.authors.map((a: { name: string }) => a.name)).toContain("Kenji Sato");
        expect(feed.items[0].author).toEqual({ name: "Kenji Sato" });
        expect([feed.icon, feed.favicon]).toEqual([`${B}/icon-512.png`, `${B}/icon-64.png`]);
      },
    ],
    [
      "/archive/2/atom.xml",
      "archive-2.atom.xml",
      () => {
        const doc = xml("/archive/2/atom.xml");
        expect(all(doc, "archive", namespaces.fh)).toHaveLength(1);
        expect([rel(doc, "prev-archive"), rel(doc, "next-archive"), rel(doc, "current")]).toEqual([
          [`${B}/archive/1/atom.xml`],
          [`${B}/archive/3/atom.xml`],
          [`${B}/atom.xml`],
        ]);
        expect(all(doc, "entry", namespaces.atom).length + all(doc, "deleted-entry", namespaces.at).length).toBe(site.feedSize);
      },
    ],
    [
      "/archive/4/rss.xml",
      "archive-4.rss.xml",
      () => {
        const doc = xml("/archive/4/rss.xml");
        expect(rel(doc, "prev-archive")).toEqual([`${B}/archive/3/rss.xml`]);
        expect(rel(doc, "next-archive")).toEqual([]);
        expect(all(doc, "item").map((i) => childText(i, "link"))).toContain(`${B}/articles/${NEXT_MONTH.slug}`);
      },
    ],
    [
      "/updates/feed.json",
      "updates.feed.json",
      () => {
        const items = json("/updates/feed.json").items;
        // Live items by their last change, newest first; the tombstones follow them.
        const live = items.filter((i: { _syndication: { status: string } }) => i._syndication.status !== "withdrawn");
        const changed = live.map((i: { date_modified: string }) => Date.parse(i.date_modified));
        expect(changed).toEqual([...changed].sort((a, b) => b - a));
        expect(items.some((i: { _syndication: { status: string } }) => i._syndication.status === "withdrawn")).toBe(true);
      },
    ],
    [
      "/atom.xml",
      "atom.xml",
      () => {
        const doc = xml("/atom.xml");
        expect(rel(doc, "prev-archive")).toEqual([`${B}/archive/4/atom.xml`]);
        expect(all(doc, "entry", namespaces.atom)).toHaveLength(site.feedSize);
        expect(all(doc, "deleted-entry", namespaces.at).map((d) => d.getAttribute("ref"))).toHaveLength(1);
      },
    ],
    ["/sections/politics", "politics.html", () => expect(body("/sections/politics")).toContain("<h1>Politics</h1>")],
    [
      "/articles/heatwave-deaths-study",
      "corrected.html",
      () => expect(body("/articles/heatwave-deaths-study")).toMatch(/<section class="corrections">[\s\S]*The figure is 2,300\./),
    ],
    [
      "/articles/minister-resigns-over-contracts",
      "withdrawn.html",
      () => {
        const page = body("/articles/minister-resigns-over-contracts");
        expect(documents.get("/articles/minister-resigns-over-contracts")!.status).toBe(410);
        expect(page).toContain('<meta name="robots" content="noindex">');
        expect(page).toContain("This article was withdrawn on");
      },
    ],
    ["/", "home.html", () => expect(body("/")).toContain('<section class="subscribe" id="subscribe"')],
    [
      "/sitemap.xml",
      "sitemap.xml",
      () => expect(all(xml("/sitemap.xml"), "loc").map((l) => l.textContent)).toContain(`${B}/articles/heatwave-deaths-study`),
    ],
    [
      "/sitemap-news.xml",
      "sitemap-news.xml",
      () => expect(all(xml("/sitemap-news.xml"), "loc").map((l) => l.textContent)).toEqual([`${B}/articles/${NEXT_MONTH.slug}`]),
    ],
    ["/robots.txt", "robots.txt", () => expect(body("/robots.txt")).toContain(`Sitemap: ${B}/sitemap.xml`)],
    [
      "/partners",
      "partners.html",
      () => {
        expect(body("/partners")).toContain('<h2 id="backfill">Backfilling the archive</h2>');
        expect(body("/partners")).toContain('<h2 id="embargo">Stories under embargo: the partner feed</h2>');
        expect(body("/partners")).toContain(`curl -H "Authorization: Bearer $TOKEN" ${B}/partners/feed.json`);
        for (const v of [1, 2, 3]) expect(body("/partners")).toContain(`<a href="/schemas/syndication-${v}.json">`);
        expect(body("/partners")).toContain('<h2 id="ninjs">Every article in IPTC ninjs</h2>');
      },
    ],
    [
      "/schemas/syndication-1.json",
      "syndication-1.schema.json",
      () => expect(json("/schemas/syndication-1.json").$id).toBe(`${B}/schemas/syndication-1.json`),
    ],
    [
      "/schemas/syndication-2.json",
      "syndication-2.schema.json",
      () => {
        expect(json("/schemas/syndication-2.json").$id).toBe(`${B}/schemas/syndication-2.json`);
        expect(body("/schemas/syndication-2.json")).toContain('"embargo_until"');
      },
    ],
    [
      "/schemas/syndication-3.json",
      "syndication-3.schema.json",
      () => {
        expect(json("/schemas/syndication-3.json").$id).toBe(`${B}/schemas/syndication-3.json`);
        expect(json("/schemas/syndication-3.json").$defs.item.required).toContain("ninjs");
      },
    ],
    [
      "/articles/orchestra-returns-to-restored-hall",
      "with-images.html",
      () => {
        const imgs = [...body("/articles/orchestra-returns-to-restored-hall").matchAll(/<img [^>]+>/g)].map((m) => m[0]);
        expect(imgs).toHaveLength(2);
        for (const img of imgs) expect(img).toMatch(/^<img src="https:\/\/[^"]+" alt="[^"]+" width="\d+" height="\d+"/);
        // The photos of content/images/, at their served names, with their sizes read from the files:
        // the lead image above the fold loads at once, the body image (stored on its side) lazily.
        expect(imgs[0]).toMatch(
          /src="https:\/\/news\.example\/images\/concert-hall\.[0-9a-f]{16}\.jpg" [^>]*width="1600" height="900" srcset="[^"]*-640w\.[0-9a-f]{16}\.jpg 640w, [^"]*-1280w\.[0-9a-f]{16}\.jpg 1280w, [^"]* 1600w"/,
        );
        expect(imgs[0]).not.toContain("loading=");
        expect(imgs[1]).toMatch(
          /src="https:\/\/news\.example\/images\/concert-hall-ceiling\.[0-9a-f]{16}\.jpg" [^>]*width="1200" height="800" loading="lazy" srcset=/,
        );
      },
    ],
    [
      "/sections/culture/rss.xml",
      "culture.rss.xml",
      () => {
        // Media RSS: the lead image with its credit and the terms partners reuse it under.
        const doc = xml("/sections/culture/rss.xml");
        const content = all(doc, "content", namespaces.media).find((c) => c.getAttribute("url")!.includes("/images/concert-hall."))!;
        expect(["type", "medium", "width", "height"].map((a) => content.getAttribute(a))).toEqual(["image/jpeg", "image", "1600", "900"]);
        expect(content.getAttribute("url")).toMatch(new RegExp(`^${B}/images/concert-hall\\.[0-9a-f]{16}\\.jpg$`));
        expect(Number(content.getAttribute("fileSize"))).toBeGreaterThan(1000);
        // The thumbnail: the smallest copy the build made.
        const thumbnail = all(content, "thumbnail", namespaces.media)[0]!;
        expect(thumbnail.getAttribute("url")).toMatch(/-640w\.[0-9a-f]{16}\.jpg$/);
        expect([thumbnail.getAttribute("width"), thumbnail.getAttribute("height")]).toEqual(["640", "360"]);
        expect(childText(content, "credit", namespaces.media)).toBe("City Symphony Orchestra");
        const copyright = all(content, "copyright", namespaces.media)[0]!;
        expect(copyright.getAttribute("url")).toBe(`${B}/partners#images`);
        expect(copyright.textContent).toBe('May be republished with the article, credited "Photo: City Symphony Orchestra".');
      },
    ],
  ];
  it.each(goldens)("%s matches %s, and means what it should", (path, file, check) => {
    check();
    expectGolden(body(path), `newsroom/${file}`);
  });
});
