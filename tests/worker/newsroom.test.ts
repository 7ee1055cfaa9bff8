// The newsroom in workerd at a fixed time: corrections, withdrawals, section/tag/author
// feeds and pages, the RFC 5005 archive chain in all three formats, discovery files and
// WebSub hub links.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app/create-app.js";
import type { Site } from "../../src/core/model.js";
import { newsroomArticles } from "../../src/generated/all-articles.js";
import { content as newsroom } from "../../src/generated/newsroom.js";
import { ArchiveStore } from "../../src/storage/archive-store.js";
import { CORRECTED, NOW, newsroomSite, SCHEDULED, WITHDRAWN } from "../helpers/newsroom.js";
import { fetcher } from "../helpers/workerd-fetch.js";

const BASE = "https://news.example";

function appAt(now = NOW, site: Site = newsroomSite()) {
  const app = createApp({ content: newsroom, site, clock: () => now, store: new ArchiveStore(env.ASSETS!) });
  return fetcher(app, BASE);
}

const visible = newsroomArticles.filter((a) => Date.parse(a.published) <= NOW);
const liveIds = visible.filter((a) => a.slug !== WITHDRAWN.slug).map((a) => a.id);
const withdrawnId = visible.find((a) => a.slug === WITHDRAWN.slug)!.id;

/** Attribute values of `<tag … attr="…">` elements whose rel is `rel`. */
function linkHref(xml: string, rel: string): string | undefined {
  const m = new RegExp(`<(?:atom:)?link[^>]*rel="${rel}"[^>]*>`).exec(xml);
  return m ? /href="([^"]+)"/.exec(m[0])?.[1] : undefined;
}
/** The archive page (1 = oldest, FEED_SIZE each) that holds an article at NOW. */
function pageOf(slug: string): number {
  const oldestFirst = [...visible].reverse();
  return Math.floor(oldestFirst.findIndex((a) => a.slug === slug) / newsroomSite().feedSize) + 1;
}
const ids = (xml: string, element: RegExp) => [...xml.matchAll(element)].map((m) => m[1]!.replace(/&amp;/g, "&"));

describe("the archive chain (RFC 5005)", () => {
  it("Atom: walks from the live feed to the oldest month and back, holding every entry and tombstone", async () => {
    const get = appAt();
    const live = await get("/atom.xml");
    expect(ids(live.body, /<entry>\n<id>([^<]+)<\/id>/g)).toHaveLength(10);
    const seen = new Set<string>();
    const tombstones = new Set<string>();
    const visited: string[] = [];
    let url = linkHref(live.body, "prev-archive");
    while (url) {
      const doc = await get(url);
      expect(doc.status, url).toBe(200);
      expect(doc.body).toContain("<fh:archive/>");
      expect(linkHref(doc.body, "current")).toBe(`${BASE}/atom.xml`);
      expect(doc.body).toContain(`<id>${newsroomSite().id}</id>`); // the same feed
      for (const id of ids(doc.body, /<entry>\n<id>([^<]+)<\/id>/g)) seen.add(id);
      for (const id of ids(doc.body, /<at:deleted-entry ref="([^"]+)"/g)) tombstones.add(id);
      visited.push(url);
      url = linkHref(doc.body, "prev-archive");
    }
    // 33 published articles (one withdrawn) in pages of FEED_SIZE = 10: 10, 10, 10 and 3.
    expect(visible).toHaveLength(33);
    expect(visited.map((u) => u.replace(BASE, ""))).toEqual([
      "/archive/4/atom.xml",
      "/archive/3/atom.xml",
      "/archive/2/atom.xml",
      "/archive/1/atom.xml",
    ]);
    expect([...seen].sort()).toEqual([...liveIds].sort());
    expect([...tombstones]).toEqual([withdrawnId]);
    // And back again by next-archive, to the newest month, whose `current` is the live feed.
    const back: string[] = [];
    url = visited.at(-1);
    while (url) {
      back.push(url);
      url = linkHref((await get(url)).body, "next-archive");
    }
    expect(back).toEqual([...visited].reverse());
  });

  it("RSS: the same chain through atom:link, with every item", async () => {
    const get = appAt();
    const seen = new Set<string>();
    let url = linkHref((await get("/rss.xml")).body, "prev-archive");
    let documents = 0;
    while (url) {
      const doc = await get(url);
      expect(doc.body).toContain('xmlns:fh="http://purl.org/syndication/history/1.0"');
      for (const id of ids(doc.body, /<guid isPermaLink="false">([^<]+)<\/guid>/g)) seen.add(id);
      documents++;
      url = linkHref(doc.body, "prev-archive");
    }
    expect(documents).toBe(4);
    expect([...seen].sort()).toEqual([...liveIds].sort());
  });

  it("JSON Feed: next_url pages from the live feed to the oldest page; full pages are expired", async () => {
    const get = appAt();
    const seen = new Set<string>();
    let feed = JSON.parse((await get("/feed.json")).body);
    const pages: { url: string; expired?: boolean }[] = [];
    while (feed.next_url) {
      const doc = await get(feed.next_url);
      expect(doc.headers.get("Access-Control-Allow-Origin")).toBe("*");
      feed = JSON.parse(doc.body);
      pages.push({ url: feed.feed_url, expired: feed.expired });
      for (const item of feed.items) seen.add(item.id);
    }
    expect(pages.map((p) => p.expired)).toEqual([undefined, true, true, true]);
    expect(pages.map((p) => p.url.replace(BASE, ""))).toEqual([
      "/archive/4/feed.json",
      "/archive/3/feed.json",
      "/archive/2/feed.json",
      "/archive/1/feed.json",
    ]);
    expect([...seen].sort()).toEqual([...liveIds, withdrawnId].sort());
  });

  it("serves full pages as immutable for a year, and the newest page like a live feed", async () => {
    const get = appAt();
    expect((await get("/archive/3/atom.xml")).headers.get("Cache-Control")).toBe("max-age=31536000, immutable");
    expect((await get("/archive/3/atom.xml")).headers.get("CDN-Cache-Control")).toBe("max-age=31536000, immutable");
    expect((await get("/archive/4/atom.xml")).headers.get("Cache-Control")).toMatch(/^max-age=300\b/);
    expect((await get("/archive/5/atom.xml")).status).toBe(404);
    expect((await get("/archive/0/atom.xml")).status).toBe(404);
  });

  it("needs no archive when the live feed holds everything: it is complete (RFC 5005 §2)", async () => {
    const get = appAt(NOW, newsroomSite({ feedSize: 50 }));
    for (const path of ["/atom.xml", "/rss.xml"]) {
      const body = (await get(path)).body;
      expect(body, path).toContain("<fh:complete/>");
      expect(body, path).not.toContain("prev-archive");
    }
    expect(JSON.parse((await get("/feed.json")).body).next_url).toBeUndefined();
    expect((await get("/archive/1/atom.xml")).status).toBe(404);
  });
});

describe("a withdrawn article", () => {
  it("leaves a 410 page that says why, with no body for HEAD and no 304", async () => {
    const get = appAt();
    const page = await get(`/articles/${WITHDRAWN.slug}`);
    expect(page.status).toBe(410);
    expect(page.body).toContain("This article was withdrawn on");
    expect(page.body).toContain("forgery");
    expect(page.body).toContain('<meta name="robots" content="noindex">');
    expect(page.body).not.toContain("She denied any wrongdoing"); // the body is gone
    expect(page.headers.get("Cache-Control")).toBe("max-age=3600");
    const head = await get(`/articles/${WITHDRAWN.slug}`, { method: "HEAD" });
    expect([head.status, head.body]).toEqual([410, ""]);
    // No validators: a 410 is never revalidated (RFC 9110 §13.2.1), so none are offered.
    expect([page.headers.get("ETag"), page.headers.get("Last-Modified")]).toEqual([null, null]);
    const conditions: Record<string, string>[] = [{ "If-None-Match": "*" }, { "If-Modified-Since": "Fri, 01 Jan 2100 00:00:00 GMT" }];
    for (const condition of conditions) {
      const conditional = await get(`/articles/${WITHDRAWN.slug}`, { headers: condition });
      expect([conditional.status, conditional.body]).toEqual([410, page.body]);
    }
  });

  it("was a normal article before its withdrawal", async () => {
    // Before the build's cut-off the settled archive does not hold (it is read as the
    // cut-off): the same articles, all in the bundle, answer for that time.
    const before = createApp({
      content: { version: "all", files: newsroom.files, articles: newsroomArticles },
      site: newsroomSite(),
      clock: () => WITHDRAWN.at - 1000,
    });
    expect((await before.request(`${BASE}/articles/${WITHDRAWN.slug}`)).status).toBe(200);
    expect((await appAt(WITHDRAWN.at - 1000)(`/articles/${WITHDRAWN.slug}`)).status).toBe(410);
  });

  it("is a tombstone in Atom (RFC 6721) and JSON Feed, absent from RSS, sitemaps and pages", async () => {
    const get = appAt();
    const atom = (await get("/atom.xml")).body;
    expect(atom).toContain('xmlns:at="http://purl.org/atompub/tombstones/1.0"');
    expect(atom).toContain(`<at:deleted-entry ref="${withdrawnId}" when="2026-11-11T10:00:00+01:00">`);
    const json = JSON.parse((await get("/feed.json")).body);
    const item = json.items.find((i: { id: string }) => i.id === withdrawnId);
    expect(item._syndication).toMatchObject({ status: "withdrawn", withdrawn: { date: "2026-11-11T10:00:00+01:00" } });
    expect(item.content_html).toBeUndefined();
    for (const path of ["/rss.xml", "/sitemap.xml", "/sitemap-news.xml", "/", "/sections/politics", "/authors/tomasz-nowak"]) {
      expect((await get(path)).body, path).not.toContain("Health minister resigns");
    }
    // The section's Atom feed carries the tombstone too, so its subscribers learn of it.
    expect((await get("/sections/politics/atom.xml")).body).toContain(`ref="${withdrawnId}"`);
  });
});

describe("a corrected article", () => {
  it("shows its correction on the page, in JSON-LD, in every feed's content and in _syndication", async () => {
    const get = appAt();
    const page = (await get(`/articles/${CORRECTED}`)).body;
    expect(page).toContain('<section class="corrections">');
    expect(page).toContain("The figure is 2,300.");
    const ld = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(page)![1]!);
    expect(ld.correction).toEqual([
      {
        "@type": "CorrectionComment",
        text: "An earlier version of this article said the study counted 3,200 extra deaths. The figure is 2,300.",
        datePublished: "2026-09-10T08:30:00+01:00",
      },
    ]);
    const archive = pageOf(CORRECTED);
    for (const path of [`/archive/${archive}/rss.xml`, `/archive/${archive}/atom.xml`])
      expect((await get(path)).body, path).toContain("The figure is 2,300.");
    const json = JSON.parse((await get(`/archive/${archive}/feed.json`)).body);
    const item = json.items.find((i: { url: string }) => i.url.endsWith(CORRECTED));
    expect(item._syndication.status).toBe("updated");
    expect(item._syndication.corrections).toEqual([
      {
        date: "2026-09-10T08:30:00+01:00",
        text: "An earlier version of this article said the study counted 3,200 extra deaths. The figure is 2,300.",
      },
    ]);
    expect(item.date_modified).toBe("2026-09-10T08:30:00+01:00");
  });

  it("the updates feed orders by last change, so partners see corrections and withdrawals first", async () => {
    const get = appAt();
    const updates = JSON.parse((await get("/updates/feed.json")).body);
    const modified = updates.items.filter((i: { _syndication: { status: string } }) => i._syndication.status !== "withdrawn");
    const dates = modified.map((i: { date_modified: string }) => Date.parse(i.date_modified));
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
    expect(updates.items.some((i: { id: string }) => i.id === withdrawnId)).toBe(true);
  });
});

describe("section, tag and author feeds", () => {
  it("each page autodiscovers exactly its own three feeds, and each feed lists only its articles", async () => {
    const get = appAt();
    for (const [path, name, count] of [
      ["/sections/science", "Science", 5],
      ["/tags/football", "Football", 2],
      ["/authors/kenji-sato", "Kenji Sato", 5],
    ] as const) {
      const page = (await get(path)).body;
      const alternates = [...page.matchAll(/<link rel="alternate" type="([^"]+)" title="([^"]+)" href="([^"]+)">/g)].map((m) => [
        m[1],
        m[2],
        m[3],
      ]);
      expect(alternates).toEqual([
        ["application/rss+xml", `Meridian Wire: ${name} (RSS)`, `${BASE}${path}/rss.xml`],
        ["application/atom+xml", `Meridian Wire: ${name} (Atom)`, `${BASE}${path}/atom.xml`],
        ["application/feed+json", `Meridian Wire: ${name} (JSON Feed)`, `${BASE}${path}/feed.json`],
      ]);
      const json = JSON.parse((await get(`${path}/feed.json`)).body);
      expect(json.items).toHaveLength(count);
      expect(json.feed_url).toBe(`${BASE}${path}/feed.json`);
      expect(json.home_page_url).toBe(`${BASE}${path}`);
      const atom = (await get(`${path}/atom.xml`)).body;
      expect(atom).toContain("<fh:complete/>"); // all its entries fit in the document
      expect(atom).toMatch(/<id>urn:uuid:[0-9a-f-]{36}<\/id>/);
      expect(atom).not.toContain(`<id>${newsroomSite().id}</id>`);
    }
  });

  it("categories in the main feeds point at those pages, and every one of them exists", async () => {
    const get = appAt();
    const rss = (await get("/rss.xml")).body;
    const domains = new Set([...rss.matchAll(/<category domain="([^"]+)">/g)].map((m) => m[1]!));
    expect(domains.size).toBeGreaterThan(10);
    for (const url of domains) {
      expect((await get(url)).status, url).toBe(200);
      expect((await get(`${url}/atom.xml`)).status, url).toBe(200);
    }
    const atom = (await get("/atom.xml")).body;
    expect(atom).toContain(`<category term="politics" scheme="${BASE}/sections/" label="Politics"/>`);
  });

  it("a feed's id is stable and its lifetime independent of the host", async () => {
    const a = (await appAt()("/tags/space/atom.xml")).body;
    const b = (await appAt(NOW, newsroomSite({ baseUrl: "https://mirror.example" }))("/tags/space/atom.xml")).body;
    expect(/<id>([^<]+)<\/id>/.exec(a)![1]).toBe(/<id>([^<]+)<\/id>/.exec(b)![1]);
  });

  it("answers the CORS preflight of a facet feed, and 404s unknown facets", async () => {
    const get = appAt();
    const preflight = await get("/tags/space/feed.json", {
      method: "OPTIONS",
      headers: {
        Origin: "https://partner.example",
        "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "if-none-match",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("Access-Control-Allow-Origin")).toBe("*");
    for (const path of [
      "/tags/no-such-tag",
      "/tags/no-such-tag/rss.xml",
      "/sections",
      "/authors/",
      "/archive/1999-01/atom.xml",
      "/archive/99/atom.xml",
    ]) {
      expect((await get(path)).status, path).toBe(404);
    }
    const slash = await get("/tags/space/");
    expect([slash.status, slash.headers.get("Location")]).toEqual([301, "/tags/space"]);
  });
});

describe("discovery", () => {
  it("robots.txt points at both sitemaps", async () => {
    const robots = await appAt()("/robots.txt");
    expect(robots.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
    expect(robots.body).toBe(`User-agent: *\nAllow: /\n\nSitemap: ${BASE}/sitemap.xml\nSitemap: ${BASE}/sitemap-news.xml\n`);
  });

  it("sitemap.xml lists the front page, every live article with its last change, and every listing page", async () => {
    const body = (await appAt()("/sitemap.xml")).body;
    const locs = [...body.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!);
    expect(locs[0]).toBe(`${BASE}/`);
    for (const a of visible.filter((v) => v.slug !== WITHDRAWN.slug)) {
      expect(body).toContain(`<url><loc>${BASE}/articles/${a.slug}</loc><lastmod>${a.updated}</lastmod></url>`);
    }
    expect(locs).toContain(`${BASE}/sections/science`);
    expect(locs).not.toContain(`${BASE}/articles/${SCHEDULED.slug}`);
  });

  it("the news sitemap holds the articles of the last two days only, and changes when one ages out", async () => {
    const get = appAt();
    const body = (await get("/sitemap-news.xml")).body;
    const locs = [...body.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!.replace(`${BASE}/articles/`, ""));
    expect(locs).toEqual(["court-upholds-protest-ban", "wind-farm-auction-record", "tennis-star-retires"]);
    expect(body).toContain("<news:publication><news:name>Meridian Wire</news:name><news:language>en</news:language></news:publication>");
    // tennis-star-retires (2026-11-18T17:30+01:00) leaves at 2026-11-20T16:30Z.
    const leaves = Date.parse("2026-11-20T16:30:00Z");
    const cc = (await get("/sitemap-news.xml")).headers.get("Cache-Control");
    expect(cc).toBe("max-age=300, stale-while-revalidate=300, stale-if-error=86400");
    const justBefore = appAt(leaves - 2000);
    expect((await justBefore("/sitemap-news.xml")).headers.get("Cache-Control")).toMatch(/^max-age=2, stale-if-error/);
    const after = await appAt(leaves)("/sitemap-news.xml");
    expect(after.body).not.toContain("tennis-star-retires");
    expect(after.headers.get("Last-Modified")).toBe("Fri, 20 Nov 2026 16:30:00 GMT");
  });
});

describe("WebSub", () => {
  it("with a hub configured, every subscription feed advertises it in the document and the Link header", async () => {
    const get = appAt(NOW, newsroomSite({ hub: "https://hub.example/" }));
    for (const path of ["/rss.xml", "/atom.xml", "/feed.json", "/tags/space/atom.xml", "/updates/rss.xml"]) {
      const r = await get(path);
      expect(r.headers.get("Link"), path).toContain('<https://hub.example/>; rel="hub"');
      expect(r.headers.get("Link"), path).toContain(`<${BASE}${path}>; rel="self"`);
      if (path.endsWith(".json")) expect(JSON.parse(r.body).hubs).toEqual([{ type: "WebSub", url: "https://hub.example/" }]);
      else
        expect(r.body, path).toMatch(
          /<(atom:)?link (href="https:\/\/hub\.example\/" rel="hub"|rel="hub" href="https:\/\/hub\.example\/")\/>/,
        );
    }
    // Archives are not subscribed to: no hub.
    expect((await get("/archive/3/atom.xml")).body).not.toContain("hub.example");
  });

  it("without one, no hub is mentioned anywhere", async () => {
    const r = await appAt()("/feed.json");
    expect(JSON.parse(r.body).hubs).toBeUndefined();
    expect(r.headers.get("Link")).not.toContain('rel="hub"');
  });
});

describe("partners", () => {
  it("the partners page is linked from the front page and every page, and shows the newest item live", async () => {
    const get = appAt();
    expect((await get("/")).body).toContain('<a href="/partners">partners page</a>');
    expect((await get("/articles/comet-visible-this-week")).body).toContain('<a href="/partners">Republish our journalism</a>');
    const page = await get("/partners");
    expect(page.status).toBe(200);
    expect(page.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
    const newest = newsroomArticles.filter((a) => Date.parse(a.published) <= NOW && !a.withdrawn)[0]!;
    expect(page.body).toContain(`&quot;canonical_url&quot;: &quot;${BASE}/articles/${newest.slug}&quot;`);
    for (const anchor of ["licence", "images", "feeds", "profile", "backfill", "corrections", "polling"])
      expect(page.body).toContain(`id="${anchor}"`);
  });

  it("serves the profile's JSON Schema at a stable URL, readable cross-origin and revalidatable", async () => {
    const get = appAt();
    for (const v of [1, 2, 3]) {
      const schema = await get(`/schemas/syndication-${v}.json`);
      expect(schema.status).toBe(200);
      expect(schema.headers.get("Content-Type")).toBe("application/schema+json; charset=utf-8");
      expect(schema.headers.get("Access-Control-Allow-Origin")).toBe("*");
      expect(JSON.parse(schema.body)).toMatchObject({
        $id: `${BASE}/schemas/syndication-${v}.json`,
        $schema: "https://json-schema.org/draft/2020-12/schema",
      });
      const again = await get(`/schemas/syndication-${v}.json`, { headers: { "If-None-Match": schema.headers.get("ETag")! } });
      expect(again.status).toBe(304);
    }
    const feed = JSON.parse((await get("/feed.json")).body);
    expect(feed._syndication).toEqual({
      version: 3,
      schema: `${BASE}/schemas/syndication-3.json`,
      documentation: `${BASE}/partners`,
      license: {
        spdx: "CC-BY-ND-4.0",
        name: "Creative Commons Attribution-NoDerivatives 4.0 International",
        url: "https://creativecommons.org/licenses/by-nd/4.0/",
      },
    });
  });

  it("marks what may not be republished: an agency photo, and everything under LICENSE=none", async () => {
    const get = appAt();
    const archive = JSON.parse((await get("/archive/1/feed.json")).body);
    const seed = archive.items.find((i: { url: string }) => i.url.endsWith("/us-expels-12-russian-un-diplomats"));
    expect(seed._syndication.images).toEqual([expect.objectContaining({ credit: "Photo: Shutterstock", republishable: false })]);
    const closed = appAt(NOW, newsroomSite({ license: "none" }));
    const item = JSON.parse((await closed("/feed.json")).body).items[0];
    expect(item._syndication).toMatchObject({
      republishable: false,
      license: { spdx: "LicenseRef-All-Rights-Reserved", url: `${BASE}/partners#licence` },
    });
    const channel = (await closed("/rss.xml")).body.split("<item>")[0]!;
    expect(channel).toContain("<copyright>© Meridian Wire. All rights reserved.</copyright>");
    expect(channel).not.toContain("<creativeCommons:license>");
  });
});

describe("Last-Modified", () => {
  it("is never later than the response's Date, even for an `updated` typed in the future", async () => {
    const future = { ...newsroomArticles.find((a) => a.slug === CORRECTED)!, updated: "2030-01-01T00:00:00Z" };
    const articles = newsroomArticles.map((a) => (a.slug === CORRECTED ? future : a));
    const app = createApp({
      content: { version: "x", files: newsroom.files, articles },
      site: newsroomSite(),
      clock: () => NOW,
    });
    for (const path of [`/articles/${CORRECTED}`, "/updates/atom.xml", "/sections/science"]) {
      const response = await app.request(`${BASE}${path}`);
      expect(Date.parse(response.headers.get("Last-Modified")!), path).toBeLessThanOrEqual(Date.parse(response.headers.get("Date")!));
    }
  });
});
