/**
 * `npx tsx scripts/bench/cli-rebuild.ts [n]`: the daily rebuild as an editor runs it, the CLI
 * (`npm run build:content`) in a fresh process each time, on the content `build-profile.ts` left
 * in `.bench/build-profile/<n>` (run that first): n − 1 articles, then one more, then again
 * unchanged. Prints each build's wall time, its peak memory (by GNU time, when installed) and
 * the CLI's own summary line. The CLI keeps its parse cache and pack memo in
 * node_modules/.cache as for `content/`, so the first run after a change under `src/` parses all.
 */
import { existsSync, mkdirSync, renameSync } from "node:fs";
import { join, resolve } from "node:path";
import { cliBuild } from "./cli-build.js";

const ROOT = resolve(import.meta.dirname, "../..");
const n = Number(process.argv[2] ?? 100_000);
const dir = join(ROOT, ".bench", "build-profile", String(n));
const content = join(dir, "content");
if (!existsSync(content)) {
  console.error(`no ${content}: run npx tsx scripts/bench/build-profile.ts ${n} first`);
  process.exit(2);
}
const out = join(dir, "cli-out");
mkdirSync(out, { recursive: true });

function build(label: string): void {
  const { ms, peakMiB, summary } = cliBuild(content, join(out, "content.ts"));
  const peak = peakMiB === undefined ? "" : `, peak ${peakMiB.toFixed(0)} MiB`;
  console.log(`${label}: ${(ms / 1000).toFixed(2)} s${peak} — ${summary}`);
}

const newest = join(content, "story-00000.md");
const aside = join(dir, "story-00000.md");
renameSync(newest, aside);
try {
  build(`${n - 1} articles`);
} finally {
  renameSync(aside, newest);
}
build(`+1 article (${n})`);
build("no change");
