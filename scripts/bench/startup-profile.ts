/**
 * `npx tsx scripts/bench/startup-profile.ts [path] [n] [--tree ms]`: where an isolate's first request goes,
 * from workerd's own V8 profiler. Starts the real entry over `n` synthetic articles (default
 * 2,000) in a fresh workerd six times (the first not counted), attaches the inspector's profiler
 * (25 µs samples) before the first request to `path` (default `/`), and prints the time of each
 * from outside, the sampled CPU per start and the functions with the most self time, summed over
 * the five; with `--tree`, also the calls' tree with each call's time and what it called (summed
 * over the five, per start), down to calls of `ms`. Sampling this finely slows the code it
 * samples: compare runs of this script, not its times with `startup.ts`'s. V8 compiles a function
 * when it is first called, and that time is sampled in its caller.
 */
import { inspectorPort, openInspector } from "./inspector.js";
import { startWorker } from "./start-worker.js";
import { SYNTHETIC_VARS, syntheticService } from "./synthetic-service.js";

interface Profile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

const args = process.argv.slice(2);
const treeAt = args.indexOf("--tree");
const treeMs = treeAt >= 0 ? Number(args[treeAt + 1]) : undefined;
const positional = args.filter((_, i) => treeAt < 0 || (i !== treeAt && i !== treeAt + 1));
const path = positional[0] ?? "/";
const n = Number(positional[1] ?? 2000);
/** Time by chain of calls (`a > b > c`), summed over the starts. */
const chains = new Map<string, number>();
const ROUNDS = 5;
const service = await syntheticService("startup-profile", n);
const self = new Map<string, number>();
let sampledUs = 0;
for (let round = 0; round <= ROUNDS; round++) {
  const port = inspectorPort();
  const worker = await startWorker(service.script, { vars: SYNTHETIC_VARS, assets: service.assets, inspectorPort: port });
  const { send, close } = await openInspector(port);
  await send("Profiler.enable");
  await send("Profiler.setSamplingInterval", { interval: 25 });
  await send("Profiler.start");
  const started = performance.now();
  await (await fetch(worker.url + path)).arrayBuffer();
  const ms = performance.now() - started;
  const { profile } = (await send("Profiler.stop")) as { profile: Profile };
  close();
  await worker.dispose();
  // The first workerd of a process is slower.
  if (round === 0) continue;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  for (const [i, id] of profile.samples.entries()) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === "(idle)") continue;
    const chain: string[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!.callFrame;
      chain.unshift(`${frame.functionName || "(anonymous)"}:${frame.lineNumber}`);
    }
    for (let k = 1; k <= chain.length; k++) {
      const key = chain.slice(0, k).join(" > ");
      chains.set(key, (chains.get(key) ?? 0) + profile.timeDeltas[i]!);
    }
    if (functionName === "(program)") continue;
    const key = `${functionName || "(anonymous)"} ${url.split("/").pop()}:${lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + profile.timeDeltas[i]!);
    sampledUs += profile.timeDeltas[i]!;
  }
  console.log(`start ${round}: first ${path} ${ms.toFixed(1)} ms from outside`);
}
console.log(`sampled CPU (not idle, not "program") per start: ${(sampledUs / ROUNDS / 1000).toFixed(2)} ms; self time per start:`);
for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${(us / ROUNDS / 1000).toFixed(2).padStart(6)} ms ${key}`);
if (treeMs !== undefined) {
  console.log(`\nthe calls' tree (ms per start, calls of ${treeMs} ms and more; the bundle's line numbers):`);
  for (const [key, us] of [...chains].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (us / ROUNDS / 1000 < treeMs) continue;
    const parts = key.split(" > ");
    console.log(`${(us / ROUNDS / 1000).toFixed(2).padStart(6)} ${"  ".repeat(parts.length - 1)}${parts.at(-1)}`);
  }
}
