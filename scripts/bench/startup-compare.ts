/**
 * `npx tsx scripts/bench/startup-compare.ts <dir> <bundle> [<bundle> …] [--rounds 21]`: bundles of
 * the Worker (files in `<dir>/service/`, e.g. one built before a change and one after, or one
 * minified) over the same static assets (`<dir>/assets`, a `.bench/<name>/<n>` folder the other
 * benches made), side by side with a Worker answering "ok": spawn → Miniflare ready, ready → the
 * first response, for `/` and for a path that renders nothing (404), medians of the rounds after
 * one not counted, each round starting every case once in turn (`startup-rounds.ts`), and each
 * case over "ok" and over the first bundle's same path, paired by round; then module evaluation and the
 * first `/` inside workerd (`timedInside`, medians of 11). To tell one bundle's start-up from
 * another's on a host whose spawns swing by more than the difference.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { workerModules } from "./service-worker.js";
import { type Over, over, type StartupCase, startupRounds } from "./startup-rounds.js";
import { median } from "./stats.js";
import { SYNTHETIC_VARS } from "./synthetic-service.js";
import { timedInside } from "./timed-inside.js";

const args = process.argv.slice(2);
const roundsAt = args.indexOf("--rounds");
const rounds = roundsAt >= 0 ? Number(args[roundsAt + 1]) : 21;
const [dir, ...bundles] = args.filter((_, i) => roundsAt < 0 || (i !== roundsAt && i !== roundsAt + 1));
if (dir === undefined || bundles.length === 0) {
  console.error("usage: startup-compare.ts <dir> <bundle> [<bundle> …] [--rounds 21]");
  process.exit(2);
}
const assets = join(dir, "assets");
const ok = join(dir, "service", "ok.mjs");
writeFileSync(ok, `export default { fetch() { return new Response("ok"); } };\n`);
const cases: [string, StartupCase][] = [['"ok"', { source: workerModules(ok), vars: SYNTHETIC_VARS, assets, path: "/" }]];
for (const bundle of bundles) {
  const source = workerModules(join(dir, "service", bundle));
  cases.push([`${bundle}, first /`, { source, vars: SYNTHETIC_VARS, assets, path: "/" }]);
  cases.push([`${bundle}, first 404`, { source, vars: SYNTHETIC_VARS, assets, path: "/startup-probe" }]);
}
const measured = await startupRounds(
  cases.map(([, c]) => c),
  rounds,
);
const fmt = (o: Over) => `${o.totalMs.toFixed(1)} (${o.readyMs.toFixed(1)} + ${o.firstMs.toFixed(1)}; ${o.spread[0].toFixed(0)}…${o.spread[1].toFixed(0)})`;
console.log(
  `\nStart-up, ${new Date().toISOString().slice(0, 10)}, ${dir}; ms, medians of ${rounds} rounds; "over" columns paired by round (startup-rounds.ts): spawn → ready + ready → first response, each the median of the rounds' differences (the quartiles of the whole differences):\n`,
);
console.log(`| case | spawn → ready | ready → first response | spawn → first response | over "ok" | over ${bundles[0]} |`);
console.log("| --- | --- | --- | --- | --- | --- |");
for (const [i, [name]] of cases.entries()) {
  const m = measured[i]!;
  // The same path of the first bundle: cases 1 (`/`) and 2 (404).
  const first = i === 0 ? undefined : measured[2 - (i % 2)]!;
  const cells = [m.readyMs, m.firstMs, m.spawnToFirstMs].map((x) => x.toFixed(1));
  console.log(`| ${name} | ${cells.join(" | ")} | ${i === 0 ? "" : fmt(over(m, measured[0]!))} | ${first === undefined || i <= 2 ? "" : fmt(over(m, first))} |`);
}
console.log("\n| bundle | module evaluation (inside) | first `/` (inside) |\n| --- | --- | --- |");
for (const bundle of bundles) {
  const runs = [];
  for (let i = 0; i < 11; i++) runs.push(await timedInside(join(dir, "service", bundle), SYNTHETIC_VARS, assets, "https://news.example/"));
  console.log(`| ${bundle} | ${median(runs.map((r) => r.importMs))} | ${median(runs.map((r) => r.firstRequestMs))} |`);
}
