// Mutation testing of the pure modules with the Node tier: `npm run mutate` (not part of
// `npm test` or CI: it takes minutes). Report: test-results/mutation/index.html.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutate.config.ts" },
  plugins: ["@stryker-mutator/vitest-runner"],
  mutate: [
    "src/http/**/*.ts",
    // The Cache API mechanism is exercised in workerd (tests/worker), not in Node.
    "!src/http/edge-cache.ts",
    "src/render/**/*.ts",
    "src/publishing/timeline.ts",
    "src/content-build/**/*.ts",
    // The CLI is tested as a child process, which Stryker's in-process coverage cannot see.
    "!src/content-build/cli.ts",
  ],
  // The bench's synthetic newsrooms (hundreds of thousands of files) are not the tests' business.
  ignorePatterns: [".bench"],
  ignoreStatic: true,
  coverageAnalysis: "perTest",
  concurrency: 2,
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "test-results/mutation/index.html" },
  jsonReporter: { fileName: "test-results/mutation/report.json" },
  thresholds: { high: 90, low: 85, break: 85 },
  tempDirName: ".stryker-tmp",
};
