import { describe, expect, it } from "vitest";
import { cacheControl, cdnCacheControl, lifetimes, longestReuse, rssTtlMinutes } from "../../src/http/cache-policy.js";

describe("the cache policy", () => {
  it("gives readers and the CDN their own lifetimes, with stale-while-revalidate and stale-if-error", () => {
    expect(cacheControl("feed")).toBe("max-age=300, stale-while-revalidate=300, stale-if-error=86400");
    expect(cdnCacheControl("feed")).toBe("max-age=86400, stale-while-revalidate=300, stale-if-error=86400");
    expect(cacheControl("article")).toBe("max-age=300, stale-while-revalidate=3600, stale-if-error=86400");
    expect(cacheControl("home")).toBe("max-age=60, stale-while-revalidate=300, stale-if-error=86400");
    expect(cacheControl("asset")).toBe("max-age=3600, stale-while-revalidate=86400, stale-if-error=86400");
  });

  it("never uses s-maxage, must-revalidate or proxy-revalidate, which would switch stale serving off at the edge", () => {
    for (const kind of ["feed", "home", "article", "asset", "notFound", "redirect"] as const) {
      expect(`${cacheControl(kind)} ${cdnCacheControl(kind)}`).not.toMatch(/s-maxage|must-revalidate|proxy-revalidate/);
    }
  });

  it("keeps 404s briefly and errors not at all", () => {
    expect(cacheControl("notFound")).toBe("max-age=60");
    expect(cdnCacheControl("notFound")).toBe("max-age=60");
    expect(cacheControl("error")).toBe("no-store");
    expect(cdnCacheControl("error")).toBeUndefined();
  });

  it("caps freshness plus stale-while-revalidate at a given horizon", () => {
    expect(cacheControl("feed", 42)).toBe("max-age=42, stale-if-error=86400");
    expect(cdnCacheControl("feed", 42)).toBe("max-age=42, stale-if-error=86400");
    expect(cacheControl("feed", 400)).toBe("max-age=300, stale-while-revalidate=100, stale-if-error=86400");
    expect(cacheControl("feed", 0)).toBe("max-age=0, stale-if-error=86400");
  });

  it("derives the RSS <ttl> from the feeds' max-age", () => {
    expect(rssTtlMinutes()).toBe(lifetimes.feed.maxAge / 60);
  });
});

describe("the cache policy, kind by kind", () => {
  it.each([
    [
      "listing",
      "max-age=300, stale-while-revalidate=300, stale-if-error=86400",
      "max-age=86400, stale-while-revalidate=300, stale-if-error=86400",
    ],
    [
      "sitemap",
      "max-age=300, stale-while-revalidate=300, stale-if-error=86400",
      "max-age=86400, stale-while-revalidate=300, stale-if-error=86400",
    ],
    [
      "home",
      "max-age=60, stale-while-revalidate=300, stale-if-error=86400",
      "max-age=86400, stale-while-revalidate=300, stale-if-error=86400",
    ],
    [
      "article",
      "max-age=300, stale-while-revalidate=3600, stale-if-error=86400",
      "max-age=86400, stale-while-revalidate=3600, stale-if-error=86400",
    ],
    [
      "asset",
      "max-age=3600, stale-while-revalidate=86400, stale-if-error=86400",
      "max-age=86400, stale-while-revalidate=86400, stale-if-error=86400",
    ],
    [
      "icon",
      "max-age=604800, stale-while-revalidate=86400, stale-if-error=604800",
      "max-age=2592000, stale-while-revalidate=86400, stale-if-error=604800",
    ],
    ["gone", "max-age=3600", "max-age=86400"],
    ["redirect", "max-age=86400", "max-age=86400"],
    ["archive", "max-age=31536000, immutable", "max-age=31536000, immutable"],
  ] as const)("%s: Cache-Control %j, CDN-Cache-Control %j", (kind, browser, cdn) => {
    expect(cacheControl(kind)).toBe(browser);
    expect(cdnCacheControl(kind)).toBe(cdn);
  });

  it("keeps immutable when the cap is no shorter than the lifetime", () => {
    expect(cacheControl("archive", 31_536_000)).toBe("max-age=31536000, immutable");
    expect(cacheControl("archive", 31_535_999)).toBe("max-age=31535999");
  });

  it("caps stale-while-revalidate at what is left after max-age, and never below 0", () => {
    expect(cacheControl("article", 301)).toBe("max-age=300, stale-while-revalidate=1, stale-if-error=86400");
    expect(cacheControl("article", 300)).toBe("max-age=300, stale-if-error=86400");
    expect(cacheControl("article", -10)).toBe("max-age=0, stale-if-error=86400");
    expect(cdnCacheControl("icon", 100)).toBe("max-age=100, stale-if-error=604800");
  });

  it("gives the longest reuse by anyone as the longer lifetime plus stale-while-revalidate", () => {
    expect(longestReuse("feed")).toBe(86_400 + 300);
    expect(longestReuse("article")).toBe(86_400 + 3600);
    expect(longestReuse("icon")).toBe(30 * 86_400 + 86_400);
    expect(longestReuse("archive")).toBe(31_536_000);
    expect(longestReuse("notFound")).toBe(60);
    expect(longestReuse("error")).toBe(0);
  });

  it("makes the RSS <ttl> 5 minutes", () => {
    expect(rssTtlMinutes()).toBe(5);
  });
});
