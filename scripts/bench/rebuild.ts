/**
 * `npx tsx scripts/bench/rebuild.ts [n]`: the daily rebuild on the content `build-profile.ts`
 * left in `.bench/build-profile/<n>` (run that first): builds n − 1 articles, then one more,
 * then again unchanged, each through the parse cache and the pack memo as the CLI does, and
 * prints each build's time, its parse and outputs parts, the files read and the packs known.
 */
import { existsSync, renameSync } from "node:fs";
import { join, resolve } from "node:path";
import { cachedBuild } from "./cached-build.js";

const ROOT = resolve(import.meta.dirname, "../..");
const n = Number(process.argv[2] ?? 100_000);
const dir = join(ROOT, ".bench", "build-profile", String(n));
if (!existsSync(join(dir, "content"))) {
  console.error(`no ${dir}/content: run npx tsx scripts/bench/build-profile.ts ${n} first`);
  process.exit(2);
}
const at = Date.now();
async function run(label: string) {
  const { outputs, cache, memo, parseMs, outputsMs, ms } = await cachedBuild(join(dir, "content"), dir, [], at);
  const fmt = (x: number) => x.toFixed(0);
  console.log(`${label}: ${fmt(ms)} ms (parse ${fmt(parseMs)}, outputs ${fmt(outputsMs)}); ${cache.reads} read, ${cache.bodyReads} bodies read, ${memo.hits}/${Math.ceil(outputs.settled.index.count / 8)} packs known`);
}
const newest = join(dir, "content", "story-00000.md");
const aside = join(dir, "story-00000.md");
renameSync(newest, aside);
await run(`${n - 1} articles`);
renameSync(aside, newest);
await run(`+1 article (${n})`);
await run("no change");
