import { createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";
import { testFediverseKeys } from "./tests/helpers/fediverse.js";
import { testPartnerKeys } from "./tests/helpers/partners.js";

// The asset directory of the worker tier must exist before the Workers pool reads its
// configuration; the global setup fills it (tests/global-setup.ts).
const WORKER_TEST_ASSETS = "src/generated/worker-test-assets";
mkdirSync(WORKER_TEST_ASSETS, { recursive: true });

// Three tiers, named by where they run (see docs/testing.md, "Tiers"):
//   unit   — plain Node: pure code, the content build, renderers, validators;
//   worker — inside workerd through the real Worker entry and the real content;
//   e2e    — `npm start` (wrangler dev) from outside: feed readers, HTML checker, Chromium.
// Nothing may reach Cloudflare from a test run.
process.env.WRANGLER_SEND_METRICS ??= "false";
process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= "false";

export default defineConfig({
  test: {
    globalSetup: ["tests/global-setup.ts"],
    reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }]],
    projects: [
      {
        // Some unit tests start a JVM (vnu, jing): give them room on a busy 2-core machine.
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node", testTimeout: 30_000, hookTimeout: 60_000 },
      },
      {
        plugins: [
          cloudflareTest(async () => ({
            wrangler: { configPath: "./wrangler.toml" },
            // The real content's settled archive and the newsroom fixture's, in one
            // directory the global setup fills (each in a folder named after its module).
            // The test partners and the test fediverse keys, whatever a developer's .dev.vars
            // holds (tests/helpers/partners.ts, tests/helpers/fediverse.ts); the D1 migrations,
            // applied by tests/worker/setup.ts.
            miniflare: {
              assets: { directory: WORKER_TEST_ASSETS, binding: "ASSETS" },
              bindings: {
                PARTNER_KEYS: testPartnerKeys((t) => createHash("sha256").update(t).digest("hex")),
                FEDIVERSE_KEYS: JSON.stringify(testFediverseKeys()),
                TEST_MIGRATIONS: await readD1Migrations("migrations"),
                DELIVERY_RETRY_SECONDS: "0",
              },
            },
          })),
        ],
        test: { name: "worker", include: ["tests/worker/**/*.test.ts"], setupFiles: ["tests/worker/setup.ts"] },
      },
      {
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          globalSetup: ["tests/e2e/serve.ts"],
          setupFiles: ["tests/e2e/fetch-retry.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
