/**
 * The content build's memory between runs: each article file's parse (front matter, schema,
 * Markdown) kept on disk under the SHA-256 of the build's code version, the file's name and
 * its bytes. A rebuild parses only the files whose bytes changed; a change to the build's code
 * or to the locked dependencies changes every key, so an entry is never used for anything but
 * the exact input that made it. Only clean parses are kept (a file with errors is parsed, and
 * reported, every time). A missing, unreadable or damaged entry is a miss, parsed and written
 * again. Entries no build of this folder used are removed after a successful build.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
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

/** A cache in `dir` (one JSON file per entry) for a build whose code version is `version`. */
export function diskParseCache(dir: string, version: string): ParseCache & { hits: number; misses: number; prune(): number } {
  mkdirSync(dir, { recursive: true });
  const used = new Set<string>();
  const cache = {
    hits: 0,
    misses: 0,
    lookup(file: string, bytes: Uint8Array, parse: () => ParsedArticle): { parsed: ParsedArticle; key: string } {
      const key = createHash("sha256").update(`${version}\0${file}\0`).update(bytes).digest("hex");
      const path = join(dir, `${key}.json`);
      used.add(`${key}.json`);
      try {
        const entry = JSON.parse(readFileSync(path, "utf8")) as CachedParse;
        if (entry.key === key && entry.parsed && Array.isArray(entry.parsed.errors) && entry.parsed.errors.length === 0) {
          cache.hits++;
          return { parsed: entry.parsed, key };
        }
      } catch {
        // Missing or damaged: parse again.
      }
      cache.misses++;
      const parsed = parse();
      if (parsed.errors.length === 0) writeAtomically(path, JSON.stringify({ key, parsed } satisfies CachedParse));
      return { parsed, key };
    },
    /** Removes the entries this build did not use; the number removed. */
    prune: () => removeAllBut(dir, used),
  };
  return cache;
}
