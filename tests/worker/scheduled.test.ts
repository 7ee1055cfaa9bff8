// Scheduled publishing in workerd, without a redeploy: one app, one clock that moves.
// Before T nothing about the scheduled article is observable on any surface; from T it
// is everywhere, with new validators, and no cache was told to keep the old state past T.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app/create-app.js";
import { content as newsroom } from "../../src/generated/newsroom.js";
import type { CacheLike } from "../../src/http/edge-cache.js";
import { ArchiveStore } from "../../src/storage/archive-store.js";
import { NEXT_MONTH, newsroomSite, SCHEDULED } from "../helpers/newsroom.js";
import { fetcher } from "../helpers/workerd-fetch.js";

const site = newsroomSite();
const BASE = site.baseUrl;
const T = SCHEDULED.at;

/** Every surface the scheduled article appears on from T (its own paths exist only from T). */
const SURFACES = [
  "/",
  "/rss.xml",
  "/atom.xml",
  "/feed.json",
  "/updates/rss.xml",
  "/updates/atom.xml",
  "/updates/feed.json",
  SCHEDULED.section,
  `${SCHEDULED.section}/rss.xml`,
  `${SCHEDULED.section}/atom.xml`,
  `${SCHEDULED.section}/feed.json`,
  "/tags/space",
  "/tags/space/atom.xml",
  // The newest archive page (33 published before T, in pages of 10).
  "/archive/4/rss.xml",
  "/archive/4/atom.xml",
  "/archive/4/feed.json",
  "/sitemap.xml",
  "/sitemap-news.xml",
];
const OWN_PATHS = [
  `/articles/${SCHEDULED.slug}`,
  SCHEDULED.author,
  `${SCHEDULED.author}/rss.xml`,
  `${SCHEDULED.author}/atom.xml`,
  `${SCHEDULED.author}/feed.json`,
  SCHEDULED.tag,
  `${SCHEDULED.tag}/rss.xml`,
  `${SCHEDULED.tag}/atom.xml`,
  `${SCHEDULED.tag}/feed.json`,
];
const TRACES = [SCHEDULED.slug, SCHEDULED.id, SCHEDULED.title, "Priya Raman", "Mars Sample Return", "mars-sample-return"];

function clockedApp(articles = newsroom.articles, cache?: CacheLike, onSite = site) {
  const clock = { now: T - 1000 };
  const app = createApp({
    content: { ...newsroom, articles },
    site: onSite,
    clock: () => clock.now,
    store: new ArchiveStore(env.ASSETS!),
    ...(cache && { cache }),
  });
  const send = fetcher(app, "https://news.example");
  const get = (path: string, headers: Record<string, string> = {}) => send(path, { headers });
  return { clock, get };
}

/** Seconds anyone may reuse a response, fresh or stale-while-revalidate, by a Cache-Control value. */
function reuseSeconds(value: string | null): number {
  const directive = (name: string) => Number(new RegExp(`${name}=(\\d+)`).exec(value ?? "")?.[1] ?? 0);
  return directive("max-age") + directive("stale-while-revalidate");
}

describe("a scheduled article", () => {
  it("at T−1 s: every surface is byte-for-byte what it would be without the article, validators included", async () => {
    const withIt = clockedApp();
    const without = clockedApp(newsroom.articles.filter((a) => a.slug !== SCHEDULED.slug));
    for (const path of [...SURFACES, ...OWN_PATHS, "/robots.txt", "/no-such-page"]) {
      const a = await withIt.get(path);
      const b = await without.get(path);
      expect({ path, status: a.status }).toEqual({ path, status: b.status });
      expect(a.body, path).toBe(b.body);
      for (const name of ["ETag", "Last-Modified", "Content-Type", "Link", "Vary"]) {
        expect(a.headers.get(name), `${path} ${name}`).toBe(b.headers.get(name));
      }
      for (const trace of TRACES) expect(a.body, `${path} mentions ${trace}`).not.toContain(trace);
    }
    for (const path of OWN_PATHS) expect((await withIt.get(path)).status, path).toBe(404);
  });

  it("at T−1 s: no cache may keep any changing surface, or a 404 of its own paths, past T", async () => {
    const { get } = clockedApp();
    for (const path of [...SURFACES, ...OWN_PATHS]) {
      const response = await get(path);
      expect(reuseSeconds(response.headers.get("Cache-Control")), path).toBeLessThanOrEqual(1);
      expect(reuseSeconds(response.headers.get("CDN-Cache-Control")), path).toBeLessThanOrEqual(1);
      expect(response.headers.get("Cache-Control"), path).not.toContain("immutable");
    }
    // Far from any change, lifetimes are the policy's own.
    const quiet = clockedApp();
    quiet.clock.now = T - 86_400_000 * 3;
    expect((await quiet.get("/rss.xml")).headers.get("Cache-Control")).toBe(
      "max-age=300, stale-while-revalidate=300, stale-if-error=86400",
    );
  });

  it("at T and T+1 s: it is on every surface, with new validators; readers holding old ones get 200, not 304", async () => {
    const { clock, get } = clockedApp();
    const before = new Map<string, { etag: string | null; lastModified: string | null }>();
    for (const path of SURFACES) {
      const r = await get(path);
      before.set(path, { etag: r.headers.get("ETag"), lastModified: r.headers.get("Last-Modified") });
    }
    for (const at of [T, T + 1000]) {
      clock.now = at;
      for (const path of SURFACES) {
        const old = before.get(path)!;
        const fresh = await get(path);
        expect(fresh.status, path).toBe(200);
        expect(fresh.body, path).toContain(path.startsWith("/sitemap") ? SCHEDULED.slug : SCHEDULED.title.split(" ")[0]!);
        expect(fresh.body, path).toContain(SCHEDULED.slug);
        expect(fresh.headers.get("ETag"), path).not.toBe(old.etag);
        const inm = await get(path, { "If-None-Match": old.etag! });
        expect(inm.status, `${path} If-None-Match`).toBe(200);
        // Every surface is dated, and from T its newest change is the article's publication.
        expect(old.lastModified, path).not.toBeNull();
        expect(Date.parse(old.lastModified!), path).toBeLessThan(T);
        expect(Date.parse(fresh.headers.get("Last-Modified")!), path).toBe(T);
        const ims = await get(path, { "If-Modified-Since": old.lastModified! });
        expect(ims.status, `${path} If-Modified-Since`).toBe(200);
        // And the new state is itself revalidatable.
        expect((await get(path, { "If-None-Match": fresh.headers.get("ETag")! })).status, path).toBe(304);
      }
      for (const path of OWN_PATHS) expect((await get(path)).status, `${path} at ${at - T} ms`).toBe(200);
    }
  });

  it("is published at T by an isolate that served T−1 s from a shared cache, not the cached bytes", async () => {
    const cache = await caches.open(`scheduled-${crypto.randomUUID()}`);
    const first = clockedApp(newsroom.articles, cache);
    const early = await first.get("/rss.xml");
    expect(early.body).not.toContain(SCHEDULED.slug);
    const second = clockedApp(newsroom.articles, cache);
    second.clock.now = T;
    const onTime = await second.get("/rss.xml");
    expect(onTime.body).toContain(SCHEDULED.slug);
  });

  it("re-renders at T only what the article changes: the rest is kept, and found again in the shared cache", async () => {
    const inner = await caches.open(`scheduled-${crypto.randomUUID()}`);
    const lookups: string[] = [];
    const writes: string[] = [];
    const cache: CacheLike = {
      match: (request) => {
        lookups.push(new URL(request.url).pathname);
        return inner.match(request);
      },
      put: (request, response) => {
        writes.push(new URL(request.url).pathname);
        return inner.put(request, response);
      },
    };
    const unchanged = ["/archive/3/atom.xml", "/articles/comet-visible-this-week", "/tags/football/feed.json", "/site.css"];
    const changed = ["/rss.xml", `${SCHEDULED.section}/atom.xml`];
    const first = clockedApp(newsroom.articles, cache);
    const before = new Map<string, string | null>();
    for (const path of [...unchanged, ...changed]) before.set(path, (await first.get(path)).headers.get("ETag"));
    lookups.length = 0;
    first.clock.now = T;
    for (const path of [...unchanged, ...changed]) {
      const response = await first.get(path);
      if (unchanged.includes(path)) expect(response.headers.get("ETag"), path).toBe(before.get(path));
      else expect(response.headers.get("ETag"), path).not.toBe(before.get(path));
    }
    // Only the changed documents were looked for again (then rendered): the isolate kept the others.
    expect(lookups).toHaveLength(changed.length);
    // A fresh isolate at T finds the unchanged documents in the shared cache (a hit: nothing is written).
    const second = clockedApp(newsroom.articles, cache);
    second.clock.now = T;
    lookups.length = 0;
    writes.length = 0;
    for (const path of unchanged) expect((await second.get(path)).headers.get("ETag"), path).toBe(before.get(path));
    // Article pages are rendered from their pack, never shared through the Cache API (src/app/create-app.ts).
    const shared = unchanged.filter((path) => !path.startsWith("/articles/"));
    expect(lookups).toHaveLength(shared.length);
    for (const [i, path] of shared.entries()) expect(lookups[i]!.endsWith(path), `${lookups[i]} for ${path}`).toBe(true);
    expect(writes).toEqual([]);
  });

  it("opens a new archive page at its time, and only then links the previous page forward", async () => {
    // Just before, 34 articles are out: two full pages of 17. The next publication opens page 3.
    const { clock, get } = clockedApp(newsroom.articles, undefined, newsroomSite({ feedSize: 17 }));
    clock.now = NEXT_MONTH.at - 1000;
    expect((await get("/archive/3/atom.xml")).status).toBe(404);
    const second = await get("/archive/2/atom.xml");
    expect(second.body).not.toContain('rel="next-archive"');
    expect(reuseSeconds(second.headers.get("Cache-Control"))).toBeLessThanOrEqual(1);
    clock.now = NEXT_MONTH.at;
    const third = await get("/archive/3/atom.xml");
    expect(third.status).toBe(200);
    expect(third.body).toContain(NEXT_MONTH.slug);
    expect(third.body).toContain(`<link rel="prev-archive" type="application/atom+xml" href="${BASE}/archive/2/atom.xml"/>`);
    const now = await get("/archive/2/atom.xml");
    expect(now.body).toContain(`<link rel="next-archive" type="application/atom+xml" href="${BASE}/archive/3/atom.xml"/>`);
    // Page 2 is full and has a successor: final from now on.
    expect(now.headers.get("Cache-Control")).toBe("max-age=31536000, immutable");
  });
});

describe("drafts", () => {
  it("appear nowhere, at any time", async () => {
    const { clock, get } = clockedApp();
    for (const at of [T - 1000, NEXT_MONTH.at + 86_400_000 * 30]) {
      clock.now = at;
      for (const path of [...SURFACES, "/articles/draft-budget-preview"]) {
        const r = await get(path);
        expect(r.body, path).not.toContain("draft-budget-preview");
        expect(r.body, path).not.toContain("What to expect from next year");
      }
      expect((await get("/articles/draft-budget-preview")).status).toBe(404);
    }
  });
});
