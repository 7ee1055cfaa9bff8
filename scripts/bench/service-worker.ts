/**
 * The real Worker entry over given articles, as a deploy would make it: the settled archive in
 * an assets directory, the generated module beside a copy of src/, bundled by
 * `wrangler deploy --dry-run`. Used by the benchmark and by the archive-scale test.
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import type { workerOutputs } from "../../src/content-build/generated-module.js";
import type { Settled } from "../../src/content-build/settle.js";

const ROOT = resolve(import.meta.dirname, "../..");
export const COMPATIBILITY_DATE = "2026-04-20";

/**
 * Miniflare's source options for a bundled Worker as `wrangler dev` gives them: the module
 * listed, so Miniflare does not parse it. Given as `scriptPath` with `modules: true`, Miniflare
 * walks the script with acorn in Node to find its imports before it starts workerd: 100 ms for
 * a 0.9 MB bundle (`npx tsx scripts/bench/startup.ts`, docs/performance.md), a cost neither
 * wrangler nor Cloudflare has.
 */
export function workerModules(scriptPath: string) {
  return { modules: [{ type: "ESModule" as const, path: scriptPath }], modulesRoot: dirname(scriptPath) };
}

/** Miniflare's assets option for a directory, routed as wrangler.toml's `[assets]` (the Worker first, nothing rewritten). */
export function assetsAsDeployed(directory: string) {
  return {
    directory,
    binding: "ASSETS",
    routerConfig: { has_user_worker: true, invoke_user_worker_ahead_of_assets: true },
    assetConfig: { html_handling: "none" as const, not_found_handling: "none" as const },
  };
}

/** Bundles the Worker a wrangler config names; the path of the script it wrote. */
export function bundle(config: string, outdir: string): string {
  execFileSync(process.execPath, [join(ROOT, "node_modules/wrangler/bin/wrangler.js"), "deploy", "--dry-run", "--outdir", outdir, "--config", config], {
    cwd: dirname(config),
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
  });
  // Named after the config's entry (src/index.ts → index.js); other scripts in the folder (copies kept to compare, `startup-compare.ts`) are not it.
  const main = /^main = "([^"]+)"$/m.exec(readFileSync(config, "utf8"))?.[1];
  const script = join(outdir, `${basename(main ?? "index.ts").replace(/\.[cm]?[jt]s$/, "")}.js`);
  if (!existsSync(script)) throw new Error(`wrangler wrote no ${basename(script)} to ${outdir}`);
  return script;
}

/** A copy of src/ under `work`, with `module` as its generated content. */
export function copySource(work: string, module: string): void {
  cpSync(join(ROOT, "src"), join(work, "src"), { recursive: true, filter: (path) => !path.includes(`${join("src", "generated")}`) });
  mkdirSync(join(work, "src/generated"), { recursive: true });
  writeFileSync(join(work, "src/generated/content.ts"), module);
  // The bundler resolves the service's packages from here, wherever `work` is.
  if (!existsSync(join(work, "node_modules"))) symlinkSync(join(ROOT, "node_modules"), join(work, "node_modules"), "dir");
}

export interface ServiceBuild {
  /** The bundled script. */
  script: string;
  /** The static assets directory (the settled archive). */
  assets: string;
  settled: Settled;
}

/** Writes a build's outputs (`workerOutputs`) under `dir` and bundles the service over them. */
export function buildService(dir: string, outputs: ReturnType<typeof workerOutputs>, vars: Record<string, string>): ServiceBuild {
  const { settled, module } = outputs;
  const assets = join(dir, "assets");
  for (const file of settled.files) {
    const path = join(assets, settled.index.folder, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.bytes);
  }
  return { script: bundleService(dir, module, assets, vars), assets, settled };
}

/** Bundles the real entry with `module` as its generated content and `assets` as its static assets (under `dir`); the script's path. */
export function bundleService(dir: string, module: string, assets: string, vars: Record<string, string>): string {
  const work = join(dir, "work");
  copySource(work, module);
  const varLines = Object.entries(vars).map(([name, value]) => `${name} = ${JSON.stringify(value)}`);
  writeFileSync(
    join(work, "service.toml"),
    [
      'name = "synthetic-service"',
      'main = "src/index.ts"',
      `compatibility_date = "${COMPATIBILITY_DATE}"`,
      // As wrangler.toml: no run-time function naming.
      "keep_names = false",
      "[vars]",
      ...varLines,
      "[assets]",
      `directory = ${JSON.stringify(assets)}`,
      'binding = "ASSETS"',
      "run_worker_first = true",
      'html_handling = "none"',
      'not_found_handling = "none"',
      "",
    ].join("\n"),
  );
  return bundle(join(work, "service.toml"), join(dir, "service"));
}
