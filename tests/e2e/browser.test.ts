// The pages in a real browser (Debian's Chromium driven by playwright-core): no console
// errors, no failed requests, no horizontal scrolling on a phone, readable text. Saves
// screenshots to test-results/screenshots/ for a person to look at. And a partner's page
// on another origin reading the feeds with fetch, conditional requests included.

import { mkdirSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { resolve } from "node:path";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { slugify } from "../../src/core/ids.js";
import { content } from "../../src/generated/content.js";
import { withBodies } from "../helpers/bundle.js";

/** Every article of the build: the moving ones in the module, the settled ones read from its assets. */
const articles = withBodies(content);

const base = inject("baseUrl");
const shots = resolve(import.meta.dirname, "../../test-results/screenshots");
const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
let browser: Browser;

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  browser = await chromium.launch({
    executablePath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
});

afterAll(async () => {
  await browser?.close();
});

const viewports = {
  phone: { width: 375, height: 812 },
  desktop: { width: 1280, height: 900 },
};

const pages = [
  ["front page", "/"],
  ...articles.map((a) => [`article ${a.slug}`, `/articles/${a.slug}`]),
  ...[...new Set(articles.flatMap((a) => (a.section ? [`/sections/${slugify(a.section)}`] : [])))].map((p) => [`section ${p}`, p]),
  ["author page", `/authors/${slugify(articles[0]!.authors[0]!.name)}`],
  ["partners page", "/partners"],
] as [string, string][];

describe.each(Object.entries(viewports))("in Chromium on a %s", (device, viewport) => {
  it.each(pages)("the %s loads cleanly", async (name, path) => {
    const context = await browser.newContext({ viewport, javaScriptEnabled: false });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error" || message.type() === "warning") problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("requestfailed", (request) => problems.push(`failed: ${request.url()} ${request.failure()?.errorText}`));
    page.on("response", (response) => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
    });

    const response = await page.goto(base + path, { waitUntil: "networkidle" });
    expect(response?.status()).toBe(200);
    await page.screenshot({ path: resolve(shots, `${name.replace(/\W+/g, "-")}-${device}.png`), fullPage: true });

    // Runs in the page (a string, so this Node-side file needs no DOM types).
    const layout: { scrollWidth: number; innerWidth: number; stylesheetApplied: boolean; bodyFontPx: number; h1: string } =
      await page.evaluate(`({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
      stylesheetApplied: getComputedStyle(document.body).fontFamily.includes("Charter"),
      bodyFontPx: parseFloat(getComputedStyle(document.querySelector(".article-body > p:nth-of-type(2), .article-list p:last-child") ?? document.body).fontSize),
      h1: document.querySelector("h1")?.textContent ?? "",
    })`);
    expect(problems).toEqual([]);
    expect(layout.scrollWidth, "no horizontal scrolling").toBeLessThanOrEqual(layout.innerWidth);
    expect(layout.stylesheetApplied).toBe(true);
    expect(layout.bodyFontPx).toBeGreaterThanOrEqual(16);
    expect(layout.h1).not.toBe("");
    await context.close();
  });
});

describe("a partner's page on another origin", () => {
  let partner: Server;
  let origin = "";
  beforeAll(async () => {
    // A plain page served from another port: another origin, as a partner's site would be.
    partner = createServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end("<!doctype html><title>Partner</title><p>Partner site</p>");
    });
    await new Promise<void>((done) => partner.listen(0, "127.0.0.1", done));
    origin = `http://127.0.0.1:${(partner.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((done) => partner.close(() => done())));

  it.each(["/feed.json", "/updates/feed.json", "/schemas/syndication-3.json", `/articles/${articles[0]!.slug}.ninjs.json`])(
    "reads %s with fetch, then gets 304 for a conditional request (after a CORS preflight)",
    async (path) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      // Chromium sends CORS preflights from its network service; DevTools sees them as type "Preflight".
      const preflights: string[] = [];
      const cdp = await context.newCDPSession(page);
      await cdp.send("Network.enable");
      cdp.on("Network.requestWillBeSent", (event: { type?: string; request: { method: string; url: string } }) => {
        if (event.type === "Preflight" || event.request.method === "OPTIONS") preflights.push(event.request.url);
      });
      await page.goto(`${origin}/`);
      expect(new URL(page.url()).origin).not.toBe(new URL(base).origin);
      // Runs in the partner's page: what a partner's script would do.
      const result = (await page.evaluate(`(async () => {
        const url = ${JSON.stringify(base + path)};
        const first = await fetch(url, { cache: "no-store" });
        const body = await first.json();
        const etag = first.headers.get("ETag");
        const second = await fetch(url, { cache: "no-store", headers: { "If-None-Match": etag } });
        return {
          status: first.status, etag, items: (body.items || []).length, version: body.version || body.$schema || body.pubStatus,
          firstSyndication: body.items && body.items[0] && body.items[0]._syndication ? body.items[0]._syndication.version : null,
          conditional: second.status, conditionalEtag: second.headers.get("ETag"), cacheControl: second.headers.get("Cache-Control"),
        };
      })()`)) as Record<string, unknown>;
      expect(result.status).toBe(200);
      expect(result.etag).toMatch(/^W\/"sha256-/);
      expect(result.conditional).toBe(304);
      expect(result.conditionalEtag).toBe(result.etag);
      expect(result.cacheControl).toMatch(/^max-age=\d+/);
      if (path.endsWith("feed.json")) {
        expect(result.version).toBe("https://jsonfeed.org/version/1.1");
        expect(result.items).toBeGreaterThan(0);
        expect(result.firstSyndication).toBe(3);
      } else if (path.endsWith(".ninjs.json")) {
        expect(result.version).toBe("usable");
      } else {
        expect(result.version).toBe("https://json-schema.org/draft/2020-12/schema");
      }
      // If-None-Match is not a CORS-safelisted header: Chromium asked first, and was allowed.
      expect(preflights).toEqual([base + path]);
      await context.close();
    },
  );
});
