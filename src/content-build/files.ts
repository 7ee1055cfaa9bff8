/** File reading and writing shared by the content build's outputs (the module, the settled archive, the build's caches) and `npm run partner`. */
import { type BigIntStats, copyFileSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * A file's size, modification and change times (ns) and inode: what the build's caches compare to
 * tell a file unchanged without reading it (the parse cache its articles, `staging.ts` the archive's files).
 */
export const statIdentity = (stat: BigIntStats): [size: string, mtimeNs: string, ctimeNs: string, ino: string] => [
  String(stat.size),
  String(stat.mtimeNs),
  String(stat.ctimeNs),
  String(stat.ino),
];

/** Writes `path` through a temporary file and a rename: a reader sees the old file or the new one, never half. */
export function writeAtomically(path: string, data: string | Uint8Array, mode?: number): void {
  const temp = `${path}.${process.pid}.tmp`;
  // With a mode, the file has it from its first byte (a secret is never readable by others).
  writeFileSync(temp, data, mode === undefined ? {} : { mode });
  renameSync(temp, path);
}

/** Copies `from` to `path` through a temporary file and a rename. */
export function copyAtomically(from: string, path: string): void {
  const temp = `${path}.${process.pid}.tmp`;
  copyFileSync(from, temp);
  renameSync(temp, path);
}

/** Removes every entry of `dir` whose name is not in `keep`; the number removed. */
export function removeAllBut(dir: string, keep: ReadonlySet<string>): number {
  let removed = 0;
  for (const name of readdirSync(dir)) {
    if (keep.has(name)) continue;
    rmSync(join(dir, name), { recursive: true, force: true });
    removed++;
  }
  return removed;
}

/** The JSON object a cache file holds, or an empty one when the file is missing, damaged or not an object. */
export function readJsonObject<T>(path: string): Record<string, T> {
  try {
    const parsed = JSON.parse(readFileSync(path, "utf8")) as unknown;
    if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Record<string, T>;
  } catch {
    // Missing or damaged: as if empty.
  }
  return {};
}
