/**
 * `npx tsx scripts/bench/memory.ts [n]`: the isolate's memory while every page of an archive of
 * `n` synthetic articles (default 20,000) is served once, from workerd's own V8 through the
 * inspector, beside a Worker with the same configuration (the same static assets and vars) that
 * answers "ok". At checkpoints: the JS heap before a collection (live and garbage), then after one
 * (a heap snapshot, which collects first: live), the ArrayBuffers' backing stores, and workerd's RSS.
 * Pages are asked for with gzip, 16 at a time, each once (so none is held long: the held budget
 * and the archive's size are what is tested).
 */
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { heapNow, type Inspector, inspectorPort, liveMemory, openInspector } from "./inspector.js";
import { rssMiB } from "./processes.js";
import { type Running, startWorker } from "./start-worker.js";
import { SYNTHETIC_VARS, syntheticService } from "./synthetic-service.js";

const n = Number(process.argv[2] ?? 20_000);
const CONNECTIONS = 16;
const service = await syntheticService("memory", n);
const pages = [...service.movingPages, ...service.storedPages];

interface Inspected extends Running {
  inspector: Inspector;
}

/** A Worker with the synthetic service's vars and assets, and its inspector open. */
async function start(script: string): Promise<Inspected> {
  const port = inspectorPort();
  const worker = await startWorker(script, { vars: SYNTHETIC_VARS, assets: service.assets, inspectorPort: port });
  const inspector = await openInspector(port);
  return {
    ...worker,
    inspector,
    dispose: async () => {
      inspector.close();
      await worker.dispose();
    },
  };
}

const MiB = 1024 * 1024;
const mib = (bytes: number) => (bytes / MiB).toFixed(1);

/** Heap before and after a full collection, ArrayBuffers after, RSS. */
async function measure(worker: Inspected) {
  const heapBefore = await heapNow(worker.inspector);
  const { heap, arrayBuffers } = await liveMemory(worker.inspector);
  return {
    heapBefore,
    heapAfter: heap,
    arrayBuffers,
    live: heap + arrayBuffers,
    rss: (rssMiB(worker.pid) ?? Number.NaN) * MiB,
  };
}

async function serve(worker: Inspected, list: readonly string[]): Promise<{ bytes: number; errors: number }> {
  let next = 0;
  let bytes = 0;
  let errors = 0;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next < list.length) {
        const response = await fetch(worker.url + list[next++]!, { headers: { "Accept-Encoding": "gzip" } });
        bytes += (await response.arrayBuffer()).byteLength;
        if (response.status !== 200) errors++;
      }
    }),
  );
  return { bytes, errors };
}

const ok = `${service.script.replace(/[^/]+$/, "")}ok.mjs`;
writeFileSync(ok, `export default { fetch() { return new Response("ok"); } };\n`);
const empty = await start(ok);
await (await fetch(`${empty.url}/`)).arrayBuffer();
const base = await measure(empty);
await empty.dispose();

// A Worker doing only the reads: each request reads one record pack and one slug bucket through
// ASSETS (a cold page reads those two) and answers their sizes; as many requests as pages.
const packs = readdirSync(join(service.assets, "archive-content", "r")).length;
const buckets = readdirSync(join(service.assets, "archive-content", "s")).length;
const reader = `${service.script.replace(/[^/]+$/, "")}reader.mjs`;
writeFileSync(
  reader,
  `export default {
  async fetch(request, env) {
    const i = Number(new URL(request.url).pathname.slice(1)) || 0;
    const read = async (path) => (await (await env.ASSETS.fetch(new Request("https://assets.invalid/archive-content/" + path))).arrayBuffer()).byteLength;
    const [pack, bucket] = await Promise.all([read("r/" + (i % ${packs})), read("s/" + (i % ${buckets}))]);
    return new Response(String(pack + bucket));
  },
};
`,
);
const reads = await start(reader);
await serve(reads, Array.from({ length: pages.length }, (_, i) => `/${i}`));
const readsOnly = await measure(reads);
await reads.dispose();

const product = await start(service.script);
await serve(product, ["/", "/rss.xml", "/feed.json"]);
const rows: string[] = [];
let served = 0;
let errors = 0;
let peakBefore = 0;
const row = async (label: string) => {
  const m = await measure(product);
  peakBefore = Math.max(peakBefore, m.heapBefore);
  rows.push(
    `| ${label} | ${mib(m.heapBefore)} | ${mib(m.heapAfter)} | ${mib(m.arrayBuffers)} | ${mib(m.live - base.live)} | ${mib(m.rss - base.rss)} |`,
  );
};
await row("after /, the feeds");
for (const checkpoint of [1000, 5000, 10_000, 20_000, 50_000, 100_000].filter((c) => c < pages.length).concat(pages.length)) {
  const result = await serve(product, pages.slice(served, checkpoint));
  errors += result.errors;
  served = checkpoint;
  await row(`${served.toLocaleString("en")} pages served`);
}
await product.dispose();
console.log(
  `\nMemory, ${new Date().toISOString().slice(0, 10)}, ${n.toLocaleString("en")} articles (${pages.length.toLocaleString("en")} pages, each once, gzip; ${errors} not 200); MiB. Empty Worker: live ${mib(base.live)} (heap ${mib(base.heapAfter)} + ArrayBuffers ${mib(base.arrayBuffers)}), RSS ${mib(base.rss)}:\n`,
);
console.log("| point | JS heap before GC | JS heap after GC | ArrayBuffers | live over empty | workerd RSS over empty |");
console.log("| --- | --- | --- | --- | --- | --- |");
for (const r of rows) console.log(r);
console.log(`\nHighest JS heap before a collection: ${mib(peakBefore)} MiB.`);
console.log(
  `A Worker that only reads a pack and a slug bucket through ASSETS, ${pages.length.toLocaleString("en")} times: live ${mib(readsOnly.live - base.live)} MiB over empty, workerd RSS ${mib(readsOnly.rss - base.rss)} MiB over empty.`,
);
