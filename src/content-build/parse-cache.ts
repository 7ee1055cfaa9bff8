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
 *
 * A rebuild does not read the archive's text either. Beside the entries, `meta-<xx>.json` (256
 * shards by the key's first two hex digits) keep each clean parse without its body, and with what
 * the photo steps ask of the body (`body-facts.ts`). An unchanged file's article comes from its
 * shard, and its `bodyHtml` is read from the entry only when something asks for it (a pack that
 * changed, the articles the script keeps, a body that names a photo): at 100,000 articles the
 * entries are ≈560 MB of JSON, the shards a tenth of that. A body whose entry is missing or
 * damaged is parsed again from the file, whose key must still be the one the list gave. A shard is
 * rewritten only when the keys it holds change (a daily build rewrites one or two).
 */
import { createHash } from "node:crypto";
import { type BigIntStats, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import type { Article } from "../core/model.js";
import { bodyNamesPhotos, knowBody } from "./body-facts.js";
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

/** A clean parse without its body (`bodyHtml: null`, in its place), and whether the body may name a photo. */
interface Meta {
  parsed: ParsedArticle;
  photos: boolean;
}
const shardOf = (key: string) => `meta-${key.slice(0, 2)}.json`;

/** The clean parses of one shard, by key, or none when it is missing or damaged. */
function readShard(path: string): Record<string, Meta> {
  try {
    const parsed = JSON.parse(readFileSync(path, "utf8")) as unknown;
    if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Record<string, Meta>;
  } catch {
    // Missing or damaged: its articles are read from their entries.
  }
  return {};
}

/** A parse kept as it is, but with the body left out in its place (the order of the fields is the record's). */
function withoutBody(parsed: ParsedArticle): Meta {
  const article = parsed.article!;
  return { parsed: { ...parsed, article: { ...article, bodyHtml: null as unknown as string } }, photos: bodyNamesPhotos(article.bodyHtml) };
}

/** Writes an article's body as null without reading it (a shard's article may have its body unread). */
function bodyLeftOut(this: unknown, key: string, value: unknown): unknown {
  if (key !== "article" || value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const field of Object.keys(value)) out[field] = field === "bodyHtml" ? null : (value as Record<string, unknown>)[field];
  return out;
}

const statOf = (stat: BigIntStats): Seen => [String(stat.size), String(stat.mtimeNs), String(stat.ctimeNs), String(stat.ino), ""];

/**
 * The list of files the last build saw, or none when missing, damaged or made under another code
 * version (its keys are that version's: every file is read and keyed again).
 */
function readSeen(dir: string, version: string): { at: bigint; files: Record<string, Seen> } {
  try {
    const parsed = JSON.parse(readFileSync(join(dir, FILES), "utf8")) as { at: string; version?: string; files: Record<string, Seen> };
    if (typeof parsed.at === "string" && parsed.version === version && parsed.files !== null && typeof parsed.files === "object")
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
): ParseCache & { hits: number; misses: number; reads: number; bodyReads: number; prune(): number; save(): void } {
  mkdirSync(dir, { recursive: true });
  const used = new Set<string>([FILES]);
  const last = readSeen(dir, version);
  const seen: Record<string, Seen> = {};
  /** The shards as read (each on first use), and this build's clean parses by shard. */
  const shards = new Map<string, Record<string, Meta>>();
  const metas = new Map<string, Map<string, Meta>>();
  const shard = (name: string) => {
    let held = shards.get(name);
    if (held === undefined) {
      held = readShard(join(dir, name));
      shards.set(name, held);
    }
    return held;
  };
  const note = (key: string, meta: Meta) => {
    const name = shardOf(key);
    used.add(name);
    let of = metas.get(name);
    if (of === undefined) {
      of = new Map();
      metas.set(name, of);
    }
    of.set(key, meta);
  };
  /** The key of a file's bytes under this code version. */
  const keyOf = (file: string, bytes: Uint8Array) => createHash("sha256").update(`${version}\0${file}\0`).update(bytes).digest("hex");
  /** The entry's parse when it is this key's and clean. */
  const entryOf = (key: string): ParsedArticle | undefined => {
    try {
      const entry = JSON.parse(readFileSync(join(dir, `${key}.json`), "utf8")) as CachedParse;
      if (entry.key === key && entry.parsed && Array.isArray(entry.parsed.errors) && entry.parsed.errors.length === 0) return entry.parsed;
    } catch {
      // Missing or damaged.
    }
    return undefined;
  };
  const cache = {
    hits: 0,
    misses: 0,
    /** Files read (and hashed): the changed ones, and any the list could not vouch for. */
    reads: 0,
    /** Bodies read from their entries (or parsed again) after the article came from its shard. */
    bodyReads: 0,
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
      if (unchanged) {
        key = before[4];
        const kept = shard(shardOf(key));
        const meta = Object.hasOwn(kept, key) ? kept[key] : undefined;
        if (meta?.parsed?.article && Array.isArray(meta.parsed.errors) && meta.parsed.errors.length === 0) {
          cache.hits++;
          used.add(`${key}.json`);
          note(key, meta);
          seen[file] = [...now.slice(0, 4), key] as Seen;
          return { parsed: { ...meta.parsed, article: lazyBody(file, key, meta, read, parse) }, key };
        }
      } else {
        cache.reads++;
        bytes = read();
        key = keyOf(file, bytes);
      }
      used.add(`${key}.json`);
      const kept = entryOf(key);
      if (kept) {
        cache.hits++;
        note(key, withoutBody(kept));
        seen[file] = [...now.slice(0, 4), key] as Seen;
        return { parsed: kept, key };
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
        note(key, withoutBody(parsed));
        seen[file] = [...now.slice(0, 4), key] as Seen;
      }
      return { parsed, key };
    },
    /** Removes the entries this build did not use; the number removed. */
    prune: () => removeAllBut(dir, used),
    save: () => {
      // A shard is written when its keys are not the ones it already holds.
      for (const [name, of] of metas) {
        const held = shard(name);
        const same = Object.keys(held).length === of.size && [...of.keys()].every((key) => Object.hasOwn(held, key));
        if (!same) writeAtomically(join(dir, name), JSON.stringify(Object.fromEntries(of), bodyLeftOut));
      }
      writeAtomically(join(dir, FILES), JSON.stringify({ at: String(BigInt(Date.now()) * 1_000_000n), version, files: seen }));
    },
  };

  /**
   * The shard's article with its body read on first use: from the entry, or, when that is
   * missing or damaged, by parsing the file again (whose key must still be the list's).
   */
  function lazyBody(file: string, key: string, meta: Meta, read: () => Uint8Array, parse: (bytes: Uint8Array) => ParsedArticle): Article {
    // The shard's own object (read for this build alone): a copy of 100,000 articles is garbage.
    const article = meta.parsed.article!;
    let body: string | undefined;
    const load = (): string => {
      cache.bodyReads++;
      const kept = entryOf(key);
      if (kept?.article) return kept.article.bodyHtml;
      const bytes = read();
      if (keyOf(file, bytes) !== key) throw new Error(`${file} changed while the build was reading it: run the build again`);
      const parsed = parse(bytes);
      if (!parsed.article) throw new Error(`${file}: its parse no longer gives an article: run the build again`);
      writeAtomically(join(dir, `${key}.json`), JSON.stringify({ key, parsed } satisfies CachedParse));
      return parsed.article.bodyHtml;
    };
    // Redefined in its own place, so the fields keep the record's order.
    Object.defineProperty(article, "bodyHtml", {
      enumerable: true,
      configurable: true,
      get: () => (body ??= load()),
      set: (value: string) => {
        body = value;
      },
    });
    knowBody(article, meta.photos);
    return article;
  }
  return cache;
}
