/**
 * `npx tsx scripts/bench/startup-phases.ts <dir>` (a `.bench/startup/<n>` folder that
 * `startup.ts` made): spawn → Miniflare ready, then ready → first response, for the "ok" Worker,
 * the "ok" Worker as large as the bundle, the "ok" Worker with the bundle listed beside it
 * (compiled, never evaluated), and the product's first 404. Medians of 8 after a round not
 * counted: what loading the script costs apart from what its first request does.
 */
import { Miniflare } from "miniflare";
import { dirname, join } from "node:path";
import { assetsAsDeployed, COMPATIBILITY_DATE, workerModules } from "./service-worker.js";
import { SYNTHETIC_VARS } from "./synthetic-service.js";
const dir = process.argv[2]!;
const script = join(dir, "service", "index.js");
const assets = join(dir, "assets");
const ok = join(dir, "service", "ok.mjs");
const okSized = join(dir, "service", "ok-sized.mjs");
async function one(src: object, path: string) {
  const t0 = performance.now();
  const mf = new Miniflare({ ...src, compatibilityDate: COMPATIBILITY_DATE, unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }], bindings: SYNTHETIC_VARS, assets: assetsAsDeployed(assets) });
  await mf.ready;
  const t1 = performance.now();
  const url = (await mf.unsafeGetDirectURL()).toString().replace(/\/$/, "");
  await (await fetch(url + path)).arrayBuffer();
  const t3 = performance.now();
  await mf.dispose();
  return [t1 - t0, t3 - t1];
}
const cases: [string, object, string][] = [
  ["ok", workerModules(ok), "/"],
  ["ok-sized", workerModules(okSized), "/"],
  ["ok+bundle", { modules: [{ type: "ESModule", path: ok }, { type: "ESModule", path: script }], modulesRoot: dirname(script) }, "/"],
  ["product404", workerModules(script), "/startup-probe"],
];
const res: Record<string, number[][]> = {};
for (let r = 0; r < 9; r++) for (const [name, s, p] of cases) { const x = await one(s, p); if (r > 0) (res[name] ??= []).push(x); }
const med = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const [name, runs] of Object.entries(res)) console.log(name, [0,1].map(i => med(runs.map(r => r[i]!)).toFixed(1)).join("  "));
