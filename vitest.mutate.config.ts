import { defineConfig } from "vitest/config";

// The Node tier as `npm run mutate` (StrykerJS) runs it: the unit tests, without those that
// only start external programs (the JVM-based validators over the whole newsroom, the tool
// probes, the build CLI in a child process), which the mutants of pure code cannot reach
// in-process. See stryker.config.mjs.
export default defineConfig({
  test: {
    globalSetup: ["tests/global-setup.ts"],
    include: ["tests/unit/**/*.test.ts"],
    exclude: [
      "tests/unit/newsroom.test.ts",
      "tests/unit/validators.test.ts",
      "tests/unit/test-tools.test.ts",
      "tests/unit/test-summary.test.ts",
    ],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
