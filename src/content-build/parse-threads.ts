/**
 * Parsing many article files at once on worker threads: a full build (the first one, or the
 * first after a change to the build's code) parses every file, and parsing is most of its time
 * (front matter, schema, Markdown, sanitising: at 100,000 articles the CLI took 60 s in line and
 * 38 s on two threads, `scripts/bench/cli-rebuild.ts`). The
 * files are read here, in name order, and each batch goes to the next free thread, which parses
 * it with `parseArticle` exactly as the build would; the build then takes each file's parse when
 * it asks for those very bytes (`ParsedAhead.take`), and parses anything else itself.
 *
 * Worth it only for many files (`PARALLEL_MIN_FILES`): a rebuild that parses a few changed files
 * parses them in line.
 */
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { Worker, type WorkerOptions } from "node:worker_threads";

/**
 * Fewer files to read than this are parsed in line (a thread starts only with its first batch
 * that has a file to parse, so files the cache keeps start none): a thread takes about half a second to load tsx and
 * the parsers, which two threads win back from about 3,000 files (at 0.45 ms a file; the CLI on
 * 2,000 files took 2.8 s on threads and 2.3 s in line, on 20,000 files 8.7 s and 10.0 s).
 */
export const PARALLEL_MIN_FILES = 4000;
/** Files per message: few enough to share the work evenly, many enough that messages cost little. */
const BATCH = 64;

export interface ParseJob {
  /** The file as named in messages (`content/<name>.md`). */
  file: string;
  slug: string;
  path: string;
}

/**
 * Parses made ahead (`P`: what `parseArticle` gives), each for the bytes it was made from; and
 * the bytes of files read but not parsed, for the build to read no file twice.
 */
export class ParsedAhead<P> {
  readonly #parsed = new Map<string, { bytes: Uint8Array; parsed: P | undefined }>();

  set(file: string, bytes: Uint8Array, parsed: P | undefined): void {
    this.#parsed.set(file, { bytes, parsed });
  }

  /** The bytes read for `file`, while its parse is not taken yet. */
  bytes(file: string): Uint8Array | undefined {
    return this.#parsed.get(file)?.bytes;
  }

  /** The parse of exactly these bytes of `file`, if made ahead; forgotten once taken. */
  take(file: string, bytes: Uint8Array): P | undefined {
    const entry = this.#parsed.get(file);
    if (entry === undefined || entry.bytes !== bytes) return undefined;
    this.#parsed.delete(file);
    return entry.parsed;
  }

  /** Forgets a file's bytes and parse, once the build has what it needs of them. */
  forget(file: string): void {
    this.#parsed.delete(file);
  }

  get size(): number {
    return this.#parsed.size;
  }
}

/** The threads to parse on: one per core the process may use, at most eight. */
export const parseThreads = (): number => Math.min(8, availableParallelism());

interface Reply<P> {
  parsed: P[];
}

/**
 * Parses the files of `jobs` on `threads` worker threads; `onDone` is told how many are done.
 * A thread that fails (it could not load the parsers) rejects the whole, and its reason is given.
 * A file whose bytes `wanted` refuses (the build cache keeps their parse) is read, not parsed.
 */
export async function parseAhead<P>(
  jobs: readonly ParseJob[],
  threads: number,
  onDone?: (done: number) => void,
  wanted: (file: string, bytes: Uint8Array) => boolean = () => true,
): Promise<ParsedAhead<P>> {
  const ahead = new ParsedAhead<P>();
  // A lane's thread starts with its first batch to parse (none, when the cache keeps every file).
  const lanes = Array.from({ length: Math.max(1, Math.min(threads, Math.ceil(jobs.length / BATCH))) }, () => ({
    worker: undefined as Worker | undefined,
  }));
  let next = 0;
  let done = 0;
  try {
    await Promise.all(
      lanes.map(async (lane) => {
        while (next < jobs.length) {
          const batch = jobs.slice(next, next + BATCH);
          next += batch.length;
          const read = batch.map((job) => ({ ...job, bytes: readFileSync(job.path) }));
          const parse = read.filter(({ file, bytes }) => wanted(file, bytes));
          for (const { file, bytes } of read) ahead.set(file, bytes, undefined);
          if (parse.length > 0) {
            lane.worker ??= startThread();
            const reply = await ask<P>(lane.worker, { jobs: parse.map(({ file, slug, bytes }) => ({ file, slug, bytes })) });
            for (const [i, { file, bytes }] of parse.entries()) ahead.set(file, bytes, reply.parsed[i]!);
          }
          done += batch.length;
          onDone?.(done);
        }
      }),
    );
  } finally {
    await Promise.all(lanes.map((lane) => lane.worker?.terminate()));
  }
  return ahead;
}

/**
 * A thread running the module at `url` (`parse-thread.ts`, `pack-thread.ts`), TypeScript loaded
 * through tsx's loader (the CLI runs under tsx, `npm run build:content`; a thread does not inherit
 * a loader, so it registers its own).
 */
export function tsThread(url: string, options: WorkerOptions = {}): Worker {
  const boot = `import(${JSON.stringify(TSX_API)}).then(({ register }) => { register(); return import(${JSON.stringify(url)}); })`;
  return new Worker(boot, { ...options, eval: true });
}
const TSX_API = import.meta.resolve("tsx/esm/api");
const startThread = () => tsThread(new URL("./parse-thread.ts", import.meta.url).href);

function ask<P>(worker: Worker, message: unknown): Promise<Reply<P>> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      worker.off("message", onMessage);
      worker.off("error", onError);
      worker.off("exit", onExit);
    };
    const onMessage = (reply: Reply<P>) => {
      cleanup();
      resolve(reply);
    };
    const onError = (error: Error) => {
      cleanup();
      reject(new Error(`a parsing thread failed: ${error.message}`, { cause: error }));
    };
    const onExit = (code: number) => {
      cleanup();
      reject(new Error(`a parsing thread stopped (exit code ${code}) before it answered`));
    };
    worker.on("message", onMessage);
    worker.on("error", onError);
    worker.on("exit", onExit);
    worker.postMessage(message);
  });
}
