/**
 * The bundle's articles with their bodies, for tests in Node: the bodies in packs are read
 * from the assets directory the build wrote (checked against their names, as the Worker
 * checks them).
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { PACK_FOLDER } from "../../src/content-build/packs.js";
import type { Article, ContentBundle } from "../../src/model.js";

const root = resolve(import.meta.dirname, "../..");

/** The real content's assets, as wrangler.toml names them. */
export const CONTENT_ASSETS = join(root, "src/generated/content-assets");

export function withBodies(content: ContentBundle, assetsDir = CONTENT_ASSETS): Article[] {
  const packs = new Map<string, string>();
  return content.articles.map((article) => {
    if ("bodyHtml" in article) return article;
    const { body, ...meta } = article;
    let text = packs.get(body.pack);
    if (text === undefined) {
      const bytes = readFileSync(join(assetsDir, PACK_FOLDER, body.pack));
      const hash = `${createHash("sha256").update(bytes).digest("base64url")}.txt`;
      if (hash !== body.pack) throw new Error(`pack ${body.pack} does not match its name`);
      text = bytes.toString("utf8");
      packs.set(body.pack, text);
    }
    return { ...meta, bodyHtml: text.slice(body.start, body.end) };
  });
}
