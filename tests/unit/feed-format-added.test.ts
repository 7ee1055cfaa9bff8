// Adding a feed format is its renderer plus one entry in FEED_FORMATS: here a throw-away format
// is added to the list (the module mocked for this file alone), and every surface serves and
// names it without another change.
import { expect, it, vi } from "vitest";
import type { FeedFormat } from "../../src/render/feed-spec.js";
import { expectEveryFormatOnEverySurface } from "../helpers/feed-surfaces.js";

// Hoisted with the mock below, which runs before this file's imports.
const fake = vi.hoisted(
  (): FeedFormat => ({
    file: "feed.fake",
    mediaType: "text/x-fake-feed",
    label: "Fake Feed",
    hint: "a format made up for this test",
    render: (_site, spec) => `fake feed ${spec.title}: ${spec.items.map((a) => a.slug).join(" ")}\n`,
  }),
);

vi.mock("../../src/render/feed-formats.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/render/feed-formats.js")>();
  return { FEED_FORMATS: [...real.FEED_FORMATS, fake] };
});

it("a fourth format in the list is served and named on every surface", async () => {
  const { FEED_FORMATS } = await import("../../src/render/feed-formats.js");
  expect(FEED_FORMATS.map((f) => f.file)).toEqual(["rss.xml", "atom.xml", "feed.json", "feed.fake"]);
  await expectEveryFormatOnEverySurface(FEED_FORMATS);
});

it("its documents are its renderer's output", async () => {
  const { createApp } = await import("../../src/app/create-app.js");
  const { makeArticle, makeSite } = await import("../helpers/fixtures.js");
  const app = createApp({
    content: { version: "t", files: [], articles: [makeArticle()] },
    site: makeSite(),
    clock: () => Date.UTC(2026, 0, 1),
  });
  const response = await app.request("https://news.example/feed.fake");
  expect(response.headers.get("Content-Type")).toBe("text/x-fake-feed; charset=utf-8");
  expect(await response.text()).toBe("fake feed Test Newsroom: first-story\n");
});
