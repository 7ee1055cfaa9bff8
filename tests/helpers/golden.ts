/**
 * Golden files (tests/golden/): a missing one fails — it is never written by a test run —
 * and `UPDATE_GOLDEN=1 npx vitest run` rewrites them after an intended change (read the
 * diff before committing). Every golden must be named by some test
 * (tests/unit/goldens.test.ts), and sits beside structural assertions on the same output,
 * so updating a golden cannot silently change what the output means.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { expect } from "vitest";

export const GOLDEN_DIR = resolve(import.meta.dirname, "../golden");

/** Asserts that `actual` is byte for byte the golden file `name` (relative to tests/golden/). */
export function expectGolden(actual: string, name: string): void {
  const file = resolve(GOLDEN_DIR, name);
  if (process.env.UPDATE_GOLDEN === "1") {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file)) throw new Error(`golden file tests/golden/${name} is missing; write it with UPDATE_GOLDEN=1 and read it`);
  expect(actual, `tests/golden/${name}`).toBe(readFileSync(file, "utf8"));
}
