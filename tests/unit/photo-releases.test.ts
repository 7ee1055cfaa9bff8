// Which photos wait for their article (src/content-build/photo-releases.ts): every served
// name an article shows (lead image, its copies, body images and their srcset), listed only
// while no article published by the build's cut-off uses it, with the first publication and
// the earliest partners_from among the articles that do.
import { describe, expect, it } from "vitest";
import { photoNames, photoReleases } from "../../src/content-build/photo-releases.js";
import type { Article } from "../../src/core/model.js";
import { makeArticle } from "../helpers/fixtures.js";

const AT = Date.parse("2026-11-20T12:00:00Z");
const h = (n: number) => String(n).repeat(16).slice(0, 16);
const lead = {
  src: `/images/lead.${h(1)}.jpg`,
  alt: "A lead",
  width: 1600,
  height: 900,
  variants: [{ src: `/images/lead-640w.${h(2)}.jpg`, width: 640, height: 360 }],
};
const body = `<p>x</p>\n<p><img src="/images/2026/body.${h(3)}.webp" alt="b" width="1200" height="800" loading="lazy" srcset="/images/2026/body-640w.${h(4)}.webp 640w, /images/2026/body.${h(3)}.webp 1200w" sizes="(min-width: 42rem) 42rem, 100vw"></p>\n<p><img src="https://photos.example/remote.jpg" alt="r" width="10" height="10"></p>\n`;

function story(slug: string, published: string, overrides: Partial<Article> = {}): Article {
  return makeArticle({
    slug,
    id: `urn:uuid:00000000-0000-4000-8000-${slug.padStart(12, "0").slice(-12)}`,
    published,
    updated: published,
    ...overrides,
  });
}

describe("photoNames", () => {
  it("lists the lead image and its copies, and every body image and srcset entry, once; never another site's", () => {
    expect(photoNames(story("a", "2026-11-21T06:00:00Z", { image: lead, bodyHtml: body })).sort()).toEqual(
      [`lead.${h(1)}.jpg`, `lead-640w.${h(2)}.jpg`, `2026/body.${h(3)}.webp`, `2026/body-640w.${h(4)}.webp`].sort(),
    );
    expect(
      photoNames(story("b", "2026-11-21T06:00:00Z", { image: { src: "https://photos.example/x.jpg", alt: "x", width: 1, height: 1 } })),
    ).toEqual([]);
  });
});

describe("photoReleases", () => {
  it("lists none of the photos articles not given show already (the ones a build carried, all published)", () => {
    const coming = [story("later", "2026-11-25T06:00:00Z", { image: lead, bodyHtml: body })];
    const all = Object.keys(photoReleases(coming, AT));
    expect(all).toHaveLength(4);
    const shown = new Set([`lead.${h(1)}.jpg`, `2026/body-640w.${h(4)}.webp`]);
    expect(Object.keys(photoReleases(coming, AT, shown))).toEqual(all.filter((name) => !shown.has(name)));
  });

  it("lists a photo only its articles to come use, at the first of their publications and the earliest partners_from", () => {
    const releases = photoReleases(
      [
        story("later", "2026-11-25T06:00:00Z", { image: lead, partnersFrom: "2026-11-19T06:00:00Z" }),
        story("sooner", "2026-11-21T06:00:00Z", { image: lead, partnersFrom: "2026-11-20T06:00:00Z" }),
        story("plain", "2026-11-22T06:00:00Z", { bodyHtml: body }),
      ],
      AT,
    );
    expect(releases).toEqual({
      [`lead.${h(1)}.jpg`]: { published: "2026-11-21T06:00:00Z", partnersFrom: "2026-11-19T06:00:00Z" },
      [`lead-640w.${h(2)}.jpg`]: { published: "2026-11-21T06:00:00Z", partnersFrom: "2026-11-19T06:00:00Z" },
      // Shared with no partner: public at its publication, to no one before.
      [`2026/body.${h(3)}.webp`]: { published: "2026-11-22T06:00:00Z" },
      [`2026/body-640w.${h(4)}.webp`]: { published: "2026-11-22T06:00:00Z" },
    });
  });

  it("leaves out a photo an article published by the cut-off uses, however many articles to come use it too", () => {
    const releases = photoReleases(
      [
        story("to-come", "2026-11-21T06:00:00Z", { image: lead, partnersFrom: "2026-11-20T06:00:00Z" }),
        story("archive", "2024-01-01T06:00:00Z", { image: lead }),
      ],
      AT,
    );
    expect(releases).toEqual({});
    // At the cut-off exactly, it is published.
    expect(photoReleases([story("now", "2026-11-20T12:00:00Z", { image: lead })], AT)).toEqual({});
  });
});
