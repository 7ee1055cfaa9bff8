// CI's closing line counts every failure: a file whose beforeAll failed, a file that did
// not load, an unsuccessful run; a real Vitest report (tests/fixtures/vitest-reports/, made
// by running three small test files) and crafted ones.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { summarize } from "../../scripts/test-summary.mjs";

const root = resolve(import.meta.dirname, "../..");
const fixture = resolve(root, "tests/fixtures/vitest-reports/hook-and-load-failures.json");

describe("test-summary", () => {
  it("counts the tests a failed beforeAll kept from running, and a file that did not load, as failed", () => {
    // hook.test.mjs: beforeAll threw, both tests "skipped"; load.test.mjs: an import failed;
    // ok.test.mjs: one passed, one skipped on purpose.
    expect(summarize(JSON.parse(readFileSync(fixture, "utf8")))).toEqual({ passed: 1, failed: 3, skipped: 1 });
  });

  it("prints the line CI reads and exits 1", () => {
    const run = spawnSync(process.execPath, ["scripts/test-summary.mjs", fixture], { cwd: root, encoding: "utf8" });
    expect(run.stdout).toBe("1 passed, 3 failed, 1 skipped\n");
    expect(run.status).toBe(1);
  });

  it("an unsuccessful run has at least one failure; a missing report is a failure", () => {
    expect(summarize({ success: false, testResults: [{ status: "passed", assertionResults: [{ status: "passed" }] }] })).toEqual({
      passed: 1,
      failed: 1,
      skipped: 0,
    });
    const run = spawnSync(process.execPath, ["scripts/test-summary.mjs", "/nonexistent/report.json"], { cwd: root, encoding: "utf8" });
    expect(run.stdout).toMatch(/^no test report at \/nonexistent\/report\.json: .*\n0 passed, 1 failed\n$/);
    expect(run.status).toBe(1);
  });

  it("a clean run is all passed and exits 0", () => {
    const report = { success: true, testResults: [{ status: "passed", assertionResults: [{ status: "passed" }, { status: "passed" }] }] };
    expect(summarize(report)).toEqual({ passed: 2, failed: 0, skipped: 0 });
  });
});
