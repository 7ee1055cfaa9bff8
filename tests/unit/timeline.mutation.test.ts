// The timeline at its edges (src/publishing/timeline.ts): an article never withdrawn adds no change
// instant of its own, and one withdrawn at the instant it is published is a tombstone from
// that instant, while no withdrawal counts before publication.
import { describe, expect, it } from "vitest";
import { NEWS_WINDOW_MS, Timeline } from "../../src/publishing/timeline.js";
import { makeArticle } from "../helpers/fixtures.js";

const at = (iso: string) => Date.parse(iso);

describe("Timeline edges", () => {
  it("lists only the publication and the news-window exit of an article never withdrawn", () => {
    const timeline = new Timeline([makeArticle({ published: "2026-11-01T10:00:00Z", updated: "2026-11-01T10:00:00Z" })]);
    expect(timeline.changes).toEqual([at("2026-11-01T10:00:00Z"), at("2026-11-01T10:00:00Z") + NEWS_WINDOW_MS]);
  });

  it("makes an article withdrawn at its publication instant a tombstone from that instant", () => {
    const article = makeArticle({
      published: "2026-11-01T10:00:00Z",
      updated: "2026-11-01T10:00:00Z",
      withdrawn: { at: "2026-11-01T10:00:00Z", reason: "Published in error." },
    });
    const timeline = new Timeline([article]);
    const t = at("2026-11-01T10:00:00Z");
    expect(timeline.isWithdrawn(article, t)).toBe(true);
    expect(timeline.viewAt(t)).toMatchObject({ live: [], withdrawn: [article] });
    expect(timeline.viewAt(t - 1)).toMatchObject({ live: [], withdrawn: [] });
  });

  it("does not count a withdrawal dated before publication until the article is published", () => {
    const article = makeArticle({
      published: "2026-11-02T10:00:00Z",
      updated: "2026-11-02T10:00:00Z",
      withdrawn: { at: "2026-11-01T10:00:00Z", reason: "Never mind." },
    });
    const timeline = new Timeline([article]);
    expect(timeline.isWithdrawn(article, at("2026-11-01T12:00:00Z"))).toBe(false);
    expect(timeline.isWithdrawn(article, at("2026-11-02T10:00:00Z"))).toBe(true);
  });
});
