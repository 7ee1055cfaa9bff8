/**
 * One secret in a `.dev.vars` file (what `wrangler dev` reads, with dotenv), read and written as
 * wrangler dev will see it: `npm run partner` keeps `PARTNER_KEYS` there, `npm run fediverse`
 * `FEDIVERSE_KEYS`. A value is JSON on one line, single-quoted (dotenv takes it literally), with no
 * quote inside and no `$` for an `.env` loader to expand. Written through a rename with mode 0600.
 */
import { existsSync, readFileSync } from "node:fs";
import { relative } from "node:path";
import { parse } from "dotenv";
import { writeAtomically } from "../src/content-build/files.js";

/** A mistake of the command's user: printed alone, exit code 2. */
export class UsageError extends Error {}

/**
 * Runs a command's `run` on its arguments when `scriptPath` is the script node was started with
 * (not when a test imports it): each line it prints to stdout; a `UsageError` is its message
 * and exit status 2.
 */
export function runAsCommand(metaUrl: string, scriptPath: string, run: (args: string[], out: (line: string) => void) => Promise<void>): void {
  if (metaUrl !== `file://${process.argv[1]}` && !process.argv[1]?.endsWith(scriptPath)) return;
  run(process.argv.slice(2), (line) => console.log(line)).catch((error: unknown) => {
    if (error instanceof UsageError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  });
}

/** A path as the user would type it: relative to the working directory when inside it. */
export const shown = (path: string) => {
  const rel = relative(process.cwd(), path);
  return rel === "" || rel.startsWith("..") ? path : rel;
};

export interface VarsFile {
  path: string;
  name: string;
  lines: string[];
  /** The index of the variable's line, or −1. */
  at: number;
  /** Its value as dotenv reads it, if set. */
  value: string | undefined;
}

export function readVar(path: string, name: string): VarsFile {
  const text = existsSync(path) ? readFileSync(path, "utf8") : "";
  const lines = text === "" ? [] : text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  const assignment = new RegExp(`^\\s*(?:export\\s+)?${name}\\s*=`);
  const found = lines.flatMap((line, i) => (assignment.test(line) ? [i] : []));
  // dotenv takes the last of several: editing one would leave another in force, so a file with
  // two is refused, as is a value over several lines.
  if (found.length > 1) {
    throw new UsageError(`${shown(path)} sets ${name} on ${found.length} lines (${found.map((i) => i + 1).join(", ")}): keep one (the last is the one in force)`);
  }
  const at = found[0] ?? -1;
  // Read as wrangler dev reads it (the same dotenv), whatever quoting an editor used.
  const value = parse(text)[name];
  if (at >= 0 && parse(lines[at]!)[name] !== value) {
    throw new UsageError(`${shown(path)}: the value of ${name} spans several lines (from line ${at + 1}): write it on one`);
  }
  return { path, name, lines, at, value };
}

/** Whether the value dotenv reads is the JSON `json` (escaped or not). */
function readsBack(read: string | undefined, json: string): boolean {
  try {
    return read !== undefined && JSON.stringify(JSON.parse(read)) === json;
  } catch {
    return false;
  }
}

/** Sets the variable to `value` (serialised as JSON), keeping every other line. */
export function writeVar(file: VarsFile, value: unknown): void {
  const json = JSON.stringify(value);
  const line = `${file.name}='${json.replace(/'/g, "\\u0027").replace(/\$/g, "\\u0024")}'`;
  const lines = [...file.lines];
  if (file.at < 0) lines.push(line);
  else lines[file.at] = line;
  const text = `${lines.join("\n")}\n`;
  // What wrangler dev will read is exactly this value, or nothing is written.
  if (!readsBack(parse(text)[file.name], json)) throw new UsageError(`${shown(file.path)}: could not write ${file.name} so that it reads back the same`);
  // Through a rename: a crash leaves the old file whole, never a half-written secret.
  writeAtomically(file.path, text, 0o600);
}
