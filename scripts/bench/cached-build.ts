/**
 * The content build as `npm run build:content` runs it, minus writing files: parse (on threads
 * when there are many files) through the build cache (`<work>/cache`), then settle with the pack memo (`<work>/packs`) and generate the
 * module, both kept for the next build. For the benchmarks, which build synthetic content.
 */
import { join, resolve } from "node:path";
import { buildContentOnThreads } from "../../src/content-build/build-content.js";
import { workerOutputs } from "../../src/content-build/generated-module.js";
import { diskPackMemo, recordKeys } from "../../src/content-build/pack-memo.js";
import { buildCodeVersion, diskParseCache } from "../../src/content-build/parse-cache.js";
import { parseThreads } from "../../src/content-build/parse-threads.js";
import type { BuiltFile, Site } from "../../src/core/model.js";

const ROOT = resolve(import.meta.dirname, "../..");
const codeVersion = buildCodeVersion(ROOT);

/**
 * `cacheDir`: the parse cache's folder, `<work>/cache` unless given (the bench shares the CLI's);
 * `site`: the site to store the settled pages for (the one the service runs with), none unless given.
 */
export async function cachedBuild(contentDir: string, work: string, icons: readonly BuiltFile[], at: number, cacheDir = join(work, "cache"), site?: Site) {
  const started = performance.now();
  const cache = diskParseCache(cacheDir, codeVersion);
  // Many files to parse on every core, as the CLI does.
  const result = await buildContentOnThreads(contentDir, { cache }, parseThreads());
  if (result.errors.length > 0) throw new Error(`synthetic content has errors: ${JSON.stringify(result.errors.slice(0, 3))}`);
  cache.save();
  const parsed = performance.now();
  const memo = diskPackMemo(join(work, "packs"), recordKeys(result.articles, (a) => result.keys.get(a)));
  const outputs = workerOutputs(result.articles, icons, { at, head: 50, folder: "archive-content", memo, ...(site && { site }) });
  memo.save();
  const done = performance.now();
  return { result, outputs, cache, memo, parseMs: parsed - started, outputsMs: done - parsed, ms: done - started };
}
