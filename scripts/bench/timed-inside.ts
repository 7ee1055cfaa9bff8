import { writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { Miniflare } from "miniflare";
import { assetsAsDeployed, COMPATIBILITY_DATE } from "./service-worker.js";

/**
 * Module evaluation and first request timed inside workerd: a wrapper Worker imports the
 * bundle dynamically on its first request (workerd otherwise evaluates the main module
 * before it reports ready, where no clock outside can separate it from loading).
 * Worker clocks here tick in whole milliseconds. `url` is the first request's.
 */
export async function timedInside(
  bundlePath: string,
  vars: Record<string, string>,
  assetsDir: string,
  url: string,
): Promise<{ importMs: number; firstRequestMs: number }> {
  const dir = dirname(bundlePath);
  const wrapper = join(dir, "evaluation-wrapper.mjs");
  writeFileSync(
    wrapper,
    `let timings;
export default {
  async fetch(request, env, ctx) {
    if (!timings) {
      const t0 = Date.now();
      const mod = await import("./${basename(bundlePath)}");
      const t1 = Date.now();
      await (await mod.default.fetch(new Request(${JSON.stringify(url)}), env, ctx)).arrayBuffer();
      timings = { importMs: t1 - t0, firstRequestMs: Date.now() - t1 };
    }
    return Response.json(timings);
  },
};
`,
  );
  const mf = new Miniflare({
    modules: [
      { type: "ESModule", path: wrapper },
      { type: "ESModule", path: bundlePath },
    ],
    modulesRoot: dir,
    compatibilityDate: COMPATIBILITY_DATE,
    unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }],
    bindings: vars,
    assets: assetsAsDeployed(assetsDir),
  });
  await mf.ready;
  const timings = (await (await fetch(await mf.unsafeGetDirectURL())).json()) as { importMs: number; firstRequestMs: number };
  await mf.dispose();
  return timings;
}

