// Regenerates src/generated/content.ts from content/ before any test runs, so the
// Worker under test always carries the content on disk; and src/generated/newsroom.ts
// from the newsroom fixture (tests/fixtures/newsroom), which the workerd tests import, each
// with its settled archive (src/generated/content-assets, src/generated/newsroom-assets); then
// puts both settled archives in the worker tier's asset directory (vitest.config.ts), and
// writes every article of both (src/generated/all-articles.ts) for the tests to expect.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, rmSync } from "node:fs";

const WORKER_TEST_ASSETS = "src/generated/worker-test-assets";

export default function setup(): void {
  const build = (...args: string[]) =>
    execFileSync(process.execPath, ["--import", "tsx", "src/content-build/cli.ts", ...args], { stdio: "inherit" });
  build();
  // Settled at the fixture's "now" (tests/helpers/newsroom.ts): its scheduled articles keep
  // their bodies in the module, as a build made before their time would.
  build(
    "--content",
    "tests/fixtures/newsroom",
    "--out",
    "src/generated/newsroom.ts",
    "--assets",
    "src/generated/newsroom-assets",
    "--settled",
    "2026-11-20T12:00:00Z",
  );
  rmSync(WORKER_TEST_ASSETS, { recursive: true, force: true });
  mkdirSync(WORKER_TEST_ASSETS, { recursive: true });
  for (const dir of ["src/generated/content-assets", "src/generated/newsroom-assets"]) cpSync(dir, WORKER_TEST_ASSETS, { recursive: true });
  // Every article of both builds, for the workerd tests to expect (the settled ones are only in the assets).
  execFileSync(process.execPath, ["--import", "tsx", "tests/helpers/write-all-articles.ts"], { stdio: "inherit" });
}
