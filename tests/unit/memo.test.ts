// The memo for the few values clients send again and again (src/core/memo.ts).
import { describe, expect, it } from "vitest";
import { memoized } from "../../src/core/memo.js";

describe("memoized", () => {
  it("works each value out once, an undefined answer too, and keeps none longer than it is told", () => {
    const asked: string[] = [];
    const lookup = memoized(
      (key: string) => {
        asked.push(key);
        return key.startsWith("a") ? key.length : undefined;
      },
      4,
      5,
    );
    expect([lookup("ab"), lookup("zz"), lookup("ab"), lookup("zz")]).toEqual([2, undefined, 2, undefined]);
    expect(asked).toEqual(["ab", "zz"]);
    expect([lookup("abcdef"), lookup("abcdef")]).toEqual([6, 6]);
    expect(asked).toEqual(["ab", "zz", "abcdef", "abcdef"]);
  });

  it("holds at most `limit` values, dropping them all when full", () => {
    const asked: string[] = [];
    const lookup = memoized((key: string) => asked.push(key), 2);
    for (const key of ["a", "b", "a", "c", "a", "b"]) lookup(key);
    // a, b kept; c finds it full and starts again (c kept); a again, then b finds it full.
    expect(asked).toEqual(["a", "b", "c", "a", "b"]);
  });
});
