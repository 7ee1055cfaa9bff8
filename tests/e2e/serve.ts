// Global setup of the e2e tier: `npm start` on a free port, exactly as the README tells a
// newcomer to run it; its URL is handed to the tests. Its partners are not whatever a
// developer's `.dev.vars` holds: `npm run partner -- add` writes one into a file of its own,
// which wrangler dev reads instead (`--env-file`, the same dotenv parser), and the token it
// printed is handed to the tests.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { run } from "../../scripts/partner.js";
import { serveLocally } from "../../scripts/serve-locally.js";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    /** The token `npm run partner -- add` printed for the one partner the served Worker knows. */
    partnerToken: string;
    /** The file holding the served Worker's PARTNER_KEYS (`npm start` restarts when it changes). */
    partnerFile: string;
  }
}

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), "e2e-partners-"));
  const vars = join(dir, ".dev.vars");
  const printed: string[] = [];
  await run(["add", "E2E Gazette", "--file", vars], (line) => printed.push(line));
  const service = await serveLocally(["--env-file", vars]);
  project.provide("baseUrl", service.url);
  project.provide("partnerToken", printed.at(-1)!);
  project.provide("partnerFile", vars);
  return () => {
    service.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
