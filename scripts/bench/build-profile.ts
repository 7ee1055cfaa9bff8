/**
 * `npx tsx scripts/bench/build-profile.ts [n]`: where the content build's time goes at `n`
 * synthetic articles (default 20,000), by phase, for a full build (cache empty) and for one
 * new article beside n − 1 cached: reading and hashing the files and the parse cache, settling
 * (stringify + frame every pack), the content version, the generated module.
 */
import { mkdirSync, renameSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { buildContent } from "../../src/content-build/build-content.js";
import { outputsVersion, generatedModule } from "../../src/content-build/generated-module.js";
import { diskPackMemo, recordKeys } from "../../src/content-build/pack-memo.js";
import { buildCodeVersion, diskParseCache } from "../../src/content-build/parse-cache.js";
import { photoReleases } from "../../src/content-build/photo-releases.js";
import { settle } from "../../src/content-build/settle.js";
import { writeSyntheticContent } from "./synthetic-content.js";

const ROOT = resolve(import.meta.dirname, "../..");
const n = Number(process.argv[2] ?? 20_000);
const dir = join(ROOT, ".bench", "build-profile", String(n));
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const contentDir = join(dir, "content");
writeSyntheticContent(contentDir, n);
const cacheDir = join(dir, "cache");
const version = buildCodeVersion(ROOT);
const at = Date.now();

function run(label: string) {
  const t = [performance.now()];
  const cache = diskParseCache(cacheDir, version);
  const result = buildContent(contentDir, { cache });
  cache.save();
  t.push(performance.now());
  const memo = diskPackMemo(join(dir, "packs"), recordKeys(result.articles, (a) => result.keys.get(a)));
  const settled = settle(result.articles, at, 50, "archive-content", { memo });
  memo.save();
  t.push(performance.now());
  const releases = photoReleases(result.articles, at);
  const v = outputsVersion(settled, [], releases);
  t.push(performance.now());
  const module = generatedModule(settled.moving, [], v, settled.index, undefined, releases);
  t.push(performance.now());
  const names = ["parse (cache)", "settle", "releases + version", "module"];
  const parts = names.map((name, i) => `${name} ${(t[i + 1]! - t[i]!).toFixed(0)} ms`);
  console.log(`(${cache.reads} files read, ${cache.hits} parses from the cache)`);
  console.log(`${label}: ${(t.at(-1)! - t[0]!).toFixed(0)} ms = ${parts.join(", ")}; ${settled.files.length} files (${memo.hits} packs known), module ${(module.length / 1e6).toFixed(1)} MB`);
}

const newest = join(contentDir, "story-00000.md");
const aside = join(dir, "story-00000.md");
renameSync(newest, aside);
run(`full build, ${n - 1} articles, cache empty`);
renameSync(aside, newest);
run(`+1 article, ${n - 1} cached`);
run(`no change, ${n} cached`);
