/**
 * `npx tsx scripts/bench/startup-phases.ts <dir>` (a `.bench/startup/<n>` folder that
 * `startup.ts` made): spawn → Miniflare ready, then ready → first response, for the "ok" Worker,
 * the "ok" Worker as large as the bundle, the "ok" Worker with the bundle listed beside it
 * (compiled, never evaluated), and the product's first 404. Medians of 8 after a round not
 * counted: what loading the script costs apart from what its first request does.
 */
import { dirname, join } from "node:path";
import { workerModules } from "./service-worker.js";
import { spawnPhases } from "./startup-rounds.js";
import { SYNTHETIC_VARS } from "./synthetic-service.js";
const dir = process.argv[2]!;
const script = join(dir, "service", "index.js");
const assets = join(dir, "assets");
const ok = join(dir, "service", "ok.mjs");
const okSized = join(dir, "service", "ok-sized.mjs");
const one = (src: object, path: string) => spawnPhases(src, SYNTHETIC_VARS, assets, path);
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
