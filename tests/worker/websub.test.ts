// WebSub publishing: which feeds a scheduled change touches, the hub request, and the
// Worker's cron handler through the real entry.
import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { contentArticles, newsroomArticles } from "../../src/generated/all-articles.js";
import { content } from "../../src/generated/content.js";
import worker from "../../src/index.js";
import { Timeline } from "../../src/publishing/timeline.js";
import { changedTopics, notifyHub } from "../../src/publishing/websub.js";
import { newsroomSite, SCHEDULED, WITHDRAWN } from "../helpers/newsroom.js";

const site = newsroomSite();
const timeline = new Timeline(newsroomArticles);
const BASE = "https://news.example";

afterEach(() => vi.restoreAllMocks());

/** A feed folder's three documents, as absolute URLs. */
const everyFormat = (base: string, folders: string[]) =>
  folders.flatMap((f) => ["rss.xml", "atom.xml", "feed.json"].map((d) => `${base}${f}/${d}`));

describe("changedTopics", () => {
  it("names the newsroom's, the updates and the article's section, tag and author feeds, in every format", () => {
    const topics = changedTopics(site, timeline, SCHEDULED.at - 60_000, SCHEDULED.at);
    const folders = [...new Set(topics.map((t) => t.replace(BASE, "").replace(/\/(rss\.xml|atom\.xml|feed\.json)$/, "")))];
    expect(folders.sort()).toEqual([
      "",
      "/authors/priya-raman",
      "/sections/science",
      "/tags/mars-sample-return",
      "/tags/space",
      "/updates",
    ]);
    expect([...topics].sort()).toEqual(everyFormat(BASE, folders).sort());
  });

  it("counts a withdrawal, and nothing outside the window", () => {
    expect([...changedTopics(site, timeline, WITHDRAWN.at - 1, WITHDRAWN.at)].sort()).toEqual(
      everyFormat(BASE, ["", "/authors/tomasz-nowak", "/sections/politics", "/tags/government", "/tags/procurement", "/updates"]).sort(),
    );
    expect(changedTopics(site, timeline, SCHEDULED.at, SCHEDULED.at + 60_000)).toEqual([]);
  });
});

describe("notifyHub", () => {
  it("POSTs hub.mode=publish with each topic, and reports what the hub said", async () => {
    const calls: { url: string; body: string; type: string | null }[] = [];
    const fake = (async (url: string, init: RequestInit) => {
      calls.push({ url, body: String(init.body), type: new Headers(init.headers).get("Content-Type") });
      return new Response(null, { status: calls.length === 2 ? 500 : 202 });
    }) as unknown as typeof fetch;
    const results = await notifyHub("https://hub.example/", [`${BASE}/rss.xml`, `${BASE}/atom.xml`], fake);
    expect(calls).toEqual([
      {
        url: "https://hub.example/",
        body: "hub.mode=publish&hub.url=https%3A%2F%2Fnews.example%2Frss.xml",
        type: "application/x-www-form-urlencoded",
      },
      {
        url: "https://hub.example/",
        body: "hub.mode=publish&hub.url=https%3A%2F%2Fnews.example%2Fatom.xml",
        type: "application/x-www-form-urlencoded",
      },
    ]);
    expect(results.map((r) => r.status)).toEqual([202, 500]);
    const down = (async () => {
      throw new TypeError("network down");
    }) as unknown as typeof fetch;
    expect(await notifyHub("https://hub.example/", [`${BASE}/rss.xml`], down)).toEqual([{ topic: `${BASE}/rss.xml`, status: 0 }]);
  });
});

describe("the cron trigger", () => {
  const seed = Date.parse("2022-03-01T17:40:00Z"); // the seed article's publication, in UTC
  async function runCron(scheduledTime: number, vars: Record<string, string>) {
    const hub = vi.spyOn(globalThis, "fetch").mockImplementation(async () => new Response(null, { status: 202 }));
    const ctx = createExecutionContext();
    await worker.scheduled!(createScheduledController({ scheduledTime, cron: "* * * * *" }), { ...env, ...vars }, ctx);
    await waitOnExecutionContext(ctx);
    return hub.mock.calls.map(([url, init]) => ({ url: String(url), body: String((init as RequestInit).body) }));
  }

  it("announces only what can still change: the content's one article is settled by the build, so no run pings for it", async () => {
    // What a publication changes is changedTopics' (above, on the newsroom's whole timeline);
    // the entry looks only at the bundle's articles, whose changes all lie after the build.
    expect(content.articles).toEqual([]);
    expect(contentArticles).toHaveLength(1);
    expect(await runCron(seed, { WEBSUB_HUB: "https://hub.example/" })).toEqual([]);
    expect(await runCron(Date.now(), { WEBSUB_HUB: "https://hub.example/" })).toEqual([]);
  });

  it("does nothing without a hub, or when nothing changed", async () => {
    expect(await runCron(seed, {})).toEqual([]);
    expect(await runCron(seed + 60_000, { WEBSUB_HUB: "https://hub.example/" })).toEqual([]);
  });
});
