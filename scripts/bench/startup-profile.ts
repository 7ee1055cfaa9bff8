/**
 * `npx tsx scripts/bench/startup-profile.ts [path] [n]`: where an isolate's first request goes,
 * from workerd's own V8 profiler. Starts the real entry over `n` synthetic articles (default
 * 2,000) in a fresh workerd six times (the first not counted), attaches the inspector's profiler
 * (25 µs samples) before the first request to `path` (default `/`), and prints the time of each
 * from outside, the sampled CPU per start and the functions with the most self time, summed over
 * the five. Sampling this finely slows the code it samples: compare runs of this script, not its
 * times with `startup.ts`'s.
 */
import { inspectorPort, openInspector } from "./inspector.js";
import { startWorker } from "./start-worker.js";
import { SYNTHETIC_VARS, syntheticService } from "./synthetic-service.js";

interface Profile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

const path = process.argv[2] ?? "/";
const n = Number(process.argv[3] ?? 2000);
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
  for (const [i, id] of profile.samples.entries()) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === "(idle)" || functionName === "(program)") continue;
    const key = `${functionName || "(anonymous)"} ${url.split("/").pop()}:${lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + profile.timeDeltas[i]!);
    sampledUs += profile.timeDeltas[i]!;
  }
  console.log(`start ${round}: first ${path} ${ms.toFixed(1)} ms from outside`);
}
console.log(`sampled CPU (not idle, not "program") per start: ${(sampledUs / ROUNDS / 1000).toFixed(2)} ms; self time per start:`);
for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${(us / ROUNDS / 1000).toFixed(2).padStart(6)} ms ${key}`);
