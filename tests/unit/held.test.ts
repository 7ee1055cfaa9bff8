// The representations an isolate holds: a byte budget, least recently used out, renderings
// in flight neither counted nor evicted.
import { describe, expect, it } from "vitest";
import { HeldRepresentations, heldBytes } from "../../src/app/held.js";
import { makeRepresentation, type Representation } from "../../src/http/representation.js";

const rep = (size: number, gzip?: number): Representation =>
  makeRepresentation({
    body: new Uint8Array(size),
    etag: `W/"${size}"`,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
    ...(gzip !== undefined && { gzipBody: new Uint8Array(gzip) }),
  });

describe("HeldRepresentations", () => {
  it("counts a representation's bodies, both codings, and a fixed overhead", () => {
    expect(heldBytes(rep(1000))).toBe(1000 + 2048);
    expect(heldBytes(rep(1000, 300))).toBe(1300 + 2048);
  });

  it("drops the least recently used beyond the budget; a hit makes an entry the most recent", () => {
    const held = new HeldRepresentations(3 * (1000 + 2048));
    held.hold("/a", rep(1000), "va");
    held.hold("/b", rep(1000), "vb");
    held.hold("/c", rep(1000), "vc");
    expect(held.bytes).toBe(3 * 3048);
    held.get("/a"); // now /b is the oldest
    held.hold("/d", rep(1000), "vd");
    expect(held.get("/b")).toBeUndefined();
    expect([...held.resolved()].map(([path, , version]) => `${path}:${version}`)).toEqual(["/c:vc", "/a:va", "/d:vd"]);
    expect(held.bytes).toBe(3 * 3048);
  });

  it("serves but does not hold a representation larger than the whole budget", () => {
    const held = new HeldRepresentations(5000);
    held.hold("/small", rep(100), "v");
    held.hold("/huge", rep(10_000), "v");
    expect(held.get("/huge")).toBeUndefined();
    expect(held.get("/small")).toBeDefined();
    expect(held.bytes).toBe(2148);
  });

  it("holds a rendering in flight without counting it, and replaces it when it resolves", async () => {
    const held = new HeldRepresentations(4000);
    const pending = Promise.resolve(rep(10));
    held.pending("/p", pending, "v1");
    expect(held.get("/p")).toBe(pending);
    expect(held.bytes).toBe(0);
    expect([...held.resolved()]).toEqual([]);
    // Filling the budget does not evict what is in flight.
    held.hold("/x", rep(1900), "v");
    held.hold("/y", rep(1900), "v");
    expect(held.get("/p")).toBe(pending);
    held.hold("/p", await pending, "v1");
    expect(held.get("/p")).not.toBeInstanceOf(Promise);
    expect(held.bytes).toBeLessThanOrEqual(4000);
    expect(held.get("/x")).toBeUndefined(); // the oldest went to make room
  });

  it("forgets an entry on remove, bytes and all", () => {
    const held = new HeldRepresentations();
    held.hold("/a", rep(10), "v");
    held.remove("/a");
    held.remove("/never-held");
    expect(held.count).toBe(0);
    expect(held.bytes).toBe(0);
  });
});
