/**
 * What the last build made of each settled record pack, so a rebuild neither serialises nor
 * hashes a pack whose members did not change (a new article changes the newest pack; an edit,
 * its own). A pack is named by a digest of its members' record keys, in order; a record key
 * names everything its record is made from: the file's parse key (the build's code, the file's
 * name and bytes, `parse-cache.ts`) and the served names of its photos, which carry their own
 * bytes' hash; and the site its pages are rendered for (`SettledIndex.pages`). The memo maps that digest to the frame header the pack's bytes had, and is
 * written anew after every build with only the packs that build made: nothing else is kept.
 *
 * A pack whose digest the memo knows gets its header from it and its bytes only when asked (the
 * CLI asks only when the file on disk does not already start with that header).
 */
import { hash } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Article } from "../core/model.js";
import { mayNamePhotos } from "./body-facts.js";
import { readJsonObject, writeAtomically } from "./files.js";
import { photoNames } from "./photo-releases.js";

/** What `settle` asks of a memo. */
export interface PackMemo {
  /** The record key of an article, or undefined when it has none (then its pack is made). */
  keyOf(article: Article): string | undefined;
  /** The header of the pack with this digest, as the last build made it. */
  header(digest: string): string | undefined;
  /** Notes the header of the pack this build made with this digest. */
  remember(digest: string, header: string): void;
}

/** Record keys from the parse keys: the parse key and the served names of the article's photos. */
export function recordKeys(
  articles: readonly Article[],
  parseKey: (article: Article, i: number) => string | undefined,
): Map<Article, string> {
  const keys = new Map<Article, string>();
  for (const [i, article] of articles.entries()) {
    const key = parseKey(article, i);
    if (key === undefined) continue;
    const photos =
      (mayNamePhotos(article) && article.bodyHtml.includes("/images/")) || article.image?.src !== undefined
        ? photoNames(article).join("\0")
        : "";
    keys.set(article, photos === "" ? key : `${key}\0${photos}`);
  }
  return keys;
}

/**
 * The digest naming a pack: its members' record keys, in order, and the site its pages are for. One-shot (`crypto.hash`): a
 * rebuild names every pack of the archive, 12,500 at 100,000 articles, and a hash object each
 * cost more than the hashing.
 */
export function packDigest(keys: readonly string[], pages?: string): string {
  // With its pages, a pack is made for a site too (`SettledIndex.pages`).
  let text = `pack 3\n${pages ?? ""}\n`;
  for (const key of keys) text += `${key}\n`;
  return hash("sha256", text, "base64url");
}

/** A memo kept in `dir` (`packs.json`) for the articles' record keys; `save()` writes this build's packs. */
export function diskPackMemo(dir: string, keys: ReadonlyMap<Article, string>): PackMemo & { hits: number; save(): void } {
  const file = join(dir, "packs.json");
  // None yet, or damaged: every pack is made.
  const last = readJsonObject<string>(file);
  const made: Record<string, string> = {};
  const memo = {
    hits: 0,
    keyOf: (article: Article) => keys.get(article),
    header(digest: string) {
      const header = Object.hasOwn(last, digest) ? last[digest] : undefined;
      if (typeof header !== "string") return undefined;
      memo.hits++;
      return header;
    },
    remember(digest: string, header: string) {
      made[digest] = header;
    },
    save() {
      mkdirSync(dir, { recursive: true });
      writeAtomically(file, JSON.stringify(made));
    },
  };
  return memo;
}
