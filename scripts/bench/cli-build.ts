/**
 * The content build as an editor runs it: `src/content-build/cli.ts` (what `npm run build:content`
 * runs) in a fresh process, writing its outputs, timed from outside. Its parse cache and pack memo
 * are where the CLI keeps them for any folder (node_modules/.cache, `contentCacheDir`).
 */
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { contentCacheDir } from "../../src/content-build/parse-cache.js";

const ROOT = resolve(import.meta.dirname, "../..");
const TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;

export interface CliBuild {
  ms: number;
  /** Peak resident memory, by GNU time (Debian's `time` package) when it is installed. */
  peakMiB: number | undefined;
  /** The CLI's summary line. */
  summary: string;
}

/** Runs the CLI on `content`, its module written to `outFile` (the assets beside it); throws when it fails. */
export function cliBuild(content: string, outFile: string, extra: readonly string[] = []): CliBuild {
  const cli = [process.execPath, "--import", "tsx", join(ROOT, "src/content-build/cli.ts"), "--content", content, "--out", outFile, ...extra];
  const started = performance.now();
  const run = TIME ? spawnSync(TIME, ["-f", "%M", ...cli], { cwd: ROOT, encoding: "utf8" }) : spawnSync(cli[0]!, cli.slice(1), { cwd: ROOT, encoding: "utf8" });
  const ms = performance.now() - started;
  if (run.status !== 0) throw new Error(`the CLI failed on ${content} (${run.status}):\n${run.stdout}\n${run.stderr}`);
  const peakMiB = TIME ? Number(run.stderr.trim().split("\n").at(-1)) / 1024 : undefined;
  return { ms, peakMiB, summary: run.stdout.split("\n")[0] ?? "" };
}

/** Forgets what the CLI kept of a content folder's last build (its parse cache and pack memo): its next build parses every file. */
export function forgetCliCache(content: string): void {
  const { dir, packs } = contentCacheDir(ROOT, resolve(content));
  rmSync(dir, { recursive: true, force: true });
  rmSync(packs, { recursive: true, force: true });
}

/** The CLI's parse cache of a content folder, for a build in this process to share. */
export const cliCacheDir = (content: string) => contentCacheDir(ROOT, resolve(content)).dir;
