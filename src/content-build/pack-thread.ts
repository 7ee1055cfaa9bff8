/**
 * The pack thread (`pack-threads.ts`): makes each offered pack the settling thread has not
 * claimed, from its records, stages it as the settling thread would, and answers with its header.
 */
import { workerData } from "node:worker_threads";
import type { Article } from "../core/model.js";
import { BY_THREAD, FREE, type PackOffer, type PackReply, type PackThreadData } from "./pack-threads.js";
import { madeFile, packBytes, SettleError } from "./settle.js";
import { stagingSpill } from "./staging.js";

const { site, archiveDir, staging, claims, replies, port } = workerData as PackThreadData;
const stage = stagingSpill(archiveDir, staging);

port.on("message", ({ slot, path, records }: PackOffer) => {
  // Made by the settling thread already, or begun there.
  if (Atomics.compareExchange(claims, slot, FREE, BY_THREAD) !== FREE) return;
  let reply: PackReply;
  try {
    const bytes = packBytes(
      records.map((record) => JSON.parse(record) as Article),
      site,
      records,
    );
    const file = stage(madeFile(path, bytes));
    reply = { path, header: file.header, staged: file.staged };
  } catch (error) {
    reply = { path, error: error instanceof Error ? error.message : String(error), settle: error instanceof SettleError };
  }
  port.postMessage(reply);
  Atomics.add(replies, 0, 1);
  Atomics.notify(replies, 0);
});
