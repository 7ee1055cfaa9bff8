/**
 * `npx tsx scripts/bench/workerd-costs.ts [rounds]`: what single operations cost inside workerd,
 * measured as its CPU time per request (user + system, from /proc) under wrk -c16 for 2 s, each
 * case in turn, `rounds` times (default 5), on one Worker with no static assets. Per case the
 * rounds' figures and their median; the cases that add work to "none" are read as differences.
 *
 * - A 320 KB body answered from a Blob, a Uint8Array, a string and an ArrayBuffer: workerd copies
 *   the last three into every Response, and sends a Blob's bytes as they are
 *   (`src/http/representation.ts`, `Variant.body`).
 * - A partner token's authentication (`src/app/partner-feed.ts`): its SHA-256, then 40
 *   `crypto.subtle.timingSafeEqual` calls, or the same comparison folded in JavaScript.
 *
 * A benchmark, not a test: one run's ratios on a noisy shared host.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cpuUs } from "./processes.js";
import { startWorker } from "./start-worker.js";

const rounds = Number(process.argv[2] ?? 5);
const worker = `
const text = "<item>" + "x".repeat(320000 - 14) + "</item>";
const bytes = new TextEncoder().encode(text);
const blob = new Blob([bytes]);
const headers = new Headers([["content-type", "application/rss+xml"], ["etag", '"t"']]);
const digests = Array.from({ length: 40 }, (_, k) => Uint8Array.from({ length: 32 }, (_, i) => (i * 7 + k * 13) & 255));
const encoder = new TextEncoder();
const fold = (a, b) => { let d = a.length ^ b.length; for (let i = 0; i < a.length; i++) d |= a[i] ^ (b[i] ?? 0); return d === 0; };
export default {
  async fetch(request) {
    const path = new URL(request.url).pathname;
    if (path === "/blob") return new Response(blob, { headers });
    if (path === "/uint8array") return new Response(bytes, { headers });
    if (path === "/string") return new Response(text, { headers });
    if (path === "/arraybuffer") return new Response(bytes.buffer, { headers });
    if (path === "/none") return new Response("x");
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode("nrp_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG")));
    let found = 0;
    if (path === "/digest+40-timingSafeEqual") for (const d of digests) found |= crypto.subtle.timingSafeEqual(digest, d) ? 1 : 0;
    if (path === "/digest+40-folds") for (const d of digests) found |= fold(digest, d) ? 1 : 0;
    return new Response(String(found));
  },
};
`;
const dir = mkdtempSync(join(tmpdir(), "workerd-costs-"));
const script = join(dir, "worker.mjs");
writeFileSync(script, worker);
const cases = ["/blob", "/uint8array", "/string", "/arraybuffer", "/none", "/digest", "/digest+40-timingSafeEqual", "/digest+40-folds"];
const running = await startWorker(script);
try {
  const figures = new Map<string, number[]>();
  for (let round = 0; round < rounds; round++)
    for (const path of cases) {
      const before = cpuUs(running.pid)!;
      const out = execFileSync("wrk", ["-t1", "-c16", "-d2s", running.url + path], { encoding: "utf8" });
      const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
      figures.set(path, [...(figures.get(path) ?? []), Math.round((cpuUs(running.pid)! - before) / requests)]);
    }
  console.log(`\nworkerd CPU per request, µs (wrk -c16, 2 s, ${rounds} rounds), ${new Date().toISOString().slice(0, 10)}:\n`);
  console.log("| case | rounds | median |\n| --- | --- | --- |");
  for (const [path, list] of figures) console.log(`| ${path.slice(1)} | ${list.join(", ")} | ${[...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]} |`);
} finally {
  await running.dispose();
}
