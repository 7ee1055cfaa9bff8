/**
 * Every article of a build, for tests in Node: the bundle's moving articles, then the
 * settled archive's records read from the assets directory the build wrote (each file
 * checked against its first line, as the Worker checks it).
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Article, ContentBundle } from "../../src/core/model.js";
import { FRAME_HEADER, RECORDS_PER_PACK, settledFiles } from "../../src/core/settled.js";

const root = resolve(import.meta.dirname, "../..");

/** The real content's assets, as wrangler.toml names them. */
export const CONTENT_ASSETS = join(root, "src/generated/content-assets");

/** A settled file's payload, checked (a record pack against its table's line, which names every part of it). */
export function readSettledFile(assetsDir: string, folder: string, path: string): string {
  const bytes = readFileSync(join(assetsDir, folder, path));
  const body = bytes.subarray(FRAME_HEADER);
  const hash = createHash("sha256")
    .update(path.startsWith("r/") ? body.subarray(0, body.indexOf(0x0a) + 1) : body)
    .digest("base64url");
  if (bytes.subarray(0, FRAME_HEADER).toString("latin1") !== `${hash}\n`) throw new Error(`${folder}/${path} does not match its check`);
  return body.toString("utf8");
}

/** All the build's articles, newest first, with their bodies (empty for a settled withdrawn one). */
export function withBodies(content: ContentBundle, assetsDir = CONTENT_ASSETS): Article[] {
  const settled = content.settled;
  const records: Article[] = [];
  if (settled) {
    for (let pack = 0; pack * RECORDS_PER_PACK < settled.count; pack++) {
      const text = readSettledFile(assetsDir, settled.folder, settledFiles.records(pack));
      // The first line is the pack's table of record lengths and digests; the records follow a line each (then any pages).
      const lines = text.split("\n");
      const table = JSON.parse(lines[0]!) as unknown[];
      for (const line of lines.slice(1, 1 + table.length)) records.push(JSON.parse(line) as Article);
    }
  }
  return [...content.articles, ...records.reverse()];
}
