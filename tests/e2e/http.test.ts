// The HTTP contract from outside, on `npm start`: a REDbot-style lint of every kind of
// URL, and the conditional GETs a poller sends with what it was given.
import { describe, expect, inject, it } from "vitest";
import { content } from "../../src/generated/content.js";
import { httpLint } from "../helpers/http-lint.js";

const base = inject("baseUrl");
const urls = ["/", "/rss.xml", "/atom.xml", "/feed.json", `/articles/${content.articles[0]!.slug}`, "/site.css"];

describe("REDbot-style lint of npm start", () => {
  it.each(urls)("%s has nothing to report", async (path) => {
    expect(await httpLint(base + path, { requireLastModified: path !== "/site.css" })).toEqual([]);
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
