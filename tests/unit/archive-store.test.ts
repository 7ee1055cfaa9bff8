// The archive store's slug buckets (src/storage/archive-store.ts): held as their checked text in a
// budget of their own and searched per slug, so the lookup must find exactly the key the build
// wrote, whatever a request's path holds.
import { describe, expect, it } from "vitest";
import { frame } from "../../src/content-build/settle.js";
import { NOTHING_SETTLED, settledFiles } from "../../src/core/settled.js";
import { ArchiveStore } from "../../src/storage/archive-store.js";

const index = { ...NOTHING_SETTLED, folder: "archive-x", count: 100, buckets: 1 };

/** A store over one slug bucket with these entries, counting its reads. */
function storeOf(entries: Record<string, number>, options = {}) {
  const bytes = frame(JSON.stringify(entries));
  const source = {
    reads: 0,
    async fetch(request: Request) {
      source.reads++;
      if (!request.url.endsWith(`/archive-x/${settledFiles.slugs(0)}`)) return new Response(null, { status: 404 });
      return new Response(bytes);
    },
  };
  return { store: new ArchiveStore(source, options), source };
}

describe("the slug buckets", () => {
  it("give each slug its own position, and none to a slug the bucket does not have", async () => {
    const { store, source } = storeOf({ ab: 1, a: 20, b: 3, "x-a": 45, "long-slug-2026": 99999 });
    expect(await store.position(index, "a")).toBe(20);
    expect(await store.position(index, "ab")).toBe(1);
    expect(await store.position(index, "b")).toBe(3);
    expect(await store.position(index, "x-a")).toBe(45);
    expect(await store.position(index, "long-slug-2026")).toBe(99999);
    for (const slug of ["", "x", "-a", "a-", "long-slug-202", "A"]) expect(await store.position(index, slug), slug).toBeUndefined();
    expect(source.reads).toBe(1);
  });

  it("never take a path's JSON or quotes for a key: what is not a key the build wrote has no position", async () => {
    const { store } = storeOf({ a: 1, b: 2, 'q"uote': 3, "c,d": 4 });
    for (const slug of ['a":1,"b', 'a":1', "1", ":", '"', ",", '"b', 'b"', "}", "{", "c", "d", ",d", 'q\\"uote'])
      expect(await store.position(index, slug), slug).toBeUndefined();
    expect(await store.position(index, 'q"uote')).toBe(3);
    expect(await store.position(index, "c,d")).toBe(4);
  });

  it("are held in their own budget: the other files do not push them out, and a budget too small holds none", async () => {
    const { store, source } = storeOf({ a: 1 }, { budgetBytes: 0 });
    await store.position(index, "a");
    await store.position(index, "a");
    expect(source.reads).toBe(1);
    expect(store.holds(`archive-x/${settledFiles.slugs(0)}`)).toBe(true);
    const small = storeOf({ a: 1 }, { slugBudgetBytes: 4 });
    await small.store.position(index, "a");
    await small.store.position(index, "a");
    expect(small.source.reads).toBe(2);
  });
});
