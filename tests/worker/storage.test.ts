// The newsroom served with its bodies in static assets (the packs of src/content-build/packs.ts),
// in workerd through the real ASSETS binding: the first read, what the isolate then holds,
// eviction under the byte budgets, and faults injected between the app and the binding —
// none may give a wrong body or a cacheable error.
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp, STORAGE_RETRY_AFTER_SECONDS } from "../../src/app.js";
import { content } from "../../src/generated/content.js";
import { content as newsroom } from "../../src/generated/newsroom.js";
import type { CacheLike } from "../../src/http/edge-cache.js";
import type { StoredArticle } from "../../src/model.js";
import { type AssetFetcher, PackStore } from "../../src/storage/packs.js";
import { NOW, newsroomSite, SCHEDULED } from "../helpers/newsroom.js";

const BASE = "https://news.example";
const assets = env.ASSETS!;
const stored = newsroom.articles.filter((a): a is StoredArticle => "body" in a);
const byPack = new Map<string, StoredArticle[]>();
for (const a of stored) byPack.set(a.body.pack, [...(byPack.get(a.body.pack) ?? []), a]);
const packs = [...byPack.keys()];
/** Two articles sharing a pack, and one in another pack. */
const [first, sibling] = byPack.get(packs[0]!)!;
const other = byPack.get(packs[1]!)![0]!;

type Mode = "ok" | "throw" | "hang" | "404" | "500" | "corrupt" | "truncated" | "not-utf8";

/** The real binding, with a fault switched on or off between the app and it. */
function faulty(): AssetFetcher & { mode: Mode; calls: number } {
  return {
    mode: "ok",
    calls: 0,
    async fetch(request: Request) {
      this.calls++;
      switch (this.mode) {
        case "ok":
          return assets.fetch(request);
        case "throw":
          throw new Error("network connection lost");
        case "hang":
          return new Promise<Response>(() => {});
        case "404":
          return new Response("Not Found", { status: 404 });
        case "500":
          return new Response("oops", { status: 500 });
        case "corrupt": {
          const bytes = new Uint8Array(await (await assets.fetch(request)).arrayBuffer());
          bytes[bytes.length >> 1]! ^= 0x20; // one letter's case: still UTF-8, wrong bytes
          return new Response(bytes);
        }
        case "truncated": {
          const bytes = new Uint8Array(await (await assets.fetch(request)).arrayBuffer());
          return new Response(bytes.slice(0, bytes.length >> 1));
        }
        case "not-utf8":
          return new Response(new Uint8Array([0xff, 0xfe, 0xfd]));
      }
    },
  };
}

/** A body as the pack holds it, read from the binding directly. */
async function bodyOf(article: StoredArticle): Promise<string> {
  const text = await (await assets.fetch(new Request(`https://assets.invalid/packs/${article.body.pack}`))).text();
  return text.slice(article.body.start, article.body.end);
}

function appWith(store: PackStore, extra: { cache?: CacheLike; heldBudgetBytes?: number } = {}) {
  const app = createApp({ content: newsroom, site: newsroomSite(), clock: () => NOW, store, ...extra });
  return async (path: string, init: RequestInit = {}) => {
    const ctx = createExecutionContext();
    const response = await app.fetch(new Request(`${BASE}${path}`, init), env, ctx);
    const body = await response.text();
    await waitOnExecutionContext(ctx);
    return { status: response.status, headers: response.headers, body };
  };
}

describe("bodies from static assets", () => {
  it("reads a pack on the first request for a page, and not again for the page or its pack's other articles", async () => {
    const source = faulty();
    const store = new PackStore(source);
    const get = appWith(store);
    const page = await get(`/articles/${first!.slug}`);
    expect(page.status).toBe(200);
    // The body is on the page exactly as stored (its root-relative URLs made absolute).
    expect(page.body).toContain((await bodyOf(first!)).replaceAll(' href="/', ` href="${BASE}/`));
    expect(source.calls).toBe(1);
    expect((await get(`/articles/${first!.slug}`)).status).toBe(200);
    expect((await get(`/articles/${sibling!.slug}`)).body).toContain(await bodyOf(sibling!));
    expect(source.calls).toBe(1);
    expect(store.holds(first!.body.pack)).toBe(true);
  });

  it("renders a feed from the packs of its items: every stored body in full", async () => {
    const source = faulty();
    const get = appWith(new PackStore(source));
    const feed = JSON.parse((await get("/feed.json")).body) as { items: { id: string; content_html: string }[] };
    const shown = stored.filter((a) => feed.items.some((i) => i.id === a.id));
    expect(shown.length).toBeGreaterThan(5);
    for (const article of shown) {
      const item = feed.items.find((i) => i.id === article.id)!;
      expect(item.content_html).toContain((await bodyOf(article)).slice(0, 80));
    }
    expect(source.calls).toBe(new Set(shown.map((a) => a.body.pack)).size);
  });

  it("reads again what the byte budgets let go: packs and representations, least recently used out", async () => {
    const source = faulty();
    // A budget smaller than one pack holds no pack; one smaller than a page holds no page.
    const store = new PackStore(source, { budgetBytes: 16 });
    const get = appWith(store, { heldBudgetBytes: 1024 });
    for (let i = 1; i <= 3; i++) {
      expect((await get(`/articles/${first!.slug}`)).status).toBe(200);
      expect(source.calls).toBe(i);
    }
    expect(store.size).toBe(0);
  });

  it("keeps the most recently used packs within the budget", async () => {
    const source = faulty();
    const sizes = await Promise.all(
      packs.map(async (name) => (await (await assets.fetch(new Request(`https://assets.invalid/packs/${name}`))).text()).length * 2),
    );
    // Room for the second and the third pack, not for the first as well.
    const store = new PackStore(source, { budgetBytes: sizes[1]! + sizes[2]! });
    const get = appWith(store, { heldBudgetBytes: 1024 });
    const [a, b, c] = packs.map((name) => byPack.get(name)![0]!);
    for (const article of [a, b, c]) await get(`/articles/${article!.slug}`);
    expect(store.size).toBeLessThanOrEqual(store.budgetBytes);
    expect([a, b, c].map((x) => store.holds(x!.body.pack))).toEqual([false, true, true]);
    expect(store.size).toBe(sizes[1]! + sizes[2]!);
  });

  it("shares one read among concurrent first requests", async () => {
    const source = faulty();
    const get = appWith(new PackStore(source));
    const pages = await Promise.all([first, sibling, first, sibling].map((a) => get(`/articles/${a!.slug}`)));
    expect(pages.map((p) => p.status)).toEqual([200, 200, 200, 200]);
    expect(source.calls).toBe(1);
  });
});

describe("storage faults", () => {
  const faults: Mode[] = ["throw", "hang", "404", "500", "corrupt", "truncated", "not-utf8"];

  it.each(faults)("%s: 503 with Retry-After, stored by no cache, no wrong body; the next request recovers", async (mode) => {
    const source = faulty();
    source.mode = mode;
    const puts: string[] = [];
    const cache: CacheLike = { match: async () => undefined, put: async (request) => void puts.push(String(request)) };
    const get = appWith(new PackStore(source, { timeoutMs: 50 }), { cache });
    for (const path of [`/articles/${first!.slug}`, "/atom.xml"]) {
      const failed = await get(path);
      expect(failed.status, path).toBe(503);
      expect(failed.headers.get("Retry-After")).toBe(String(STORAGE_RETRY_AFTER_SECONDS));
      expect(failed.headers.get("Cache-Control")).toBe("no-store");
      expect(failed.headers.get("CDN-Cache-Control")).toBeNull();
      expect(failed.headers.get("ETag")).toBeNull();
      expect(failed.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
      expect(failed.body).toBe("Service unavailable: please try again shortly.\n");
      const head = await get(path, { method: "HEAD" });
      expect(head.status).toBe(503);
      expect(head.body).toBe("");
    }
    expect(puts).toEqual([]);
    source.mode = "ok";
    const page = await get(`/articles/${first!.slug}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain(await bodyOf(first!));
  });

  it("an isolate serves what it holds: pages and packs already read survive a failing storage", async () => {
    const source = faulty();
    const get = appWith(new PackStore(source, { timeoutMs: 50 }));
    const page = await get(`/articles/${first!.slug}`);
    source.mode = "throw";
    expect(await get(`/articles/${first!.slug}`)).toEqual(page);
    expect((await get(`/articles/${sibling!.slug}`)).status).toBe(200); // same pack, held
    expect((await get(`/articles/${other.slug}`)).status).toBe(503); // another pack
    // Documents that need no body do not touch storage at all.
    for (const path of ["/", "/sitemap.xml", "/robots.txt", `/articles/${SCHEDULED.slug}`])
      expect((await get(path)).status, path).not.toBe(503);
  });

  it("a 503 never turns into a 500, and the other documents are not affected", async () => {
    const source = faulty();
    source.mode = "throw";
    const get = appWith(new PackStore(source));
    expect((await get("/sections/science")).status).toBe(200);
    expect((await get("/tags/space")).status).toBe(200);
    expect((await get("/rss.xml")).status).toBe(503);
    expect((await get("/no-such-page")).status).toBe(404);
  });
});

describe("no pack is reachable from outside", () => {
  const real = content.articles.find((a): a is StoredArticle => "body" in a)!;

  it.each([`/packs/${real.body.pack}`, `/packs/${real.body.pack.replace(/\.txt$/, "")}`, "/packs/", `/${real.body.pack}`])(
    "%s is a 404 of the Worker, not the asset",
    async (path) => {
      const response = await exports.default.fetch(new Request(`https://worker.test${path}`));
      expect(response.status).toBe(404);
      expect(response.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
      const body = await response.text();
      expect(body).toContain("<!doctype html>");
      expect(body).not.toContain((await bodyOf(real)).slice(0, 60));
    },
  );

  it("the real entry reads the seed's body from its pack", async () => {
    const response = await exports.default.fetch(new Request(`https://worker.test/articles/${real.slug}`));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain((await bodyOf(real)).slice(0, real.ledeEnd));
  });
});
