// The feed formats are one list (src/render/feed-formats.ts): every surface that names them is
// made from it (tests/helpers/feed-surfaces.ts checks each one against the list).
import { expect, it } from "vitest";
import { FEED_FORMATS } from "../../src/render/feed-formats.js";
import { expectEveryFormatOnEverySurface } from "../helpers/feed-surfaces.js";

it("lists RSS, Atom and JSON Feed, each at its own file with its own media type", () => {
  expect(FEED_FORMATS.map((f) => [f.file, f.mediaType, f.label])).toEqual([
    ["rss.xml", "application/rss+xml", "RSS"],
    ["atom.xml", "application/atom+xml", "Atom"],
    ["feed.json", "application/feed+json", "JSON Feed"],
  ]);
});

it("is what every surface shows: the catalog, Link headers, discovery links, footer, subscribe block, WebSub", async () => {
  await expectEveryFormatOnEverySurface(FEED_FORMATS);
});
