// Feed items at their edges (src/render/rss.ts, json-feed.ts, syndication.ts): an item of
// an all-rights-reserved newsroom is made of elements only, and a member that has no value
// is absent from the object, not present as undefined.
import { describe, expect, it } from "vitest";
import { mainFeedSpec } from "../../src/render/feed-spec.js";
import { jsonFeed } from "../../src/render/json-feed.js";
import { renderRss } from "../../src/render/rss.js";
import { syndicationImages } from "../../src/render/syndication.js";
import { makeArticle, makeSite } from "../helpers/fixtures.js";
import { children, parseXml } from "../helpers/validators.js";

const closed = makeSite({ license: "LicenseRef-Unknown" });

describe("an RSS item with all rights reserved", () => {
  it("has no creativeCommons:license, and no text beside its elements (RSS 2.0: an item holds elements)", () => {
    const xml = renderRss(closed, mainFeedSpec(closed, [makeArticle({ image: { src: "/a.jpg", alt: "A", width: 1, height: 1 } })]));
    const channel = children(parseXml(xml), "rss")[0]!;
    const item = children(children(channel, "channel")[0]!, "item")[0]!;
    const stray = [...item.childNodes].filter((n) => n.nodeType === 3 && n.textContent!.trim() !== "").map((n) => n.textContent);
    expect(stray).toEqual([]);
    expect(xml).not.toContain("creativeCommons:license");
  });
});

describe("absent members", () => {
  it("a JSON Feed item in the site's language, or with none of its own, has no language member", () => {
    const site = makeSite();
    const items = jsonFeed(site, mainFeedSpec(site, [makeArticle({ slug: "a" }), makeArticle({ slug: "b", language: "en" })])).items;
    for (const item of items) expect(Object.keys(item)).not.toContain("language");
    const fr = jsonFeed(site, mainFeedSpec(site, [makeArticle({ language: "fr" })])).items[0]!;
    expect(fr.language).toBe("fr");
  });

  it("a syndication image has only the members the lead image gives", () => {
    const site = makeSite();
    expect(syndicationImages(site, makeArticle({ image: { credit: "Agency" } }))).toStrictEqual([
      { credit: "Photo: Agency", republishable: false },
    ]);
    expect(syndicationImages(site, makeArticle({ image: { caption: "C" } }))).toStrictEqual([{ caption: "C", republishable: false }]);
    expect(syndicationImages(site, makeArticle({ image: { src: "/a.jpg", alt: "A", width: 3, height: 2 } }))).toStrictEqual([
      { url: "https://news.example/a.jpg", width: 3, height: 2, alt: "A", republishable: false },
    ]);
  });
});
