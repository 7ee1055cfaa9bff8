// The representations an isolate holds: a byte budget, the least used out (second chance),
// renderings in flight neither counted nor evicted.
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

  it("drops the oldest unused beyond the budget; one used since it was held gets a second chance", () => {
    const held = new HeldRepresentations(3 * (1000 + 2048));
    held.hold("/a", rep(1000), "va");
    held.hold("/b", rep(1000), "vb");
    held.hold("/c", rep(1000), "vc");
    expect(held.bytes).toBe(3 * 3048);
    held.get("/a"); // used: /b goes first
    held.hold("/d", rep(1000), "vd");
    expect(held.get("/b")).toBeUndefined();
    // /a was moved on, unmarked, past /d.
    const order = () => [...held.resolved()].map(([path, , version]) => `${path}:${version}`);
    expect(order()).toEqual(["/c:vc", "/d:vd", "/a:va"]);
    expect(held.bytes).toBe(3 * 3048);
    // Its chance is spent: unused since, it is the next out after /c; /d, used, outlives both.
    held.get("/d");
    held.hold("/e", rep(1000), "ve");
    expect(order()).toEqual(["/d:vd", "/a:va", "/e:ve"]);
    held.hold("/f", rep(1000), "vf");
    expect(order()).toEqual(["/e:ve", "/f:vf", "/d:vd"]);
    expect(held.bytes).toBe(3 * 3048);
  });

  it("a new entry is not dropped by its own arrival, even when the ones it passes were all used", () => {
    const held = new HeldRepresentations(2 * 3048 + 1000);
    held.hold("/a", rep(1000), "va");
    held.hold("/b", rep(1000), "vb");
    held.get("/a");
    held.get("/b");
    // Room for /c with one of the others: /a and /b are moved on unmarked, then /a goes, not /c.
    held.hold("/c", rep(2000), "vc");
    expect([...held.resolved()].map(([path]) => path)).toEqual(["/c", "/b"]);
  });

  it("a hit does not reorder what is held (it only marks the entry)", () => {
    const held = new HeldRepresentations();
    for (const path of ["/a", "/b", "/c"]) held.hold(path, rep(10), "v");
    for (let i = 0; i < 5; i++) held.get("/a");
    expect([...held.resolved()].map(([path]) => path)).toEqual(["/a", "/b", "/c"]);
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
