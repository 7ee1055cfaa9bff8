// Real feed readers over the newsroom fixture, served over HTTP at a fixed time: every
// feed (section, tag, author, updates, archives) is read completely by newsboat and
// feedparser, and feedparser walks the archive chain from the live feed to the oldest item.
import { type ChildProcess, spawn } from "node:child_process";
import { resolve } from "node:path";
import { createInterface } from "node:readline";
import { extract } from "@extractus/feed-extractor";
import Parser from "rss-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildContent } from "../../src/content-build/build-content.js";
import { makeCatalog } from "../../src/publishing/catalog.js";
import { Timeline } from "../../src/publishing/timeline.js";
import { httpLint } from "../helpers/http-lint.js";
import { NOW, newsroomSite, WITHDRAWN } from "../helpers/newsroom.js";
import { feedparserRead, feedparserReadAll, newsboatRead } from "../helpers/readers.js";

const root = resolve(import.meta.dirname, "../..");
const { articles } = buildContent(resolve(root, "tests/fixtures/newsroom"));
let child: ChildProcess;
const server = { url: "" };
const feeds: { path: string; ids: string[] }[] = [];
const jsonFeeds: { path: string; urls: string[] }[] = [];

beforeAll(async () => {
  // In its own process: the readers below block this one while they fetch.
  child = spawn(process.execPath, ["--import", "tsx", "tests/helpers/serve-newsroom.ts"], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [line] = await createInterface({ input: child.stdout! })
    [Symbol.asyncIterator]()
    .next()
    .then((r) => [r.value as string]);
  server.url = line!.trim();
  const timeline = new Timeline(articles);
  const catalog = makeCatalog(newsroomSite({ baseUrl: server.url }), timeline, timeline.viewAt(NOW));
  for (const [path, doc] of catalog.documents) {
    if (doc.crossOrigin && path.endsWith("/feed.json")) {
      const feed = (await (await fetch(server.url + path)).json()) as { items: { url: string }[] };
      jsonFeeds.push({ path, urls: feed.items.map((item) => item.url) });
    }
    if (!doc.crossOrigin || path.endsWith(".json")) continue;
    const body = await (await fetch(server.url + path)).text();
    const ids = [...body.matchAll(/<entry>\n<id>([^<]+)<\/id>|<guid isPermaLink="false">([^<]+)<\/guid>/g)].map((m) => (m[1] ?? m[2])!);
    feeds.push({ path, ids });
  }
});
afterAll(() => child?.kill());

describe("feed readers over the newsroom", () => {
  it("newsboat reads every RSS and Atom feed completely", () => {
    expect(feeds.length).toBeGreaterThan(140);
    // One cache per feed: newsboat keeps an item (by guid) under one feed only.
    for (const feed of feeds) {
      const read = newsboatRead(server.url + feed.path);
      expect(read.title, feed.path).not.toBe("");
      expect(read.items.map((item) => item.guid).sort(), feed.path).toEqual([...feed.ids].sort());
    }
  });

  it("feedparser reads every RSS and Atom feed without complaint, every entry", () => {
    const results = feedparserReadAll(feeds.map((feed) => server.url + feed.path));
    for (const [i, feed] of feeds.entries()) {
      const result = results[i]!;
      expect(result.bozo, `${feed.path}: ${result.bozoException}`).toBe(false);
      expect(result.items.map((item) => item.id).sort(), feed.path).toEqual([...feed.ids].sort());
    }
  });

  it("rss-parser (npm, its own HTTP client) reads every RSS and Atom feed completely", async () => {
    const parser = new Parser();
    for (const feed of feeds) {
      const read = await parser.parseURL(server.url + feed.path);
      expect(read.title, feed.path).toMatch(/^Meridian Wire/);
      expect(read.items.map((item) => item.guid ?? item.id).sort(), feed.path).toEqual([...feed.ids].sort());
    }
  });

  it("@extractus/feed-extractor reads every JSON Feed completely, tombstones included", async () => {
    expect(jsonFeeds.length).toBeGreaterThan(70);
    for (const feed of jsonFeeds) {
      const read = await extract(server.url + feed.path);
      expect(read.title, feed.path).toMatch(/^Meridian Wire/);
      expect(read.entries?.map((e) => e.link).sort(), feed.path).toEqual([...feed.urls].sort());
    }
  });

  it.each([
    ["/archive/1/atom.xml", 200],
    ["/archive/4/rss.xml", 200],
    ["/archive/2/feed.json", 200],
    ["/updates/atom.xml", 200],
    ["/sections/politics/atom.xml", 200],
    ["/tags/space", 200],
    [`/articles/${WITHDRAWN.slug}`, 410],
  ])("REDbot's checks find nothing on %s (%i)", async (path, status) => {
    expect(await httpLint(server.url + path, { status, now: NOW })).toEqual([]);
  });

  it("feedparser walks the archive chain from the live Atom and RSS feeds to the oldest item", () => {
    const visible = articles.filter((a) => Date.parse(a.published) <= NOW && a.slug !== WITHDRAWN.slug);
    for (const start of ["/atom.xml", "/rss.xml"]) {
      const seen = new Set<string>();
      let url: string | undefined = server.url + start;
      let hops = 0;
      while (url) {
        const result = feedparserRead(url);
        for (const item of result.items) seen.add(item.id);
        url = result.links.find((l) => l.rel === "prev-archive")?.href;
        hops++;
      }
      expect(hops, start).toBe(5); // the live feed and four archive pages
      expect([...seen].sort(), start).toEqual(visible.map((a) => a.id).sort());
    }
  });
});
