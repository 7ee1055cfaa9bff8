/**
 * The content build's memory between runs: each article file's parse (front matter, schema,
 * Markdown) kept on disk under the SHA-256 of the build's code version, the file's name and
 * its bytes. A rebuild parses only the files whose bytes changed; a change to the build's code
 * or to the locked dependencies changes every key, so an entry is never used for anything but
 * the exact input that made it. Only clean parses are kept (a file with errors is parsed, and
 * reported, every time). A missing, unreadable or damaged entry is a miss, parsed and written
 * again. Entries no build of this folder used are removed after a successful build.
 *
 * A file is read and hashed only when it may have changed: `files.json` keeps, for each file of
 * the last build, its size, modification and change times (to the nanosecond) and inode with
 * its key, and a file whose four are the same is taken for unchanged without being read, as git
 * and make do. The change time (ctime) moves on every write and every `touch`, even one that
 * puts the modification time back, and no tool can set it; a file modified within two seconds
 * before that list was saved is read again all the same (a write in the same clock tick as the
 * save could leave all four unchanged).
 */
import { createHash } from "node:crypto";
import { type BigIntStats, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import type { ParseCache, ParsedArticle } from "./build-content.js";
import { removeAllBut, writeAtomically } from "./files.js";

/**
 * The build's code version: a hash of every source file under `src/` but the generated ones,
 * and of `package-lock.json` (the parsers' versions), read from `root`.
 */
export function buildCodeVersion(root: string): string {
  const hash = createHash("sha256");
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        if (path !== join(root, "src", "generated")) walk(path);
      } else {
        hash
          .update(`${relative(root, path)}\0`)
          .update(readFileSync(path))
          .update("\0");
      }
    }
  };
  walk(join(root, "src"));
  const lock = join(root, "package-lock.json");
  if (existsSync(lock)) hash.update(readFileSync(lock));
  return hash.digest("hex");
}

interface CachedParse {
  key: string;
  parsed: ParsedArticle;
}

/** What the last build saw of a file: size, mtime and ctime (ns), inode, and its key. */
type Seen = [size: string, mtimeNs: string, ctimeNs: string, ino: string, key: string];
const FILES = "files.json";
/** Files modified this close before the list was saved are read again (ns). */
const RACY_NS = 2_000_000_000n;

const statOf = (stat: BigIntStats): Seen => [String(stat.size), String(stat.mtimeNs), String(stat.ctimeNs), String(stat.ino), ""];

/** The list of files the last build saw, or none when missing or damaged. */
function readSeen(dir: string): { at: bigint; files: Record<string, Seen> } {
  try {
    const parsed = JSON.parse(readFileSync(join(dir, FILES), "utf8")) as { at: string; files: Record<string, Seen> };
    if (typeof parsed.at === "string" && parsed.files !== null && typeof parsed.files === "object")
      return { at: BigInt(parsed.at), files: parsed.files };
  } catch {
    // Missing or damaged: every file is read.
  }
  return { at: 0n, files: {} };
}

/**
 * A cache in `dir` (one JSON file per entry, and `files.json`) for a build whose code version is
 * `version`. `save()` records what this build saw of each file (after a successful build).
 */
export function diskParseCache(
  dir: string,
  version: string,
): ParseCache & { hits: number; misses: number; reads: number; prune(): number; save(): void } {
  mkdirSync(dir, { recursive: true });
  const used = new Set<string>([FILES]);
  const last = readSeen(dir);
  const seen: Record<string, Seen> = {};
  /** The key of a file's bytes under this code version. */
  const keyOf = (file: string, bytes: Uint8Array) => createHash("sha256").update(`${version}\0${file}\0`).update(bytes).digest("hex");
  const cache = {
    hits: 0,
    misses: 0,
    /** Files read (and hashed): the changed ones, and any the list could not vouch for. */
    reads: 0,
    lookup(file: string, stat: BigIntStats, read: () => Uint8Array, parse: (bytes: Uint8Array) => ParsedArticle) {
      const now = statOf(stat);
      const before = Object.hasOwn(last.files, file) ? last.files[file] : undefined;
      const unchanged =
        Array.isArray(before) &&
        before.length === 5 &&
        now.slice(0, 4).every((v, i) => v === before[i]) &&
        stat.mtimeNs + RACY_NS < last.at &&
        /^[0-9a-f]{64}$/.test(before[4]);
      let bytes: Uint8Array | undefined;
      let key: string;
      if (unchanged) key = before[4];
      else {
        cache.reads++;
        bytes = read();
        key = keyOf(file, bytes);
      }
      const path = join(dir, `${key}.json`);
      used.add(`${key}.json`);
      try {
        const entry = JSON.parse(readFileSync(path, "utf8")) as CachedParse;
        if (entry.key === key && entry.parsed && Array.isArray(entry.parsed.errors) && entry.parsed.errors.length === 0) {
          cache.hits++;
          seen[file] = [...now.slice(0, 4), key] as Seen;
          return { parsed: entry.parsed, key };
        }
      } catch {
        // Missing or damaged: parse again.
      }
      if (bytes === undefined) {
        // Vouched for, but its entry is gone: read it after all.
        cache.reads++;
        bytes = read();
        key = keyOf(file, bytes);
        used.add(`${key}.json`);
      }
      cache.misses++;
      const parsed = parse(bytes);
      if (parsed.errors.length === 0) {
        writeAtomically(join(dir, `${key}.json`), JSON.stringify({ key, parsed } satisfies CachedParse));
        seen[file] = [...now.slice(0, 4), key] as Seen;
      }
      return { parsed, key };
    },
    /** Removes the entries this build did not use; the number removed. */
    prune: () => removeAllBut(dir, used),
    save: () => writeAtomically(join(dir, FILES), JSON.stringify({ at: String(BigInt(Date.now()) * 1_000_000n), files: seen })),
  };
  return cache;
}
