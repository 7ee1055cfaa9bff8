/** Runs an external tool, with a clear message when it is not installed. */
import { type SpawnSyncOptionsWithStringEncoding, type SpawnSyncReturns, spawnSync } from "node:child_process";

export function runTool(
  command: string,
  args: string[],
  options: Partial<SpawnSyncOptionsWithStringEncoding> = {},
): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { encoding: "utf8", timeout: 60_000, ...options });
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT") {
    throw new Error(`${command} is not installed; run \`node scripts/test-deps.mjs\` (see README, "Tests")`);
  }
  if (result.error) throw result.error;
  return result;
}
