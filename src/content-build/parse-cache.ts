/**
 * The content build's memory between runs: each article file's parse (front matter, schema,
 * Markdown) kept on disk under the SHA-256 of the build's code version, the file's name and
 * its bytes. A rebuild parses only the files whose bytes changed; a change to the build's code
 * or to the locked dependencies changes every key, so a parse is never used for anything but
 * the exact input that made it. Only clean parses are kept (a file with errors is parsed, and
 * reported, every time). A missing, unreadable or damaged one is a miss, parsed and written
 * again. What no build of this folder used is removed after a successful build.
 *
 * A file is read and hashed only when it may have changed: `files.json` keeps, for each file of
 * the last build, its size, modification and change times (to the nanosecond) and inode with
 * its key, and the code version they were made under; a file whose four are the same is taken
 * for unchanged without being read, as git and make do. The change time (ctime) moves on every
 * write and every `touch`, even one that puts the modification time back, and no tool can set
 * it; a file modified within two seconds before the last build first looked at the files, or
 * since, is read again all the same (a write in the same clock tick as a stat could leave all
 * four unchanged).
 *
 * The parses are kept in few files, and a rebuild does not read the archive's text. Two families
 * of shards, written by `save()` after a successful build and only where their keys changed (a
 * daily build rewrites two or three files of each): `parse-<xxx>.json` (4,096, by the key's first
 * three hex digits) hold the whole parses (the CLI's leave out the articles it carries to the next
 * build, unless they name a photo: `save`), and `meta-<xx>.json` (256) the same without their
 * bodies, with what the photo steps ask of a body (`body-facts.ts`). An unchanged file's article
 * comes from its meta shard, and its `bodyHtml` is read from its parse shard only when something
 * asks for it (a pack that changed, the articles the script keeps, a body that names a photo): at
 * 100,000 articles the whole parses are ≈560 MB of JSON, the meta shards a tenth of that, and a
 * full build writes 4,352 files where it wrote one per article. A body whose parse is missing or
 * damaged is parsed again from the file, whose key must still be the one the list gave.
 */
import { createHash } from "node:crypto";
import { type BigIntStats, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import type { Article } from "../core/model.js";
import { bodyNamesPhotos, knowBody, withBody } from "./body-facts.js";
import type { FileOrigin, ParseCache, ParsedArticle } from "./build-content.js";
import { ContentChangedError } from "./errors.js";
import { readJsonObject, removeAllBut, statIdentity, writeAtomically } from "./files.js";

/** Where an article that came without its body gets it (beside the article: it keeps only its own fields). */
interface LazySource {
  file: string;
  key: string;
  read: () => Uint8Array;
  parse: (bytes: Uint8Array) => ParsedArticle;
  origin: FileOrigin | undefined;
  body: string | undefined;
}

/**
 * What another thread needs to give an article the body it came without, as the build would
 * (`parseArticle(file, slug, bytes)` of the bytes at `path`), checked to be those whose key is
 * `key` under the code version `version` (`keyOfBytes`): the pack thread, which makes that
 * article's pack (`pack-threads.ts`), so the settling thread does not parse it first.
 */
export interface BodySource extends FileOrigin {
  file: string;
  key: string;
  version: string;
}

/** The key of a file's bytes under a code version: what the cache keeps a parse under. */
export const keyOfBytes = (version: string, file: string, bytes: Uint8Array): string =>
  createHash("sha256").update(`${version}\0${file}\0`).update(bytes).digest("hex");
const lazySources = new WeakMap<Article, LazySource>();

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

/** Where the content folders' caches are, under the checkout, and the length of a folder's key in their names. */
const CONTENT_CACHES = "node_modules/.cache/newsroom-content";
const KEY_LENGTH = 16;

/** A content folder's caches, by its key: the parse cache, the pack memo and carry, its build lock, its note, its photos' cache. */
function cacheFolders(root: string, key: string) {
  const base = join(root, CONTENT_CACHES);
  return {
    key,
    dir: join(base, key),
    // The pack memo (`pack-memo.ts`) and what a build carries (`carry.ts`) beside the parse cache.
    packs: join(base, `${key}.packs`),
    /** One build at a time (`build-lock.ts`). */
    lock: join(base, `${key}.lock`),
    /** Which content folder the key is for (`pruneGoneCaches`). */
    note: join(base, `${key}.for`),
    images: imageCacheDir(root, key),
  };
}

/**
 * Where the CLI keeps a content folder's build cache (one per folder, beside the dependencies:
 * the tests and the bench build many), and its key, which the folder's other caches share.
 */
export function contentCacheDir(root: string, contentDir: string): ReturnType<typeof cacheFolders> {
  return cacheFolders(root, createHash("sha256").update(contentDir).digest("hex").slice(0, KEY_LENGTH));
}

/** The photos' build cache of the content folder whose caches are under `key` (`build-photos.ts`). */
export const imageCacheDir = (root: string, key: string): string => join(root, "node_modules/.cache/newsroom-images", key);

/** A cache's note (`cacheFolders`): `<key>.for`. */
const NOTE = new RegExp(`^([0-9a-f]{${KEY_LENGTH}})\\.for$`);

/**
 * Notes which content folder the caches under `contentCacheDir(root, contentDir)`'s key are for
 * (`<key>.for`), and removes the caches of every noted folder that is gone (a test's temporary
 * content, a checkout moved elsewhere): its parses, pack memo and carry, its build lock, and its photos' cache.
 * A folder is gone only when it is not there at all (ENOENT), not when it cannot be looked at;
 * a cache made before the notes is left. Tidying never fails a build: what it could not do is
 * given back, to be said. The keys removed.
 */
export function pruneGoneCaches(root: string, contentDir: string): { removed: string[]; failure: Error | undefined } {
  const { key, note } = contentCacheDir(root, contentDir);
  const base = dirname(note);
  const removed: string[] = [];
  try {
    mkdirSync(base, { recursive: true });
    writeAtomically(note, contentDir);
    for (const name of readdirSync(base)) {
      const other = NOTE.exec(name)?.[1];
      if (other === undefined || other === key) continue;
      const gone = cacheFolders(root, other);
      let folder: string;
      try {
        folder = readFileSync(gone.note, "utf8");
      } catch {
        continue; // Removed meanwhile by another build.
      }
      if (!isGone(folder)) continue;
      // Its build lock too, left by a build that died holding it.
      for (const path of [gone.dir, gone.packs, gone.lock, gone.images]) rmSync(path, { recursive: true, force: true });
      // The note last: a build stopped halfway leaves it, and the next one finishes the job.
      rmSync(gone.note, { force: true });
      removed.push(other);
    }
    return { removed, failure: undefined };
  } catch (error) {
    return { removed, failure: error instanceof Error ? error : new Error(String(error)) };
  }
}

/** Whether nothing is at `path` (a folder that cannot be looked at, or a dangling link's target, is not gone). */
function isGone(path: string): boolean {
  try {
    statSync(path);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ENOENT" && !isLink(path);
  }
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * The clean parse of a file's bytes read again, when they are the ones keyed `key` (`keyOf`); else
 * the file changed since the build first read it, and the build stops (`ContentChangedError`).
 */
export function parseKeyed(
  file: string,
  key: string,
  read: () => Uint8Array,
  keyOf: (file: string, bytes: Uint8Array) => string,
  parse: (bytes: Uint8Array) => ParsedArticle,
): ParsedArticle {
  const changed = () => new ContentChangedError(`${file} changed while the build was reading it: run the build again`);
  let bytes: Uint8Array;
  try {
    bytes = read();
  } catch (error) {
    // Removed since the build first read it.
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw changed();
    throw error;
  }
  const parsed = keyOf(file, bytes) === key ? parse(bytes) : undefined;
  if (!isClean(parsed)) throw changed();
  return parsed;
}

/** What the last build saw of a file: size, mtime and ctime (ns), inode, and its key. */
type Seen = [size: string, mtimeNs: string, ctimeNs: string, ino: string, key: string];
const FILES = "files.json";
/** Files modified this close before the list was saved are read again (ns). */
const RACY_NS = 2_000_000_000n;

/**
 * A clean parse, and whether its body may name a photo; on disk without its body (`bodyHtml: null`
 * in its place, `bodyLeftOut`).
 */
interface Meta {
  parsed: ParsedArticle;
  photos: boolean;
}

/** Whether a kept value is a clean parse of an article. */
const isClean = (parsed: ParsedArticle | undefined): parsed is ParsedArticle =>
  parsed?.article !== undefined && parsed.article !== null && Array.isArray(parsed.errors) && parsed.errors.length === 0;

/**
 * Values by key, kept in shard files named by the key's first `digits` hex digits: a build reads
 * a shard when it first needs one of its keys, and `save` rewrites only the shards whose keys
 * changed (a value made this build, or a key no longer used), each with exactly this build's keys.
 */
class Shards<T> {
  private readonly read = new Map<string, Record<string, T>>();
  private readonly made = new Map<string, Map<string, T>>();

  constructor(
    private readonly dir: string,
    private readonly prefix: string,
    private readonly digits: number,
  ) {}

  nameOf(key: string): string {
    return `${this.prefix}-${key.slice(0, this.digits)}.json`;
  }

  /** The kept value of a key (reading its shard), or undefined. */
  get(key: string): T | undefined {
    const shard = this.shard(this.nameOf(key));
    return Object.hasOwn(shard, key) ? shard[key] : undefined;
  }

  /** A value made this build (new, or in place of a missing or damaged one). */
  put(key: string, value: T): void {
    const name = this.nameOf(key);
    let values = this.made.get(name);
    if (values === undefined) {
      values = new Map();
      this.made.set(name, values);
    }
    values.set(key, value);
  }

  /**
   * Rewrites, with the keys of `used` only, the shards a value was made for and those a key of
   * the last build that this one does not use was in (`dropped`); of the values made, only those
   * `keepMade` keeps.
   */
  save(
    used: ReadonlySet<string>,
    dropped: readonly string[],
    replacer?: (this: unknown, key: string, value: unknown) => unknown,
    keepMade: (key: string, value: T) => boolean = () => true,
  ): void {
    const names = new Set([...this.made.keys(), ...dropped.map((key) => this.nameOf(key))]);
    const keysOf = new Map<string, string[]>();
    for (const key of used) {
      const name = this.nameOf(key);
      if (!names.has(name)) continue;
      const keys = keysOf.get(name);
      if (keys === undefined) keysOf.set(name, [key]);
      else keys.push(key);
    }
    for (const name of names) {
      const keys = keysOf.get(name) ?? [];
      const made = this.made.get(name);
      // The shard as it is is read only for the keys this build did not make (after a change of
      // code version, none: every old shard would be read for nothing), and not kept.
      const before = keys.some((key) => !made?.has(key)) ? (this.read.get(name) ?? this.load(name)) : {};
      const next: Record<string, T> = {};
      for (const key of keys) {
        // A key whose value is nowhere (its shard was damaged, its body never asked for) is left
        // out: its next build parses that file again.
        const value = made?.has(key) ? made.get(key)! : Object.hasOwn(before, key) ? before[key] : undefined;
        if (value !== undefined && (!made?.has(key) || keepMade(key, value))) next[key] = value;
      }
      // A shard left with no key goes (its old keys are this build's no longer).
      if (Object.keys(next).length > 0) writeAtomically(join(this.dir, name), JSON.stringify(next, replacer));
      else rmSync(join(this.dir, name), { force: true });
    }
  }

  private shard(name: string): Record<string, T> {
    let shard = this.read.get(name);
    if (shard === undefined) {
      shard = this.load(name);
      this.read.set(name, shard);
    }
    return shard;
  }

  /** The shard on disk; missing or damaged, its keys are parsed again. */
  private load(name: string): Record<string, T> {
    return readJsonObject<T>(join(this.dir, name));
  }
}

/** A parse's meta entry (its body is left out when the shard is written). */
const metaOf = (parsed: ParsedArticle): Meta => ({ parsed, photos: bodyNamesPhotos(parsed.article!.bodyHtml) });

/** Writes an article's body as null without reading it (a shard's article may have its body unread). */
function bodyLeftOut(this: unknown, key: string, value: unknown): unknown {
  return key !== "article" || value === null || typeof value !== "object" ? value : withBody(value, null);
}

const seenOf = (stat: BigIntStats, key: string): Seen => [...statIdentity(stat), key];

/** Whether the file's size, times and inode (`statIdentity`) are the ones the list kept. */
const sameStat = (stat: BigIntStats, before: Seen) => statIdentity(stat).every((part, i) => part === before[i]);

/**
 * The list of files the last build saw, or none when missing, damaged or made under another code
 * version (its keys are that version's: every file is read and keyed again).
 */
function readSeen(dir: string, version: string): { at: bigint; files: Record<string, Seen>; otherVersion: boolean } {
  const { at, version: made, files } = readJsonObject<unknown>(join(dir, FILES));
  // Missing or damaged: every file is read.
  if (typeof at !== "string" || !/^\d+$/.test(at) || files === null || typeof files !== "object")
    return { at: 0n, files: {}, otherVersion: false };
  if (made !== version) return { at: 0n, files: {}, otherVersion: true };
  return { at: BigInt(at), files: files as Record<string, Seen>, otherVersion: false };
}

/**
 * A cache in `dir` (the shards, and `files.json`) for a build whose code version is
 * `version`. `save()` records what this build saw of each file (after a successful build).
 */
export function diskParseCache(
  dir: string,
  version: string,
): ParseCache & {
  hits: number;
  misses: number;
  reads: number;
  bodyReads: number;
  seenKey(file: string): string | undefined;
  bodySource(article: Article): BodySource | undefined;
  prune(): number;
  save(keepBody?: (key: string) => boolean): void;
} {
  mkdirSync(dir, { recursive: true });
  const last = readSeen(dir, version);
  // Files modified within RACY_NS of the first stat are read again next time (a write in the same
  // clock tick as a stat could leave all four unchanged), however long the build then takes.
  const startedAt = BigInt(Date.now()) * 1_000_000n;
  const seen: Record<string, Seen> = {};
  // 256 shards of articles without their bodies (all read by a rebuild), 4,096 of whole parses
  // (a body's shard is read when the body is asked for: about 25 parses at 100,000 articles).
  const metas = new Shards<Meta>(dir, "meta", 2);
  const bodies = new Shards<ParsedArticle>(dir, "parse", 3);
  /** The key of a file's bytes under this code version. */
  // Each bytes read hashed once (`keeps`, then `lookup`, ask for the same bytes' key).
  const keys = new WeakMap<Uint8Array, { file: string; key: string }>();
  const keyOf = (file: string, bytes: Uint8Array) => {
    const known = keys.get(bytes);
    if (known?.file === file) return known.key;
    const key = keyOfBytes(version, file, bytes);
    keys.set(bytes, { file, key });
    return key;
  };
  /** The kept whole parse of a key, when it is clean. */
  const parseOf = (key: string): ParsedArticle | undefined => {
    // The shards of another code version hold none of this one's keys: not read (≈560 MB at 100,000).
    if (last.otherVersion) return undefined;
    const kept = bodies.get(key);
    return isClean(kept) ? kept : undefined;
  };
  /** The kept meta entry of a key, when it is a clean parse. */
  const keptMeta = (key: string): Meta | undefined => {
    // As `parseOf`: the shards of another code version hold none of this one's keys.
    if (last.otherVersion) return undefined;
    const meta = metas.get(key);
    return meta !== undefined && isClean(meta.parsed) ? meta : undefined;
  };
  /** What the list kept of a file it can vouch for unchanged (the same stat, older than the racy window), else undefined. */
  const vouched = (file: string, stat: BigIntStats): Seen | undefined => {
    const before = Object.hasOwn(last.files, file) ? last.files[file] : undefined;
    return Array.isArray(before) &&
      before.length === 5 &&
      sameStat(stat, before) &&
      stat.mtimeNs + RACY_NS < last.at &&
      /^[0-9a-f]{64}$/.test(before[4])
      ? before
      : undefined;
  };
  const cache = {
    hits: 0,
    misses: 0,
    /** Files read (and hashed): the changed ones, and any the list could not vouch for. */
    reads: 0,
    /** Bodies read from their shards (or parsed again) after the article came without one. */
    bodyReads: 0,
    vouchesFor: (file: string, stat: BigIntStats) => vouched(file, stat) !== undefined,
    // Its key is the one `lookup` then asks for (hashed once).
    keeps: (file: string, bytes: Uint8Array) => keptMeta(keyOf(file, bytes)) !== undefined,
    /** The key this build has for a file it took clean (looked up, or carried), else undefined. */
    seenKey: (file: string): string | undefined => (Object.hasOwn(seen, file) ? seen[file]![4] : undefined),
    // A file the last build carried with its settled archive (`carry.ts`): kept as it is, and not looked up.
    carry(file: string, stat: BigIntStats, read: () => Uint8Array) {
      let entry = vouched(file, stat);
      if (entry === undefined && last.files[file] !== undefined) {
        // Not vouched for by its stat (modified just before the last build, or touched since): read and keyed
        // (the caller compares every carried file's key with the carried ones, `carriedFiles`).
        entry = seenOf(stat, keyOf(file, read()));
      }
      if (entry !== undefined) seen[file] = entry;
      return entry?.[4];
    },
    lookup(file: string, stat: BigIntStats, read: () => Uint8Array, parse: (bytes: Uint8Array) => ParsedArticle, origin?: FileOrigin) {
      const before = vouched(file, stat);
      let bytes: Uint8Array | undefined;
      let key: string;
      if (before !== undefined) key = before[4];
      else {
        cache.reads++;
        bytes = read();
        key = keyOf(file, bytes);
      }
      // Its article without the body, when kept: also for a file read again whose bytes are the
      // same (one modified just before the last build, or copied since), whose whole parse would
      // mean reading its parse shard (a rebuild just after the content was written read most of
      // the 4,096: 12 s and 1.4 GB for +1 article at 100,000, `npm run bench -- --only scale`).
      const meta = keptMeta(key);
      if (meta !== undefined) {
        cache.hits++;
        seen[file] = before ?? seenOf(stat, key);
        lazyBody(file, key, meta, read, parse, origin);
        return { parsed: meta.parsed, key };
      }
      const kept = parseOf(key);
      if (kept) {
        cache.hits++;
        metas.put(key, metaOf(kept));
        seen[file] = seenOf(stat, key);
        return { parsed: kept, key };
      }
      if (bytes === undefined) {
        // Vouched for, but its parse is gone: read it after all.
        cache.reads++;
        bytes = read();
        key = keyOf(file, bytes);
      }
      cache.misses++;
      const parsed = parse(bytes);
      if (parsed.errors.length === 0) {
        bodies.put(key, parsed);
        metas.put(key, metaOf(parsed));
        seen[file] = seenOf(stat, key);
      }
      return { parsed, key };
    },
    /**
     * Where another thread parses again the body of an article that came without it and has not
     * read it yet, when its parse shard lacks it too (the last build carried it, `save(keepBody)`).
     * Undefined for any other article: its body is at hand, or read here from its shard now.
     */
    bodySource(article: Article): BodySource | undefined {
      const source = lazySources.get(article);
      if (source === undefined || source.body !== undefined || source.origin === undefined) return undefined;
      const kept = parseOf(source.key);
      if (kept) {
        cache.bodyReads++;
        source.body = kept.article!.bodyHtml;
        return undefined;
      }
      return { ...source.origin, file: source.file, key: source.key, version };
    },
    /** Removes the files this build did not use (shards no key of it is in, what older builds left); the number removed. */
    prune: () => {
      const keep = new Set([FILES]);
      for (const entry of Object.values(seen)) keep.add(metas.nameOf(entry[4])).add(bodies.nameOf(entry[4]));
      return removeAllBut(dir, keep);
    },
    /**
     * Writes what this build parsed and the list of what it saw (the clean files' keys). Of the
     * whole parses made (with their bodies), only those of the keys `keepBody` keeps, when given,
     * and those whose body names a photo; a body left out is parsed again from its file if asked for.
     */
    save: (keepBody?: (key: string) => boolean) => {
      const used = new Set(Object.values(seen).map((entry) => entry[4]));
      const dropped = Object.values(last.files)
        .map((entry) => entry?.[4])
        .filter((key): key is string => typeof key === "string" && !used.has(key));
      metas.save(used, dropped, bodyLeftOut);
      // A body that names a photo is kept all the same: a build that looks its articles up again reads every such body.
      bodies.save(used, dropped, undefined, keepBody && ((key, parsed) => keepBody(key) || bodyNamesPhotos(parsed.article!.bodyHtml)));
      writeAtomically(join(dir, FILES), JSON.stringify({ at: String(startedAt), version, files: seen }));
    },
  };

  /**
   * The shard's article with its body read on first use: from its whole parse, or, when that is
   * missing or damaged, by parsing the file again (whose key must still be the list's).
   */
  function lazyBody(
    file: string,
    key: string,
    meta: Meta,
    read: () => Uint8Array,
    parse: (bytes: Uint8Array) => ParsedArticle,
    origin: LazySource["origin"],
  ): void {
    // A copy with the accessor in the body's place, so the fields keep the record's order; one
    // accessor for every article. Not the shard's object with its field redefined: V8 turns an
    // object whose data property becomes an accessor into a dictionary, and every later read of
    // its fields (settling, the checks across files, the report) is a hash lookup; the copies of
    // one shape share one hidden class.
    const stored = meta.parsed.article! as unknown as Record<string, unknown>;
    const article = {} as Record<string, unknown>;
    for (const field of Object.keys(stored))
      if (field === "bodyHtml") Object.defineProperty(article, field, lazyAccessor);
      else article[field] = stored[field];
    meta.parsed.article = article as unknown as Article;
    lazySources.set(meta.parsed.article, { file, key, read, parse, origin, body: undefined });
    knowBody(meta.parsed.article, meta.photos);
  }
  /** The body of an article that came without it: from its parse shard, else parsed again from its file. */
  function loadBody({ file, key, read, parse }: LazySource): string {
    cache.bodyReads++;
    const kept = parseOf(key);
    if (kept) return kept.article!.bodyHtml;
    const parsed = parseKeyed(file, key, read, keyOf, parse);
    bodies.put(key, parsed);
    return parsed.article!.bodyHtml;
  }
  const lazyAccessor: PropertyDescriptor = {
    enumerable: true,
    configurable: true,
    get(this: Article): string {
      const source = lazySources.get(this)!;
      source.body ??= loadBody(source);
      return source.body;
    },
    set(this: Article, value: string) {
      lazySources.get(this)!.body = value;
    },
  };
  return cache;
}
