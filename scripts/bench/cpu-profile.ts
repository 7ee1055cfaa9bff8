/**
 * `npx tsx scripts/bench/cpu-profile.ts [n] [seconds]`: where the Worker's CPU goes under load,
 * from workerd's own V8 profiler (the inspector's `Profiler` domain), on the real entry bundled
 * over `n` synthetic articles (default 20,000) with the settled archive in static assets, as the
 * bench serves it (Miniflare, a direct socket, the asset router in front). Two loads, each
 * `seconds` long (default 10) at 16 connections: cold article pages (every stored article once
 * in turn, identity), the warm RSS feed and JSON Feed (200, identity) and the RSS feed's revalidation (304). Prints, for each, the requests served
 * and the functions with the most self time, and the share of the whole that each part of the
 * code (src/ by folder, Hono, the runtime) takes. Then the garbage: V8's sampling heap profiler
 * over cold pages, counting what the collector has already freed too, gives the bytes allocated
 * per cold page and the functions that allocate them, beside the page's own size.
 *
 * Last, the partner feed as a partner polls it (its token, one of 40 partners, as `npm run bench`
 * sends it), whole and revalidated: the service only, the ceiling has none.
 *
 * `npx tsx scripts/bench/cpu-profile.ts --ceiling [seconds]`: the warm feeds and the 304 only, profiled the
 * same way on the ceiling Worker the last `npm run bench` wrote (`.bench/50/ceiling.mjs`, a
 * plain Worker answering the same bytes, with its assets), to set the service's figures beside.
 */
import { existsSync } from "node:fs";
import { inspectorPort, openInspector } from "./inspector.js";
import { startWorker } from "./start-worker.js";
import { benchPartners, SYNTHETIC_VARS, syntheticService } from "./synthetic-service.js";

const ceiling = process.argv.includes("--ceiling");
const numbers = process.argv.slice(2).filter((arg) => arg !== "--ceiling");
const n = ceiling ? 0 : Number(numbers[0] ?? 20_000);
const seconds = Number((ceiling ? numbers[0] : numbers[1]) ?? 10);
const CONNECTIONS = 16;
const CEILING = ".bench/50/ceiling.mjs";
if (ceiling && !existsSync(CEILING)) {
  console.error(`no ${CEILING}: run npm run bench -- --only endpoints first`);
  process.exit(2);
}
const service = ceiling ? undefined : await syntheticService("cpu-profile", n);
const paths = service?.storedPages ?? [];
const stored = paths.length;

const { keys: partnerKeys, token: partnerToken } = await benchPartners();

const port = inspectorPort();
const worker = service
  ? await startWorker(service.script, { vars: { ...SYNTHETIC_VARS, PARTNER_KEYS: partnerKeys }, assets: service.assets, inspectorPort: port })
  : await startWorker(CEILING, { assets: ".bench/50/assets", inspectorPort: port });
const url = worker.url;
const { send, close } = await openInspector(port);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

async function load(list: readonly string[], headers: Record<string, string> = {}): Promise<number> {
  let next = 0;
  let done = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < until) {
        const response = await fetch(url + list[next++ % list.length]!, { headers: { "Accept-Encoding": "identity", ...headers } });
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

async function profiled(label: string, list: readonly string[], headers: Record<string, string> = {}): Promise<void> {
  await load(list.slice(0, 200), headers); // warm up the code (and, for the feed, its held bytes)
  await send("Profiler.enable");
  await send("Profiler.setSamplingInterval", { interval: 100 });
  await send("Profiler.start");
  const requests = await load(list, headers);
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

interface SamplingNode {
  callFrame: ProfileNode["callFrame"];
  selfSize: number;
  children: SamplingNode[];
}

/** Bytes allocated per cold page (what is collected as well), by the function that allocated them. */
async function allocations(list: readonly string[]): Promise<void> {
  // Pages not yet served by this isolate (the cold load above went through the first ones).
  const fresh = list.slice(Math.floor(list.length / 2));
  await send("HeapProfiler.enable");
  await send("HeapProfiler.startSampling", {
    samplingInterval: 4096,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  let bytes = 0;
  let pages = 0;
  for (const path of fresh.slice(0, 2000)) {
    const response = await fetch(url + path, { headers: { "Accept-Encoding": "identity" } });
    bytes += (await response.arrayBuffer()).byteLength;
    pages++;
  }
  const { profile } = (await send("HeapProfiler.stopSampling")) as { profile: { head: SamplingNode } };
  const byFunction = new Map<string, number>();
  let total = 0;
  const walk = (node: SamplingNode) => {
    const f = node.callFrame;
    const name = `${f.functionName || "(anonymous)"} ${f.url.split("/").slice(-2).join("/")}:${f.lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + node.selfSize);
    total += node.selfSize;
    for (const child of node.children) walk(child);
  };
  walk(profile.head);
  const kib = (b: number) => (b / 1024).toFixed(1);
  console.log(
    `\n## garbage: ${pages} cold pages of ${kib(bytes / pages)} KiB on average: ${kib(total / pages)} KiB allocated a page in the JS heap (${(total / bytes).toFixed(1)} × the page)\n`,
  );
  console.log("Top allocating functions (KiB a page):");
  for (const [name, size] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 20))
    console.log(`  ${kib(size / pages).padStart(7)}  ${name}`);
}

try {
  if (!ceiling) {
    await profiled(`cold article pages, ${stored} stored live articles`, paths);
    await allocations(paths);
  }
  await profiled("warm /rss.xml (200, identity)", ["/rss.xml"]);
  await profiled("warm /feed.json (200, identity)", ["/feed.json"]);
  const etag = (await fetch(`${url}/rss.xml`, { headers: { "Accept-Encoding": "identity" } })).headers.get("ETag")!;
  await profiled("warm /rss.xml revalidated (304)", ["/rss.xml"], { "If-None-Match": etag });
  if (!ceiling) {
    const auth = { Authorization: `Bearer ${partnerToken}` };
    await profiled("warm /partners/feed.json (200, identity, a partner's token)", ["/partners/feed.json"], auth);
    const partnerTag = (await fetch(`${url}/partners/feed.json`, { headers: { "Accept-Encoding": "identity", ...auth } })).headers.get("ETag")!;
    await profiled("warm /partners/feed.json revalidated (304)", ["/partners/feed.json"], { ...auth, "If-None-Match": partnerTag });
  }
} finally {
  close();
  await worker.dispose();
}
