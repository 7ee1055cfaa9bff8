// The build's terminal report (src/content-build/report.ts): articles by state, what is served
// now by kind, and when each scheduled publication or withdrawal happens.
import { describe, expect, it } from "vitest";
import { buildReport } from "../../src/content-build/report.js";
import { settle } from "../../src/content-build/settle.js";
import type { Article, BuiltFile } from "../../src/core/model.js";
import { makeArticle } from "../helpers/fixtures.js";

const NOW = Date.parse("2022-03-02T12:00:00Z");

let counter = 0;
function story(published: string, overrides: Partial<Article> = {}): Article {
  counter += 1;
  const n = String(counter).padStart(12, "0");
  return makeArticle({
    slug: `story-${counter}`,
    id: `urn:uuid:00000000-0000-4000-8000-${n}`,
    published,
    updated: published,
    ...overrides,
  });
}

/** Newest `published` first, as the bundle holds them, with a file name for each. */
function bundle(articles: Article[]): { articles: Article[]; files: Map<Article, string> } {
  const sorted = [...articles].sort((a, b) => Date.parse(b.published) - Date.parse(a.published));
  return { articles: sorted, files: new Map(sorted.map((a) => [a, `content/${a.slug}.md`])) };
}

/** The "Serving now" line as kind → count (the order is the catalog's). */
function serving(line: string | undefined): Record<string, number> {
  const match = /^Serving now: (.*)\.$/.exec(line ?? "");
  expect(match).not.toBeNull();
  return Object.fromEntries(
    match![1]!.split(", ").map((part) => {
      const [, n, kind] = /^(\d+) (.+)$/.exec(part)!;
      return [kind!, Number(n)];
    }),
  );
}

const icon = (path: string): BuiltFile => ({ path, contentType: "image/png", base64: "" });

describe("buildReport", () => {
  it("counts live, scheduled, withdrawn and draft articles, and every document served now by kind", async () => {
    const live = story("2022-03-01T09:00:00Z");
    const gone = story("2022-03-01T08:00:00Z", { withdrawn: { at: "2022-03-02T08:00:00Z", reason: "Legal." } });
    const later = story("2099-01-01T09:00:00Z");
    const { articles, files } = bundle([live, gone, later]);
    const lines = await buildReport(articles, files, ["wip.md", "notes.md"], NOW, [icon("/icon-512.png"), icon("/icon-64.png")]);
    expect(lines[0]).toBe("Articles: 1 live, 1 scheduled, 1 withdrawn (410), 2 draft(s) left out.");
    expect(serving(lines[1])).toEqual({
      // One live article page; the tombstone is not a page served as a listing.
      "article pages": 1,
      // The newsroom feed, the updates feed, the author's and the tag's feeds (3 formats each).
      "feed documents": 3 * 4,
      // The syndication profile's JSON Schema in its three versions, counted apart from the feeds.
      schemas: 3,
      "front page": 1,
      "authors pages": 1,
      "tags pages": 1,
      "partners pages": 1,
      sitemaps: 2,
      // robots.txt and the stylesheet.
      "other files": 2,
      icons: 2,
    });
    // 28,063 days and 21 hours, rounded to the nearest day.
    expect(lines.slice(2)).toEqual([`Scheduled: content/${later.slug}.md appears at 2099-01-01T09:00:00Z (in 28064 days).`]);
  });

  it("counts archive feed documents apart once the live feeds cannot hold everything", async () => {
    const many = Array.from({ length: 51 }, (_, i) => story(new Date(Date.parse("2022-01-01T00:00:00Z") + i * 3_600_000).toISOString()));
    const { articles, files } = bundle(many);
    const lines = await buildReport(articles, files, [], NOW);
    expect(lines[0]).toBe("Articles: 51 live, 0 scheduled, 0 withdrawn (410), 0 draft(s) left out.");
    const kinds = serving(lines[1]);
    expect(kinds["article pages"]).toBe(51);
    // RFC 5005 archive pages of 50, oldest first: page 1 (50 articles) and page 2 (the
    // newest one), each in three formats, counted apart from the live feeds.
    expect(kinds["archive feed documents"]).toBe(6);
    expect(kinds.icons).toBeUndefined();
    expect(lines).toHaveLength(2);
  });

  it("lists scheduled publications soonest first with the time left, and scheduled withdrawals after them", async () => {
    const { articles, files } = bundle([
      story("2022-03-01T09:00:00Z"),
      // 44 min 40 s, rounded to the nearest minute.
      story("2022-03-02T12:44:40Z", { slug: "soon" }),
      // 27 h 20 min.
      story("2022-03-03T15:20:00Z", { slug: "tomorrow", withdrawn: { at: "2022-03-10T00:00:00Z", reason: "Embargo." } }),
      // Exactly 48 h: from two days on, the time left is in days.
      story("2022-03-04T12:00:00Z", { slug: "two-days" }),
      // 2.5 days, rounded to 3.
      story("2022-03-05T00:00:00Z", { slug: "weekend" }),
      // Published, and withdrawn in exactly one hour.
      story("2022-03-01T07:00:00Z", { slug: "pulled", withdrawn: { at: "2022-03-02T13:00:00Z", reason: "Legal." } }),
      // Published, withdrawn in 59 min 40 s: rounds to 60 min, an hour.
      story("2022-03-01T06:00:00Z", { slug: "pulled-too", withdrawn: { at: "2022-03-02T12:59:40Z", reason: "Legal." } }),
      // Published, withdrawn in 47 h 59 min.
      story("2022-03-01T05:00:00Z", { slug: "pulled-later", withdrawn: { at: "2022-03-04T11:59:00Z", reason: "Legal." } }),
      // Already withdrawn: a tombstone, nothing scheduled.
      story("2022-03-01T04:00:00Z", { slug: "gone", withdrawn: { at: "2022-03-02T11:00:00Z", reason: "Legal." } }),
    ]);
    const lines = await buildReport(articles, files, [], NOW);
    expect(lines[0]).toBe("Articles: 4 live, 4 scheduled, 1 withdrawn (410), 0 draft(s) left out.");
    expect(lines.slice(2)).toEqual([
      "Scheduled: content/soon.md appears at 2022-03-02T12:44:40Z (in 45 min).",
      "Scheduled: content/tomorrow.md appears at 2022-03-03T15:20:00Z (in 27 h 20 min).",
      "Scheduled: content/two-days.md appears at 2022-03-04T12:00:00Z (in 2 days).",
      "Scheduled: content/weekend.md appears at 2022-03-05T00:00:00Z (in 3 days).",
      "Scheduled: content/pulled.md is withdrawn at 2022-03-02T13:00:00Z (in 1 h 0 min).",
      "Scheduled: content/pulled-too.md is withdrawn at 2022-03-02T12:59:40Z (in 1 h 0 min).",
      "Scheduled: content/pulled-later.md is withdrawn at 2022-03-04T11:59:00Z (in 47 h 59 min).",
    ]);
  });

  it("says when a scheduled article is in the partner feed, under embargo: already, or from when", async () => {
    const { articles, files } = bundle([
      story("2022-03-02T18:00:00Z", { slug: "shared-now", partnersFrom: "2022-03-02T06:00:00Z" }),
      story("2022-03-03T18:00:00Z", { slug: "shared-later", partnersFrom: "2022-03-02T14:00:00Z" }),
      story("2022-03-04T18:00:00Z", { slug: "not-shared" }),
    ]);
    expect((await buildReport(articles, files, [], NOW)).slice(2)).toEqual([
      "Scheduled: content/shared-now.md appears at 2022-03-02T18:00:00Z (in 6 h 0 min).",
      "Embargoed: content/shared-now.md is in the partner feed now, under embargo until it appears.",
      "Scheduled: content/shared-later.md appears at 2022-03-03T18:00:00Z (in 30 h 0 min).",
      "Embargoed: content/shared-later.md is in the partner feed from 2022-03-02T14:00:00Z (in 2 h 0 min), under embargo until it appears.",
      "Scheduled: content/not-shared.md appears at 2022-03-04T18:00:00Z (in 2 days).",
    ]);
  });

  it("counts from the settled archive what it counts from every article: the Worker's documents, read as the Worker reads them", async () => {
    // 130 articles over 4 sections, 40 tags and 9 authors (the tags and authors settled into
    // their buckets), 10 h apart, some withdrawn, one scheduled and one to be withdrawn; settled at NOW.
    const hour = 3_600_000;
    const many = Array.from({ length: 130 }, (_, i) =>
      story(new Date(NOW - (140 - i) * 10 * hour).toISOString(), {
        section: `Section ${i % 4}`,
        tags: [`Tag ${i % 40}`, `Tag ${(i * 7) % 40}`],
        authors: [{ name: `Author ${i % 9}` }],
        ...(i % 17 === 3 && { withdrawn: { at: new Date(NOW - (140 - i) * 10 * hour + 5 * hour).toISOString(), reason: "Legal." } }),
      }),
    );
    const later = story(new Date(NOW + 5 * hour).toISOString(), { tags: ["Tag 3", "A new tag"], authors: [{ name: "New author" }] });
    const pulled = story(new Date(NOW - 2 * hour).toISOString(), {
      withdrawn: { at: new Date(NOW + hour).toISOString(), reason: "Legal." },
    });
    const { articles, files } = bundle([...many, later, pulled]);
    const icons = [icon("/icon-512.png")];
    const settled = settle(articles, NOW, 50, "archive-content");
    // Most is settled, tags and authors in the archive's files: the comparison reads them.
    expect(settled.index.count).toBeGreaterThan(100);
    expect(settled.index.facetBuckets).toBeGreaterThan(0);
    expect(settled.moving.length).toBeLessThan(20);
    const whole = await buildReport(articles, files, ["wip.md"], NOW, icons);
    // Given the settled archive, the report reads nothing but it: not the whole list of articles.
    const fromSettled = await buildReport([], files, ["wip.md"], NOW, icons, settled);
    expect(fromSettled).toEqual(whole);
    const kinds = serving(whole[1]);
    expect(kinds["tags pages"]).toBe(41);
    expect(kinds["authors pages"]).toBe(10);
    expect(kinds["archive feed documents"]).toBeGreaterThan(0);
    expect(whole.filter((line) => line.startsWith("Scheduled:"))).toHaveLength(2);
  });

  it("reports an empty newsroom", async () => {
    const lines = await buildReport([], new Map(), [], NOW);
    expect(lines[0]).toBe("Articles: 0 live, 0 scheduled, 0 withdrawn (410), 0 draft(s) left out.");
    expect(serving(lines[1])["article pages"]).toBe(0);
    expect(lines).toHaveLength(2);
  });
});
