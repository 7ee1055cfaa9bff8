// Every route through the real Worker entry, in workerd, with the real content and the
// vars from wrangler.toml.
import { exports } from "cloudflare:workers";
import { DOMParser } from "@xmldom/xmldom";
import { describe, expect, it } from "vitest";
import { contentArticles } from "../../src/generated/all-articles.js";

const BASE = "http://127.0.0.1:8787"; // wrangler.toml's BASE_URL
const seed = contentArticles.find((a) => a.slug === "us-expels-12-russian-un-diplomats")!;

const fetchPath = (path: string, init?: RequestInit) => exports.default.fetch(new Request(`https://worker.test${path}`, init));
/** A response's headers but its Date: this tier runs on the real clock, and two requests may fall on either side of a second. */
const undated = (response: Response) => {
  expect(response.headers.get("Date")).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
  return [...response.headers].filter(([name]) => name !== "date");
};

const routes: [path: string, type: string, mustContain: string][] = [
  ["/", "text/html; charset=utf-8", '<section class="subscribe" id="subscribe"'],
  ["/rss.xml", "application/rss+xml; charset=utf-8", `<atom:link href="${BASE}/rss.xml" rel="self" type="application/rss+xml"/>`],
  ["/atom.xml", "application/atom+xml; charset=utf-8", `<link rel="self" type="application/atom+xml" href="${BASE}/atom.xml"/>`],
  ["/feed.json", "application/feed+json; charset=utf-8", `"feed_url":"${BASE}/feed.json"`],
  [`/articles/${seed.slug}`, "text/html; charset=utf-8", `<link rel="canonical" href="${BASE}/articles/${seed.slug}">`],
  ["/site.css", "text/css; charset=utf-8", "font-family"],
  ["/favicon.svg", "image/svg+xml; charset=utf-8", "<svg"],
];

describe("routes", () => {
  it.each(routes)("GET %s is 200 %s", async (path, type, mustContain) => {
    const response = await fetchPath(path);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe(type);
    expect(await response.text()).toContain(mustContain);
  });

  it.each(routes)("HEAD %s has the GET's status and headers and no body", async (path) => {
    const [get, head] = await Promise.all([fetchPath(path), fetchPath(path, { method: "HEAD" })]);
    expect(head.status).toBe(get.status);
    expect(undated(head)).toEqual(undated(get));
    expect(await head.text()).toBe("");
  });

  it("every feed carries the seed article with its stable id and its full text", async () => {
    for (const path of ["/rss.xml", "/atom.xml", "/feed.json"]) {
      const body = await (await fetchPath(path)).text();
      expect(body, path).toContain(seed.id);
      expect(body, path).toContain("Boycott of Russia");
      expect(body, path).toContain("Photo: Shutterstock");
    }
  });

  it("an article page links to all three feeds", async () => {
    const page = await (await fetchPath(`/articles/${seed.slug}`)).text();
    const feeds: [string, string][] = [
      ["application/rss+xml", "/rss.xml"],
      ["application/atom+xml", "/atom.xml"],
      ["application/feed+json", "/feed.json"],
    ];
    for (const [type, path] of feeds) {
      expect(page).toMatch(new RegExp(`<link rel="alternate" type="${type.replace("+", "\\+")}" title="[^"]+" href="${BASE}${path}">`));
    }
  });

  it.each([
    "/nope",
    "/articles/nope",
    "/articles/",
    "/articles/US-EXPELS-12-RUSSIAN-UN-DIPLOMATS",
    "/rss.xml/x",
    "/articles/%zz",
    "/articles/..%2f..%2fetc%2fpasswd",
  ])("unknown path %s is a small 404 page that reflects nothing", async (path) => {
    const response = await fetchPath(path);
    expect(response.status).toBe(404);
    expect(response.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
    const body = await response.text();
    expect(body).toContain("<h1>Page not found</h1>");
    expect(body).not.toContain(path);
  });

  it.each(["POST", "PUT", "DELETE", "PATCH"])("%s is 405 with Allow: GET, HEAD, OPTIONS", async (method) => {
    const response = await fetchPath("/rss.xml", { method });
    expect(response.status).toBe(405);
    expect(response.headers.get("Allow")).toBe("GET, HEAD, OPTIONS");
  });

  it("ignores the request's Host: links come from configuration", async () => {
    const response = await exports.default.fetch(
      new Request("https://evil.example/rss.xml", { headers: { "X-Forwarded-Host": "evil.example" } }),
    );
    expect(await response.text()).not.toContain("evil.example");
  });

  it("answers identical bytes to repeated requests", async () => {
    const [a, b] = await Promise.all([fetchPath("/atom.xml"), fetchPath("/atom.xml")]);
    expect(await a.text()).toBe(await b.text());
  });
});

describe("icons", () => {
  const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  it.each([
    ["/icon-512.png", 512, 512],
    ["/icon-144.png", 144, 144],
    ["/icon-64.png", 64, 64],
    ["/logo.png", 1024, 512],
  ])("%s is a %i × %i PNG with validators and a week's caching; 304 and HEAD as everywhere", async (path, width, height) => {
    const response = await fetchPath(path);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("image/png");
    expect(response.headers.get("Cache-Control")).toBe("max-age=604800, stale-while-revalidate=86400, stale-if-error=604800");
    expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(response.headers.get("Vary")).toBeNull(); // never encoded per client
    const etag = response.headers.get("ETag")!;
    expect(etag).toMatch(/^W\/"sha256-[A-Za-z0-9_-]{43}"$/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    expect([view.getUint32(16), view.getUint32(20)]).toEqual([width, height]);
    const again = await fetchPath(path, { headers: { "If-None-Match": etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get("ETag")).toBe(etag);
    const head = await fetchPath(path, { method: "HEAD" });
    expect(undated(head)).toEqual(undated(await fetchPath(path)));
    expect(await head.text()).toBe("");
  });

  it("the SVG icon runs nothing even when opened by itself", async () => {
    const response = await fetchPath("/favicon.svg");
    expect(response.headers.get("Content-Security-Policy")).toBe("default-src 'none'; img-src data:; sandbox");
  });

  it("every feed names the icons", async () => {
    const json = await (await fetchPath("/feed.json")).json<{ icon: string; favicon: string }>();
    expect([json.icon, json.favicon]).toEqual([`${BASE}/icon-512.png`, `${BASE}/icon-64.png`]);
    const atom = await (await fetchPath("/atom.xml")).text();
    expect(atom).toContain(`<icon>${BASE}/icon-512.png</icon>`);
    expect(atom).toContain(`<logo>${BASE}/logo.png</logo>`);
    const rss = await (await fetchPath("/rss.xml")).text();
    expect(rss).toContain(
      `<image><url>${BASE}/icon-144.png</url><title>Meridian Wire</title><link>${BASE}/</link><width>144</width><height>144</height></image>`,
    );
  });
});

describe("the served XML, parsed", () => {
  /** A strict parse: any well-formedness error or warning throws. */
  const parse = async (path: string) => {
    const text = await (await fetchPath(path)).text();
    return new DOMParser({
      onError: (level, message) => {
        throw new Error(`${path}: ${level}: ${message}`);
      },
    }).parseFromString(text, "text/xml");
  };
  type Parent = {
    getElementsByTagName(name: string): ArrayLike<{ textContent: string | null }>;
    getElementsByTagNameNS(ns: string, name: string): ArrayLike<{ textContent: string | null }>;
  };
  /** Texts of the elements named `name` in namespace `ns` ("" for none, as in RSS). */
  const text = (parent: Parent, ns: string, name: string) =>
    Array.from(ns === "" ? parent.getElementsByTagName(name) : parent.getElementsByTagNameNS(ns, name)).map((e) => e.textContent);

  it("RSS: the channel and the seed article's item, with their exact values", async () => {
    const doc = await parse("/rss.xml");
    const [item] = Array.from(doc.getElementsByTagName("item"));
    expect(text(doc, "", "title")[0]).toBe("Meridian Wire");
    expect(text(item!, "", "guid")).toEqual([seed.id]);
    expect(text(item!, "", "link")).toEqual([`${BASE}/articles/${seed.slug}`]);
    expect(text(item!, "", "pubDate")).toEqual(["Tue, 01 Mar 2022 17:40:00 GMT"]);
    expect(text(item!, "http://purl.org/dc/elements/1.1/", "creator")).toEqual(["Olena Marchenko"]);
  });

  it("Atom: the feed and the seed article's entry, with their exact values", async () => {
    const doc = await parse("/atom.xml");
    const ATOM = "http://www.w3.org/2005/Atom";
    const [entry] = Array.from(doc.getElementsByTagNameNS(ATOM, "entry"));
    expect(text(doc, ATOM, "id")[0]).toBe("urn:uuid:15aa809b-4f8d-4902-ac3e-9e5bcb79e37f");
    expect(text(entry!, ATOM, "id")).toEqual([seed.id]);
    expect(text(entry!, ATOM, "published")).toEqual(["2022-03-01T19:40:00+02:00"]);
    expect(text(entry!, ATOM, "updated")).toEqual([seed.updated]);
    expect(Array.from(doc.getElementsByTagNameNS("http://purl.org/syndication/history/1.0", "complete"))).toHaveLength(1);
  });

  it("the sitemap lists the front page and the article with their dates", async () => {
    const doc = await parse("/sitemap.xml");
    const NS = "http://www.sitemaps.org/schemas/sitemap/0.9";
    expect(text(doc, NS, "loc")).toContain(`${BASE}/articles/${seed.slug}`);
    expect(text(doc, NS, "loc")).toContain(`${BASE}/`);
    expect(text(doc, NS, "lastmod").length).toBe(text(doc, NS, "loc").length);
  });
});
