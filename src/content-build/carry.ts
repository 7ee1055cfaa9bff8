/**
 * What a build carries to the next, so that a daily build with one article more does not take up
 * the whole archive again: the settled prefix (`SettledPrefix` in `settle.ts`: the oldest whole
 * packs, as the aggregates settling them gave, and their packs' headers) and what the next build
 * must know of the articles in it without reading them:
 * - their files, which must all still be there under the same parse keys (one digest of every
 *   name and key): by the parse cache's word for a file whose stat is the one the last build saw,
 *   else by reading and keying it (`ParseCache.carry`);
 * - their ids, which no other article may take;
 * - the photos they show, by the URL the editor wrote and the URLs it is served at (the full-size
 *   file and its smaller copies), which must still be the same: a photo whose bytes changed has
 *   other served names, and its articles' records change.
 *
 * The next build reads only the other files; it checks the articles it read against these ids and
 * the prefix's facets, and settles them after the prefix. Whenever one of these does not hold, or
 * an article it read is older than the prefix's newest, or a carried pack on disk does not start
 * with the header the prefix gives (the build checks headers, as for every file it would not
 * rewrite), the build takes up every article as if nothing were carried: the same outputs, byte
 * for byte, either way (tests/unit/carry.test.ts).
 *
 * Kept in `carried.json` beside the pack memo (`contentCacheDir`), written after each successful
 * build with a parse cache, and replaced whole.
 */
import { hash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Article } from "../core/model.js";
import { RECORDS_PER_PACK } from "../core/settled.js";
import { writeAtomically } from "./files.js";
import type { SettledPrefix } from "./settle.js";

export interface Carried {
  v: 2;
  prefix: SettledPrefix;
  /** The files of the articles in the prefix, as named in messages, in name order. */
  files: string[];
  /** `carriedKeys` of those files. */
  keys: string;
  /** Their ids. */
  ids: string[];
  /** The photos they show: the URL the editor wrote and the URLs it is served at, space-separated (`servedUrls`). */
  photos: [url: string, served: string][];
}

const FILE = "carried.json";

/** The digest naming each file with its parse key, in the order given (name order). */
export function carriedKeys(files: readonly string[], keyOf: (file: string) => string | undefined): string | undefined {
  let text = "carried 1\n";
  for (const file of files) {
    const key = keyOf(file);
    if (key === undefined) return undefined;
    text += `${file}\0${key}\n`;
  }
  return hash("sha256", text, "hex");
}

/**
 * What this build carries to the next: its `prefix` (`Settled.carried`), which holds the articles
 * `from` carried and, after them, `added` (oldest first); `fileOf` names an article's file,
 * `keyOf` a file's parse key, `photosOf` the photos an article shows as [URL written, URL served].
 * Undefined when the prefix is empty or a file has no key (nothing is then carried).
 */
export function nextCarried(
  prefix: SettledPrefix,
  from: Carried | undefined,
  added: readonly Article[],
  fileOf: (article: Article) => string,
  keyOf: (file: string) => string | undefined,
  photosOf: (article: Article) => [string, string][],
): Carried | undefined {
  if (prefix.count === 0) return undefined;
  const files = [...(from?.files ?? []), ...added.map(fileOf)].sort();
  const keys = carriedKeys(files, keyOf);
  if (keys === undefined) return undefined;
  const photos = new Map(from?.photos);
  for (const article of added) for (const [url, served] of photosOf(article)) photos.set(url, served);
  return { v: 2, prefix, files, keys, ids: [...(from?.ids ?? []), ...added.map((a) => a.id)], photos: [...photos] };
}

/** What the last build in `dir` carried, or undefined when there is none or it is damaged (then nothing is carried). */
export function readCarried(dir: string): Carried | undefined {
  const value = trustedJson(join(dir, FILE)) as Partial<Carried> | undefined;
  if (value === undefined) return undefined;
  const prefix = value.prefix;
  const ok =
    value.v === 2 &&
    typeof value.keys === "string" &&
    Array.isArray(value.files) &&
    Array.isArray(value.ids) &&
    Array.isArray(value.photos) &&
    prefix !== null &&
    typeof prefix === "object" &&
    Number.isInteger(prefix.count) &&
    Array.isArray(prefix.packs) &&
    Array.isArray(prefix.slugs) &&
    Array.isArray(prefix.facets) &&
    Array.isArray(prefix.sitemap) &&
    Array.isArray(prefix.liveHead) &&
    Array.isArray(prefix.liveCards) &&
    Array.isArray(prefix.goneHead) &&
    Array.isArray(prefix.updatedHead) &&
    Number.isInteger(prefix.head) &&
    typeof prefix.at === "number" &&
    typeof prefix.folder === "string" &&
    (prefix.pages === null || typeof prefix.pages === "string") &&
    (prefix.newest === null || (typeof prefix.newest === "object" && typeof prefix.newest.published === "string")) &&
    prefix.packs.length * RECORDS_PER_PACK === prefix.count &&
    prefix.slugs.length === prefix.count &&
    value.files.length === prefix.count &&
    value.ids.length === prefix.count;
  return ok ? (value as Carried) : undefined;
}

/** Replaces what `dir` keeps for the next build; with nothing, removes it. */
export function writeCarried(dir: string, carried: Carried | undefined): void {
  if (carried === undefined) {
    rmSync(join(dir, FILE), { force: true });
    return;
  }
  mkdirSync(dir, { recursive: true });
  const text = JSON.stringify(carried);
  writeAtomically(join(dir, FILE), `${text.slice(0, -1)},"digest":"${hash("sha256", text, "hex")}"}`);
}

/**
 * What is carried ends with the SHA-256 of its JSON without it (`"digest"`, the last member), so
 * that a file changed since the build wrote it (edited by hand, restored in part from another
 * copy, damaged) is not trusted: the object when the digest matches, else undefined.
 */
function trustedJson(path: string): object | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return undefined; // None kept.
  }
  const sealed = /,"digest":"([0-9a-f]{64})"\}$/.exec(text);
  if (sealed === null) return undefined;
  const json = `${text.slice(0, sealed.index)}}`;
  if (hash("sha256", json, "hex") !== sealed[1]) return undefined;
  try {
    const value = JSON.parse(json) as unknown;
    return value !== null && typeof value === "object" ? value : undefined;
  } catch {
    return undefined;
  }
}
