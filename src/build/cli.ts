/**
 * `npm run build:content` (and `wrangler dev`/`deploy` through wrangler.toml `[build]`):
 * validates `content/` and writes `src/generated/content.ts`, or prints every error and
 * exits 1 without writing anything. `--check` validates only.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildContent } from "./build-content.js";
import { formatError } from "./errors.js";
import { generatedModule } from "./generated-module.js";
import { buildIcons } from "./icons.js";
import { buildReport } from "./report.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** The value after `--name` on the command line, if given. */
function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

// --content and --out exist for the tests; editors use the defaults.
const contentDir = resolve(option("content") ?? resolve(root, "content"));
const outFile = resolve(option("out") ?? resolve(root, "src/generated/content.ts"));
const outName = relative(process.cwd(), outFile) || outFile;

async function main(checkOnly: boolean): Promise<number> {
  // Files are named as the editor sees them: relative to here when inside, else content/….
  const shown = relative(process.cwd(), contentDir);
  const displayDir = shown !== "" && !shown.startsWith("..") ? shown : "content";
  const result = buildContent(contentDir, { displayDir });
  const icons = await buildIcons(contentDir, displayDir);
  const errors = [...result.errors, ...icons.errors];
  if (errors.length > 0) {
    for (const error of errors) console.error(formatError(error));
    console.error(`\n${errors.length} error(s) in content/; nothing was written.`);
    return 1;
  }
  const summary = `${result.articles.length} article(s), ${result.drafts.length} draft(s) left out`;
  const report = buildReport(result.articles, result.files, result.drafts, Date.now(), icons.files);
  if (checkOnly) {
    console.log(`content/ is valid: ${summary}.`);
    for (const line of report) console.log(`  ${line}`);
    return 0;
  }
  const module = generatedModule(result.articles, icons.files);
  if (existsSync(outFile) && readFileSync(outFile, "utf8") === module) {
    // Unchanged: leave the file (and its mtime) alone so `wrangler dev` does not rebuild.
    console.log(`Built ${summary} (unchanged) → ${outName}`);
    for (const line of report) console.log(`  ${line}`);
    return 0;
  }
  mkdirSync(dirname(outFile), { recursive: true });
  const temp = `${outFile}.${process.pid}.tmp`;
  writeFileSync(temp, module);
  renameSync(temp, outFile); // atomic: a reader sees the old file or the new one, never half
  console.log(`Built ${summary} → ${outName}`);
  for (const line of report) console.log(`  ${line}`);
  return 0;
}

process.exitCode = await main(process.argv.includes("--check"));
