/**
 * The start-up benches' one method (`run.ts`'s scale section and `startup.ts`), so the bench and
 * the measurement from outside measure the same thing the same way.
 *
 * One spawn of a fresh Miniflare varies by tens of ms on a shared host (2026-12-08, 2,000
 * articles: spawn → ready 151–234 ms for the same Worker in 31 rounds), almost all of it before
 * workerd is ready (Node's side of Miniflare, the process, the asset manifest); the first request
 * after ready varies by 1–3 ms. A difference of two medians inherits both spreads, and two runs
 * of the same build had given +2 and +41 ms over the "ok" Worker. So a case is set against its
 * baseline round by round (each round starts every case once, in an order shuffled every round:
 * at 100,000 articles, with the order reversed every other round, the same script's first `/`
 * came out 100 ms slower before ready than its first 404, where only the case before it differed),
 * and each phase's paired differences are taken separately: the start-up over the baseline is the
 * median of the spawn → ready differences plus the median of the ready → first-response differences.
 */
import { Miniflare } from "miniflare";
import { assetsAsDeployed, COMPATIBILITY_DATE } from "./service-worker.js";
import { median, quantile, shuffled } from "./stats.js";

/**
 * One fresh Miniflare of a Worker (`source`: its modules, as `workerModules` gives them, or a
 * `scriptPath` Miniflare parses) with `vars` and, when given, static `assets` routed as deployed:
 * [spawn → ready, ready → the first response to `path`], in ms.
 */
export async function spawnPhases(source: object, vars: Record<string, string>, assets: string | undefined, path: string): Promise<[number, number]> {
  const started = performance.now();
  const mf = new Miniflare({
    ...source,
    compatibilityDate: COMPATIBILITY_DATE,
    unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }],
    bindings: vars,
    ...(assets !== undefined && { assets: assetsAsDeployed(assets) }),
  });
  await mf.ready;
  const ready = performance.now();
  const url = (await mf.unsafeGetDirectURL()).toString().replace(/\/$/, "");
  await (await fetch(url + path)).arrayBuffer();
  const answered = performance.now();
  await mf.dispose();
  return [ready - started, answered - ready];
}

export interface StartupCase {
  source: object;
  vars: Record<string, string>;
  assets?: string | undefined;
  path: string;
}

export interface Startup {
  /** Medians over the rounds: spawn → ready, ready → first response, and their sum per round. */
  readyMs: number;
  firstMs: number;
  spawnToFirstMs: number;
  /** Each round's [spawn → ready, ready → first response]. */
  rounds: [number, number][];
}

/** One case over another started in the same rounds, paired by round. */
export interface Over {
  /** The median of the rounds' spawn → ready differences: loading and evaluating the script. */
  readyMs: number;
  /** The median of the rounds' ready → first-response differences: the first request's own work. */
  firstMs: number;
  /** `readyMs + firstMs`: the start-up over the other case. */
  totalMs: number;
  /** The quartiles of the rounds' whole differences (spawn → first response): how far a single pair strays. */
  spread: [number, number];
}


/**
 * `rounds` rounds, after one that is not counted (the first Miniflare of a process is slower),
 * each starting every case once.
 */
export async function startupRounds(cases: StartupCase[], rounds: number): Promise<Startup[]> {
  const runs: [number, number][][] = cases.map(() => []);
  for (let round = 0; round <= rounds; round++) {
    // A new order every round (seeded: the same orders every run), so no case keeps following
    // the same one: a spawn depends on the one before it (see the module's comment).
    for (const i of shuffled(
      cases.map((_, i) => i),
      round + 1,
    )) {
      const c = cases[i]!;
      const phases = await spawnPhases(c.source, c.vars, c.assets, c.path);
      if (round > 0) runs[i]!.push(phases);
    }
  }
  return runs.map((run) => ({
    readyMs: median(run.map(([ready]) => ready)),
    firstMs: median(run.map(([, first]) => first)),
    spawnToFirstMs: median(run.map(([ready, first]) => ready + first)),
    rounds: run,
  }));
}

/** `a` over `base`, two cases of the same `startupRounds`. */
export function over(a: Startup, base: Startup): Over {
  const readyMs = median(a.rounds.map(([ready], r) => ready - base.rounds[r]![0]));
  const firstMs = median(a.rounds.map(([, first], r) => first - base.rounds[r]![1]));
  const whole = a.rounds.map(([ready, first], r) => ready + first - base.rounds[r]![0] - base.rounds[r]![1]);
  return { readyMs, firstMs, totalMs: readyMs + firstMs, spread: [quantile(whole, 0.25), quantile(whole, 0.75)] };
}
