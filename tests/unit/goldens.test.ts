// Golden files are checks only if a missing one fails, an unused one is noticed, and no
// test writes them as a side effect of running.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { expectGolden, GOLDEN_DIR } from "../helpers/golden.js";

const testsDir = resolve(import.meta.dirname, "..");
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
const testSources = files(testsDir)
  .filter((f) => f.endsWith(".test.ts") && !f.endsWith("goldens.test.ts"))
  .map((f) => readFileSync(f, "utf8"));

describe("golden files", () => {
  it("a missing golden fails, naming it, and writes nothing", () => {
    expect(() => expectGolden("anything", "no-such-golden.xml")).toThrow(
      "golden file tests/golden/no-such-golden.xml is missing; write it with UPDATE_GOLDEN=1 and read it",
    );
    expect(files(GOLDEN_DIR).some((f) => f.endsWith("no-such-golden.xml"))).toBe(false);
  });

  it("a golden that differs fails", () => {
    expect(() => expectGolden("not the feed", "rss.xml")).toThrow(/tests\/golden\/rss\.xml/);
  });

  it("every golden file is named by a test", () => {
    const unused = files(GOLDEN_DIR)
      .map((f) => relative(GOLDEN_DIR, f))
      .filter((name) => {
        const base = name.split("/").at(-1)!;
        return !testSources.some((source) => source.includes(`"${name}"`) || source.includes(`"${base}"`));
      });
    expect(unused).toEqual([]);
  });

  it("no test uses Vitest's own snapshots, which write a missing file instead of failing", () => {
    for (const source of testSources) expect(source).not.toMatch(/toMatch(File|Inline)?Snapshot\(/);
  });
});
