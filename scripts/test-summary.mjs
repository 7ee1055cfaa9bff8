#!/usr/bin/env node
// Prints Vitest's JSON report (test-results/vitest.json) as the one line CI reads:
// "N passed, N failed" (", N skipped" when any were skipped on purpose). Exits 1 when
// anything failed or the report is missing.
//
// A failure is never hidden as a skip: in a test file that failed, every test that did not
// run (its beforeAll failed, say) counts as failed; a failed file with no test that failed
// or was skipped (it did not load, or an afterAll failed) counts as one failure; and a run
// Vitest calls unsuccessful (an unhandled error, an obsolete snapshot) has at least one.
import { readFileSync } from "node:fs";

/** The counts for one Vitest JSON report. */
export function summarize(report) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const file of report.testResults ?? []) {
    const results = file.assertionResults ?? [];
    const count = (...statuses) => results.filter((r) => statuses.includes(r.status)).length;
    passed += count("passed");
    const failedHere = count("failed");
    const notRun = count("skipped", "pending", "todo");
    if (file.status === "failed") {
      failed += failedHere + notRun;
      if (failedHere + notRun === 0) failed += 1;
    } else {
      failed += failedHere;
      skipped += notRun;
    }
  }
  if (report.success === false && failed === 0) failed = 1;
  return { passed, failed, skipped };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2] ?? "test-results/vitest.json";
  let report;
  try {
    report = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    console.log(`no test report at ${file}: ${error.message}`);
    console.log("0 passed, 1 failed");
    process.exit(1);
  }
  const { passed, failed, skipped } = summarize(report);
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
  process.exit(failed > 0 ? 1 : 0);
}
