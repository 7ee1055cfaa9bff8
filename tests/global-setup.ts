// Regenerates src/generated/content.ts from content/ before any test runs, so the
// Worker under test always carries the content on disk.
import { execFileSync } from "node:child_process";

export default function setup(): void {
  execFileSync(process.execPath, ["--import", "tsx", "src/build/cli.ts"], { stdio: "inherit" });
}
