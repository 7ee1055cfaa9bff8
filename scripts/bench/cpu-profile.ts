/**
 * `npx tsx scripts/bench/cpu-profile.ts [n] [seconds]`: where the Worker's CPU goes under load,
 * from workerd's own V8 profiler (the inspector's `Profiler` domain), on the real entry bundled
 * over `n` synthetic articles (default 20,000) with the settled archive in static assets, as the
 * bench serves it (Miniflare, a direct socket, the asset router in front). Two loads, each
 * `seconds` long (default 10) at 16 connections: cold article pages (every stored article once
 * in turn, identity) and the warm RSS feed (200, identity). Prints, for each, the requests served
 * and the functions with the most self time, and the share of the whole that each part of the
 * code (src/ by folder, Hono, the runtime) takes.
 */
import { mkdirSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { Miniflare } from "miniflare";
import WebSocket from "ws";
import { buildContent } from "../../src/content-build/build-content.js";
import { workerOutputs } from "../../src/content-build/generated-module.js";
import { buildIcons } from "../../src/content-build/icons.js";
import { buildCodeVersion, diskParseCache } from "../../src/content-build/parse-cache.js";
import { assetsAsDeployed, buildService, COMPATIBILITY_DATE } from "./service-worker.js";
import { writeSyntheticContent } from "./synthetic-content.js";

const ROOT = resolve(import.meta.dirname, "../..");
const n = Number(process.argv[2] ?? 20_000);
const seconds = Number(process.argv[3] ?? 10);
const CONNECTIONS = 16;
const dir = join(ROOT, ".bench", "cpu-profile", String(n));
const contentDir = join(dir, "content");

mkdirSync(dir, { recursive: true });
let names: string[];
try {
  names = readdirSync(contentDir);
} catch {
  names = [];
}
if (names.length !== n) writeSyntheticContent(contentDir, n);
const cache = diskParseCache(join(dir, "cache"), buildCodeVersion(ROOT));
const result = buildContent(contentDir, { cache });
cache.save();
const icons = (await buildIcons(join(ROOT, "content"))).files;
const outputs = workerOutputs(result.articles, icons, { at: Date.now(), head: 50, folder: "archive-content" });
const service = buildService(dir, outputs, { BASE_URL: "https://news.example", FEED_SIZE: "50" });
const stored = outputs.settled.index.count;
const paths = result.articles
  .slice(result.articles.length - stored)
  .filter((a) => !a.withdrawn)
  .map((a) => `/articles/${a.slug}`);
// A fixed shuffle: every stored page once in turn.
for (let i = paths.length - 1, seed = 1; i > 0; i--) {
  seed = (seed * 48271) % 2147483647;
  const j = seed % (i + 1);
  [paths[i], paths[j]] = [paths[j]!, paths[i]!];
}

const inspectorPort = 9300 + Math.floor(Math.random() * 500);
const mf = new Miniflare({
  modules: true,
  scriptPath: service.script,
  compatibilityDate: COMPATIBILITY_DATE,
  unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }],
  bindings: { BASE_URL: "https://news.example", FEED_SIZE: "50" },
  inspectorPort,
  assets: assetsAsDeployed(service.assets),
  handleRuntimeStdio(stdout: NodeJS.ReadableStream, stderr: NodeJS.ReadableStream) {
    stdout.resume();
    stderr.resume();
  },
});
await mf.ready;
const url = (await mf.unsafeGetDirectURL()).toString().replace(/\/$/, "");

// The inspector.
const list = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json()) as { id: string; webSocketDebuggerUrl: string }[];
const target = list.find((t) => t.id === "core:user:") ?? list[0]!;
const ws = new WebSocket(target.webSocketDebuggerUrl);
await new Promise((done, fail) => {
  ws.once("open", done);
  ws.once("error", fail);
});
let nextId = 1;
const waiting = new Map<number, (result: unknown) => void>();
ws.on("message", (data: Buffer) => {
  const message = JSON.parse(data.toString()) as { id?: number; result?: unknown };
  if (message.id !== undefined) waiting.get(message.id)?.(message.result);
});
const send = (method: string, params: Record<string, unknown> = {}) =>
  new Promise<unknown>((done) => {
    const id = nextId++;
    waiting.set(id, done);
    ws.send(JSON.stringify({ id, method, params }));
  });

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

async function load(list: readonly string[]): Promise<number> {
  let next = 0;
  let done = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < until) {
        const response = await fetch(url + list[next++ % list.length]!, { headers: { "Accept-Encoding": "identity" } });
        await response.arrayBuffer();
        done++;
      }
    }),
  );
  return done;
}

/** Which part of the code a frame is in. */
function part(frame: ProfileNode["callFrame"]): string {
  const u = frame.url;
  if (frame.functionName === "(garbage collector)") return "garbage collector";
  if (frame.functionName === "(idle)" || frame.functionName === "(program)") return frame.functionName;
  const src = /src\/([a-z-]+)\//.exec(u);
  if (src) return `src/${src[1]}`;
  if (u.includes("hono")) return "hono";
  if (u === "") return "runtime (native)";
  return u.split("/").slice(-2).join("/");
}

async function profiled(label: string, list: readonly string[]): Promise<void> {
  await load(list.slice(0, 200)); // warm up the code (and, for the feed, its held bytes)
  await send("Profiler.enable");
  await send("Profiler.setSamplingInterval", { interval: 100 });
  await send("Profiler.start");
  const requests = await load(list);
  const { profile } = (await send("Profiler.stop")) as { profile: Profile };
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  const parts = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const frame = byId.get(profile.samples[i]!)!.callFrame;
    const dt = profile.timeDeltas[i] ?? 0;
    const name = `${frame.functionName || "(anonymous)"} ${frame.url.split("/").slice(-2).join("/")}:${frame.lineNumber + 1}`;
    self.set(name, (self.get(name) ?? 0) + dt);
    const p = part(frame);
    parts.set(p, (parts.get(p) ?? 0) + dt);
    if (p !== "(idle)") total += dt;
  }
  const ms = (us: number) => (us / 1000).toFixed(0);
  console.log(`\n## ${label}: ${requests} requests in ${seconds} s (${(requests / seconds).toFixed(0)}/s); ${ms(total)} ms of CPU sampled, ${Math.round(total / requests)} µs a request\n`);
  console.log("By part (self time, share of the non-idle samples):");
  for (const [p, us] of [...parts].sort((a, b) => b[1] - a[1]).filter(([p]) => p !== "(idle)").slice(0, 12))
    console.log(`  ${`${((us / total) * 100).toFixed(1)}%`.padStart(6)}  ${(us / requests).toFixed(1).padStart(6)} µs/request  ${p}`);
  console.log("Top functions (self time):");
  for (const [name, us] of [...self].sort((a, b) => b[1] - a[1]).filter(([k]) => !k.startsWith("(idle)")).slice(0, 25))
    console.log(`  ${`${((us / total) * 100).toFixed(1)}%`.padStart(6)}  ${(us / requests).toFixed(1).padStart(6)} µs/request  ${name}`);
}

try {
  await profiled(`cold article pages, ${stored} stored articles`, paths);
  await profiled("warm /rss.xml (200, identity)", ["/rss.xml"]);
} finally {
  ws.close();
  await mf.dispose();
}
