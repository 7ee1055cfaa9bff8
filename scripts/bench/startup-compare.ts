/**
 * `npx tsx scripts/bench/startup-compare.ts <dir> <bundle> [<bundle> …] [--rounds 21]`: bundles of
 * the Worker (files in `<dir>/service/`, e.g. one built before a change and one after, or one
 * minified) over the same static assets (`<dir>/assets`, a `.bench/<name>/<n>` folder the other
 * benches made), side by side with a Worker answering "ok": spawn → Miniflare ready, ready → the
 * first response, for `/` and for a path that renders nothing (404), medians of the rounds after
 * one not counted, each round starting every case once in turn; then module evaluation and the
 * first `/` inside workerd (`timedInside`, medians of 11). To tell one bundle's start-up from
 * another's on a host whose spawns swing by more than the difference.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { workerModules } from "./service-worker.js";
import { SYNTHETIC_VARS, spawnPhases } from "./synthetic-service.js";
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
const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const cases: [string, string, string][] = [["\"ok\"", ok, "/"]];
for (const bundle of bundles) {
  const script = join(dir, "service", bundle);
  cases.push([`${bundle}, first /`, script, "/"], [`${bundle}, first 404`, script, "/startup-probe"]);
}
const times = cases.map(() => [] as [number, number][]);
for (let round = 0; round <= rounds; round++)
  for (const [i, [, script, path]] of cases.entries()) {
    const t = await spawnPhases(workerModules(script), assets, path);
    if (round > 0) times[i]!.push(t);
  }
console.log(`\nStart-up, ${new Date().toISOString().slice(0, 10)}, ${dir}; ms, medians of ${rounds}:\n`);
console.log("| case | spawn → ready | ready → first response | spawn → first response |");
console.log("| --- | --- | --- | --- |");
for (const [i, [name]] of cases.entries()) {
  const runs = times[i]!;
  const cells = [median(runs.map((r) => r[0])), median(runs.map((r) => r[1])), median(runs.map((r) => r[0] + r[1]))];
  console.log(`| ${name} | ${cells.map((x) => x.toFixed(1)).join(" | ")} |`);
}
console.log("\n| bundle | module evaluation (inside) | first `/` (inside) |\n| --- | --- | --- |");
for (const bundle of bundles) {
  const runs = [];
  for (let i = 0; i < 11; i++) runs.push(await timedInside(join(dir, "service", bundle), SYNTHETIC_VARS, assets, "https://news.example/"));
  console.log(`| ${bundle} | ${median(runs.map((r) => r.importMs))} | ${median(runs.map((r) => r.firstRequestMs))} |`);
}
