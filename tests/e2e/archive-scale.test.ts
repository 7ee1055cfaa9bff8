// The archive at scale, as a deploy makes it: a few thousand synthetic articles built,
// settled into static assets (src/core/settled.ts), the real Worker entry bundled by wrangler and
// served by Miniflare with those assets behind the ASSETS binding. The whole RFC 5005
// chain from /atom.xml, and the JSON Feed's next_url chain from /feed.json, must reach every
// published article exactly once; every article page must answer from its record; nothing
// scheduled may be in any stored file or reachable before its time. (Issue #12's fresh
// clone with 20,000 articles is the same walk by hand; this is its CI-sized proof.)
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import type { Element } from "@xmldom/xmldom";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assetsAsDeployed, buildService, COMPATIBILITY_DATE } from "../../scripts/bench/service-worker.js";
import { writeSyntheticContent } from "../../scripts/bench/synthetic-content.js";
import { buildContent } from "../../src/content-build/build-content.js";
import { workerOutputs } from "../../src/content-build/generated-module.js";
import { buildIcons } from "../../src/content-build/icons.js";
import type { Article } from "../../src/core/model.js";
import { paths } from "../../src/core/urls.js";
import { children, childText, parseXml } from "../helpers/validators.js";

// More than one sitemap file holds (5,000 URLs), so /sitemap.xml is an index.
const ARTICLES = 5_200;
const FEED_SIZE = 50;
const BASE_URL = "https://news.example";
const ATOM = "http://www.w3.org/2005/Atom";
const SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9";
const ROOT = resolve(import.meta.dirname, "../..");
const MiB = 1024 * 1024;
/** Written into the scheduled article's body: it must be in no stored file. */
const SCHEDULED_MARKER = "Quokkas negotiated the embargoed settlement at dawn";

let dir: string;
let mf: Miniflare;
let origin: string;
let published: Article[];
let scheduled: Article;
let assetsDir: string;
let scriptPath: string;
const largest = { path: "", bytes: 0 };

async function get(path: string): Promise<Response> {
  const response = await fetch(`${origin}${path}`, { headers: { "Accept-Encoding": "identity" } });
  return response;
}

/** GETs a document that must exist; records the largest one. */
async function text(path: string): Promise<string> {
  const response = await get(path);
  const body = await response.text();
  if (response.status !== 200) throw new Error(`${path}: ${response.status} ${body.slice(0, 200)}`);
  const bytes = new TextEncoder().encode(body).byteLength;
  if (bytes > largest.bytes) Object.assign(largest, { path, bytes });
  return body;
}

const local = (href: string) => {
  expect(href.startsWith(`${BASE_URL}/`), href).toBe(true);
  return href.slice(BASE_URL.length);
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "archive-scale-"));
  const contentDir = join(dir, "content");
  writeSyntheticContent(contentDir, ARTICLES);
  // One more, scheduled far ahead: its body must stay out of every stored file.
  const template = readFileSync(join(contentDir, "story-00000.md"), "utf8");
  writeFileSync(
    join(contentDir, "story-scheduled.md"),
    template
      .replace(/^id: .*$/m, "id: urn:uuid:6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b")
      .replace(/^title: .*$/m, "title: A story scheduled for the next century")
      .replace(/^published: .*$/m, "published: 2099-01-01T00:00:00Z")
      .replace(/\n---\n\n/, `\n---\n\n${SCHEDULED_MARKER}.\n\n`),
  );
  const result = buildContent(contentDir);
  expect(result.errors).toEqual([]);
  const icons = await buildIcons(join(ROOT, "content"));
  const settledAt = Date.now();
  const outputs = workerOutputs(result.articles, icons.files, { at: settledAt, head: FEED_SIZE, folder: "archive-content" });
  const service = buildService(join(dir, "build"), outputs, {
    BASE_URL,
    FEED_SIZE: String(FEED_SIZE),
  });
  assetsDir = service.assets;
  scriptPath = service.script;
  published = result.articles.filter((a) => Date.parse(a.published) <= settledAt);
  scheduled = result.articles.find((a) => a.slug === "story-scheduled")!;
  mf = new Miniflare({
    modules: true,
    scriptPath,
    modulesRoot: dirname(scriptPath),
    compatibilityDate: COMPATIBILITY_DATE,
    unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }],
    bindings: { BASE_URL, FEED_SIZE: String(FEED_SIZE) },
    assets: assetsAsDeployed(assetsDir),
  });
  await mf.ready;
  origin = (await mf.unsafeGetDirectURL()).toString().replace(/\/$/, "");
}, 300_000);

afterAll(async () => {
  await mf?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe(`an archive of ${ARTICLES.toLocaleString("en")} articles from static assets`, () => {
  it("settles every published article into static assets, keeps the scheduled one in the script and out of every file", () => {
    expect(published).toHaveLength(ARTICLES);
    expect(scheduled).toBeDefined();
    const files = readdirSync(assetsDir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
    // Eight records a pack, oldest first; slug buckets of about 64; sitemap chunks of 5,000.
    expect(files.filter((f) => f.parentPath.endsWith("/r"))).toHaveLength(Math.ceil(ARTICLES / 8));
    expect(files.filter((f) => f.parentPath.endsWith("/s"))).toHaveLength(128);
    expect(files.filter((f) => f.parentPath.endsWith("/m"))).toHaveLength(2);
    for (const file of files) expect(readFileSync(join(file.parentPath, file.name), "utf8")).not.toContain(SCHEDULED_MARKER);
    const script = readFileSync(scriptPath, "utf8");
    expect(script).toContain(SCHEDULED_MARKER);
    // No settled article's title or body is in the script, only its index; and of the newest
    // (the heads this build keeps: FEED_SIZE), what the front page shows of them.
    for (const a of published.slice(100, 300)) expect(script.includes(a.title), a.slug).toBe(false);
    for (const a of published.slice(0, FEED_SIZE)) expect(script.includes(a.title), a.slug).toBe(true);
  });

  it("reaches every published article exactly once through the Atom archive chain from /atom.xml", async () => {
    // The live feed holds the newest FEED_SIZE; archive pages of FEED_SIZE (page 1 the
    // oldest) hold everything, so the live feed overlaps the newest page.
    const live = parseXml(await text("/atom.xml")).documentElement!;
    const liveIds = children(live, "entry", ATOM).map((entry) => childText(entry, "id", ATOM)!);
    expect(liveIds).toEqual(published.slice(0, FEED_SIZE).map((a) => a.id));
    const seen = new Map<string, string>();
    const visited: string[] = [];
    const prevOf = (feed: Element) => children(feed, "link", ATOM).find((link) => link.getAttribute("rel") === "prev-archive");
    let prev = prevOf(live);
    while (prev) {
      const path = local(prev.getAttribute("href")!);
      const feed = parseXml(await text(path)).documentElement!;
      visited.push(path);
      const entries = children(feed, "entry", ATOM);
      expect(entries, path).toHaveLength(FEED_SIZE);
      for (const entry of entries) {
        const id = childText(entry, "id", ATOM)!;
        expect(seen.has(id), `${id} twice (${seen.get(id)} and ${path})`).toBe(false);
        seen.set(id, path);
      }
      prev = prevOf(feed);
      expect(visited.length).toBeLessThanOrEqual(ARTICLES / FEED_SIZE);
    }
    expect(visited).toEqual(Array.from({ length: ARTICLES / FEED_SIZE }, (_, i) => `/archive/${ARTICLES / FEED_SIZE - i}/atom.xml`));
    expect([...seen.keys()].sort()).toEqual(published.map((a) => a.id).sort());
    expect(seen.has(scheduled.id)).toBe(false);
  });

  it("reaches every published article exactly once through the JSON Feed's next_url chain", async () => {
    type Page = { items: { id: string; content_html: string }[]; next_url?: string };
    const seen = new Set<string>();
    const live = JSON.parse(await text("/feed.json")) as Page;
    expect(live.items.map((item) => item.id)).toEqual(published.slice(0, FEED_SIZE).map((a) => a.id));
    let path = live.next_url ? local(live.next_url) : undefined;
    while (path) {
      const feed = JSON.parse(await text(path)) as Page;
      for (const item of feed.items) {
        expect(seen.has(item.id), item.id).toBe(false);
        expect(item.content_html.length, item.id).toBeGreaterThan(1000);
        seen.add(item.id);
      }
      path = feed.next_url ? local(feed.next_url) : undefined;
    }
    expect([...seen].sort()).toEqual(published.map((a) => a.id).sort());
  });

  it("serves every article page with its own body from its record", async () => {
    const failures: string[] = [];
    const queue = [...published];
    const worker = async () => {
      for (let article = queue.pop(); article; article = queue.pop()) {
        const page = await text(paths.article(article.slug));
        // The body as the build rendered it, and the page's own canonical address.
        const firstParagraph = /<p>[^<]+<\/p>/.exec(article.bodyHtml)![0];
        if (!page.includes(firstParagraph) || !page.includes(`<link rel="canonical" href="${BASE_URL}${paths.article(article.slug)}">`))
          failures.push(article.slug);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    expect(failures).toEqual([]);
  });

  it("answers 404 for the scheduled article's page", async () => {
    expect((await get(paths.article(scheduled.slug))).status).toBe(404);
  });

  it("indexes its sitemap files from /sitemap.xml, which list every published article once and not the scheduled one", async () => {
    const index = parseXml(await text("/sitemap.xml")).documentElement!;
    expect(index.localName).toBe("sitemapindex");
    const files = children(index, "sitemap", SITEMAP).map((sitemap) => local(childText(sitemap, "loc", SITEMAP)!));
    expect(files).toEqual(["/sitemaps/pages-1.xml", "/sitemaps/articles-1.xml", "/sitemaps/articles-2.xml"]);
    const urls: string[] = [];
    for (const file of files) {
      const urlset = parseXml(await text(file)).documentElement!;
      expect(urlset.localName, file).toBe("urlset");
      urls.push(...children(urlset, "url", SITEMAP).map((url) => local(childText(url, "loc", SITEMAP)!)));
    }
    const articleUrls = urls.filter((url) => url.startsWith("/articles/"));
    expect(articleUrls.sort()).toEqual(published.map((a) => paths.article(a.slug)).sort());
    expect(urls).toContain("/");
    expect(urls).not.toContain(paths.article(scheduled.slug));
  });

  it("keeps every document it served under 1 MiB", () => {
    expect(largest.bytes, largest.path).toBeGreaterThan(0);
    expect(largest.bytes, largest.path).toBeLessThan(MiB);
  });
});
