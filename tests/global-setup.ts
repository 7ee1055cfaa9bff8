// Regenerates src/generated/content.ts from content/ before any test runs, so the
// Worker under test always carries the content on disk; and src/generated/newsroom.ts
// from the newsroom fixture (tests/fixtures/newsroom), which the workerd tests import.
import { execFileSync } from "node:child_process";

export default function setup(): void {
  const build = (...args: string[]) =>
    execFileSync(process.execPath, ["--import", "tsx", "src/build/cli.ts", ...args], { stdio: "inherit" });
  build();
  build("--content", "tests/fixtures/newsroom", "--out", "src/generated/newsroom.ts");
}
