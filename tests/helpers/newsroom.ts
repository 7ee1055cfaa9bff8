/**
 * The newsroom fixture (tests/fixtures/newsroom): 35 articles from March 2022 to
 * December 2026 in seven sections, by ten authors, with a corrected article, a withdrawn
 * one, two scheduled ones and a draft. The tests run it at a fixed time, `NOW`.
 */
import { siteDefaults } from "../../src/core/config.js";
import type { Site } from "../../src/core/model.js";

/** The fixed "now" of the newsroom tests: Friday 20 November 2026, 12:00 UTC. */
export const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);

/** A scheduled article with its own author and tag: nothing about it exists before `T`. */
export const SCHEDULED = {
  slug: "mars-samples-arrive",
  id: "urn:uuid:cb42665c-e57b-5ac7-b5ee-469534030de7",
  title: "Capsule with the first Mars rock samples lands in Utah",
  at: Date.UTC(2026, 10, 21, 6, 0, 0),
  /** Its `partners_from`: partners see it, embargoed, from here until `at`. */
  partnersFrom: Date.UTC(2026, 10, 20, 6, 0, 0),
  author: "/authors/priya-raman",
  tag: "/tags/mars-sample-return",
  section: "/sections/science",
};

/** Scheduled after SCHEDULED, into a month that has no article yet: the last publication of the fixture. */
export const NEXT_MONTH = { slug: "year-in-review-opens", at: Date.UTC(2026, 11, 1, 5, 0, 0) };

export const CORRECTED = "heatwave-deaths-study";
export const WITHDRAWN = { slug: "minister-resigns-over-contracts", at: Date.parse("2026-11-11T10:00:00+01:00") };
export const DRAFT = "draft-budget-preview";

/** The real newsroom's settings on a test host, with small feeds so the archives and bounded feeds matter. */
export function newsroomSite(overrides: Partial<Site> = {}): Site {
  return { ...siteDefaults, baseUrl: "https://news.example", feedSize: 10, ...overrides };
}
