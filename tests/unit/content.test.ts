// Lints the real content/ folder, and checks that the seed article came through
// faithfully: every paragraph, the subheading, the caption and the credit, in order and
// unaltered, in the HTML page and in each feed's full content.

import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { buildContent } from "../../src/content-build/build-content.js";
import { formatError } from "../../src/content-build/errors.js";
import { siteDefaults } from "../../src/core/config.js";
import { renderAtom } from "../../src/render/atom.js";
import { mainFeedSpec } from "../../src/render/feed-spec.js";
import { jsonFeed } from "../../src/render/json-feed.js";
import { renderArticlePage } from "../../src/render/pages.js";
import { renderRss } from "../../src/render/rss.js";
import { atomRuleProblems, rssRuleProblems } from "../helpers/feed-rules.js";
import { blockTexts } from "../helpers/html-text.js";
import { atomSchemaErrors, children, childText, jsonFeedErrors, parseXml } from "../helpers/validators.js";

const root = resolve(import.meta.dirname, "../..");
// Built anew for each test, not once while the file is collected: StrykerJS activates a
// mutant only while tests run, so a build made at collection would never see it.
let result: ReturnType<typeof buildContent>;
beforeEach(() => {
  result = buildContent(resolve(root, "content"));
});

describe("content/", () => {
  it("has no errors", () => {
    expect(result.errors.map(formatError)).toEqual([]);
    expect(result.articles.length).toBeGreaterThan(0);
  });

  it("renders feeds that pass the W3C Feed Validator's rules, RFC 4287 and JSON Feed 1.1", () => {
    expect(rssRuleProblems(renderRss(siteDefaults, mainFeedSpec(siteDefaults, result.articles)))).toEqual([]);
    expect(atomRuleProblems(renderAtom(siteDefaults, mainFeedSpec(siteDefaults, result.articles)))).toEqual([]);
    expect(atomSchemaErrors(renderAtom(siteDefaults, mainFeedSpec(siteDefaults, result.articles)))).toEqual([]);
    expect(jsonFeedErrors(jsonFeed(siteDefaults, mainFeedSpec(siteDefaults, result.articles)))).toEqual([]);
  });
});

describe("the seed article", () => {
  // tests/fixtures/seed-article.txt is a verbatim copy of the newsroom's plain-text
  // original: headline, lede, caption, credit, then the body with one subheading.
  const seed = readFileSync(resolve(root, "tests/fixtures/seed-article.txt"), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "");
  const [headline, ...blocks] = seed;
  let article: (typeof result.articles)[number];
  beforeEach(() => {
    article = result.articles.find((a) => a.title === headline)!;
  });
  const site = siteDefaults;

  /** Asserts each seed block appears, unaltered and in order, in the text of `html`. */
  function expectAllBlocksInOrder(html: string) {
    const text = blockTexts(html).join("\n");
    let from = 0;
    for (const block of blocks) {
      const at = text.indexOf(block!, from);
      expect(at, `missing or out of order: ${block!.slice(0, 60)}…`).toBeGreaterThanOrEqual(from);
      from = at + block!.length;
    }
  }

  it("is in content/ with its headline, date, caption and credit as data", () => {
    expect(article).toBeDefined();
    expect(article.published).toBe("2022-03-01T19:40:00+02:00");
    // An agency photo: not republishable by partners (the default).
    expect(article.image).toEqual({ republishable: false, caption: seed[2], credit: "Shutterstock" });
    expect(seed[3]).toBe("Photo: Shutterstock");
    expect(article.summary).toBe(seed[1]);
  });

  it("keeps the subheading as a heading", () => {
    expect(article.bodyHtml).toContain("<h2>Boycott of Russia</h2>");
  });

  it("appears whole in the HTML page", () => {
    const page = renderArticlePage(site, article);
    expect(page).toContain(`<h1>${headline}</h1>`);
    expectAllBlocksInOrder(page);
  });

  it("appears whole in the RSS item's content:encoded", () => {
    const channel = children(parseXml(renderRss(site, mainFeedSpec(site, result.articles))).documentElement!, "channel")[0]!;
    const item = children(channel, "item").find((i) => childText(i, "title") === headline)!;
    expectAllBlocksInOrder(childText(item, "encoded", "http://purl.org/rss/1.0/modules/content/")!);
  });

  it("appears whole in the Atom entry's content", () => {
    const entry = children(parseXml(renderAtom(site, mainFeedSpec(site, result.articles))).documentElement!, "entry").find(
      (e) => childText(e, "title") === headline,
    )!;
    expectAllBlocksInOrder(childText(entry, "content")!);
  });

  it("appears whole in the JSON Feed item's content_html", () => {
    const item = jsonFeed(site, mainFeedSpec(site, result.articles)).items.find((i) => i.title === headline)!;
    expectAllBlocksInOrder(item.content_html!);
  });
});
