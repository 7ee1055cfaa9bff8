import { describe, expect, it } from "vitest";
import { cacheControl, cdnCacheControl, lifetimes, rssTtlMinutes } from "../../src/http/cache-policy.js";

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
