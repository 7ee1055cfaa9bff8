/**
 * The pack thread (`pack-threads.ts`): makes each offered pack the settling thread has not
 * claimed, from its records, stages it as the settling thread would, and answers with its header.
 * A record offered without its body (the build cache left it out) gets it here, its file parsed
 * again as the build parses it.
 */
import { readFileSync } from "node:fs";
import { workerData } from "node:worker_threads";
import type { Article } from "../core/model.js";
import { ContentChangedError } from "./errors.js";
import { BY_THREAD, FREE, type PackOffer, type PackReply, type PackThreadData } from "./pack-threads.js";
import { type BodySource, keyOfBytes, parseKeyed } from "./parse-cache.js";
import { madeFile, packBytes, recordOf, SettleError } from "./settle.js";
import { stagingSpill } from "./staging.js";

const { site, archiveDir, staging, changed, claims, replies, port } = workerData as PackThreadData;
const stage = stagingSpill(archiveDir, staging, changed === "all" ? "all" : new Set(changed));
/** The parser, loaded with the first body to parse: a full build, which has every body, never loads it. */
let parser: Promise<typeof import("./build-content.js")> | undefined;

/** The body of `source`'s article, parsed again from its file (the same bytes, or the build stops). */
async function bodyOf({ path, file, slug, key, version }: BodySource): Promise<string> {
  parser ??= import("./build-content.js");
  const { parseArticle } = await parser;
  const keyOf = (name: string, bytes: Uint8Array) => keyOfBytes(version, name, bytes);
  return parseKeyed(
    file,
    key,
    () => readFileSync(path),
    keyOf,
    (bytes) => parseArticle(file, slug, bytes),
  ).article!.bodyHtml;
}

async function make({ slot, path, records }: PackOffer): Promise<void> {
  // Made by the settling thread already, or begun there.
  if (Atomics.compareExchange(claims, slot, FREE, BY_THREAD) !== FREE) return;
  let reply: PackReply;
  try {
    const articles: Article[] = [];
    const texts: string[] = [];
    for (const record of records) {
      if (typeof record === "string") {
        articles.push(JSON.parse(record) as Article);
        texts.push(record);
        continue;
      }
      // Its fields keep their order: the record is the one the settling thread would make.
      const article = { ...record.fields, bodyHtml: await bodyOf(record.source) };
      articles.push(article);
      texts.push(recordOf(article));
    }
    const file = stage(madeFile(path, packBytes(articles, site, texts)));
    reply = { path, header: file.header, staged: file.staged };
  } catch (error) {
    const kind = error instanceof SettleError ? "settle" : error instanceof ContentChangedError ? "changed" : "failed";
    reply = { path, error: error instanceof Error ? error.message : String(error), kind };
  }
  port.postMessage(reply);
  Atomics.add(replies, 0, 1);
  Atomics.notify(replies, 0);
}

// One pack at a time, in the order offered (a pack waiting for the parser is not overtaken).
let queue = Promise.resolve();
port.on("message", (offer: PackOffer) => {
  queue = queue.then(() => make(offer));
});
