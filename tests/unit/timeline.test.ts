// The timeline: which articles are live, scheduled or withdrawn at an instant, and when
// the next change comes.
import { beforeEach, describe, expect, it } from "vitest";
import { cacheControl, cdnCacheControl } from "../../src/http/cache-policy.js";
import { NEWS_WINDOW_MS, Timeline } from "../../src/publishing/timeline.js";
import { makeArticle } from "../helpers/fixtures.js";

const at = (iso: string) => Date.parse(iso);
const published = makeArticle({
  slug: "old",
  id: "urn:uuid:00000000-0000-4000-8000-000000000001",
  published: "2026-11-01T10:00:00Z",
  updated: "2026-11-01T10:00:00Z",
});
const scheduled = makeArticle({
  slug: "soon",
  id: "urn:uuid:00000000-0000-4000-8000-000000000002",
  published: "2026-11-21T06:00:00Z",
  updated: "2026-11-21T06:00:00Z",
});
const withdrawing = makeArticle({
  slug: "pulled",
  id: "urn:uuid:00000000-0000-4000-8000-000000000003",
  published: "2026-11-10T10:00:00Z",
  updated: "2026-11-10T10:00:00Z",
  withdrawn: { at: "2026-11-22T00:00:00Z", reason: "Withdrawn." },
});
// Made anew for each test, not once while the file is collected: StrykerJS activates a
// mutant only while tests run, so a timeline made at collection would never see it.
let timeline: Timeline;
beforeEach(() => {
  timeline = new Timeline([scheduled, withdrawing, published]);
});

describe("Timeline", () => {
  it("shows nothing of an article before its second, and everything from it", () => {
    const before = timeline.viewAt(at("2026-11-21T05:59:59.999Z"));
    expect(before.live.map((a) => a.slug)).toEqual(["pulled", "old"]);
    expect(before.nextChange).toBe(at("2026-11-21T06:00:00Z"));
    const on = timeline.viewAt(at("2026-11-21T06:00:00Z"));
    expect(on.live.map((a) => a.slug)).toEqual(["soon", "pulled", "old"]);
    expect(on.start).toBe(at("2026-11-21T06:00:00Z"));
  });

  it("turns a withdrawn article into a tombstone at its withdrawal, a scheduled withdrawal included", () => {
    const view = timeline.viewAt(at("2026-11-22T00:00:00Z"));
    expect(view.live.map((a) => a.slug)).toEqual(["soon", "old"]);
    expect(view.withdrawn.map((a) => a.slug)).toEqual(["pulled"]);
    expect(timeline.nextChangeOf(withdrawing, at("2026-11-21T00:00:00Z"))).toBe(at("2026-11-22T00:00:00Z"));
    expect(timeline.nextChangeOf(withdrawing, at("2026-11-22T00:00:00Z"))).toBe(Number.POSITIVE_INFINITY);
  });

  it("counts leaving the two-day news window as a change only when asked", () => {
    const t = at("2026-11-01T12:00:00Z");
    expect(timeline.nextChangeOf(published, t)).toBe(Number.POSITIVE_INFINITY);
    expect(timeline.nextChangeOf(published, t, true)).toBe(at("2026-11-01T10:00:00Z") + NEWS_WINDOW_MS);
  });

  it("holds from the last change until the next one, and no longer: a month's end is not a change", () => {
    const view = timeline.viewAt(at("2026-11-20T00:00:00Z"));
    // The last change: "pulled" left the two-day news window.
    expect(view.validFrom).toBe(at("2026-11-12T10:00:00Z"));
    expect(view.validUntil).toBe(at("2026-11-21T06:00:00Z"));
    const last = timeline.viewAt(at("2026-11-30T23:00:00Z"));
    expect(last.validFrom).toBe(at("2026-11-23T06:00:00Z")); // "soon" left the news window
    expect(last.validUntil).toBe(Number.POSITIVE_INFINITY);
  });
});

describe("lifetimes capped before a known change", () => {
  it("never let fresh plus stale-while-revalidate run past the cap, and drop immutable when capped", () => {
    expect(cacheControl("feed", 1)).toBe("max-age=1, stale-if-error=86400");
    expect(cacheControl("feed", 400)).toBe("max-age=300, stale-while-revalidate=100, stale-if-error=86400");
    expect(cdnCacheControl("feed", 0)).toBe("max-age=0, stale-if-error=86400");
    expect(cacheControl("archive")).toBe("max-age=31536000, immutable");
    expect(cacheControl("archive", 3600)).toBe("max-age=3600");
  });
});

describe("Timeline instants", () => {
  const first = makeArticle({
    slug: "first-pulled",
    id: "urn:uuid:00000000-0000-4000-8000-000000000011",
    published: "2026-11-02T10:00:00Z",
    updated: "2026-11-02T10:00:00Z",
    withdrawn: { at: "2026-11-05T00:00:00Z", reason: "Withdrawn." },
  });
  const second = makeArticle({
    slug: "second-pulled",
    id: "urn:uuid:00000000-0000-4000-8000-000000000012",
    published: "2026-11-01T10:00:00Z",
    updated: "2026-11-01T10:00:00Z",
    withdrawn: { at: "2026-11-06T00:00:00Z", reason: "Withdrawn." },
  });
  let both: Timeline;
  beforeEach(() => {
    both = new Timeline([first, second]);
  });

  it("records each article's published, updated and withdrawn instants, +∞ when never withdrawn", () => {
    expect(timeline.timesOf(published)).toEqual({
      published: at("2026-11-01T10:00:00Z"),
      updated: at("2026-11-01T10:00:00Z"),
      withdrawn: Number.POSITIVE_INFINITY,
    });
    expect(timeline.timesOf(withdrawing).withdrawn).toBe(at("2026-11-22T00:00:00Z"));
  });

  it("lists every change once, ascending: publications, news-window exits and withdrawals", () => {
    expect(both.changes).toEqual([
      at("2026-11-01T10:00:00Z"),
      at("2026-11-02T10:00:00Z"),
      at("2026-11-03T10:00:00Z"),
      at("2026-11-04T10:00:00Z"),
      at("2026-11-05T00:00:00Z"),
      at("2026-11-06T00:00:00Z"),
    ]);
  });

  it("is published from its instant on, and withdrawn from the withdrawal's instant on", () => {
    expect(timeline.isPublished(scheduled, at("2026-11-21T05:59:59.999Z"))).toBe(false);
    expect(timeline.isPublished(scheduled, at("2026-11-21T06:00:00Z"))).toBe(true);
    expect(timeline.isWithdrawn(withdrawing, at("2026-11-21T23:59:59.999Z"))).toBe(false);
    expect(timeline.isWithdrawn(withdrawing, at("2026-11-22T00:00:00Z"))).toBe(true);
    expect(timeline.isWithdrawn(published, at("2030-01-01T00:00:00Z"))).toBe(false);
  });

  it("lists tombstones newest withdrawal first, whatever the order of publication", () => {
    const view = both.viewAt(at("2026-11-07T00:00:00Z"));
    expect(view.live).toEqual([]);
    expect(view.withdrawn.map((a) => a.slug)).toEqual(["second-pulled", "first-pulled"]);
    const between = both.viewAt(at("2026-11-05T12:00:00Z"));
    expect(between.live.map((a) => a.slug)).toEqual(["second-pulled"]);
    expect(between.withdrawn.map((a) => a.slug)).toEqual(["first-pulled"]);
  });

  it("gives the next change strictly after now: publication first, then withdrawal, then the news window", () => {
    const t = both.timesOf(first);
    expect(both.nextChangeOf(first, t.published - 1)).toBe(t.published);
    expect(both.nextChangeOf(first, t.published - 1, true)).toBe(t.published);
    expect(both.nextChangeOf(first, t.published)).toBe(t.withdrawn);
    expect(both.nextChangeOf(first, t.published, true)).toBe(t.published + NEWS_WINDOW_MS);
    expect(both.nextChangeOf(first, t.published + NEWS_WINDOW_MS, true)).toBe(t.withdrawn);
    expect(both.nextChangeOf(first, t.withdrawn - 1, true)).toBe(t.withdrawn);
    expect(both.nextChangeOf(first, t.withdrawn, true)).toBe(Number.POSITIVE_INFINITY);
    expect(timeline.nextChangeOf(scheduled, at("2026-11-21T06:00:00Z"))).toBe(Number.POSITIVE_INFINITY);
  });

  it("makes a view before every change that starts at −∞, and one exactly at a change that starts there", () => {
    const before = both.viewAt(at("2026-11-01T09:59:59.999Z"));
    expect(before).toEqual({
      at: at("2026-11-01T09:59:59.999Z"),
      start: Number.NEGATIVE_INFINITY,
      nextChange: at("2026-11-01T10:00:00Z"),
      validFrom: Number.NEGATIVE_INFINITY,
      validUntil: at("2026-11-01T10:00:00Z"),
      live: [],
      withdrawn: [],
    });
    for (const change of both.changes) {
      const view = both.viewAt(change);
      expect(view.start).toBe(change);
      expect(both.viewAt(change - 1).nextChange).toBe(change);
    }
    const after = both.viewAt(at("2026-11-06T00:00:00Z"));
    expect(after.nextChange).toBe(Number.POSITIVE_INFINITY);
    expect(new Timeline([]).viewAt(0)).toMatchObject({ start: Number.NEGATIVE_INFINITY, nextChange: Number.POSITIVE_INFINITY });
  });
});
