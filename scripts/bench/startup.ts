/**
 * `npx tsx scripts/bench/startup.ts [--sizes 2000,20000] [--tags 5000 --authors 500]`: start-up
 * of the real Worker over synthetic content, from outside and from inside workerd, beside
 * Workers with the same configuration (the same static assets and vars) that do nothing, to
 * name what grows. 21 rounds of fresh Miniflare instances, each round starting every case once
 * in turn, after a round that is not counted (`startup-rounds.ts`, the method the bench's scale
 * section uses); each case's medians, and the product over the "ok" Workers paired by round:
 *
 * - spawn → first response, for the product's `/` and for a path that renders nothing (404);
 * - the same for a Worker answering "ok", for one that first reads one stored file through
 *   ASSETS (as the product's first `/` does) and then answers "ok", and for one answering "ok"
 *   whose script is as large as the bundle (a string literal): what the script's size costs;
 * - the product's `/` with the bundle given to Miniflare as a `scriptPath`, which it parses
 *   (`workerModules`);
 * - inside workerd (a wrapper importing the bundle on its first request): module evaluation,
 *   and the first `/` itself.
 */
import { statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { workerModules } from "./service-worker.js";
import type { Taxonomy } from "./synthetic-content.js";
import { over, type Startup, type StartupCase, startupRounds } from "./startup-rounds.js";
import { median } from "./stats.js";
import { SYNTHETIC_VARS, syntheticService } from "./synthetic-service.js";
import { timedInside } from "./timed-inside.js";

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : undefined);
const sizes = (option("sizes") ?? "2000,20000").split(",").map(Number);
const taxonomy: Taxonomy | undefined =
  option("tags") !== undefined ? { tags: Number(option("tags")), authors: Number(option("authors") ?? 500) } : undefined;
// As the bench's start-up rounds (scripts/bench/run.ts): one spawn varies by tens of ms on a shared host.
const TIMES = 21;
/** Medians of module evaluation and the first `/`, inside workerd. */
async function inside(bundlePath: string, assets: string): Promise<{ importMs: number; firstMs: number }> {
  const runs: { importMs: number; firstRequestMs: number }[] = [];
  for (let i = 0; i < TIMES; i++) runs.push(await timedInside(bundlePath, SYNTHETIC_VARS, assets, "https://news.example/"));
  return { importMs: median(runs.map((r) => r.importMs)), firstMs: median(runs.map((r) => r.firstRequestMs)) };
}

const rows: string[] = [];
for (const n of sizes) {
  console.error(`${n} articles${taxonomy ? `, ${taxonomy.tags} tags, ${taxonomy.authors} authors` : ""} …`);
  const service = await syntheticService("startup", n, taxonomy);
  const dir = dirname(service.script);
  const ok = join(dir, "ok.mjs");
  writeFileSync(ok, `export default { fetch() { return new Response("ok"); } };\n`);
  const okRead = join(dir, "ok-read.mjs");
  writeFileSync(
    okRead,
    `let read = false;
export default {
  async fetch(request, env) {
    if (!read) { await (await env.ASSETS.fetch(new Request("https://assets.invalid/archive-content/r/0"))).arrayBuffer(); read = true; }
    return new Response("ok");
  },
};
`,
  );
  // As large as the bundle, doing nothing: what loading a script of that size costs alone.
  const okSized = join(dir, "ok-sized.mjs");
  writeFileSync(
    okSized,
    `const pad = ${JSON.stringify("x".repeat(statSync(service.script).size))};\nexport default { fetch() { return new Response(pad.length ? "ok" : ""); } };\n`,
  );
  // As wrangler dev gives the bundle (`workerModules`), or as a path Miniflare parses first.
  const at = (script: string, path: string, parsed = false): StartupCase => ({
    source: parsed ? { modules: true, scriptPath: script } : workerModules(script),
    vars: SYNTHETIC_VARS,
    assets: service.assets,
    path,
  });
  const [home, homeParsed, probe, empty, emptyRead, emptySized] = (await startupRounds(
    [at(service.script, "/"), at(service.script, "/", true), at(service.script, "/startup-probe"), at(ok, "/"), at(okRead, "/"), at(okSized, "/")],
    TIMES,
  )) as [Startup, Startup, Startup, Startup, Startup, Startup];
  const { importMs, firstMs } = await inside(service.script, service.assets);
  const fmt = (x: number) => x.toFixed(0);
  const paired = (o: ReturnType<typeof over>) => `${fmt(o.totalMs)} (${fmt(o.readyMs)} + ${fmt(o.firstMs)}; ${fmt(o.spread[0])}…${fmt(o.spread[1])})`;
  rows.push(
    `| ${n.toLocaleString("en")} | ${(statSync(service.script).size / 1e6).toFixed(2)} MB | ${fmt(home.spawnToFirstMs)} | ${fmt(homeParsed.spawnToFirstMs)} | ${fmt(probe.spawnToFirstMs)} | ${fmt(empty.spawnToFirstMs)} | ${fmt(emptyRead.spawnToFirstMs)} | ${fmt(emptySized.spawnToFirstMs)} | ${paired(over(home, empty))} | ${paired(over(probe, empty))} | ${paired(over(home, emptySized))} | ${importMs} | ${firstMs} |`,
  );
}
console.log(
  `\nStart-up, ${new Date().toISOString().slice(0, 10)}, ${taxonomy ? `${taxonomy.tags} tags and ${taxonomy.authors} authors` : "the default taxonomy (12 tags, 8 authors, 5 sections)"}; ms, medians of ${TIMES} rounds; "−" columns paired by round: spawn → ready + ready → first response, each the median of the rounds' differences (the quartiles of the whole differences):\n`,
);
console.log(
  "| articles | bundle | product, first `/` | the same, the bundle given as scriptPath (Miniflare parses it) | product, first 404 | ok Worker | ok Worker reading one stored file first | ok Worker as large as the bundle | product `/` − ok | product 404 − ok | product `/` − ok as large | module evaluation (inside) | first `/` (inside) |",
);
console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
for (const row of rows) console.log(row);
