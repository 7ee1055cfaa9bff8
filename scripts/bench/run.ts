/**
 * `npm run bench`: this service against the runtime's ceiling and a naive peer, in
 * workerd (Miniflare, no wrangler dev proxy) on 127.0.0.1, then the same service at 1,
 * 100, 1,000 and 10,000 articles. Prints tables and writes .bench/results.json.
 *
 *   npm run bench                  # full run (about 10 minutes on 2 cores)
 *   npm run bench -- --quick       # fewer, shorter rounds, sizes 1 and 1,000 only
 *   npm run bench -- --sizes 1,100 # choose the scale sizes
 *   npm run bench -- --only scale  # skip the endpoint comparison
 *   npm run bench -- --only scale --tags 5000 --authors 500  # a real newsroom's taxonomy, not the default dozen
 *   npm run bench -- --only endpoints  # only the endpoint comparison (the partner feed's and the fediverse's included)
 *   npm run bench -- --only warm       # only the 60 s warm load on the service and the ceiling (its latency tail)
 *   npm run bench -- --only endpoints --rounds 9  # more paired rounds than 5, for ratios this host moves by ±10 %
 *   npm run bench -- --only endpoints --pin       # workerd on one core, wrk on the other (it did not narrow the rounds, 2026-12-08)
 *   npm run bench -- --only fanout     # one publication to 10,000 followers on 1,000 servers (scripts/bench/fanout.ts)
 *
 * A benchmark, not a test: ratios in one run on a noisy shared machine, medians of
 * interleaved rounds. Nothing here asserts a timing.
 */
import { execFileSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { cpSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { request as httpRequest } from "node:http";
import { gzipSync } from "node:zlib";
import autocannon from "autocannon";
import { generatedModule } from "../../src/content-build/generated-module.js";
import { buildIcons } from "../../src/content-build/icons.js";
import { cachedBuild } from "./cached-build.js";
import { cliBuild, cliCacheDir, forgetCliCache } from "./cli-build.js";
import { timedInside } from "./timed-inside.js";
import { siteFromVars } from "../../src/core/config.js";
import { FRAME_HEADER, type PackTable, RECORDS_PER_PACK, settledFiles, slugBucket } from "../../src/core/settled.js";
import { freePort } from "../serve-locally.js";
import { liveMemory, openInspector } from "./inspector.js";
import { type Running, startWorker } from "./start-worker.js";
import { over, type Startup, startupRounds } from "./startup-rounds.js";
import { median, quantile, shuffled } from "./stats.js";
import { type FanoutResult, fanout } from "./fanout.js";
import { cpuUs, rssMiB } from "./processes.js";
import { buildService, bundle, COMPATIBILITY_DATE, copySource, workerModules } from "./service-worker.js";
import { benchPartners } from "./synthetic-service.js";
import { type Taxonomy, writeSyntheticContent } from "./synthetic-content.js";

const ROOT = resolve(import.meta.dirname, "../..");
const WORK = join(ROOT, ".bench");
const BASE_URL = "https://news.example";
/** The site vars every service of the bench runs with, and its stored pages are rendered for. */
const SERVICE_VARS = { BASE_URL, FEED_SIZE: "50" };
const args = process.argv.slice(2);
const quick = args.includes("--quick");
const sizesArg = args.includes("--sizes") ? args[args.indexOf("--sizes") + 1] : undefined;
const SCALE_SIZES = sizesArg ? sizesArg.split(",").map(Number) : quick ? [1, 1000] : [1, 100, 1000, 10000];
/** `--rounds N`: more rounds for figures this host's noise moves by more than the margin asked of them. */
const ROUNDS = args.includes("--rounds") ? Number(args[args.indexOf("--rounds") + 1]) : quick ? 3 : 5;
const SECONDS = quick ? 2 : 3;
const CONNECTIONS = 16;
/** Start-up rounds (`startup-rounds.ts`): one spawn varies by tens of ms on a shared host, so many, paired. */
const STARTUP_ROUNDS = quick ? 7 : 21;
const ONLY = args.includes("--only") ? args[args.indexOf("--only") + 1] : undefined;
/** `--tags N --authors M`: the scale section's newsroom draws from this many (a real one's taxonomy), not the default dozen. */
const TAXONOMY: Taxonomy | undefined = args.includes("--tags")
  ? { tags: Number(args[args.indexOf("--tags") + 1]), authors: args.includes("--authors") ? Number(args[args.indexOf("--authors") + 1]) : 500 }
  : undefined;

process.env.WRANGLER_SEND_METRICS = "false";
process.env.CLOUDFLARE_CF_FETCH_ENABLED = "false";

const log = (...parts: unknown[]) => console.error(...parts);

// ---------------------------------------------------------------- preparing workers

interface Prepared {
  n: number;
  dir: string;
  service: string;
  /** The naive peer's script, when asked for. */
  naive?: string;
  /** The service's static assets (the settled archive). */
  assets: string;
  assetFiles: number;
  assetBytes: number;
  largestAssetBytes: number;
  /**
   * The files each settled article page is read from (its slug bucket, its pack) and where its
   * stored page is in the pack (bytes, from the file's start), by path: what the storage ceiling reads and answers.
   */
  storedPages: [string, { bucket: string; pack: string; start: number; end: number }][];
  /** The CLI in a fresh process, every file parsed (n − 1 articles), its outputs written. */
  buildMs: number;
  /** The same with one new article and the rest from the build cache. */
  incrementalBuildMs: number;
  /** Their peak memory, when GNU time is installed. */
  buildPeakMiB?: number;
  incrementalPeakMiB?: number;
  bundleBytes: number;
  bundleGzipBytes: number;
}

// The newsroom's icons, made once: the same for every size.
const iconFiles = (await buildIcons(join(ROOT, "content"))).files;

/**
 * Synthetic content for `n` articles, built and bundled into the real Worker entry (and, for
 * the endpoint comparison, the naive peer: every body in its script, which past some tens of
 * thousands of articles no longer fits in one JavaScript string).
 */
async function prepare(n: number, withNaive = false): Promise<Prepared> {
  const dir = join(WORK, String(n));
  rmSync(dir, { recursive: true, force: true });
  const contentDir = join(dir, "content");
  writeSyntheticContent(contentDir, n, TAXONOMY);

  // The content build timed as an editor runs it: the CLI (`npm run build:content`) in a fresh
  // process, writing its outputs. Full: every file parsed, its cache emptied first; incremental:
  // one new article beside n − 1 cached. Then the content built in this process for the service
  // the bench serves (FEED_SIZE 50), from the CLI's parse cache: nothing parsed again.
  const settledAt = Date.now();
  const cliOut = join(dir, "cli-out", "content.ts");
  const cli = () => cliBuild(contentDir, cliOut, ["--settled", new Date(settledAt).toISOString()]);
  const newest = join(contentDir, "story-00000.md");
  const aside = join(dir, "story-00000.md");
  forgetCliCache(contentDir);
  renameSync(newest, aside);
  const full = cli();
  renameSync(aside, newest);
  const plusOne = cli();
  // The settled pages stored for the site the service runs with (SERVICE_VARS), as the CLI stores them for wrangler.toml's.
  const { result, outputs } = await cachedBuild(contentDir, dir, iconFiles, settledAt, cliCacheDir(contentDir), siteFromVars(SERVICE_VARS));
  rmSync(join(dir, "cli-out"), { recursive: true, force: true });
  const { script: service, assets, settled } = buildService(dir, outputs, SERVICE_VARS);
  // The naive peer carries every body in its script, as a naive service would.
  let naive: string | undefined;
  if (withNaive) {
    const naiveWork = join(dir, "naive-work");
    copySource(naiveWork, generatedModule(result.articles, iconFiles));
    mkdirSync(join(naiveWork, "scripts/bench"), { recursive: true });
    cpSync(join(ROOT, "scripts/bench/naive-worker.ts"), join(naiveWork, "scripts/bench/naive-worker.ts"));
    writeFileSync(join(naiveWork, "naive.toml"), `name = "bench-naive"\nmain = "scripts/bench/naive-worker.ts"\ncompatibility_date = "${COMPATIBILITY_DATE}"\n`);
    naive = bundle(join(naiveWork, "naive.toml"), join(dir, "naive"));
  }
  const raw = readFileSync(service);
  const { folder, count, buckets } = settled.index;
  // The settled articles, oldest first (index = position); the live ones have stored pages.
  const packs = new Map(settled.files.map((f) => [f.path, f]));
  const storedPages = result.articles
    .slice(result.articles.length - count)
    .reverse()
    .flatMap((a, pos): Prepared["storedPages"] => {
      if (a.withdrawn) return [];
      const bucket = `${folder}/${settledFiles.slugs(slugBucket(a.slug, buckets))}`;
      const path = settledFiles.records(Math.floor(pos / RECORDS_PER_PACK));
      const { start, end } = storedPageIn(packs.get(path)!.bytes, pos % RECORDS_PER_PACK);
      return [[`/articles/${a.slug}`, { bucket, pack: `${folder}/${path}`, start, end }]];
    });
  return {
    n,
    dir,
    service,
    ...(naive !== undefined && { naive }),
    assets,
    assetFiles: settled.files.length,
    assetBytes: settled.files.reduce((sum, f) => sum + f.bytes.length, 0),
    largestAssetBytes: Math.max(0, ...settled.files.map((f) => f.bytes.length)),
    storedPages,
    buildMs: full.ms,
    incrementalBuildMs: plusOne.ms,
    ...(full.peakMiB !== undefined && plusOne.peakMiB !== undefined && { buildPeakMiB: full.peakMiB, incrementalPeakMiB: plusOne.peakMiB }),
    bundleBytes: raw.length,
    bundleGzipBytes: gzipSync(raw).length,
  };
}

// ---------------------------------------------------------------- running workers

/** The isolate's live memory in MiB through workerd's inspector (`liveMemory`). */
async function isolateMiB(inspectorPort: number): Promise<number> {
  const inspector = await openInspector(inspectorPort);
  try {
    const { heap, arrayBuffers } = await liveMemory(inspector);
    return (heap + arrayBuffers) / 2 ** 20;
  } finally {
    inspector.close();
  }
}

/**
 * `--pin`: every workerd on the second core and wrk on the first (`taskset`), so the load
 * generator and the Worker never take each other's core and no thread moves between them: the
 * same for every target, to see whether the rounds' spread narrows.
 */
const PIN = args.includes("--pin");

/** A target in its own workerd (`startWorker`), pinned with `--pin`. */
async function start(scriptPath: string, vars: Record<string, string> = {}, assets?: string, inspectorPort?: number): Promise<Running> {
  const running = await startWorker(scriptPath, { vars, assets, inspectorPort });
  if (PIN && running.pid !== undefined) execFileSync("taskset", ["-a", "-p", "-c", "1", String(running.pid)], { stdio: "ignore" });
  return running;
}

// ---------------------------------------------------------------- the ceiling

interface CapturedVariant {
  headers: [string, string][];
  /** base64 of the exact bytes sent. */
  body: string;
  notModifiedHeaders: [string, string][];
  etag: string;
}

interface Captured {
  path: string;
  identity: CapturedVariant;
  gzip?: CapturedVariant;
  lastModified: string | null;
}

/** A GET with the bytes exactly as sent (fetch would decode gzip). */
function raw(url: string, headers: Record<string, string>): Promise<{ status: number; headers: [string, string][]; body: Buffer }> {
  return new Promise((resolve, reject) => {
    // A fresh connection each time: a kept-alive socket that workerd closed while idle (a heap
    // snapshot, a long load elsewhere) would answer the next request with a hang-up.
    const req = httpRequest(url, { headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const out: [string, string][] = [];
        for (const [name, value] of Object.entries(res.headers)) {
          if (value !== undefined && !["content-length", "transfer-encoding", "connection", "keep-alive"].includes(name)) out.push([name, String(value)]);
        }
        resolve({ status: res.statusCode ?? 0, headers: out, body: Buffer.concat(chunks) });
      });
      res.on("error", reject);
    });
    req.on("error", (error) => reject(new Error(`${url}: ${error.message}`)));
    req.end();
  });
}

async function captureVariant(url: string, headers: Record<string, string>): Promise<CapturedVariant> {
  const ok = await raw(url, headers);
  const etag = ok.headers.find(([name]) => name === "etag")?.[1] ?? "";
  const notModified = await raw(url, { ...headers, "If-None-Match": etag });
  return { headers: ok.headers, body: ok.body.toString("base64"), notModifiedHeaders: notModified.headers, etag };
}

async function capture(url: string, paths: string[]): Promise<Captured[]> {
  const out: Captured[] = [];
  for (const path of paths) {
    const identity = await captureVariant(url + path, {});
    const gzip = await captureVariant(url + path, { "Accept-Encoding": "gzip" });
    const isGzip = gzip.headers.some(([name, value]) => name === "content-encoding" && value === "gzip");
    out.push({ path, identity, ...(isGzip && { gzip }), lastModified: identity.headers.find(([name]) => name === "last-modified")?.[1] ?? null });
  }
  return out;
}

/**
 * The ceiling: a plain Worker (no framework) answering with the same status, headers and
 * bytes as constants. Bodies are decoded once at start-up into Blobs (workerd sends a Blob's
 * bytes without copying them into each Response; `bodies: "Uint8Array"` holds them as
 * Uint8Arrays instead, which workerd copies on every request, as the ceiling did before
 * 2026-12-08), headers are prebuilt Headers objects, and it reads only what any correct
 * endpoint must: method, path, the two conditional headers, and the client's Accept-Encoding
 * where there is a gzip variant (`cf.clientAcceptEncoding` when there is one: on Cloudflare
 * the header is the edge's own).
 *
 * With `runtimeGzip`, a gzip-accepting client gets the identity bytes marked
 * `Content-Encoding: gzip` instead, so workerd compresses them on every request: what a
 * Worker that leaves compression to the runtime costs.
 */
function ceilingModule(captured: Captured[], runtimeGzip = false, bodies: "Blob" | "Uint8Array" = "Blob"): string {
  const variant = (v: CapturedVariant, extra: [string, string][] = []) =>
    `{ body: decode(${JSON.stringify(v.body)}), headers: new Headers(${JSON.stringify([...v.headers, ...extra])}), notModified: new Headers(${JSON.stringify(v.notModifiedHeaders)}), etag: ${JSON.stringify(v.etag)}, strong: ${JSON.stringify(v.etag.replace(/^W\//, ""))} }`;
  const routes = captured.map((c) => {
    const gzipText = c.gzip ? (runtimeGzip ? variant(c.identity, [["content-encoding", "gzip"]]) : variant(c.gzip)) : "undefined";
    // The ceiling routes by path alone (a WebFinger query is read by the service, not by it).
    return `[${JSON.stringify(c.path.split("?")[0])}, { identity: ${variant(c.identity)}, gzip: ${gzipText}, lastModified: ${JSON.stringify(c.lastModified)} }]`;
  });
  const bytes = "Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))";
  return `const decode = (b64) => ${bodies === "Blob" ? `new Blob([${bytes}])` : bytes};
const routes = new Map([
${routes.join(",\n")}
]);
const MANUAL = ${runtimeGzip ? "false" : "true"};
export default {
  fetch(request) {
    const url = request.url;
    const start = url.indexOf("/", 8);
    const query = url.indexOf("?", start);
    const route = routes.get(query < 0 ? url.slice(start) : url.slice(start, query));
    if (route === undefined) return new Response(null, { status: 404 });
    const headers = request.headers;
    let v = route.identity;
    if (route.gzip !== undefined) {
      // On Cloudflare the header is the edge's own ("br, gzip"); the client's is in cf, as the service reads it.
      const own = request.cf?.clientAcceptEncoding;
      const ae = typeof own === "string" ? own : headers.get("Accept-Encoding");
      if (ae !== null && ae.includes("gzip")) v = route.gzip;
    }
    const inm = headers.get("If-None-Match");
    const fresh = inm !== null ? inm === v.etag || inm === v.strong : route.lastModified !== null && headers.get("If-Modified-Since") === route.lastModified;
    if (fresh) return new Response(null, { status: 304, headers: v.notModified });
    const body = request.method === "HEAD" ? null : v.body;
    return v === route.gzip && MANUAL ? new Response(body, { status: 200, headers: v.headers, encodeBody: "manual" }) : new Response(body, { status: 200, headers: v.headers });
  },
};
`;
}

// ---------------------------------------------------------------- load

interface Sample {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** workerd's CPU time (user + system, the whole process) per request, µs. */
  cpuUs: number | undefined;
}


/** wrk's duration in its own units (`12.5ms`, `1.2s`, `850us`), in ms. */
function wrkMs(text: string): number {
  const match = /^([\d.]+)(us|ms|s|m)$/.exec(text.trim());
  if (!match) return Number.NaN;
  return Number(match[1]) * { us: 0.001, ms: 1, s: 1000, m: 60_000 }[match[2] as "us" | "ms" | "s" | "m"];
}

/**
 * `seconds` of load on one URL with wrk (a client in C: autocannon, in Node on the same two cores,
 * parsed 300 KB bodies slower than workerd made them and swung ratios by ±40 % between runs),
 * and workerd's CPU time per request over the same interval: the figure noise moves least.
 */
async function load(url: string, headers: Record<string, string>, expectedStatus: number, seconds = SECONDS, pid?: number): Promise<Sample> {
  const before = cpuUs(pid);
  const wrk = ["wrk", "-t1", `-c${CONNECTIONS}`, `-d${seconds}s`, "--latency", ...Object.entries(headers).flatMap(([k, v]) => ["-H", `${k}: ${v}`]), url];
  const [command, ...rest] = PIN ? ["taskset", "-c", "0", ...wrk] : wrk;
  const out = execFileSync(command!, rest, { encoding: "utf8" });
  const after = cpuUs(pid);
  const total = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
  const latency = (p: string) => wrkMs(new RegExp(`^\\s+${p}%\\s+(\\S+)`, "m").exec(out)?.[1] ?? "");
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const socketErrors = socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
  const non2xx3xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  // wrk tells 2xx/3xx from the rest: for a case that expects a 4xx, every answer must be one.
  const wrong = expectedStatus < 400 ? non2xx3xx : total - non2xx3xx;
  // What failed, so an error in a table has its cause beside it (as `walk` logs the cold pages').
  if (socketErrors + wrong > 0) log(`  ${url}: ${socket?.[0] ?? "no socket errors"}; ${wrong} answer(s) not ${expectedStatus < 400 ? "2xx/3xx" : "4xx"}`);
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0),
    p50: latency("50"),
    p99: latency("99"),
    errors: socketErrors + wrong,
    cpuUs: before !== undefined && after !== undefined && total > 0 ? (after - before) / total : undefined,
  };
}

interface Row {
  endpoint: string;
  target: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  ratio?: number;
  /** Its fastest round over the ceiling's fastest. */
  bestRatio?: number;
  /** The least workerd CPU per request in any round, µs. */
  cpuUs?: number | undefined;
  /** The ceiling's CPU per request over this target's: ≥ 1 when it does no more work. */
  cpuRatio?: number;
  /** The median over rounds of the ceiling's CPU per request over this target's in the same round. */
  pairedCpuRatio?: number;
  /** The quartiles of those rounds' ratios: how far one round strays. */
  pairedCpuSpread?: [number, number];
}

const WARM_SECONDS = quick ? 10 : 60;

interface WarmRow {
  target: string;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  p99_9: number;
  max: number;
  errors: number;
}

/** `seconds` of the warm mix (each connection cycles through it) at 16 connections: throughput and the latency tail. */
async function warmLoad(url: string, requests: { method: string; path: string; headers: Record<string, string> }[], seconds: number): Promise<Omit<WarmRow, "target">> {
  const result = await autocannon({ url, connections: 16, duration: seconds, requests });
  const latency = result.latency as typeof result.latency & { p99_9: number };
  const wrong = Object.entries(result.statusCodeStats ?? {})
    .filter(([code]) => code !== "200" && code !== "304")
    .reduce((sum, [, { count }]) => sum + count, 0);
  return {
    requests: result.requests.total,
    rps: result.requests.average,
    p50: latency.p50,
    p99: latency.p99,
    p99_9: latency.p99_9,
    max: latency.max,
    errors: result.errors + result.timeouts + wrong,
  };
}


interface Case {
  endpoint: string;
  path: string;
  headers: Record<string, string>;
  status: number;
}

/** The median of paired rounds' ratios, with their quartiles. */
function pairedRatios(ratios: number[]): { pairedCpuRatio: number; pairedCpuSpread: [number, number] } {
  return { pairedCpuRatio: median(ratios), pairedCpuSpread: [quantile(ratios, 0.25), quantile(ratios, 0.75)] };
}

/** Loads every target on every case, interleaved, `ROUNDS` times; medians per case and target. */
async function compare(targets: Record<string, Running>, cases: Case[], skip: (target: string, c: Case) => boolean = () => false): Promise<Row[]> {
  const samples = new Map<string, Sample[]>();
  const names = Object.keys(targets);
  // wrk counts 2xx and 3xx alike: each case's exact status is checked once here.
  for (const c of cases)
    for (const name of names) {
      if (skip(name, c)) continue;
      // As wrk asks: with these headers only (fetch would add an Accept-Encoding).
      const { status } = await raw(targets[name]!.url + c.path, c.headers);
      if (status !== c.status) throw new Error(`${name} ${c.endpoint}: ${status}, not ${c.status}`);
    }
  for (let round = 0; round < ROUNDS; round++) {
    log(`  round ${round + 1}/${ROUNDS}`);
    for (const c of cases) {
      const order = round % 2 === 0 ? names : [...names].reverse();
      for (const name of order) {
        if (skip(name, c)) continue;
        const sample = await load(targets[name]!.url + c.path, c.headers, c.status, SECONDS, targets[name]!.pid);
        const key = `${c.endpoint}\u0000${name}`;
        samples.set(key, [...(samples.get(key) ?? []), sample]);
      }
    }
  }
  const rows: Row[] = [];
  // Each round loads every target back to back: a round's two figures share the host's state of
  // the moment, so their ratio cancels what drifts between rounds (the least CPU, an extreme, does not).
  const pairedCpu = (ceiling: Sample[], list: Sample[]) =>
    ceiling.length === list.length && [...ceiling, ...list].every((s) => s.cpuUs !== undefined)
      ? pairedRatios(list.map((s, i) => ceiling[i]!.cpuUs! / s.cpuUs!))
      : {};
  for (const c of cases) {
    const ceiling = samples.get(`${c.endpoint}\u0000ceiling`);
    const ceilingRps = ceiling ? median(ceiling.map((s) => s.rps)) : undefined;
    // The least CPU a request took in any round: noise only ever adds to it (on this host the same
    // Worker's CPU per request swings 4× between rounds of the same load, with no steal time).
    const cpuOf = (list: Sample[]) => (list.every((s) => s.cpuUs !== undefined) ? Math.min(...list.map((s) => s.cpuUs!)) : undefined);
    const ceilingCpu = ceiling ? cpuOf(ceiling) : undefined;
    const ceilingBest = ceiling ? Math.max(...ceiling.map((s) => s.rps)) : undefined;
    for (const name of names) {
      const list = samples.get(`${c.endpoint}\u0000${name}`);
      if (!list) continue;
      const rps = median(list.map((s) => s.rps));
      rows.push({
        endpoint: c.endpoint,
        target: name,
        rps,
        p50: median(list.map((s) => s.p50)),
        p99: median(list.map((s) => s.p99)),
        errors: list.reduce((sum, s) => sum + s.errors, 0),
        ...(ceilingRps !== undefined && { ratio: rps / ceilingRps }),
        ...(ceilingBest !== undefined && { bestRatio: Math.max(...list.map((s) => s.rps)) / ceilingBest }),
        cpuUs: cpuOf(list),
        ...(ceilingCpu !== undefined && cpuOf(list) !== undefined && { cpuRatio: ceilingCpu / cpuOf(list)! }),
        ...(ceiling !== undefined && pairedCpu(ceiling, list)),
      });
    }
  }
  return rows;
}

/** Where the stored page of the record at `i` is in a pack file's bytes (from the file's start), by its table (`PageEntry`). */
function storedPageIn(file: Uint8Array, i: number): { start: number; end: number } {
  const tableEnd = file.indexOf(0x0a, FRAME_HEADER);
  const table = JSON.parse(new TextDecoder().decode(file.subarray(FRAME_HEADER, tableEnd))) as PackTable;
  let at = tableEnd + 1;
  for (const [length] of table) at += length + 1;
  for (const [j, [, , page]] of table.entries()) {
    if (page === undefined) continue;
    if (j === i) return { start: at, end: at + page[0] };
    at += page[0] + page[3];
  }
  throw new Error(`no stored page for record ${i}: was the service built for another site?`);
}

/**
 * The storage ceiling for a cold article page: a plain Worker that reads the same files
 * (the slug's bucket, then the record's pack) from the same static assets and answers the
 * page stored there, with no parsing, no check and nothing held. What a cold page of the
 * service is compared with.
 */
function storageCeilingModule(storedPages: Prepared["storedPages"]): string {
  return `const index = new Map(JSON.parse(${JSON.stringify(JSON.stringify(storedPages))}));
export default {
  async fetch(request, env) {
    const url = request.url;
    const start = url.indexOf("/", 8);
    const ref = index.get(url.slice(start));
    if (ref === undefined) return new Response(null, { status: 404 });
    await (await env.ASSETS.fetch(new Request("https://assets.invalid/" + ref.bucket))).text();
    const pack = await (await env.ASSETS.fetch(new Request("https://assets.invalid/" + ref.pack))).arrayBuffer();
    return new Response(new Uint8Array(pack, ref.start, ref.end - ref.start), { headers: { "Content-Type": "text/html; charset=utf-8" } });
  },
};
`;
}

/**
 * Requests for many distinct paths, `CONNECTIONS` at a time, each path once in turn (from
 * a shuffled list): a cold page where the list is longer than what the isolate holds.
 */
async function walk(url: string, paths: readonly string[], seconds: number, name = url): Promise<{ rps: number; errors: number }> {
  let next = 0;
  let done = 0;
  let errors = 0;
  const failures = new Map<string, number>();
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < until) {
        const path = paths[next++ % paths.length]!;
        // Identity, like the storage ceiling's bytes (a gzip client pays one compression more per page).
        const response = await fetch(url + path, { headers: { "Accept-Encoding": "identity" } });
        await response.arrayBuffer();
        if (response.status !== 200) {
          errors++;
          const key = `${response.status} ${response.headers.get("Content-Type") ?? ""}`;
          failures.set(key, (failures.get(key) ?? 0) + 1);
        }
        done++;
      }
    }),
  );
  // What failed, so an error in the table has its cause beside it.
  for (const [key, count] of failures) log(`  ${name}: ${count} × ${key}`);
  return { rps: done / ((performance.now() - started) / 1000), errors };
}

// ---------------------------------------------------------------- main

function table(headers: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(" | ")} |`;
  return [line(headers), line(headers.map(() => "---")), ...rows.map(line)].join("\n");
}

const fmt = (n: number | undefined, digits = 0) => (n === undefined ? "—" : n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits }));

/** The ceiling as it was before 2026-12-08: its bodies Uint8Arrays, copied by workerd into every Response. */
const BYTES_CEILING = "ceiling, Uint8Array bodies";


/** WebFinger for the newsroom's handle, as Mastodon asks it. */
const WEBFINGER = `/.well-known/webfinger?resource=${encodeURIComponent(`acct:news@${new URL(BASE_URL).host}`)}`;

/** A key pair for the actors, as `npm run fediverse -- keys` makes one. */
function benchFediverseKeys(): string {
  const pair = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  return JSON.stringify({ publicKeyPem: pair.publicKey, privateKeyPem: pair.privateKey });
}

/** Every endpoint at 50 articles: ceiling, service, naive peer, runtime gzip. */
async function endpoints() {
  log("Preparing 50 articles …");
  const p50 = await prepare(50, true);
  const article = `/articles/${readdirSync(join(p50.dir, "content"))[0]!.replace(/\.md$/, "")}`;
  const partners = await benchPartners();
  // No Rate Limiting binding here (it would refuse the load after 60 requests): what is measured is the feed.
  const service = await start(
    p50.service,
    { ...SERVICE_VARS, PARTNER_KEYS: partners.keys, FEDIVERSE_KEYS: benchFediverseKeys() },
    p50.assets,
  );
  // The fediverse's documents as Mastodon fetches them: the actor, its WebFinger answer, the outbox and its newest page.
  const outbox = (await (await fetch(`${service.url}/actors/news/outbox`)).json()) as { first: string };
  const fediverse = ["/actors/news", WEBFINGER, "/actors/news/outbox", new URL(outbox.first).pathname];
  const paths = ["/rss.xml", "/atom.xml", "/feed.json", article, "/", ...fediverse];
  const captured = await capture(service.url, paths);
  // The partner feed as a partner gets it; the ceiling answers those bytes by path, authenticating no one.
  const auth = { Authorization: `Bearer ${partners.token}` };
  const partnerIdentity = await captureVariant(`${service.url}/partners/feed.json`, auth);
  const partnerGzip = await captureVariant(`${service.url}/partners/feed.json`, { ...auth, "Accept-Encoding": "gzip" });
  captured.push({
    path: "/partners/feed.json",
    identity: partnerIdentity,
    ...(partnerGzip.headers.some(([name, value]) => name === "content-encoding" && value === "gzip") && { gzip: partnerGzip }),
    lastModified: partnerIdentity.headers.find(([name]) => name === "last-modified")?.[1] ?? null,
  });
  const ceilingPath = join(p50.dir, "ceiling.mjs");
  writeFileSync(ceilingPath, ceilingModule(captured));
  const runtimeGzipPath = join(p50.dir, "ceiling-runtime-gzip.mjs");
  writeFileSync(runtimeGzipPath, ceilingModule(captured, true));
  const bytesCeilingPath = join(p50.dir, "ceiling-uint8array.mjs");
  writeFileSync(bytesCeilingPath, ceilingModule(captured, false, "Uint8Array"));
  // Every target runs with the same static assets as the service: Miniflare then puts its
  // asset router in front of each (as Cloudflare routes a Worker with assets), a hop that alone
  // cost a target without it 70-80% of its throughput on small responses.
  const ceiling = await start(ceilingPath, {}, p50.assets);
  const runtimeGzip = await start(runtimeGzipPath, {}, p50.assets);
  const naive = await start(p50.naive!, {}, p50.assets);
  const bytesCeiling = await start(bytesCeilingPath, {}, p50.assets);

  const rssEtag = captured[0]!.identity.etag;
  const cases: Case[] = [
    { endpoint: "/rss.xml", path: "/rss.xml", headers: {}, status: 200 },
    { endpoint: "/atom.xml", path: "/atom.xml", headers: {}, status: 200 },
    { endpoint: "/feed.json", path: "/feed.json", headers: {}, status: 200 },
    { endpoint: "article page", path: article, headers: {}, status: 200 },
    { endpoint: "/", path: "/", headers: {}, status: 200 },
    { endpoint: "304 (If-None-Match)", path: "/rss.xml", headers: { "If-None-Match": rssEtag }, status: 304 },
    { endpoint: "/rss.xml, gzip", path: "/rss.xml", headers: { "Accept-Encoding": "gzip" }, status: 200 },
    { endpoint: "article page, gzip", path: article, headers: { "Accept-Encoding": "gzip" }, status: 200 },
    { endpoint: "partner feed (token, 40 partners)", path: "/partners/feed.json", headers: auth, status: 200 },
    { endpoint: "partner feed, 304", path: "/partners/feed.json", headers: { ...auth, "If-None-Match": partnerIdentity.etag }, status: 304 },
    { endpoint: "partner feed, no token (401)", path: "/partners/feed.json", headers: {}, status: 401 },
    { endpoint: "actor", path: "/actors/news", headers: {}, status: 200 },
    { endpoint: "WebFinger", path: WEBFINGER, headers: {}, status: 200 },
    { endpoint: "outbox", path: "/actors/news/outbox", headers: {}, status: 200 },
    { endpoint: "outbox, newest page", path: fediverse[3]!, headers: {}, status: 200 },
  ];
  for (const c of cases) await load(service.url + c.path, c.headers, c.status, 1); // warm every document
  log("Endpoints at 50 articles …");
  const naiveEndpoints = new Set(["/rss.xml", "/atom.xml", "/feed.json"]);
  const bytesEndpoints = new Set(["/rss.xml", "/atom.xml", "/feed.json", "article page", "/"]);
  const endpointRows = ONLY === "warm" ? [] : await compare(
    { ceiling, service, naive, "runtime gzip": runtimeGzip, [BYTES_CEILING]: bytesCeiling },
    cases,
    (target, c) =>
      (target === "naive" && !naiveEndpoints.has(c.endpoint)) ||
      // What holding the bodies as Blobs gains, where there is a body (identity, as the service's own).
      (target === BYTES_CEILING && !bytesEndpoints.has(c.endpoint)) ||
      (target === "runtime gzip" && !c.endpoint.endsWith("gzip")) ||
      // The ceiling has no 401 to give: it serves the partner's bytes to anyone.
      (target === "ceiling" && c.status === 401),
  );
  // 60 s of warm load on the service and on the ceiling in turn: its tail (p99.9, max) is the figure.
  const warmMix = cases.filter((c) => c.status !== 401).map((c) => ({ method: "GET", path: c.path, headers: c.headers }));
  const warmRows: WarmRow[] = [];
  for (const [name, target] of [["service", service], ["ceiling", ceiling]] as const) {
    log(`Warm load, 60 s: ${name} …`);
    warmRows.push({ target: name, ...(await warmLoad(target.url, warmMix, WARM_SECONDS)) });
  }
  const naiveRatios = endpointRows.length === 0 ? [] : [...naiveEndpoints].map((endpoint) => {
    const s = endpointRows.find((r) => r.endpoint === endpoint && r.target === "service")!;
    const n = endpointRows.find((r) => r.endpoint === endpoint && r.target === "naive")!;
    return { endpoint, serviceOverNaive: s.rps / n.rps };
  });
  await Promise.all([service.dispose(), ceiling.dispose(), naive.dispose(), runtimeGzip.dispose(), bytesCeiling.dispose()]);

  return { endpointRows, naiveRatios, warmRows };
}

function reportEndpoints(
  machine: string,
  endpointRows: Row[],
  naiveRatios: { endpoint: string; serviceOverNaive: number }[],
  warmRows: WarmRow[],
): void {
  if (endpointRows.length > 0) {
    console.log(`\n### Endpoints at 50 articles (${machine})\n`);
    console.log(
      table(
        ["endpoint", "target", "req/s", "p50 ms", "p99 ms", "errors", "× ceiling (medians)", "× ceiling (fastest rounds)", "least CPU µs/request", "× ceiling (least CPU)", "× ceiling (CPU, paired rounds; their quartiles)"],
        endpointRows.map((r) => [
          r.endpoint,
          r.target,
          fmt(r.rps),
          fmt(r.p50, 1),
          fmt(r.p99, 1),
          r.errors,
          fmt(r.ratio, 2),
          fmt(r.bestRatio, 2),
          fmt(r.cpuUs, 0),
          fmt(r.cpuRatio, 2),
          r.pairedCpuSpread === undefined ? fmt(r.pairedCpuRatio, 2) : `${fmt(r.pairedCpuRatio, 2)} (${fmt(r.pairedCpuSpread[0], 2)}…${fmt(r.pairedCpuSpread[1], 2)})`,
        ]),
      ),
    );
    console.log(`\nService ÷ naive peer: ${naiveRatios.map((r) => `${r.endpoint} ${fmt(r.serviceOverNaive, 1)}×`).join(", ")}`);
  }
  if (warmRows.length === 0) return;
  console.log(`\n### Warm load: ${WARM_SECONDS} s of every endpoint above in turn (but the 401), 16 connections (${machine})\n`);
  console.log(
    table(
      ["target", "requests", "req/s", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "errors"],
      warmRows.map((r) => [r.target, fmt(r.requests), fmt(r.rps), fmt(r.p50, 1), fmt(r.p99, 1), fmt(r.p99_9, 1), fmt(r.max, 1), r.errors]),
    ),
  );
}

function reportFanout(machine: string, r: FanoutResult): void {
  console.log(`\n### Fan-out: one publication to ${fmt(r.followers)} followers on ${fmt(r.servers)} servers (${machine})\n`);
  console.log(
    table(
      ["inboxes delivered", "duplicates", "lost", "time to the last", "queue batches", "messages", "delivery log", "workerd RSS before → after"],
      [
        [
          `${fmt(r.deliveredInboxes)} of ${fmt(r.servers)}`,
          r.duplicates,
          r.lost,
          `${fmt(r.ms / 1000, 1)} s`,
          r.batches,
          r.messages,
          Object.entries(r.states)
            .map(([state, n]) => `${state} ${n}`)
            .join(", "),
          `${fmt(r.rssBeforeMiB, 0)} → ${fmt(r.rssAfterMiB, 0)} MiB`,
        ],
      ],
    ),
  );
}

async function main() {
  try {
    execFileSync("wrk", ["--version"], { stdio: "ignore" });
  } catch (error) {
    // wrk prints its version and exits 1; only a missing binary throws ENOENT.
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      console.error("npm run bench loads the Worker with wrk, which is not installed: apt-get install wrk (Debian's package)");
      process.exit(2);
    }
  }
  mkdirSync(WORK, { recursive: true });
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  log(`Benchmark on ${machine}; ${ROUNDS} rounds × ${SECONDS} s × ${CONNECTIONS} connections per figure`);

  if (ONLY === "fanout") {
    reportFanout(machine, await fanout(WORK));
    return;
  }

  // 1. Endpoints at 50 articles (skipped with --only scale).
  const { endpointRows, naiveRatios, warmRows } = ONLY === "scale" ? { endpointRows: [], naiveRatios: [], warmRows: [] } : await endpoints();
  if (ONLY === "endpoints" || ONLY === "warm") {
    reportEndpoints(machine, endpointRows, naiveRatios, warmRows);
    return;
  }

  // 2. Scale: build, bundle, start-up, memory and throughput at each size.
  const emptyPath = join(WORK, "empty.mjs");
  writeFileSync(emptyPath, `export default { fetch() { return new Response("ok"); } };\n`);
  const [emptyStartup] = (await startupRounds([{ source: workerModules(emptyPath), vars: {}, path: "/startup-probe" }], 7)) as [Startup];
  // The empty Worker's memory after as many requests as the service gets before its figure.
  const emptyInspector = await freePort();
  const empty = await start(emptyPath, {}, undefined, emptyInspector);
  for (let i = 0; i < 2000; i++) await (await fetch(`${empty.url}/p${i}`)).arrayBuffer();
  const emptyMemory = rssMiB(empty.pid);
  const emptyHeap = await isolateMiB(emptyInspector);
  await empty.dispose();
  const scale = [];
  for (const n of SCALE_SIZES) {
    log(`Scale: ${n} articles …`);
    const prepared = await prepare(n);
    const vars = SERVICE_VARS;
    // The first 404 (a path that renders nothing) and the first front page, against a Worker
    // answering "ok" with the same assets and vars: Miniflare's asset service starts with them (it
    // reads the directory), which Cloudflare does not do per isolate; what is left is the script's own cost.
    const [serviceStartup, serviceHome, emptyWithAssets] = (await startupRounds(
      [
        { source: workerModules(prepared.service), vars, path: "/startup-probe", assets: prepared.assets },
        { source: workerModules(prepared.service), vars, path: "/", assets: prepared.assets },
        { source: workerModules(emptyPath), vars, path: "/", assets: prepared.assets },
      ],
      STARTUP_ROUNDS,
    )) as [Startup, Startup, Startup];
    const probeOver = over(serviceStartup, emptyWithAssets);
    const homeOver = over(serviceHome, emptyWithAssets);
    const evaluations = [];
    for (let i = 0; i < 5; i++) evaluations.push(await timedInside(prepared.service, vars, prepared.assets, "https://bench.invalid/startup-probe"));
    const inspector = await freePort();
    const running = await start(prepared.service, vars, prepared.assets, inspector);
    const articlePaths = readdirSync(join(prepared.dir, "content")).map((name) => `/articles/${name.replace(/\.md$/, "")}`);
    const first = articlePaths[0]!;
    const etag = (await captureVariant(`${running.url}/rss.xml`, {})).etag;
    // The largest documents a reader or crawler fetches: feeds, the oldest archive page, sitemaps.
    let largest = { path: "", bytes: 0 };
    for (const path of ["/", "/rss.xml", "/atom.xml", "/feed.json", "/archive/1/feed.json", "/archive/1/atom.xml", "/sitemap.xml", "/sitemap-news.xml"]) {
      const response = await fetch(running.url + path);
      const bytes = (await response.arrayBuffer()).byteLength;
      if (response.status === 200 && bytes > largest.bytes) largest = { path, bytes };
    }
    // Memory after up to 10,000 distinct documents (article pages, oldest last), before any load.
    const distinct = articlePaths.slice(0, 10_000);
    for (const path of distinct) await (await fetch(running.url + path)).arrayBuffer();
    const memory = rssMiB(running.pid);
    const heap = await isolateMiB(inspector);
    const scaleCases: Case[] = [
      { endpoint: "/rss.xml", path: "/rss.xml", headers: {}, status: 200 },
      { endpoint: "article page", path: first, headers: {}, status: 200 },
      { endpoint: "304", path: "/rss.xml", headers: { "If-None-Match": etag }, status: 304 },
    ];
    for (const c of scaleCases) await load(running.url + c.path, c.headers, c.status, 1);
    const rows = await compare({ service: running }, scaleCases);
    // Cold article pages: the stored ones, each once in turn, against the storage ceiling.
    const storageCeilingPath = join(prepared.dir, "storage-ceiling.mjs");
    writeFileSync(storageCeilingPath, storageCeilingModule(prepared.storedPages));
    const storageCeiling = await start(storageCeilingPath, {}, prepared.assets);
    // The same service with another site than the one its pages were stored for: it renders each page from its record.
    const rendering = await start(prepared.service, { ...vars, SITE_NAME: "Meridian Wire (rendering)" }, prepared.assets);
    const cold = shuffled(prepared.storedPages.map(([path]) => path));
    const coldService: number[] = [];
    const coldRendering: number[] = [];
    const coldCeiling: number[] = [];
    let coldErrors = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const a = await walk(running.url, cold, SECONDS, "cold pages, service");
      const b = await walk(storageCeiling.url, cold, SECONDS, "cold pages, storage ceiling");
      const c = await walk(rendering.url, cold, SECONDS, "cold pages, service rendering");
      coldService.push(a.rps);
      coldCeiling.push(b.rps);
      coldRendering.push(c.rps);
      coldErrors += a.errors + b.errors + c.errors;
    }
    await Promise.all([running.dispose(), storageCeiling.dispose(), rendering.dispose()]);
    scale.push({
      n,
      buildMs: prepared.buildMs,
      buildMsPerArticle: prepared.buildMs / Math.max(1, n - 1),
      incrementalBuildMs: prepared.incrementalBuildMs,
      ...(prepared.buildPeakMiB !== undefined && { buildPeakMiB: prepared.buildPeakMiB, incrementalPeakMiB: prepared.incrementalPeakMiB }),
      bundleBytes: prepared.bundleBytes,
      bundleGzipBytes: prepared.bundleGzipBytes,
      assetFiles: prepared.assetFiles,
      assetBytes: prepared.assetBytes,
      largestAssetBytes: prepared.largestAssetBytes,
      startupMs: probeOver.totalMs,
      startupHomeMs: homeOver.totalMs,
      startupHomeSpread: homeOver.spread,
      readyToFirstMs: probeOver.firstMs,
      readyToFirstHomeMs: homeOver.firstMs,
      emptyWithAssetsMs: emptyWithAssets.spawnToFirstMs,
      importMs: median(evaluations.map((e) => e.importMs)),
      firstRequestMs: median(evaluations.map((e) => e.firstRequestMs)),
      distinctDocuments: distinct.length,
      memoryMiB: memory,
      memoryOverEmptyMiB: memory !== undefined && emptyMemory !== undefined ? memory - emptyMemory : undefined,
      isolateMiB: heap,
      isolateOverEmptyMiB: heap - emptyHeap,
      largestDocument: largest,
      rps: Object.fromEntries(rows.map((r) => [r.endpoint, r.rps])),
      coldArticleRps: median(coldService),
      coldRenderingRps: median(coldRendering),
      coldCeilingRps: median(coldCeiling),
      errors: rows.reduce((sum, r) => sum + r.errors, 0) + coldErrors,
    });
  }

  // 3. Report.
  const results = { machine, date: new Date().toISOString(), rounds: ROUNDS, seconds: SECONDS, connections: CONNECTIONS, endpoints: endpointRows, naiveRatios, warm: warmRows, emptyStartupMs: emptyStartup, scale };
  writeFileSync(join(WORK, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
  if (endpointRows.length > 0) reportEndpoints(machine, endpointRows, naiveRatios, warmRows);
  console.log(`\n### Scale (${machine})\n`);
  console.log(
    table(
      [
        "articles",
        "build ms",
        "ms/article",
        "+1 article ms",
        "build peak MiB (full / +1)",
        "script KiB",
        "gzip KiB",
        "asset files",
        "assets MiB",
        "start-up ms (first 404)",
        "start-up ms (first /)",
        "of it, ready → first / ms",
        "module evaluation ms",
        "first request ms",
        "isolate over empty MiB",
        "workerd RSS over empty MiB",
        "largest document KiB",
        "hot rss req/s",
        "hot article req/s",
        "304 req/s",
        "cold article req/s",
        "× storage ceiling",
        "rendered from its record: req/s (× ceiling)",
        "errors",
      ],
      scale.map((s) => [
        fmt(s.n),
        fmt(s.buildMs),
        fmt(s.buildMsPerArticle, 2),
        fmt(s.incrementalBuildMs),
        s.buildPeakMiB === undefined ? "—" : `${fmt(s.buildPeakMiB)} / ${fmt(s.incrementalPeakMiB ?? 0)}`,
        fmt(s.bundleBytes / 1024),
        fmt(s.bundleGzipBytes / 1024),
        fmt(s.assetFiles),
        fmt(s.assetBytes / 2 ** 20, 1),
        fmt(s.startupMs, 1),
        `${fmt(s.startupHomeMs, 1)} (${fmt(s.startupHomeSpread[0])}…${fmt(s.startupHomeSpread[1])})`,
        fmt(s.readyToFirstHomeMs, 1),
        fmt(s.importMs),
        fmt(s.firstRequestMs),
        fmt(s.isolateOverEmptyMiB, 1),
        fmt(s.memoryOverEmptyMiB),
        `${fmt(s.largestDocument.bytes / 1024)} (${s.largestDocument.path})`,
        fmt(s.rps["/rss.xml"]),
        fmt(s.rps["article page"]),
        fmt(s.rps["304"]),
        fmt(s.coldArticleRps),
        fmt(s.coldArticleRps / s.coldCeilingRps, 2),
        `${fmt(s.coldRenderingRps)} (${fmt(s.coldRenderingRps / s.coldCeilingRps, 2)})`,
        s.errors,
      ]),
    ),
  );
  console.log(
    `\nBuild: the CLI (\`npm run build:content\`) in a fresh process, writing its outputs, as an editor runs it: its build cache emptied (n − 1 articles, every file parsed: ms/article), then with one new article (+1 article); peak memory by GNU time when installed. Start-up: workerd spawn → the first response to a 404 and to \`/\`, over a Worker answering "ok" with the same static assets and vars (${fmt(emptyStartup.spawnToFirstMs, 1)} ms without them; Miniflare's asset service reads the directory when it starts), ${STARTUP_ROUNDS} rounds each starting the three in turn (\`startup-rounds.ts\`, as \`startup.ts\` measures from outside): the median of the rounds' spawn → ready differences (loading and evaluating the script, which workerd does before it reports ready) plus the median of their ready → first-response differences (the next column: the first request itself), with the quartiles of the rounds' whole differences. Taxonomy: ${TAXONOMY ? `${TAXONOMY.tags} tags, ${TAXONOMY.authors} authors` : "the default (12 tags, 8 authors, 5 sections)"}. Module evaluation and first request (creating the app, answering a 404) are timed inside workerd, medians of 5. Memory, after up to 10,000 distinct article pages were served, minus an empty Worker's after 2,000 requests: the isolate's JS heap plus ArrayBuffer stores through the inspector after the full collection of a heap snapshot (empty: ${fmt(emptyHeap, 1)} MiB), and workerd's RSS (empty: ${fmt(emptyMemory)} MiB; it includes the runtime, the asset service and the local Cache API's storage). Cold article pages: every stored article once in turn, against a plain Worker reading the same files (slug bucket, record pack) from the same static assets and answering the page stored there; then the same service run with another SITE_NAME than its pages were stored for, which renders each page from its record. Results: .bench/results.json`,
  );
}

await main();
