/**
 * `npm run build:content` (and `wrangler dev`/`deploy` through wrangler.toml `[build]`):
 * validates `content/` and writes `src/generated/content.ts` and the body packs in
 * `src/generated/content-assets/packs/` (the Worker's static assets), or prints every error and
 * exits 1 without writing anything. `--check` validates only.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildContent } from "./build-content.js";
import { formatError } from "./errors.js";
import { removeAllBut, writeAtomically } from "./files.js";
import { workerOutputs } from "./generated-module.js";
import { buildIcons } from "./icons.js";
import { PACK_FOLDER } from "./packs.js";
import { buildCodeVersion, diskParseCache } from "./parse-cache.js";
import { progressLine } from "./progress.js";
import { buildReport } from "./report.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** The value after `--name` on the command line, if given. */
function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

// --content, --out, --assets, --settled and --no-cache exist for the tests; editors use the defaults.
const contentDir = resolve(option("content") ?? resolve(root, "content"));
const outFile = resolve(option("out") ?? resolve(root, "src/generated/content.ts"));
const outName = relative(process.cwd(), outFile) || outFile;
// The packs go beside the module unless told: src/generated/content.ts → src/generated/content-assets/.
const packDir = join(resolve(option("assets") ?? `${outFile.replace(/\.[a-z]+$/, "")}-assets`), PACK_FOLDER);
/** What is public by this instant goes to the packs; a later article keeps its body in the script. */
const settledOption = option("settled");
const settledAt = settledOption === undefined ? Date.now() : Date.parse(settledOption);
if (Number.isNaN(settledAt)) {
  console.error(`--settled: "${settledOption}" is not an RFC 3339 date-time`);
  process.exit(2);
}

/**
 * Writes the packs that are not there yet (a name is its content's hash, so an existing
 * file is the same bytes), then the module, then removes the packs no build uses any more:
 * a running `wrangler dev` never meets a module naming a pack that is not written.
 */
function writePacks(packs: readonly { name: string; bytes: Uint8Array }[]): () => number {
  mkdirSync(packDir, { recursive: true });
  for (const pack of packs) {
    const file = join(packDir, pack.name);
    if (!existsSync(file)) writeAtomically(file, pack.bytes);
  }
  return () => removeAllBut(packDir, new Set(packs.map((p) => p.name)));
}

async function main(checkOnly: boolean): Promise<number> {
  // Files are named as the editor sees them: relative to here when inside, else content/….
  const shown = relative(process.cwd(), contentDir);
  const displayDir = shown !== "" && !shown.startsWith("..") ? shown : "content";
  const progress = progressLine(process.stderr, `Reading ${displayDir}/`);
  // One cache per content folder (the tests build many), beside the dependencies.
  const cacheDir = join(root, "node_modules/.cache/newsroom-content", createHash("sha256").update(contentDir).digest("hex").slice(0, 16));
  const cache = process.argv.includes("--no-cache") ? undefined : diskParseCache(cacheDir, buildCodeVersion(root));
  const result = buildContent(contentDir, { displayDir, onProgress: progress.update, ...(cache && { cache }) });
  progress.end();
  const icons = await buildIcons(contentDir, displayDir);
  const errors = [...result.errors, ...icons.errors];
  if (errors.length > 0) {
    for (const error of errors) console.error(formatError(error));
    console.error(`\n${errors.length} error(s) in content/; nothing was written.`);
    return 1;
  }
  cache?.prune();
  const summary = `${result.articles.length} article(s), ${result.drafts.length} draft(s) left out`;
  const report = buildReport(result.articles, result.files, result.drafts, settledAt, icons.files);
  if (cache && cache.hits > 0)
    report.unshift(`Parsed ${cache.misses} file(s); ${cache.hits} unchanged, from the build cache (${relative(process.cwd(), cacheDir)}).`);
  if (checkOnly) {
    console.log(`content/ is valid: ${summary}.`);
    for (const line of report) console.log(`  ${line}`);
    return 0;
  }
  const { packed, module } = workerOutputs(result.articles, icons.files, settledAt);
  const prune = writePacks(packed.packs);
  const packsLine = `${packed.packs.length} body pack(s) in ${relative(process.cwd(), packDir) || packDir}`;
  if (existsSync(outFile) && readFileSync(outFile, "utf8") === module) {
    // Unchanged: leave the file (and its mtime) alone so `wrangler dev` does not rebuild.
    prune();
    console.log(`Built ${summary} (unchanged) → ${outName}, ${packsLine}`);
    for (const line of report) console.log(`  ${line}`);
    return 0;
  }
  mkdirSync(dirname(outFile), { recursive: true });
  writeAtomically(outFile, module);
  prune();
  console.log(`Built ${summary} → ${outName}, ${packsLine}`);
  for (const line of report) console.log(`  ${line}`);
  return 0;
}

process.exitCode = await main(process.argv.includes("--check"));
