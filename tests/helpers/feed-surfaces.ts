/**
 * Every surface that names the feed formats, checked against the list of formats: the catalog
 * serves each feed in each format with its media type, Link headers name each, and pages
 * carry each in their discovery links, footer and subscribe block, and WebSub topics list each.
 * A surface that forgot a format (or named one the list does not have) fails here.
 */
import { expect } from "vitest";
import { createApp } from "../../src/app/create-app.js";
import type { Site } from "../../src/core/model.js";
import { absoluteUrl, type FeedPaths, feedPath, feedPaths } from "../../src/core/urls.js";
import { withCharset } from "../../src/http/media-types.js";
import { Timeline } from "../../src/publishing/timeline.js";
import { changedTopics } from "../../src/publishing/websub.js";
import type { FeedFormat } from "../../src/render/feed-spec.js";
import { makeArticle, makeSite } from "./fixtures.js";

const NOW = Date.UTC(2026, 0, 1);

/** The part of a page between `start` and the next `end`. */
function between(page: string, start: string, end: string): string {
  const from = page.indexOf(start);
  expect(from, start).toBeGreaterThanOrEqual(0);
  return page.slice(from, page.indexOf(end, from) + end.length);
}

export async function expectEveryFormatOnEverySurface(formats: readonly FeedFormat[]): Promise<void> {
  const site: Site = makeSite({ hub: "https://hub.example/", feedSize: 2 });
  const articles = [
    makeArticle({
      slug: "c",
      id: "urn:uuid:33333333-3333-4333-8333-333333333333",
      published: "2022-03-03T10:00:00Z",
      updated: "2022-03-03T10:00:00Z",
    }),
    makeArticle({
      slug: "b",
      id: "urn:uuid:22222222-2222-4222-8222-222222222222",
      published: "2022-03-02T10:00:00Z",
      updated: "2022-03-02T10:00:00Z",
    }),
    makeArticle({
      slug: "a",
      id: "urn:uuid:11111111-1111-4111-8111-111111111111",
      published: "2022-03-01T10:00:00Z",
      updated: "2022-03-01T10:00:00Z",
    }),
  ];
  const app = createApp({ content: { version: "t", files: [], articles }, site, clock: () => NOW });
  const abs = (path: string) => absoluteUrl(site, path);
  const get = (path: string) => app.request(abs(path));
  const alternates = (feed: FeedPaths, self?: string) =>
    formats.map((f) => `<${abs(feedPath(feed, f))}>; rel="${feedPath(feed, f) === self ? "self" : "alternate"}"; type="${f.mediaType}"`);

  // The catalog: every feed (the newsroom's, its archive pages, the updates feed, a tag's) in every format.
  for (const feed of [feedPaths.main, feedPaths.archive(1), feedPaths.updates, feedPaths.facet("tags", "world")]) {
    for (const format of formats) {
      const path = feedPath(feed, format);
      const response = await get(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("Content-Type"), path).toBe(withCharset(format.mediaType));
      expect(response.headers.get("Access-Control-Allow-Origin"), path).toBe("*");
      const link = response.headers.get("Link")!;
      for (const value of alternates(feed, path)) expect(link, path).toContain(value);
      expect(
        link.split(", ").filter((v) => v.includes("; type=")),
        path,
      ).toHaveLength(formats.length);
    }
  }

  // A page: its Link header, discovery links, footer and subscribe block.
  const home = await get("/");
  expect(home.headers.get("Link")).toBe(alternates(feedPaths.main).join(", "));
  const page = await home.text();
  const footer = between(page, '<footer class="site-footer">', "</footer>");
  const subscribe = between(page, '<section class="subscribe"', "</section>");
  for (const format of formats) {
    const path = feedPath(feedPaths.main, format);
    expect(page).toContain(`<link rel="alternate" type="${format.mediaType}" title="${site.name} (${format.label})" href="${abs(path)}">`);
    expect(footer).toContain(`<a href="${path}">${format.label}</a>`);
    expect(subscribe).toContain(
      `<dt>${format.label} <span class="hint">${format.hint}</span></dt>\n<dd><a href="${path}">${abs(path)}</a></dd>`,
    );
  }
  expect(page.match(/<link rel="alternate" /g)).toHaveLength(formats.length);
  expect(subscribe.match(/<dt>/g)).toHaveLength(formats.length);
  const listing = await (await get("/tags/world")).text();
  for (const format of formats) expect(listing).toContain(`href="${abs(feedPath(feedPaths.facet("tags", "world"), format))}"`);

  // WebSub: a publication pings every format of every feed it changes.
  const published = Date.parse(articles[0]!.published);
  const topics = changedTopics(site, new Timeline(articles), published - 1, published);
  for (const feed of [feedPaths.main, feedPaths.updates, feedPaths.facet("tags", "world")])
    for (const format of formats) expect(topics).toContain(abs(feedPath(feed, format)));
  expect(topics).toHaveLength(3 * formats.length + formats.length); // main, updates, the tag, the author
}
