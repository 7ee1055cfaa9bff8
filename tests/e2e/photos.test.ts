// The newsroom's photos from outside: the real Worker entry bundled as a deploy makes it, over
// the newsroom fixture's build (module and static assets, photos included), in Miniflare with
// the assets routed as wrangler.toml routes them. Chromium shows each photo on its article page
// (loaded, natural size > 0, the smaller copy on a phone); every photo URL the pages and feeds
// name answers 200 with validators and a 304 on revalidation, and passes REDbot's rules.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { Miniflare } from "miniflare";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assetsAsDeployed, bundleService, COMPATIBILITY_DATE } from "../../scripts/bench/service-worker.js";
import { httpLint } from "../helpers/http-lint.js";

const ROOT = resolve(import.meta.dirname, "../..");
const ASSETS = join(ROOT, "src/generated/newsroom-assets");
const BASE_URL = "http://news.test";
const WITH_PHOTOS = [
  "orchestra-returns-to-restored-hall",
  "library-opens-night-reading-room",
  "comet-visible-this-week",
  "mars-samples-arrive",
];
let dir = "";
let mf: Miniflare;
let origin = "";
let browser: Browser;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "photos-"));
  const script = bundleService(dir, readFileSync(join(ROOT, "src/generated/newsroom.ts"), "utf8"), ASSETS, { BASE_URL, FEED_SIZE: "10" });
  mf = new Miniflare({
    modules: true,
    scriptPath: script,
    modulesRoot: dirname(script),
    compatibilityDate: COMPATIBILITY_DATE,
    unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }],
    bindings: { FEED_SIZE: "10" },
    assets: assetsAsDeployed(ASSETS),
  });
  await mf.ready;
  origin = (await mf.unsafeGetDirectURL()).toString().replace(/\/$/, "");
  // BASE_URL is this origin, so every absolute photo URL in the pages and feeds is fetchable.
  await mf.setOptions({
    modules: true,
    scriptPath: script,
    modulesRoot: dirname(script),
    compatibilityDate: COMPATIBILITY_DATE,
    unsafeDirectSockets: [{ host: "127.0.0.1", port: Number(new URL(origin).port) }],
    bindings: { BASE_URL: origin, FEED_SIZE: "10" },
    assets: assetsAsDeployed(ASSETS),
  });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await mf?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Every photo URL a document names (src, srcset, feed fields), on this origin. */
function photoUrls(text: string): string[] {
  return [...new Set([...text.matchAll(/https?:\/\/[^"'\s<>&,\\]+\/images\/[^"'\s<>&,\\]+/g)].map((m) => m[0]))];
}

describe("photos, from outside", () => {
  it.each([
    ["desktop", { width: 1280, height: 900 }],
    ["phone", { width: 375, height: 812 }],
  ])("on a %s, Chromium shows every photo of the articles that have one, and nothing fails", async (_, viewport) => {
    const context = await browser.newContext({ viewport, javaScriptEnabled: false });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("requestfailed", (request) => problems.push(`failed: ${request.url()} ${request.failure()?.errorText}`));
    page.on("response", (response) => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
    });
    page.on("console", (message) => {
      if (message.type() === "error" || message.type() === "warning") problems.push(`console: ${message.text()}`);
    });
    const shown: { src: string; complete: boolean; naturalWidth: number; naturalHeight: number; width: number; height: number }[] = [];
    for (const slug of WITH_PHOTOS) {
      const response = await page.goto(`${origin}/articles/${slug}`, { waitUntil: "networkidle" });
      expect(response?.status()).toBe(200);
      // Lazy images load when scrolled to: scroll through the page as a reader would.
      await page.evaluate("window.scrollTo(0, document.body.scrollHeight)");
      await page.waitForLoadState("networkidle");
      const images = (await page.evaluate(`Promise.all([...document.images].map(async (img) => {
        await img.decode().catch(() => {});
        return { src: img.currentSrc, complete: img.complete, naturalWidth: img.naturalWidth, naturalHeight: img.naturalHeight,
          width: Number(img.getAttribute("width")), height: Number(img.getAttribute("height")) };
      }))`)) as typeof shown;
      expect(images.length, slug).toBeGreaterThan(0);
      shown.push(...images);
    }
    expect(problems).toEqual([]);
    expect(shown).toHaveLength(5);
    for (const img of shown) {
      expect(img.src.startsWith(`${origin}/images/`), img.src).toBe(true);
      expect(img.complete).toBe(true);
      expect(img.naturalWidth).toBeGreaterThan(0);
      // The picture has the shape its width and height say (no layout shift, no distortion).
      expect(Math.abs(img.naturalWidth / img.naturalHeight - img.width / img.height)).toBeLessThan(0.01);
    }
    const lead = shown.find((img) => img.src.includes("/concert-hall"))!;
    // A phone's 375 px column takes the 640 px copy; a desktop's 42rem column a larger one.
    if (viewport.width < 400) expect(lead.src).toMatch(/concert-hall-640w\.[0-9a-f]{16}\.jpg$/);
    else expect(lead.src).toMatch(/concert-hall-1280w\.[0-9a-f]{16}\.jpg$/);
    await context.close();
  });

  it("every photo URL the pages and feeds name answers 200 with its validators, a 304 on revalidation, and passes REDbot's rules", async () => {
    const documents = [
      ...WITH_PHOTOS.map((slug) => `/articles/${slug}`),
      "/feed.json",
      "/rss.xml",
      "/atom.xml",
      "/sections/culture/rss.xml",
      "/sections/culture/feed.json",
    ];
    const urls = new Set<string>();
    for (const path of documents) {
      const response = await fetch(origin + path);
      expect(response.status, path).toBe(200);
      for (const url of photoUrls(await response.text())) urls.add(url);
    }
    // The five photos and the four smaller copies the build made (the scheduled article's are
    // served now: its time has come by the real clock).
    expect(urls.size).toBe(9);
    for (const url of urls) expect(url.startsWith(`${origin}/images/`), url).toBe(true);
    for (const url of urls) {
      const first = await fetch(url);
      expect(first.status, url).toBe(200);
      const bytes = new Uint8Array(await first.arrayBuffer());
      expect(bytes.length).toBeGreaterThan(0);
      const etag = first.headers.get("etag")!;
      expect(etag).toMatch(/^"[0-9a-f]{16}"$/);
      expect(first.headers.get("cache-control")).toBe("max-age=31536000, immutable");
      expect(first.headers.get("x-content-type-options")).toBe("nosniff");
      const again = await fetch(url, { headers: { "If-None-Match": etag } });
      expect(again.status).toBe(304);
      expect(again.headers.get("etag")).toBe(etag);
      expect(again.headers.get("cache-control")).toBe(first.headers.get("cache-control"));
      // A photo is a static file: its name is its validator; it has no date of its own.
      expect(await httpLint(url, { requireLastModified: false })).toEqual([]);
    }
  });

  it("the path the editor wrote is not served: the build replaced it everywhere", async () => {
    expect((await fetch(`${origin}/images/concert-hall.jpg`)).status).toBe(404);
    for (const path of ["/feed.json", "/rss.xml", `/articles/${WITH_PHOTOS[0]}`]) {
      expect(await (await fetch(origin + path)).text()).not.toContain("/images/concert-hall.jpg");
    }
  });
});
