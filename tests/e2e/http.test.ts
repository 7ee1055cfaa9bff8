// The HTTP contract from outside, on `npm start`: a REDbot-style lint of every kind of
// URL, and the conditional GETs a poller sends with what it was given.
import { describe, expect, inject, it } from "vitest";
import { content } from "../../src/generated/content.js";
import { httpLint } from "../helpers/http-lint.js";

const base = inject("baseUrl");
const seed = content.articles[0]!;
const urls = [
  "/",
  "/rss.xml",
  "/atom.xml",
  "/feed.json",
  `/articles/${seed.slug}`,
  "/site.css",
  "/sections/world",
  "/sections/world/atom.xml",
  "/updates/feed.json",
  `/archive/${seed.published.slice(0, 7)}/atom.xml`,
  "/sitemap.xml",
  "/sitemap-news.xml",
  "/robots.txt",
  "/partners",
  "/schemas/syndication-1.json",
];
/** Files with no content date: no Last-Modified to require. */
const undated = new Set(["/site.css", "/robots.txt", "/schemas/syndication-1.json"]);

describe("REDbot-style lint of npm start", () => {
  it.each(urls)("%s has nothing to report", async (path) => {
    expect(await httpLint(base + path, { requireLastModified: !undated.has(path) })).toEqual([]);
  });
});

describe("a poller's conditional GETs", () => {
  it.each(urls)("%s answers 304 to the ETag and to the Last-Modified it returned", async (path) => {
    const first = await fetch(base + path);
    const etag = first.headers.get("ETag")!;
    const lastModified = first.headers.get("Last-Modified");
    expect((await fetch(base + path, { headers: { "If-None-Match": etag } })).status).toBe(304);
    if (lastModified) expect((await fetch(base + path, { headers: { "If-Modified-Since": lastModified } })).status).toBe(304);
  });
});
