/**
 * Runs an external tool. A tool that is missing, killed, times out, or exits with a status
 * its caller did not expect is an error naming the tool: a checker that did not run never
 * counts as a checker that found nothing.
 */
import { type SpawnSyncOptionsWithStringEncoding, type SpawnSyncReturns, spawnSync } from "node:child_process";

/** How a test may replace a tool: another command, or another environment (e.g. a broken JAVA_HOME). */
export interface ToolOverride {
  command?: string;
  env?: NodeJS.ProcessEnv;
}

export class ToolError extends Error {
  override name = "ToolError";
}

/**
 * Runs `command` and returns its result if it exited with one of `okStatuses`; throws a
 * `ToolError` naming `tool` otherwise.
 */
export function runTool(
  tool: string,
  command: string,
  args: string[],
  okStatuses: number[],
  options: Partial<SpawnSyncOptionsWithStringEncoding> = {},
): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { encoding: "utf8", timeout: 120_000, maxBuffer: 64 * 1024 * 1024, ...options });
  const code = (result.error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT")
    throw new ToolError(
      `${tool}: ${command} is not installed; run \`node scripts/test-deps.mjs\` (see docs/testing.md, "Running the tests")`,
    );
  if (result.signal) throw new ToolError(`${tool}: ${command} was killed by ${result.signal}`);
  // EPIPE: the tool exited before reading all its input; its status below tells why.
  if (result.error && code !== "EPIPE") throw new ToolError(`${tool}: ${command} could not run: ${result.error.message}`);
  if (!okStatuses.includes(result.status ?? -1)) {
    const said = `${result.stderr ?? ""}\n${result.stdout ?? ""}`.trim().split("\n").filter(Boolean).slice(-3).join(" | ");
    throw new ToolError(`${tool}: ${command} exited ${result.status}${said ? `: ${said}` : " and said nothing"}`);
  }
  return result;
}
