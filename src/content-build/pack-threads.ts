/**
 * Making the record packs on a second thread while settling makes the others (`PackMaker`): a
 * full build of 100,000 articles makes 12,500 packs with their pages, 13 s on one core
 * (rendering the pages, the records' JSON, hashing), while the other core had nothing to do.
 *
 * The packs go in blocks: every other block is offered to the thread (its records, which is all
 * a pack is made from, `packBytes`, sent a little ahead of the settling thread, `AHEAD`), the
 * others the settling thread makes as before. Each offered
 * pack is claimed, in shared memory, by whichever thread comes to it first: the settling thread
 * makes the ones the pack thread has not begun (while it starts, or when it falls behind), and
 * takes the others as files the pack thread staged (`stagingSpill`), their headers waited for
 * only once it has made all of its own (`settle` reads them after). So the two share the work
 * however fast each one is, and the packs are the ones one thread makes, byte for byte
 * (tests/unit/pack-threads.test.ts).
 */
import { join } from "node:path";
import { MessageChannel, type MessagePort, receiveMessageOnPort, type Worker } from "node:worker_threads";
import type { Article, Site } from "../core/model.js";
import { withBody } from "./body-facts.js";
import { ContentChangedError } from "./errors.js";
import type { BodySource } from "./parse-cache.js";
import { tsThread } from "./parse-threads.js";
import { madeFile, type PackMaker, packBytes, recordOf, type SettledFile, SettleError } from "./settle.js";
import { type Changed, fileOnDisk, stagingSpill } from "./staging.js";

/** Fewer packs to make than this are made in line: a thread takes about half a second to start. */
export const PACK_THREAD_MIN_PACKS = 500;
/** Packs in a block: the settling thread makes the even blocks, the pack thread is offered the odd ones. */
const BLOCK = 8;
/**
 * How far ahead of the settling thread the offers go (packs): enough for the pack thread never to
 * wait, few enough that their records (about 1 MiB a block) do not pile up in memory.
 */
const AHEAD = 16 * BLOCK;
/**
 * How long the settling thread waits for any reply while a pack the pack thread claimed is
 * unanswered, before it gives up: the thread's death is not seen otherwise, since the settling
 * thread does not return to the event loop until settling is done.
 */
const PATIENCE_MS = 120_000;

/** A pack's state in the shared claims (`Int32Array`, one slot an offered pack). */
export const FREE = 0;
export const BY_THREAD = 1;
export const BY_SETTLE = 2;

/** What the pack thread is given (`workerData`). */
export interface PackThreadData {
  site: Site | undefined;
  archiveDir: string;
  staging: string;
  /** The archive's files not to be taken by their header (`Changed`): a list of paths, or "all". */
  changed: string[] | "all";
  claims: Int32Array;
  /** [0]: replies posted so far (the settling thread waits on it). */
  replies: Int32Array;
  port: MessagePort;
}

/**
 * An offered pack: its slot in the claims, its path and its records; a record whose article came
 * without its body (`BodySource`) is its fields with an empty body, for the pack thread to parse
 * the body into.
 */
export interface PackOffer {
  slot: number;
  path: string;
  records: (string | { fields: Article; source: BodySource })[];
}

/** What the pack thread answers for a pack it claimed; an error is settle's (`SettleError`), a changed file's, or its own. */
export type PackReply =
  | { path: string; header: string; staged: string | undefined }
  | { path: string; error: string; kind: "settle" | "changed" | "failed" };

export interface PackThreads extends PackMaker {
  /** Packs the pack thread claimed (made, or failed on with the error settle throws). */
  readonly made: number;
  /**
   * Stops the thread. Its failure, if it had one after settling succeeded, is given back: every
   * pack it had not answered, or failed on for a reason of its own, was made by the settling
   * thread, so the build is whole, only slower.
   */
  close(): Promise<Error | undefined>;
}

/**
 * A pack maker for a build whose packs are staged in `staging` (emptied by the caller) unless
 * `archiveDir` has them, with the pages of `site`. With fewer than `minPacks` to make it starts
 * no thread.
 */
export function packThreads(options: {
  site: Site | undefined;
  archiveDir: string;
  staging: string;
  /** The archive's files not to be taken by their header alone (`staging.ts`); none by default. */
  changed?: Changed;
  minPacks?: number;
  /** False: the settling thread makes none of the offered packs, however far behind the pack thread is (for the tests). */
  steal?: boolean;
  /**
   * Where an article that came without its body gets it (the build cache's `bodySource`): the
   * pack thread parses it for a pack it is offered, so the settling thread parses only its own.
   */
  bodySource?: ((article: Article) => BodySource | undefined) | undefined;
}): PackThreads {
  const { site, archiveDir, staging, changed = new Set<string>(), minPacks = PACK_THREAD_MIN_PACKS, steal = true, bodySource } = options;
  const stage = stagingSpill(archiveDir, staging, changed);
  /** A member's record, or its fields and where its body is (read by the pack thread). */
  const offeredRecord = (member: Article): PackOffer["records"][number] => {
    const source = member.withdrawn ? undefined : bodySource?.(member);
    return source === undefined ? recordOf(member) : { fields: withBody(member, ""), source };
  };
  let worker: Worker | undefined;
  let failure: Error | undefined;
  let port: MessagePort | undefined;
  let claims = new Int32Array(new SharedArrayBuffer(0));
  let replies = new Int32Array(new SharedArrayBuffer(4));
  const slots = new Map<string, number>();
  const answered = new Map<string, PackReply>();
  let made = 0;
  /** Each pack's place in the plan, and the offers, posted up to `posted`. */
  const order = new Map<string, number>();
  let offers: { slot: number; path: string; members: readonly Article[]; at: number }[] = [];
  let posted = 0;

  /** Posts the offers of the packs up to place `last`: their records made only now, so few wait in memory. */
  function offerUpTo(last: number): void {
    for (; posted < offers.length && offers[posted]!.at <= last; posted++) {
      const { slot, path, members } = offers[posted]!;
      port!.postMessage({ slot, path, records: members.map(offeredRecord) } satisfies PackOffer);
    }
  }

  /** The thread's answer for `path`, waited for. */
  function answer(path: string): PackReply {
    for (;;) {
      const known = answered.get(path);
      if (known !== undefined) return known;
      // The count first, then the port: a reply posted in between makes the wait return at once.
      const seen = Atomics.load(replies, 0);
      const message = receiveMessageOnPort(port!);
      if (message !== undefined) {
        const reply = message.message as PackReply;
        answered.set(reply.path, reply);
        continue;
      }
      if (Atomics.wait(replies, 0, seen, PATIENCE_MS) === "timed-out")
        throw new Error(`the pack thread answered nothing for ${PATIENCE_MS / 1000} s (it claimed ${path}): it stopped`);
    }
  }

  /** The file the thread made at `path`, its header read when first asked for. */
  function pending(path: string): SettledFile {
    let file: SettledFile | undefined;
    const resolved = () => {
      if (file === undefined) {
        const reply = answer(path);
        if (!("error" in reply)) file = fileOnDisk(path, reply.header, reply.staged ?? join(archiveDir, path), reply.staged !== undefined);
        else if (reply.kind === "settle") throw new SettleError(reply.error);
        else if (reply.kind === "changed") throw new ContentChangedError(reply.error);
        else {
          // The thread's own failure (not the content's): this pack is made here, as if it had not
          // been offered, and `close` tells of it.
          failure ??= new Error(`the pack thread failed on ${path}: ${reply.error}`);
          file = stage(madeFile(path, packBytes(offers[slots.get(path)!]!.members, site)));
        }
      }
      return file;
    };
    return {
      path,
      get header() {
        return resolved().header;
      },
      get staged() {
        return resolved().staged;
      },
      get bytes() {
        return resolved().bytes;
      },
    };
  }

  return {
    get made() {
      return made;
    },
    plan(packs: readonly { path: string; members: readonly Article[] }[]) {
      if (packs.length < minPacks) return;
      const offered = packs.filter((_, i) => Math.floor(i / BLOCK) % 2 === 1);
      claims = new Int32Array(new SharedArrayBuffer(4 * offered.length));
      replies = new Int32Array(new SharedArrayBuffer(4));
      const channel = new MessageChannel();
      port = channel.port1;
      const data: PackThreadData = {
        site,
        archiveDir,
        staging,
        changed: changed === "all" ? "all" : [...changed],
        claims,
        replies,
        port: channel.port2,
      };
      try {
        worker = tsThread(new URL("./pack-thread.ts", import.meta.url).href, { workerData: data, transferList: [channel.port2] });
      } catch (error) {
        // No thread: every pack is made here.
        failure = error instanceof Error ? error : new Error(String(error));
        return;
      }
      worker.unref();
      worker.on("error", (error) => {
        failure = error;
      });
      for (const [i, { path }] of packs.entries()) order.set(path, i);
      for (const [slot, { path }] of offered.entries()) slots.set(path, slot);
      offers = offered.map(({ path, members }, slot) => ({ slot, path, members, at: order.get(path)! }));
      offerUpTo(AHEAD);
    },
    take(path: string) {
      offerUpTo((order.get(path) ?? 0) + AHEAD);
      const slot = slots.get(path);
      if (slot === undefined) return undefined;
      // Not begun by the thread: made here (the thread skips it).
      if (steal && Atomics.compareExchange(claims, slot, FREE, BY_SETTLE) === FREE) return undefined;
      made++;
      return pending(path);
    },
    async close() {
      port?.close();
      await worker?.terminate();
      return failure;
    },
  };
}
