// The HTTP contract from outside, on `npm start`: REDbot's checks (restated in
// tests/helpers/http-lint.ts) on every kind of URL and status, the content codings a
// client gets, and the conditional GETs a poller sends with what it was given.
import { describe, expect, inject, it } from "vitest";
import { content } from "../../src/generated/content.js";
import { withBodies } from "../helpers/bundle.js";
import { fetchRaw, httpLint, WRANGLER_DEV } from "../helpers/http-lint.js";

/** Every article of the build: the moving ones in the module, the settled ones read from its assets. */
const articles = withBodies(content);

const base = inject("baseUrl");
const seed = articles[0]!;

/** Every kind of 200 the service has, with whether it carries a content date. */
const documents: [path: string, dated: boolean][] = [
  ["/", true],
  [`/articles/${seed.slug}`, true],
  ["/sections/world", true],
  ["/tags/russia", true],
  ["/authors/olena-marchenko", true],
  ["/partners", true],
  ["/rss.xml", true],
  ["/atom.xml", true],
  ["/feed.json", true],
  ["/updates/rss.xml", true],
  ["/updates/atom.xml", true],
  ["/updates/feed.json", true],
  ["/sections/world/rss.xml", true],
  ["/tags/russia/atom.xml", true],
  ["/authors/olena-marchenko/feed.json", true],
  ["/sitemap.xml", true],
  ["/sitemap-news.xml", true], // empty (the seed is years old), dated by the seed leaving it
  ["/robots.txt", false],
  ["/site.css", false],
  ["/favicon.svg", false],
  ["/icon-512.png", false],
  ["/icon-144.png", false],
  ["/icon-64.png", false],
  ["/logo.png", false],
  ["/schemas/syndication-1.json", false],
  ["/schemas/syndication-3.json", false],
  [`/articles/${seed.slug}.ninjs.json`, true],
  // The fediverse's documents (docs/fediverse.md): actors of each kind, WebFinger, NodeInfo, the outbox.
  ["/actors/news", false],
  ["/actors/world", false],
  ["/actors/olena-marchenko", false],
  [`/.well-known/webfinger?resource=${encodeURIComponent(`acct:news@${new URL(base).host}`)}`, false],
  ["/.well-known/nodeinfo", false],
  ["/nodeinfo/2.1", false],
  ["/actors/news/outbox", true],
  ["/actors/news/outbox/page/1", true],
  ["/actors/news/followers", false],
];

describe("REDbot's checks on npm start", () => {
  it.each(documents)("%s has nothing to report", async (path, dated) => {
    expect(await httpLint(base + path, { requireLastModified: dated, allow: WRANGLER_DEV })).toEqual([]);
  });

  it.each([
    ["/no-such-page", 404],
    ["/articles/no-such-article", 404],
    ["/rss.xml/", 301],
  ])("%s (%i) has nothing to report", async (path, status) => {
    expect(await httpLint(base + path, { status, allow: WRANGLER_DEV })).toEqual([]);
  });

  it.each(["/feed.json", "/"])("a plain OPTIONS on %s (204) has nothing to report", async (path) => {
    expect(await httpLint(base + path, { status: 204, method: "OPTIONS", requireLastModified: false, allow: WRANGLER_DEV })).toEqual([]);
  });

  it("a POST (405) has nothing to report", async () => {
    expect(await httpLint(`${base}/rss.xml`, { status: 405, method: "POST", allow: WRANGLER_DEV })).toEqual([]);
  });
});

describe("content codings", () => {
  it.each(documents.map(([path]) => path))("%s: no coding without Accept-Encoding, with identity or with gzip;q=0", async (path) => {
    const plain = await fetchRaw(base + path);
    for (const acceptEncoding of [undefined, "identity", "gzip;q=0, identity"]) {
      const response = await fetchRaw(base + path, acceptEncoding === undefined ? {} : { "Accept-Encoding": acceptEncoding });
      const coding = response.fields.find(([name]) => name.toLowerCase() === "content-encoding");
      expect(coding, `${path} ${acceptEncoding}`).toBeUndefined();
      expect(response.body.equals(plain.body), `${path} ${acceptEncoding}`).toBe(true);
    }
  });

  it("curl prints the feed", async () => {
    const { spawnSync } = await import("node:child_process");
    const curl = spawnSync("curl", ["-sS", `${base}/rss.xml`], { encoding: "utf8" });
    expect(curl.status).toBe(0);
    expect(curl.stdout.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"')).toBe(true);
  });
});

describe("a poller's conditional GETs", () => {
  it.each(documents)("%s answers 304 to the ETag and to the Last-Modified it returned", async (path, dated) => {
    const first = await fetch(base + path);
    const etag = first.headers.get("ETag");
    const lastModified = first.headers.get("Last-Modified");
    expect(etag).toMatch(/^W\/"sha256-[A-Za-z0-9_-]{43}(\.gz)?"$/);
    expect(lastModified !== null).toBe(dated);
    expect((await fetch(base + path, { headers: { "If-None-Match": etag! } })).status).toBe(304);
    if (dated) expect((await fetch(base + path, { headers: { "If-Modified-Since": lastModified! } })).status).toBe(304);
  });
});
