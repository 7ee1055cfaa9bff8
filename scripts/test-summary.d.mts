// Types for test-summary.mjs.
export function summarize(report: unknown): { passed: number; failed: number; skipped: number };
