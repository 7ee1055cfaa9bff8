// The newsroom served with its settled archive in static assets (src/core/settled.ts, written by
// src/content-build/settle.ts), in workerd through the real ASSETS binding: the first read,
// what the isolate then holds, eviction under the byte budgets, and faults injected between
// the app and the binding — none may give a wrong body or a cacheable error.
import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app/create-app.js";
import { STORAGE_RETRY_AFTER_SECONDS } from "../../src/app/fixed-responses.js";
import { type Partner, partnersFromSecret } from "../../src/app/partner-feed.js";
import { sha256Base64Url } from "../../src/core/hashing.js";
import { slugify } from "../../src/core/ids.js";
import type { Article, Site } from "../../src/core/model.js";
import { pagesSite, RECORDS_PER_PACK, settledFiles } from "../../src/core/settled.js";
import { contentArticles, newsroomArticles } from "../../src/generated/all-articles.js";
import { content } from "../../src/generated/content.js";
import { content as newsroom } from "../../src/generated/newsroom.js";
import type { CacheLike } from "../../src/http/edge-cache.js";
import { ArchiveStore, type AssetFetcher } from "../../src/storage/archive-store.js";
import { type AssetFault, faultyAssets } from "../helpers/faulty-assets.js";
import { testFediverseKeys } from "../helpers/fediverse.js";
import { NOW, newsroomSite, SCHEDULED } from "../helpers/newsroom.js";
import { PARTNERS } from "../helpers/partners.js";
import { fetcher } from "../helpers/workerd-fetch.js";

const BASE = "https://news.example";
const assets = env.ASSETS!;
const index = newsroom.settled!;
/** The settled articles, oldest first: an article's index is its position. */
const settled = newsroomArticles.filter((a) => !newsroom.articles.some((m) => m.slug === a.slug)).reverse();
const packOf = (a: Article) => Math.floor(settled.indexOf(a) / RECORDS_PER_PACK);
const packPath = (pack: number) => `${index.folder}/${settledFiles.records(pack)}`;
/** Two live articles sharing a pack, and one in another pack. */
const [first, sibling] = settled.filter((a) => packOf(a) === 0 && !a.withdrawn);
const other = settled.find((a) => packOf(a) === 1 && !a.withdrawn)!;
/** A tag only settled articles have: its counts and heads are in a facet bucket, not the script. */
const settledTag = `/tags/${slugify(settled.flatMap((a) => a.tags).find((t) => !newsroom.articles.some((m) => m.tags.includes(t)))!)}`;

/** The real binding, with a fault switched on or off between the app and it. */
const faulty = () => faultyAssets(assets);

/** A body as its record holds it, read from the binding directly. */
async function bodyOf(article: Article, folder = index.folder, list = settled): Promise<string> {
  const pos = list.indexOf(article);
  const text = await (
    await assets.fetch(new Request(`https://assets.invalid/${folder}/${settledFiles.records(Math.floor(pos / 8))}`))
  ).text();
  return (JSON.parse(text.split("\n")[2 + (pos % RECORDS_PER_PACK)]!) as Article).bodyHtml;
}

/** The page shows the stored body (around the lead image, which goes after the lede; root-relative URLs made absolute). */
async function expectBodyOn(page: string, article: Article, folder = index.folder, list = settled): Promise<void> {
  const body = (await bodyOf(article, folder, list)).replaceAll(' href="/', ` href="${BASE}/`);
  for (const part of [body.slice(0, article.ledeEnd), body.slice(article.ledeEnd)]) expect(page).toContain(part.trim());
}

function appWith(store: ArchiveStore, extra: { cache?: CacheLike; heldBudgetBytes?: number; partners?: Partner[] } = {}) {
  const app = createApp({ content: newsroom, site: newsroomSite(), clock: () => NOW, store, ...extra });
  return fetcher(app, BASE);
}

describe("the settled archive from static assets", () => {
  it("reads a slug bucket and a pack on the first request for a page, and neither again for the page or its pack's other articles", async () => {
    const source = faulty();
    const store = new ArchiveStore(source);
    const get = appWith(store);
    const page = await get(`/articles/${first!.slug}`);
    expect(page.status).toBe(200);
    await expectBodyOn(page.body, first!);
    expect(source.calls).toBe(2);
    expect((await get(`/articles/${first!.slug}`)).status).toBe(200);
    await expectBodyOn((await get(`/articles/${sibling!.slug}`)).body, sibling!);
    expect(source.calls).toBe(2);
    expect(store.holds(packPath(0))).toBe(true);
    // A slug the archive does not have: its bucket says so (already held), a 404.
    expect((await get("/articles/no-such-story")).status).toBe(404);
    expect(source.calls).toBe(2);
  });

  it("renders a feed from the records of its items: every settled body in full", async () => {
    const source = faulty();
    const get = appWith(new ArchiveStore(source));
    const feed = JSON.parse((await get("/feed.json")).body) as { items: { id: string; content_html: string }[] };
    const shown = settled.filter((a) => !a.withdrawn && feed.items.some((i) => i.id === a.id));
    expect(shown.length).toBeGreaterThan(5);
    for (const article of shown) {
      const item = feed.items.find((i) => i.id === article.id)!;
      expect(item.content_html).toContain((await bodyOf(article)).slice(0, Math.min(80, article.ledeEnd || 80)));
    }
    expect(source.calls).toBe(new Set(shown.map(packOf)).size);
  });

  it("reads again what the byte budgets let go: files and representations", async () => {
    const source = faulty();
    // A budget smaller than one file holds none; one smaller than a page holds no page.
    const store = new ArchiveStore(source, { budgetBytes: 16, slugBudgetBytes: 16 });
    const get = appWith(store, { heldBudgetBytes: 1024 });
    for (let i = 1; i <= 3; i++) {
      expect((await get(`/articles/${first!.slug}`)).status).toBe(200);
      expect(source.calls).toBe(2 * i);
    }
    expect(store.size).toBe(0);
  });

  it("counts a file once when a read that timed out finishes after a newer read of it was kept", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let calls = 0;
    const late: AssetFetcher = {
      async fetch(request: Request) {
        calls++;
        if (calls === 1) await gate; // the first read outlives its timeout
        return assets.fetch(request);
      },
    };
    const store = new ArchiveStore(late, { timeoutMs: 50 });
    await expect(store.position(index, first!.slug)).rejects.toThrow(/no answer within 50 ms/);
    expect(await store.position(index, first!.slug)).toBe(settled.indexOf(first!));
    const once = store.size;
    expect(once).toBeGreaterThan(0);
    release();
    // The late read is checked and kept in its turn: in the place of the newer one, not beside it.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(store.size).toBe(once);
  });

  it("keeps the files in use within the budget: the oldest one not read again goes first", async () => {
    const source = faulty();
    const paths = [0, 1, 2].map(packPath);
    // What each costs the budget: a pack its bytes (held as they are), a slug bucket its text (parsed).
    const fileBytes = async (path: string) =>
      (await (await assets.fetch(new Request(`https://assets.invalid/${path}`))).arrayBuffer()).byteLength;
    const sizes = await Promise.all(paths.map(fileBytes));
    // Room for the slug bucket (read for every page) and any two of the packs, not for three.
    const bucket = ((await fileBytes(`${index.folder}/${settledFiles.slugs(0)}`)) - 44) * 2;
    expect(sizes[0]! + sizes[1]! + sizes[2]!).toBeGreaterThan(2 * Math.max(...sizes));
    const store = new ArchiveStore(source, { budgetBytes: bucket + 2 * Math.max(...sizes) });
    const get = appWith(store, { heldBudgetBytes: 1024 });
    const [a, b, c] = [0, 1, 2].map((pack) => settled.find((x) => packOf(x) === pack && !x.withdrawn)!);
    for (const article of [a, b, c]) await get(`/articles/${article!.slug}`);
    expect(store.size).toBeLessThanOrEqual(store.budgetBytes);
    expect(paths.map((path) => store.holds(path))).toEqual([false, true, true]);
    // The second pack read again (another of its articles) outlasts the third, which was not.
    const again = settled.find((x) => packOf(x) === 1 && !x.withdrawn && x !== b)!;
    const calls = source.calls;
    await get(`/articles/${again.slug}`);
    expect(source.calls).toBe(calls);
    await get(`/articles/${a!.slug}`);
    expect(paths.map((path) => store.holds(path))).toEqual([true, true, false]);
  });

  it("reads a settled tag's bucket once for its page and feeds, shared by concurrent requests; a tag no bucket has is a 404", async () => {
    const source = faulty();
    const get = appWith(new ArchiveStore(source));
    const paths = [settledTag, `${settledTag}/feed.json`, `${settledTag}/rss.xml`, `${settledTag}/atom.xml`];
    const answers = await Promise.all(paths.map((path) => get(path)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    const feed = JSON.parse(answers[1]!.body) as { items: { url: string }[] };
    expect(feed.items.length).toBeGreaterThan(0);
    const calls = source.calls;
    // Again, and a made-up tag: nothing read twice, and what no bucket has is not found.
    expect((await get(`${settledTag}/feed.json`)).body).toBe(answers[1]!.body);
    expect((await get("/tags/no-such-tag")).status).toBe(404);
    expect((await get(`${settledTag}/no-such-feed.xml`)).status).toBe(404);
    expect(source.calls - calls).toBeLessThanOrEqual(1); // at most the made-up tag's own bucket
  });

  it("serves the front page with nothing read: the index carries what it shows of the settled articles", async () => {
    const source = faulty();
    source.mode = "throw";
    const get = appWith(new ArchiveStore(source));
    const home = await get("/");
    expect(home.status).toBe(200);
    expect(source.calls).toBe(0);
    // It lists settled articles (the bundle has fewer than FEED_SIZE); that it is byte for byte the
    // page of the whole bundle is tests/worker/settled.test.ts.
    expect(settled.filter((a) => home.body.includes(`href="/articles/${a.slug}"`)).length).toBeGreaterThan(3);
  });

  it("shares one read among concurrent first requests", async () => {
    const source = faulty();
    const get = appWith(new ArchiveStore(source));
    const pages = await Promise.all([first, sibling, first, sibling].map((a) => get(`/articles/${a!.slug}`)));
    expect(pages.map((p) => p.status)).toEqual([200, 200, 200, 200]);
    expect(source.calls).toBe(2);
  });
});

describe("storage faults", () => {
  const faults: AssetFault[] = ["throw", "hang", "404", "500", "corrupt", "truncated", "not-utf8"];

  it.each(faults)("%s: 503 with Retry-After, stored by no cache, no wrong body; the next request recovers", async (mode) => {
    const source = faulty();
    source.mode = mode;
    const puts: string[] = [];
    const cache: CacheLike = { match: async () => undefined, put: async (request) => void puts.push(String(request)) };
    const get = appWith(new ArchiveStore(source, { timeoutMs: 50 }), { cache });
    // A settled tag's page and feed need its bucket (`f/<b>`), the sitemap the facets' list (`f/all`).
    for (const path of [`/articles/${first!.slug}`, "/atom.xml", settledTag, `${settledTag}/feed.json`, "/sitemap.xml"]) {
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
    await expectBodyOn(page.body, first!);
    for (const path of [settledTag, `${settledTag}/feed.json`, "/sitemap.xml"]) expect((await get(path)).status, path).toBe(200);
  });

  it("a pack is checked record by record: a damaged record is a 503 for its page alone, its pack's other records serve", async () => {
    const damaged: AssetFetcher = {
      async fetch(request) {
        const response = await assets.fetch(request);
        if (!request.url.endsWith(`/${packPath(0)}`)) return response;
        const bytes = new Uint8Array(await response.arrayBuffer());
        // Flip one letter's case inside the first article's record (found through the table).
        const tableEnd = bytes.indexOf(0x0a, 44);
        const table = JSON.parse(new TextDecoder().decode(bytes.subarray(44, tableEnd))) as [number, string][];
        const i = settled.indexOf(first!) % RECORDS_PER_PACK;
        const start = tableEnd + 1 + table.slice(0, i).reduce((n, [length]) => n + length + 1, 0);
        const at = bytes.indexOf(0x65 /* e */, start + table[i]![0] / 2);
        bytes[at]! ^= 0x20;
        return new Response(bytes);
      },
    };
    const get = appWith(new ArchiveStore(damaged));
    expect((await get(`/articles/${first!.slug}`)).status).toBe(503);
    const page = await get(`/articles/${sibling!.slug}`);
    expect(page.status).toBe(200);
    await expectBodyOn(page.body, sibling!);
    // Still a 503 for the damaged one, though its pack is held now.
    expect((await get(`/articles/${first!.slug}`)).status).toBe(503);
  });

  it("an isolate serves what it holds: pages and files already read survive a failing storage", async () => {
    const source = faulty();
    const get = appWith(new ArchiveStore(source, { timeoutMs: 50 }));
    const page = await get(`/articles/${first!.slug}`);
    source.mode = "throw";
    expect(await get(`/articles/${first!.slug}`)).toEqual(page);
    expect((await get(`/articles/${sibling!.slug}`)).status).toBe(200); // same pack, held
    expect((await get(`/articles/${other.slug}`)).status).toBe(503); // another pack
    // Documents that show no settled article do not touch storage at all.
    for (const path of ["/robots.txt", "/sitemap-news.xml", "/site.css"]) expect((await get(path)).status, path).toBe(200);
    expect((await get(`/articles/${SCHEDULED.slug}`)).status).toBe(404); // not yet: known from the bundle alone
  });

  it("a 503 never turns into a 500, and documents that need no stored file are not affected", async () => {
    const source = faulty();
    source.mode = "throw";
    const get = appWith(new ArchiveStore(source));
    expect((await get("/rss.xml")).status).toBe(503);
    expect((await get("/sections/science")).status).toBe(503);
    expect((await get("/articles/no-such-story")).status).toBe(503); // its bucket cannot say
    expect((await get("/tags/no-such-tag")).status).toBe(503); // nor can a facet bucket
    expect((await get("/no-such-page")).status).toBe(404);
    expect((await get("/robots.txt")).status).toBe(200);
    expect(source.calls).toBeGreaterThan(0);
  });

  it("the partner feed, answered before routing, is a 503 too when the public feed it extends cannot be read", async () => {
    const source = faulty();
    source.mode = "throw";
    const get = appWith(new ArchiveStore(source), { partners: partnersFromSecret(env.PARTNER_KEYS) });
    const auth = { headers: { Authorization: `Bearer ${PARTNERS.bugle.token}` } };
    for (const method of ["GET", "HEAD"]) {
      const failed = await get("/partners/feed.json", { ...auth, method });
      expect(failed.status, method).toBe(503);
      expect(failed.headers.get("Retry-After")).toBe(String(STORAGE_RETRY_AFTER_SECONDS));
      expect(failed.headers.get("Cache-Control")).toBe("no-store");
    }
    // Refused before anything is read: no token is still a 401.
    expect((await get("/partners/feed.json")).status).toBe(401);
    source.mode = "ok";
    const recovered = await get("/partners/feed.json", auth);
    expect(recovered.status).toBe(200);
    expect(recovered.headers.get("Content-Type")).toContain("application/feed+json");
  });
});

describe("the pages the build stored beside the records", () => {
  // The build rendered them for the site of wrangler.toml's [vars]; the tests above run another site, so they render from the records.
  const site = JSON.parse(index.pages!) as Site;
  const live = settled.filter((a) => !a.withdrawn);
  const { pages: _, ...withoutPages } = index;
  /** The app with the build's site, from the stored pages, and the same app told of none, rendering from the records. */
  const apps = (fediverse: boolean, pagesSource: AssetFetcher = assets, recordsSource: AssetFetcher = assets) => {
    const inputs = { site, clock: () => NOW, ...(fediverse && { fediverse: testFediverseKeys() }) };
    return {
      fromPages: fetcher(createApp({ content: newsroom, store: new ArchiveStore(pagesSource), ...inputs }), site.baseUrl),
      fromRecords: fetcher(
        createApp({ content: { ...newsroom, settled: withoutPages }, store: new ArchiveStore(recordsSource), ...inputs }),
        site.baseUrl,
      ),
    };
  };
  /** The binding with one letter's case flipped in each record (`"records"`) or each page (`"pages"`) of every pack. */
  const damaging = (part: "records" | "pages"): AssetFetcher => ({
    async fetch(request) {
      const response = await assets.fetch(request);
      if (!request.url.includes(`/${index.folder}/r/`)) return response;
      const bytes = new Uint8Array(await response.arrayBuffer());
      const tableEnd = bytes.indexOf(0x0a, 44);
      const table = JSON.parse(new TextDecoder().decode(bytes.subarray(44, tableEnd))) as [
        number,
        string,
        [number, string, number, number]?,
      ][];
      let at = tableEnd + 1;
      const spans: [number, number][] = [];
      for (const [length] of table) {
        if (part === "records") spans.push([at, length]);
        at += length + 1;
      }
      for (const [, , page] of table) {
        if (page === undefined) continue;
        if (part === "pages") spans.push([at, page[0]], [at + page[0], page[3]]);
        at += page[0] + page[3];
      }
      for (const [start, length] of spans) {
        const letter = bytes.findIndex((b, i) => i >= start + (length >> 1) && b >= 0x61 && b <= 0x7a);
        bytes[letter]! ^= 0x20;
      }
      return new Response(bytes);
    },
  });

  it("are for the build's site, and a pack has a page for each live record", () => {
    expect(pagesSite(site)).toBe(index.pages);
    expect(live.length).toBeGreaterThan(8);
  });

  it.each([false, true])(
    "fediverse %s: every live settled page is the page its record renders, byte for byte, with the same headers",
    async (fediverse) => {
      const { fromPages, fromRecords } = apps(fediverse);
      for (const a of live) {
        const path = `/articles/${a.slug}`;
        const [stored, rendered] = await Promise.all([fromPages(path), fromRecords(path)]);
        expect(stored.status, path).toBe(200);
        expect(stored.body, path).toBe(rendered.body);
        expect(
          [...stored.headers].filter(([name]) => name !== "date"),
          path,
        ).toEqual([...rendered.headers].filter(([name]) => name !== "date"));
        expect(stored.body.includes('type="application/activity+json"'), path).toBe(fediverse);
      }
    },
  );

  it("a page is served from its own bytes: damaged records leave it whole, a damaged page is a 503, never a render in its place", async () => {
    for (const fediverse of [false, true]) {
      const records = apps(fediverse, damaging("records"), damaging("records"));
      const pages = apps(fediverse, damaging("pages"), damaging("pages"));
      const intact = apps(fediverse);
      const a = live[0]!;
      const path = `/articles/${a.slug}`;
      const expected = await intact.fromRecords(path);
      expect((await records.fromPages(path)).body).toBe(expected.body);
      expect((await records.fromRecords(path)).status).toBe(503);
      expect((await pages.fromPages(path)).status).toBe(503);
      expect((await pages.fromRecords(path)).body).toBe(expected.body);
    }
  });

  it("a slug bucket that gives a slug another article's position is a 503, never that article's page", async () => {
    const [target, elsewhere] = [live[0]!, live[9]!];
    const swapped: AssetFetcher = {
      async fetch(request) {
        const response = await assets.fetch(request);
        if (!request.url.includes(`/${index.folder}/s/`)) return response;
        const bytes = new Uint8Array(await response.arrayBuffer());
        const slugs = JSON.parse(new TextDecoder().decode(bytes.subarray(44))) as Record<string, number>;
        if (!Object.hasOwn(slugs, target.slug)) return new Response(bytes);
        slugs[target.slug] = settled.indexOf(elsewhere);
        // Framed again, as the build would: the bucket passes its own check.
        const body = new TextEncoder().encode(JSON.stringify(slugs));
        return new Response(new TextEncoder().encode(`${await sha256Base64Url(body)}\n${new TextDecoder().decode(body)}`));
      },
    };
    for (const fediverse of [false, true]) {
      const { fromPages, fromRecords } = apps(fediverse, swapped, swapped);
      expect((await fromPages(`/articles/${target.slug}`)).status).toBe(503);
      expect((await fromRecords(`/articles/${target.slug}`)).status).toBe(503);
    }
  });

  it("a withdrawn settled article has no page stored: its tombstone is rendered from its record", async () => {
    const gone = settled.find((a) => a.withdrawn)!;
    const { fromPages, fromRecords } = apps(false);
    const [stored, rendered] = await Promise.all([fromPages(`/articles/${gone.slug}`), fromRecords(`/articles/${gone.slug}`)]);
    expect(stored.status).toBe(410);
    expect(stored.body).toBe(rendered.body);
  });
});

describe("no settled file is reachable from outside", () => {
  const real = contentArticles[0]!;
  const folder = content.settled!.folder;
  const files = [settledFiles.records(0), settledFiles.slugs(0), settledFiles.sitemap(0)].map((f) => `/${folder}/${f}`);

  it.each([...files, `/${folder}/`, `/${folder}`, "/r/0", "/packs/"])("%s is a 404 of the Worker, not the asset", async (path) => {
    const response = await exports.default.fetch(new Request(`https://worker.test${path}`));
    expect(response.status).toBe(404);
    expect(response.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
    const body = await response.text();
    expect(body).toContain("<!doctype html>");
    expect(body).not.toContain(real.bodyHtml.slice(0, 60));
  });

  it("the real entry reads the seed's page from its record", async () => {
    expect(content.articles).toEqual([]);
    const response = await exports.default.fetch(new Request(`https://worker.test/articles/${real.slug}`));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain((await bodyOf(real, folder, [real])).slice(0, real.ledeEnd));
  });
});
