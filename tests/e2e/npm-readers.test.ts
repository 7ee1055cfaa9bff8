// Popular feed parsers from npm, each fetching `npm start` with its own HTTP client:
// rss-parser (Node's http.get, no Accept-Encoding: it failed on gzip bytes before) and
// @extractus/feed-extractor (fetch; the one of them that reads JSON Feed too).
import { extract } from "@extractus/feed-extractor";
import Parser from "rss-parser";
import { describe, expect, inject, it } from "vitest";
import { content } from "../../src/generated/content.js";
import { withBodies } from "../helpers/bundle.js";

const base = inject("baseUrl");
const articles = withBodies(content);

describe("rss-parser", () => {
  const parser = new Parser();

  it.each(["/rss.xml", "/atom.xml", "/updates/rss.xml", "/sections/world/atom.xml"])(
    "reads %s: the newsroom, every article with its id, link, date and full text",
    async (path) => {
      const feed = await parser.parseURL(base + path);
      expect(feed.title).toMatch(/^Meridian Wire/);
      expect(feed.items.map((item) => item.guid ?? item.id)).toEqual(articles.map((a) => a.id));
      for (const [i, item] of feed.items.entries()) {
        const article = articles[i]!;
        expect(item.link).toBe(`${base}/articles/${article.slug}`);
        expect(item.isoDate).toBe(new Date(article.published).toISOString());
        // RSS: content:encoded; Atom: content.
        expect((item as { "content:encoded"?: string })["content:encoded"] ?? item.content).toContain("Boycott of Russia");
      }
    },
  );
});

describe("@extractus/feed-extractor", () => {
  it.each(["/feed.json", "/rss.xml", "/atom.xml"])("reads %s with every entry", async (path) => {
    // The full text: JSON Feed content_html, RSS content:encoded, Atom content.
    const full = (e: Record<string, unknown>) => {
      const value = e.content_html ?? e["content:encoded"] ?? e.content;
      return { full: typeof value === "string" ? value : String((value as Record<string, unknown>)?.["#text"] ?? "") };
    };
    const feed = await extract(base + path, { descriptionMaxLen: 0, getExtraEntryFields: full });
    expect(feed.title).toBe("Meridian Wire");
    expect(feed.entries?.map((e) => e.link)).toEqual(articles.map((a) => `${base}/articles/${a.slug}`));
    expect(feed.entries?.map((e) => e.published)).toEqual(articles.map((a) => new Date(a.published).toISOString()));
    for (const entry of feed.entries ?? []) expect(entry.full).toContain("Boycott of Russia");
  });
});
