/**
 * `npx tsx scripts/bench/ceiling-profile.ts`: where the ceiling's CPU goes under load, as
 * `cpu-profile.ts` shows it for the service: workerd's V8 profiler over 8 s of the warm
 * `/rss.xml` and `/feed.json` (identity, 16 connections) from the ceiling Worker the last
 * `npm run bench` wrote (`.bench/50/ceiling.mjs`, with its assets). Prints the requests served,
 * the sampled time a request and the functions with the most self time.
 */
import { existsSync } from "node:fs";
import { inspectorPort, openInspector } from "./inspector.js";
import { startWorker } from "./start-worker.js";
if (!existsSync(".bench/50/ceiling.mjs")) {
  console.error("no .bench/50/ceiling.mjs: run npm run bench -- --only endpoints first");
  process.exit(2);
}
interface Node {
  id: number;
  callFrame: { functionName: string; lineNumber: number };
}
const port = inspectorPort();
const worker = await startWorker(".bench/50/ceiling.mjs", { inspectorPort: port, assets: ".bench/50/assets" });
const { send, close } = await openInspector(port);
const url = worker.url;
async function load(path: string, seconds: number) {
  let done = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (performance.now() < until) {
      const r = await fetch(url + path, { headers: { "Accept-Encoding": "identity" } });
      await r.arrayBuffer();
      done++;
    }
  }));
  return done;
}
for (const path of ["/rss.xml", "/feed.json"]) {
  await load(path, 1);
  await send("Profiler.enable");
  await send("Profiler.setSamplingInterval", { interval: 100 });
  await send("Profiler.start");
  const n = await load(path, 8);
  const { profile } = (await send("Profiler.stop")) as { profile: { nodes: Node[]; samples: number[]; timeDeltas: number[] } };
  const byId = new Map(profile.nodes.map((x) => [x.id, x]));
  const self = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const f = byId.get(profile.samples[i]!)!.callFrame;
    const k = `${f.functionName || "(anon)"}:${f.lineNumber + 1}`;
    if (k.startsWith("(idle)")) continue;
    self.set(k, (self.get(k) ?? 0) + (profile.timeDeltas[i] ?? 0));
    total += profile.timeDeltas[i] ?? 0;
  }
  console.log(path, n, "requests", (total / n).toFixed(0), "µs/req sampled");
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 6)) console.log("  ", (v / n).toFixed(1), k);
}
close();
await worker.dispose();
