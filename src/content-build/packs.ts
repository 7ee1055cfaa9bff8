/**
 * Article bodies out of the script: the build packs the bodies of published articles into
 * files of the Worker's static assets (`[assets]` in wrangler.toml), which the Worker reads
 * through its `ASSETS` binding when a document needs them (`src/storage/packs.ts`).
 *
 * - A pack holds the bodies of up to `PACK_ARTICLES` consecutive articles, oldest first,
 *   and at most `PACK_MAX_BYTES` (one larger body gets a pack of its own). Boundaries
 *   depend only on the articles' order, so a new article changes only the newest pack
 *   and an edited one only its own: a deploy uploads what changed.
 * - A pack is named by the SHA-256 of its bytes (base64url): the name is the check the
 *   Worker makes on every read, and two builds never disagree about a name.
 * - Only what is public by the build's time goes to storage. A scheduled article (its
 *   `published` after `settledAt`) keeps its body in the script until a later build, so no
 *   stored file holds it early; a withdrawn one keeps none (a tombstone shows no body).
 */
import { createHash } from "node:crypto";
import type { Article, BundledArticle } from "../model.js";

/** Articles per pack: eight bodies of a typical 900-word article are about 50 KiB. */
export const PACK_ARTICLES = 8;
/** A pack is closed before it would pass this size (a single larger body is a pack alone). */
export const PACK_MAX_BYTES = 1024 * 1024;
/** Where packs live in the assets directory, and under which path the Worker asks for them. */
export const PACK_FOLDER = "packs";

export interface Pack {
  /** `<sha256 base64url>.txt`. */
  name: string;
  bytes: Uint8Array;
}

export interface Packed {
  /** The bundle's articles, in the order given: bodies stored, inline, or left out. */
  articles: BundledArticle[];
  packs: Pack[];
}

const encoder = new TextEncoder();

/** The pack name of these bytes. */
export function packName(bytes: Uint8Array): string {
  return `${createHash("sha256").update(bytes).digest("base64url")}.txt`;
}

/**
 * Packs the bodies of `articles` (newest first, as the build sorts them) that are public at
 * `settledAt` (ms): published by then and not withdrawn by then.
 */
export function packBodies(articles: readonly Article[], settledAt: number): Packed {
  const stored = new Map<Article, BundledArticle>();
  const packs: Pack[] = [];
  let members: Article[] = [];
  let text = "";
  let bytes = 0;
  const close = () => {
    if (members.length === 0) return;
    const data = encoder.encode(text);
    const name = packName(data);
    let start = 0;
    for (const article of members) {
      const { bodyHtml, ...meta } = article;
      stored.set(article, { ...meta, body: { pack: name, start, end: start + bodyHtml.length } });
      start += bodyHtml.length;
    }
    packs.push({ name, bytes: data });
    members = [];
    text = "";
    bytes = 0;
  };
  // Oldest first, so the newest pack is the only one a new article changes.
  for (let i = articles.length - 1; i >= 0; i--) {
    const article = articles[i]!;
    if (Date.parse(article.published) > settledAt) continue;
    if (article.withdrawn && Date.parse(article.withdrawn.at) <= settledAt) continue;
    const size = encoder.encode(article.bodyHtml).length;
    if (members.length === PACK_ARTICLES || bytes + size > PACK_MAX_BYTES) close();
    members.push(article);
    text += article.bodyHtml;
    bytes += size;
  }
  close();
  return {
    articles: articles.map((article) => {
      const packed = stored.get(article);
      if (packed) return packed;
      // Withdrawn by the build's time (so published before it): its body is never served again, so it is not kept.
      if (article.withdrawn && Date.parse(article.withdrawn.at) <= settledAt) return { ...article, bodyHtml: "" };
      return article;
    }),
    packs,
  };
}
