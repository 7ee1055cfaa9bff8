// The pages in a real browser (Debian's Chromium driven by playwright-core): no console
// errors, no failed requests, no horizontal scrolling on a phone, readable text. Saves
// screenshots to test-results/screenshots/ for a person to look at.

import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { content } from "../../src/generated/content.js";
import { slugify } from "../../src/ids.js";

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
  ...content.articles.map((a) => [`article ${a.slug}`, `/articles/${a.slug}`]),
  ...[...new Set(content.articles.flatMap((a) => (a.section ? [`/sections/${slugify(a.section)}`] : [])))].map((p) => [`section ${p}`, p]),
  ["author page", `/authors/${slugify(content.articles[0]!.authors[0]!.name)}`],
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
