/**
 * One Worker in its own workerd, as the benches measure it: Miniflare given the bundle as
 * `wrangler dev` gives it (`workerModules`), on a direct socket (no Miniflare entry worker, which
 * emulates Cloudflare's edge and would add the same overhead to every target), with static assets
 * routed as deployed when given, and workerd's own pid (for its CPU time and RSS).
 */
import { Miniflare } from "miniflare";
import { workerdPids } from "./processes.js";
import { assetsAsDeployed, COMPATIBILITY_DATE, workerModules } from "./service-worker.js";

export interface Running {
  url: string;
  /** workerd's process: the one that was not running before this one started. */
  pid: number | undefined;
  dispose(): Promise<void>;
}

export async function startWorker(
  scriptPath: string,
  options: { vars?: Record<string, string>; assets?: string | undefined; inspectorPort?: number | undefined } = {},
): Promise<Running> {
  const before = workerdPids();
  const mf = new Miniflare({
    ...workerModules(scriptPath),
    compatibilityDate: COMPATIBILITY_DATE,
    unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }],
    bindings: options.vars ?? {},
    ...(options.inspectorPort !== undefined && { inspectorPort: options.inspectorPort }),
    ...(options.assets !== undefined && { assets: assetsAsDeployed(options.assets) }),
    // workerd reports every connection a load generator drops at the end of a run: the rest is shown.
    handleRuntimeStdio(stdout: NodeJS.ReadableStream, stderr: NodeJS.ReadableStream) {
      stdout.resume();
      stderr.on("data", (chunk: Buffer) => {
        const text = chunk
          .toString()
          .split("\n")
          .filter((line) => line && !/Broken pipe|Connection reset by peer|^stack:|WebSocket peer disconnected/.test(line));
        if (text.length > 0) process.stderr.write(`${text.join("\n")}\n`);
      });
    },
  });
  await mf.ready;
  const url = (await mf.unsafeGetDirectURL()).toString().replace(/\/$/, "");
  const pid = [...workerdPids()].find((p) => !before.has(p));
  return { url, pid, dispose: () => mf.dispose() };
}
