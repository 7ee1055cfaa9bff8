// The archive store's slug buckets (src/storage/archive-store.ts): held as their checked text in a
// budget of their own and searched per slug, so the lookup must find exactly the key the build
// wrote, whatever a request's path holds.
import { describe, expect, it } from "vitest";
import { frame, framePack } from "../../src/content-build/settle.js";
import { NOTHING_SETTLED, settledFiles } from "../../src/core/settled.js";
import { ArchiveStore, StorageError } from "../../src/storage/archive-store.js";

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

  it("never take a path's JSON or quotes for a key: only a slug the build could write is looked for", async () => {
    const { store, source } = storeOf({ a: 1, b: 2, "c,": 4, ":7": 5 });
    for (const slug of ['a":1,"b', 'a":1', "1-", ":", '"', ",", '"b', 'b"', "}", "{", ":4,", "c,", ":7", "a\n", "A"])
      expect(await store.position(index, slug), slug).toBeUndefined();
    expect(source.reads).toBe(0);
    expect(await store.position(index, "b")).toBe(2);
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

describe("the record packs", () => {
  const records = ['{"slug":"a"}', '{"slug":"b"}'];
  const page = { before: "<!doctype html><head>", fediverse: "<link>", after: "</head>", changed: 1_700_000_000_000, slug: "a" };
  const packOf = (bytes: Uint8Array) => {
    const source = {
      reads: 0,
      async fetch() {
        source.reads++;
        return new Response(bytes);
      },
    };
    return { store: new ArchiveStore(source), source };
  };
  const good = framePack(records, [page, undefined]);

  it("give a stored page and a record as the build wrote them", async () => {
    const { store } = packOf(good);
    expect(new TextDecoder().decode((await store.page(index, 0, false))!.bytes)).toBe("<!doctype html><head></head>");
    expect(new TextDecoder().decode((await store.page(index, 0, true))!.bytes)).toBe("<!doctype html><head><link></head>");
    expect(await store.page(index, 0, false)).toMatchObject({ changed: page.changed, slug: "a" });
    expect(await store.page(index, 1, false)).toBeUndefined();
    expect((await store.record(index, 1)).slug).toBe("b");
  });

  it("refuse a pack cut short, even past its table, and keep nothing of it", async () => {
    for (const cut of [1, 3, 20]) {
      const { store, source } = packOf(good.slice(0, good.length - cut));
      await expect(store.page(index, 0, false)).rejects.toThrow(StorageError);
      await expect(store.record(index, 0)).rejects.toThrow(/bytes where its table gives/);
      expect(source.reads).toBe(2);
    }
    const withoutPages = framePack(records);
    await expect(packOf(withoutPages.slice(0, -1)).store.record(index, 0)).rejects.toThrow(StorageError);
    expect((await packOf(withoutPages).store.record(index, 0)).slug).toBe("a");
  });

  it("refuse a table whose any field was changed: a page's Last-Modified is checked too", async () => {
    const text = new TextDecoder().decode(good);
    const changed = text.replace(String(page.changed), String(page.changed + 1000));
    expect(changed).not.toBe(text);
    await expect(packOf(new TextEncoder().encode(changed)).store.page(index, 0, false)).rejects.toThrow(
      /the record table does not match its check/,
    );
  });
});
