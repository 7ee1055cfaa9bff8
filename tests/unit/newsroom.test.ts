// Every document the newsroom serves, validated offline with the standard tools: strict
// XML, RFC 4287's schema, the W3C Feed Validator's rules, the JSON Feed 1.1 schema and
// the Nu Html Checker. Run at a time after both scheduled articles, so everything
// (archives, tombstones, corrections, every facet) is there. Plus golden files.
import { resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import { buildContent } from "../../src/build/build-content.js";
import { buildIcons } from "../../src/build/icons.js";
import { makeCatalog } from "../../src/catalog.js";
import type { Article } from "../../src/model.js";
import { Timeline } from "../../src/timeline.js";
import { atomRuleProblems, atValidatorTime, rssRuleProblems } from "../helpers/feed-rules.js";
import { NEXT_MONTH, newsroomSite } from "../helpers/newsroom.js";
import { atomSchemaErrorsAll, htmlProblems, jsonFeedErrors, syndicationValidator, xmlErrors } from "../helpers/validators.js";

const AFTER = NEXT_MONTH.at + 86_400_000; // 2 December 2026, 05:00 UTC
const site = newsroomSite();
const FIXTURE = resolve(import.meta.dirname, "../fixtures/newsroom");
const built = buildContent(FIXTURE);
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
  const { files } = await buildIcons(FIXTURE);
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
      for (const [path, doc] of feeds)
        expect(
          atValidatorTime(AFTER, () => atomRuleProblems(doc.body)),
          path,
        ).toEqual([]);
    },
    SLOW,
  );

  it("every JSON Feed validates against the JSON Feed 1.1 schema", () => {
    const feeds = of("application/feed+json");
    expect(feeds.length).toBeGreaterThan(70);
    for (const [path, doc] of feeds) expect(jsonFeedErrors(JSON.parse(doc.body)), path).toEqual([]);
  });

  it("every JSON Feed item, and every feed's _syndication, validates against the profile schema the service serves", () => {
    const schema = documents.get("/schemas/syndication-1.json")!;
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

describe("newsroom golden files", () => {
  const goldens: [string, string][] = [
    ["/sections/science/atom.xml", "science.atom.xml"],
    ["/tags/space/rss.xml", "space.rss.xml"],
    ["/authors/kenji-sato/feed.json", "kenji-sato.feed.json"],
    ["/archive/2/atom.xml", "archive-2.atom.xml"],
    ["/archive/4/rss.xml", "archive-4.rss.xml"],
    ["/updates/feed.json", "updates.feed.json"],
    ["/atom.xml", "atom.xml"],
    ["/sections/politics", "politics.html"],
    ["/articles/heatwave-deaths-study", "corrected.html"],
    ["/articles/minister-resigns-over-contracts", "withdrawn.html"],
    ["/", "home.html"],
    ["/sitemap.xml", "sitemap.xml"],
    ["/sitemap-news.xml", "sitemap-news.xml"],
    ["/robots.txt", "robots.txt"],
    ["/partners", "partners.html"],
    ["/schemas/syndication-1.json", "syndication-1.schema.json"],
    ["/articles/orchestra-returns-to-restored-hall", "with-images.html"],
    ["/sections/culture/rss.xml", "culture.rss.xml"],
  ];
  it.each(goldens)("%s matches its golden file", async (path, file) => {
    await expect(documents.get(path)!.body).toMatchFileSnapshot(`../golden/newsroom/${file}`);
  });
});
