#!/usr/bin/env node
// `npm start`: serves the Worker locally on http://127.0.0.1:$PORT (default 8787) with
// wrangler dev, every link and self link pointing at that address. Nothing is sent to
// Cloudflare: metrics, the update check and the cf.json fetch are all turned off.
//
// What the fediverse side needs locally, it sets up first (docs/fediverse.md): a development
// key pair in the secrets file when it has none (`npm run fediverse -- keys`), the D1 migrations
// applied to the local database, and the minute trigger fired each minute as production fires it
// (wrangler dev does not fire cron triggers by itself: `--test-scheduled` and a timer here).
//
// wrangler dev reads its secrets (`.dev.vars`, or the files given with `--env-file`) once,
// when it starts: so when one of them changes (`npm run partner -- add` or `revoke`), this
// restarts it, and a revoked partner's token is refused at once.
import { spawn, spawnSync } from "node:child_process";
import { watch } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, resolve } from "node:path";

const port = process.env.PORT ?? "8787";
if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
  console.error(`PORT must be a TCP port number, got "${port}"`);
  process.exit(2);
}
const host = "127.0.0.1";
const wrangler = createRequire(import.meta.url).resolve("wrangler/bin/wrangler.js");
const extra = process.argv.slice(2);
const args = [wrangler, "dev", "--ip", host, "--port", port, "--var", `BASE_URL:http://${host}:${port}`, "--test-scheduled", ...extra];
const env = { ...process.env, WRANGLER_SEND_METRICS: "false", WRANGLER_HIDE_BANNER: "true", CLOUDFLARE_CF_FETCH_ENABLED: "false" };
const root = resolve(import.meta.dirname, "..");

let child;
let restarting = false;
let stopping = false;
const run = () => {
  child = spawn(process.execPath, args, { stdio: "inherit", env });
  child.on("exit", (code, signal) => {
    // A stop asked for during a restart wins: nothing is started again.
    if (restarting && !stopping) {
      restarting = false;
      run();
      return;
    }
    process.exit(code ?? (signal ? 1 : 0));
  });
};
// A closed terminal (SIGHUP) stops it as SIGTERM does: wrangler ends workerd on SIGINT and
// SIGTERM, but on SIGHUP exits and leaves workerd serving.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    stopping = true;
    child.kill(signal === "SIGHUP" ? "SIGTERM" : signal);
  });
}

// The secrets' files wrangler dev reads (src/dev/dev-vars.ts): those given with --env-file
// (`--env-file x` or `--env-file=x`), or else .dev.vars beside wrangler.toml, and with
// `--env NAME` (`-e`) .dev.vars.NAME before it.
const valuesOf = (...flags) =>
  extra.flatMap((a, i) => {
    for (const flag of flags) {
      if (a === flag && extra[i + 1] !== undefined) return [extra[i + 1]];
      if (a.startsWith(`${flag}=`)) return [a.slice(flag.length + 1)];
    }
    return [];
  });
const envFiles = valuesOf("--env-file").map((f) => resolve(f));
const devVars = resolve(root, ".dev.vars");
const secrets = envFiles.length > 0 ? envFiles : [devVars, ...valuesOf("--env", "-e").map((name) => `${devVars}.${name}`)];
/** Runs a setup step to completion, or stops here with its output. */
function step(what, argv) {
  const result = spawnSync(process.execPath, argv, { cwd: root, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (result.status !== 0) {
    console.error(`[npm start] ${what} failed:\n${result.stdout}${result.stderr}`);
    process.exit(1);
  }
  return result.stdout;
}

// The fediverse's key pair, in the first secrets file wrangler dev reads (kept when it is there).
const made = step("making the fediverse key pair", ["--import", "tsx", "scripts/fediverse.ts", "keys", "--file", secrets[0]]);
if (made.startsWith("Wrote")) console.log(`[npm start] ${made.split("\n")[0]}`);
// The local D1 (where wrangler dev keeps its state, or --persist-to's folder), migrated.
const persist = valuesOf("--persist-to");
step("applying the D1 migrations", [
  wrangler,
  "d1",
  "migrations",
  "apply",
  "newsfeed-edge-fediverse",
  "--local",
  ...persist.flatMap((p) => ["--persist-to", p]),
]);

let timer;
for (const dir of new Set(secrets.map((f) => dirname(f)))) {
  const names = new Set(secrets.filter((f) => dirname(f) === dir).map((f) => basename(f)));
  // The folder, not the file: the file may not exist yet, and editors replace files.
  watch(dir, (_event, name) => {
    if (name === null || !names.has(name)) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      console.log(
        `[npm start] ${name} changed: restarting wrangler dev so that its secrets (the partners' keys, the fediverse's key pair) take effect`,
      );
      if (stopping) return;
      restarting = true;
      child.kill("SIGTERM");
    }, 300);
  }).unref();
}

run();

// The minute trigger, at each minute's start as Cloudflare fires it.
const cron = () => {
  fetch(`http://${host}:${port}/__scheduled?cron=${encodeURIComponent("* * * * *")}`).then(
    (r) => r.body?.cancel(),
    () => {}, // not listening yet, or restarting: the next minute catches up (the events are in D1)
  );
};
setTimeout(
  () => {
    cron();
    setInterval(cron, 60_000).unref();
  },
  60_000 - (Date.now() % 60_000),
).unref();
