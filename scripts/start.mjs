#!/usr/bin/env node
// `npm start`: serves the Worker locally on http://127.0.0.1:$PORT (default 8787) with
// wrangler dev, every link and self link pointing at that address. Nothing is sent to
// Cloudflare: metrics, the update check and the cf.json fetch are all turned off.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";

const port = process.env.PORT ?? "8787";
if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
  console.error(`PORT must be a TCP port number, got "${port}"`);
  process.exit(2);
}
const host = "127.0.0.1";
const wrangler = createRequire(import.meta.url).resolve("wrangler/bin/wrangler.js");
const args = [wrangler, "dev", "--ip", host, "--port", port, "--var", `BASE_URL:http://${host}:${port}`, ...process.argv.slice(2)];
const child = spawn(process.execPath, args, {
  stdio: "inherit",
  env: {
    ...process.env,
    WRANGLER_SEND_METRICS: "false",
    WRANGLER_HIDE_BANNER: "true",
    CLOUDFLARE_CF_FETCH_ENABLED: "false",
  },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
