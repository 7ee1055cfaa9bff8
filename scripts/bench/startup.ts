/**
 * `npx tsx scripts/bench/startup.ts [--sizes 2000,20000] [--tags 5000 --authors 500]`: start-up
 * of the real Worker over synthetic content, from outside and from inside workerd, beside
 * Workers with the same configuration (the same static assets and vars) that do nothing, to
 * name what grows. Medians of 5 fresh Miniflare instances each:
 *
 * - spawn → first response, for the product's `/` and for a path that renders nothing (404);
 * - the same for a Worker answering "ok", and for one that first reads one stored file through
 *   ASSETS (as the product's first `/` does) and then answers "ok";
 * - inside workerd (a wrapper importing the bundle on its first request): module evaluation,
 *   and the first `/` itself.
 */
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { Miniflare } from "miniflare";
import { assetsAsDeployed, COMPATIBILITY_DATE } from "./service-worker.js";
import type { Taxonomy } from "./synthetic-content.js";
import { SYNTHETIC_VARS, syntheticService } from "./synthetic-service.js";
import { timedInside } from "./timed-inside.js";

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : undefined);
const sizes = (option("sizes") ?? "2000,20000").split(",").map(Number);
const taxonomy: Taxonomy | undefined =
  option("tags") !== undefined ? { tags: Number(option("tags")), authors: Number(option("authors") ?? 500) } : undefined;
const TIMES = 5;
const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function spawnToFirst(scriptPath: string, assets: string, path: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < TIMES; i++) {
    const started = performance.now();
    const mf = new Miniflare({
      modules: true,
      scriptPath,
      compatibilityDate: COMPATIBILITY_DATE,
      unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }],
      bindings: SYNTHETIC_VARS,
      assets: assetsAsDeployed(assets),
    });
    await mf.ready;
    const url = (await mf.unsafeGetDirectURL()).toString().replace(/\/$/, "");
    await (await fetch(url + path)).arrayBuffer();
    times.push(performance.now() - started);
    await mf.dispose();
  }
  return median(times);
}

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
  const home = await spawnToFirst(service.script, service.assets, "/");
  const probe = await spawnToFirst(service.script, service.assets, "/startup-probe");
  const empty = await spawnToFirst(ok, service.assets, "/");
  const emptyRead = await spawnToFirst(okRead, service.assets, "/");
  const { importMs, firstMs } = await inside(service.script, service.assets);
  const fmt = (x: number) => x.toFixed(0);
  rows.push(
    `| ${n.toLocaleString("en")} | ${fmt(home)} | ${fmt(probe)} | ${fmt(empty)} | ${fmt(emptyRead)} | ${fmt(home - empty)} | ${fmt(home - emptyRead)} | ${importMs} | ${firstMs} |`,
  );
}
console.log(
  `\nStart-up, ${new Date().toISOString().slice(0, 10)}, ${taxonomy ? `${taxonomy.tags} tags and ${taxonomy.authors} authors` : "the default taxonomy (12 tags, 8 authors, 5 sections)"}; ms, medians of ${TIMES}:\n`,
);
console.log(
  "| articles | product, first `/` | product, first 404 | ok Worker | ok Worker reading one stored file first | product − ok | product − ok reading a file | module evaluation (inside) | first `/` (inside) |",
);
console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
for (const row of rows) console.log(row);
