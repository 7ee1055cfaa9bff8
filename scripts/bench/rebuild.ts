/**
 * `npx tsx scripts/bench/rebuild.ts [n]`: the daily rebuild on the content `build-profile.ts`
 * left in `.bench/build-profile/<n>` (run that first): builds n − 1 articles, then one more,
 * then again unchanged, each through the parse cache and the pack memo as the CLI does, and
 * prints each build's time, its parse and outputs parts, the files read and the packs known.
 */
import { existsSync, renameSync } from "node:fs";
import { join, resolve } from "node:path";
import { buildContent } from "../../src/content-build/build-content.js";
import { workerOutputs } from "../../src/content-build/generated-module.js";
import { diskPackMemo, recordKeys } from "../../src/content-build/pack-memo.js";
import { buildCodeVersion, diskParseCache } from "../../src/content-build/parse-cache.js";

const ROOT = resolve(import.meta.dirname, "../..");
const n = Number(process.argv[2] ?? 100_000);
const dir = join(ROOT, ".bench", "build-profile", String(n));
if (!existsSync(join(dir, "content"))) {
  console.error(`no ${dir}/content: run npx tsx scripts/bench/build-profile.ts ${n} first`);
  process.exit(2);
}
const version = buildCodeVersion(ROOT);
const at = Date.now();
function run(label: string) {
  const t = performance.now();
  const cache = diskParseCache(join(dir, "cache"), version);
  const r = buildContent(join(dir, "content"), { cache });
  cache.save();
  const t1 = performance.now();
  const memo = diskPackMemo(join(dir, "packs"), recordKeys(r.articles, (a) => r.keys.get(a)));
  const out = workerOutputs(r.articles, [], { at, head: 50, folder: "archive-content", memo });
  memo.save();
  const t2 = performance.now();
  console.log(`${label}: ${(t2 - t).toFixed(0)} ms (parse ${(t1 - t).toFixed(0)}, outputs ${(t2 - t1).toFixed(0)}); ${cache.reads} read, ${memo.hits}/${out.settled.index.count / 8} packs known`);
}
const newest = join(dir, "content", "story-00000.md");
const aside = join(dir, "story-00000.md");
renameSync(newest, aside);
run(`${n - 1} articles`);
renameSync(aside, newest);
run(`+1 article (${n})`);
run("no change");
