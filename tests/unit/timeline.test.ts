// The timeline: which articles are live, scheduled or withdrawn at an instant, and when
// the next change comes.
import { describe, expect, it } from "vitest";
import { cacheControl, cdnCacheControl } from "../../src/http/cache-policy.js";
import { NEWS_WINDOW_MS, Timeline } from "../../src/timeline.js";
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
const timeline = new Timeline([scheduled, withdrawing, published]);

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
