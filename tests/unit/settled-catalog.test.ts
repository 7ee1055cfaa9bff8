// The catalog over a settled archive (src/core/settled.ts) is the catalog over the whole
// archive: for newsrooms shaped to reach every branch of the merge (nothing moving, old
// withdrawals, a withdrawal still to come, an update typed in the future, facets only old,
// only new or both, sitemaps past one file), every document has the same paths, status,
// headers' inputs, Last-Modified, next change and bytes, at instants around every change.
// The archive is read from the files `settle` wrote, in memory (the workerd tier reads the
// real ones through the ASSETS binding: tests/worker/settled.test.ts).
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app/create-app.js";
import { type Settled, settle } from "../../src/content-build/settle.js";
import { ConfigError } from "../../src/core/config.js";
import type { Article } from "../../src/core/model.js";
import { FRAME_HEADER, RECORDS_PER_PACK, settledFiles, slugBucket } from "../../src/core/settled.js";
import { type Catalog, type Document, makeCatalog, renderDocument, type SettledArchive } from "../../src/publishing/catalog.js";
import { NEWS_WINDOW_MS, Timeline } from "../../src/publishing/timeline.js";
import { ArchiveStore } from "../../src/storage/archive-store.js";
import { makeArticle, makeSite } from "../helpers/fixtures.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The build's cut-off in every case. */
const AT = Date.UTC(2026, 10, 20, 12, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();
const TAGS = ["Alpha", "Beta", "Gamma", "Delta"];
/** The fediverse on: the sections' and authors' actors are compared too. */
const FEDIVERSE = { publicKeyPem: "-----BEGIN PUBLIC KEY-----\nTEST\n-----END PUBLIC KEY-----\n" };

/** An article published `ago` before the cut-off (negative: scheduled after it). */
function story(i: number, ago: number, extra: Partial<Article> = {}): Article {
  const published = iso(AT - ago);
  return makeArticle({
    slug: `story-${i}`,
    id: `urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    title: `Story ${i}`,
    summary: `Summary ${i}.`,
    published,
    updated: published,
    section: i % 3 === 0 ? "World" : "Science",
    tags: [TAGS[i % 4]!, ...(i % 5 === 0 ? ["Rare"] : [])],
    authors: [{ name: i % 2 === 0 ? "Ada Reporter" : "Bo Writer" }],
    bodyHtml: `<p>Body of story ${i}.</p>\n`,
    ledeEnd: 0,
    ...extra,
  });
}

/** Newest first, as the build sorts them. */
const newestFirst = (list: Article[]) => list.sort((a, b) => Date.parse(b.published) - Date.parse(a.published) || (a.id < b.id ? -1 : 1));

/** The settled archive as the catalog reads it, from the files `settle` made. */
function archiveOf(settled: Settled): SettledArchive {
  const files = new Map(settled.files.map((f) => [f.path, new TextDecoder().decode(f.bytes.subarray(FRAME_HEADER))]));
  const read = (path: string) => {
    const text = files.get(path);
    if (text === undefined) throw new Error(`no file ${path}`);
    return text;
  };
  const { index } = settled;
  return {
    index,
    record: async (pos) =>
      JSON.parse(read(settledFiles.records(Math.floor(pos / RECORDS_PER_PACK))).split("\n")[1 + (pos % RECORDS_PER_PACK)]!),
    // These packs have no pages (settled without a site).
    page: async () => undefined,
    position: async (slug) => (JSON.parse(read(settledFiles.slugs(slugBucket(slug, index.buckets)))) as Record<string, number>)[slug],
    sitemapChunk: async (chunk) => JSON.parse(read(settledFiles.sitemap(chunk))),
    facet: async (key) =>
      index.facetBuckets === 0 ? undefined : JSON.parse(read(settledFiles.facets(slugBucket(key, index.facetBuckets))))[key],
    facetList: async () => (index.facetBuckets === 0 ? [] : JSON.parse(read(settledFiles.facetList))),
  };
}

/** What a client can tell of a document: everything but its version (an internal key). */
async function observed(doc: Document | undefined) {
  if (doc === undefined) return undefined;
  const { body, lastModified } = await renderDocument(doc);
  const { version: _version, render: _render, lastModified: _known, ...rest } = doc;
  return { ...rest, lastModified, body: typeof body === "string" ? body : [...body].join(",") };
}

async function compare(articles: Article[], instants: number[], feedSizes: number[], onlyPaths?: (path: string) => boolean) {
  const settled = settle(articles, AT, Math.max(...feedSizes), "archive-test");
  const archive = archiveOf(settled);
  const whole = new Timeline(articles);
  const moving = new Timeline(settled.moving);
  let compared = 0;
  let lazyPages = 0;
  for (const feedSize of feedSizes) {
    const site = makeSite({ feedSize });
    for (const now of instants) {
      const full: Catalog = makeCatalog(site, whole, whole.viewAt(now), [], undefined, FEDIVERSE);
      const split: Catalog = makeCatalog(site, moving, moving.viewAt(now), [], archive, FEDIVERSE);
      const at = `FEED_SIZE ${feedSize} at ${iso(now)}`;
      // The same paths: the archive pages made only of settled articles are made when asked for,
      // and the settled tags' and authors' documents (and the sitemap) once the store is read.
      const lazy: string[] = [];
      for (const path of full.documents.keys()) if ((await split.documents.lookup(path)) === undefined) lazy.push(path);
      expect(
        lazy.filter((path) => split.archivePage(path) === undefined || !/^\/archive\/|^\/actors\/[^/]+\/outbox\/page\//.test(path)),
        at,
      ).toEqual([]);
      expect(
        [...split.documents.keys()].filter((path) => !full.documents.has(path)),
        at,
      ).toEqual([]);
      for (const path of [
        "/archive/0/feed.json",
        "/archive/01/feed.json",
        "/archive/1/index.html",
        `/archive/${articles.length + 1}/rss.xml`,
      ])
        expect(split.archivePage(path), path).toBeUndefined();
      // Keys shaped like a facet's or an actor's that no facet has: nothing, read or not.
      for (const path of [
        "/tags/no-such-tag",
        "/tags/alpha/nothing.xml",
        "/authors/nobody/feed.json",
        "/actors/nobody",
        "webfinger:nobody",
      ])
        expect(await split.documents.lookup(path), path).toBeUndefined();
      for (const [path, doc] of full.documents) {
        if (onlyPaths && !onlyPaths(path)) continue;
        expect(await observed((await split.documents.lookup(path)) ?? split.archivePage(path)), `${path}, ${at}`).toEqual(
          await observed(doc),
        );
        compared++;
      }
      lazyPages += lazy.length;
      for (const slug of [...articles.map((a) => a.slug), "no-such-story"]) {
        expect(await observed(await split.article(slug)), `/articles/${slug}, ${at}`).toEqual(await observed(await full.article(slug)));
        compared++;
      }
    }
  }
  return { settled, compared, lazyPages };
}

/** Each instant a change happens, a second before and after, and much later. */
function around(articles: Article[]): number[] {
  const times = new Set([AT, AT + 365 * DAY]);
  for (const a of articles) {
    for (const t of [
      Date.parse(a.published),
      Date.parse(a.published) + NEWS_WINDOW_MS,
      a.withdrawn ? Date.parse(a.withdrawn.at) : Number.NaN,
    ]) {
      if (!(t >= AT)) continue;
      for (const d of [-1000, 0, 1000]) if (t + d >= AT) times.add(t + d);
    }
  }
  return [...times].sort((a, b) => a - b);
}

describe("the catalog over a settled archive", () => {
  it("is the whole archive's when nothing is moving (the newest archive page is settled too)", async () => {
    const articles = newestFirst(Array.from({ length: 40 }, (_, i) => story(i, 3 * DAY + i * HOUR)));
    const { settled, compared, lazyPages } = await compare(articles, [AT, AT + 30 * DAY], [3, 5, 10, 19, 20, 50]);
    expect(settled.moving).toEqual([]);
    expect(compared).toBeGreaterThan(500);
    expect(lazyPages).toBeGreaterThan(50);
  });

  it("is the whole archive's with old withdrawals, news-window and scheduled articles, a future update and facets old, new or both", async () => {
    const articles = newestFirst([
      ...Array.from({ length: 45 }, (_, i) =>
        story(i, 3 * DAY + i * 5 * HOUR, i % 7 === 3 ? { withdrawn: { at: iso(AT - 3 * DAY + i * 60_000), reason: "Error." } } : {}),
      ),
      // In the news window, one withdrawn already; scheduled publications, one into a new tag.
      story(100, 20 * HOUR),
      story(101, 2 * HOUR, { withdrawn: { at: iso(AT - HOUR), reason: "Legal." } }),
      story(102, -3 * HOUR),
      story(103, -30 * HOUR, { tags: ["Brand new"] }),
      // A withdrawal still to come for a recent story, and an update typed in the future.
      story(104, 40 * HOUR, { withdrawn: { at: iso(AT + 5 * HOUR), reason: "Court order." } }),
      story(105, 30 * HOUR, { updated: iso(AT + 10 * HOUR) }),
    ]);
    const { settled, compared } = await compare(articles, around(articles), [3, 7, 10, 50]);
    expect(settled.index.count).toBe(45);
    expect(settled.index.gone).toBeGreaterThan(3);
    expect(compared).toBeGreaterThan(2000);
  });

  it("is the whole archive's when an old article's withdrawal is still to come: everything after it stays moving", async () => {
    const articles = newestFirst(
      Array.from({ length: 30 }, (_, i) => {
        if (i === 20) return story(i, 3 * DAY + i * HOUR, { withdrawn: { at: iso(AT + DAY), reason: "Expired rights." } });
        // Withdrawn at the same instant, one settled and one not: the newer stays first, as in the whole archive.
        if (i === 25 || i === 10) return story(i, 3 * DAY + i * HOUR, { withdrawn: { at: iso(AT - 3 * DAY - HOUR), reason: "Error." } });
        return story(i, 3 * DAY + i * HOUR);
      }),
    );
    const { settled } = await compare(articles, around(articles), [4, 10]);
    expect(settled.index.count).toBe(9);
  });

  it("splits the sitemap as the whole archive does past one file, the settled chunks first", async () => {
    const articles = newestFirst([
      ...Array.from({ length: 5_010 }, (_, i) => story(i, 3 * DAY + i * HOUR, { tags: [], section: "World" })),
      // More in the bundle than the settled chunks leave room for in their last file.
      ...Array.from({ length: 15 }, (_, k) => story(9000 + k, (k + 1) * HOUR)),
      story(9100, -HOUR),
    ]);
    const { settled, compared } = await compare(articles, [AT, AT + 2 * HOUR, AT + 3 * DAY], [10], (path) => path.includes("sitemap"));
    expect(settled.index.sitemap.map((c) => c.count)).toEqual([5_000, 10]);
    expect(compared).toBeGreaterThan(3 * 5);
  }, 60_000);

  it("refuses a FEED_SIZE larger than the heads the build kept, naming the option", () => {
    const settled = settle(newestFirst(Array.from({ length: 30 }, (_, i) => story(i, 3 * DAY + i * HOUR))), AT, 10, "archive-test");
    const content = { version: "v", files: [], articles: settled.moving, settled: settled.index };
    const store = new ArchiveStore({ fetch: () => Promise.reject(new Error("not read")) });
    expect(() => createApp({ content, site: makeSite({ feedSize: 11 }), store })).toThrow(
      new ConfigError("FEED_SIZE: 11 is more than this content build serves (10): build it again with --max-feed-size 11"),
    );
    expect(() => createApp({ content, site: makeSite({ feedSize: 10 }), store })).not.toThrow();
    expect(() => createApp({ content, site: makeSite({ feedSize: 10 }) })).toThrow(/given no store/);
  });
});
