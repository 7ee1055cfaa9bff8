/**
 * `npm run load -- --articles N [--seconds S] [--warm]`: the real Worker bundled over N synthetic articles
 * (`synthetic-service.ts`), its settled archive in static assets, served by Miniflare as
 * `wrangler dev` serves it (its entry worker, the asset router, the Worker first), under S
 * seconds (default 60) of a realistic mix at 16 connections, as fast as it answers:
 *
 * - 6 in 20: a feed revalidated with its ETag (304): the newsroom's and the updates feeds, 3 formats;
 * - 1 in 20: a feed fetched whole (200);
 * - 5 in 20: a cold article page, each stored article in turn (one the isolate has not served);
 * - 4 in 20: a hot article page (the newest articles, served again and again);
 * - 2 in 20: an RFC 5005 archive page (JSON Feed), in turn;
 * - 1 in 20: the front page; 1 in 20: an article that does not exist (404).
 *
 * With `--warm`, only what the isolate holds: 5 in 10 a feed revalidated, 1 in 10 a feed whole, 3
 * in 10 a hot article page, 1 in 10 the front page (the latency tail of the warm path).
 *
 * Reports throughput, latency percentiles (p50, p99, p99.9, max) and errors: a socket error, a
 * timeout, or any status but the one each kind expects (must be 0).
 */
import autocannon from "autocannon";
import { Miniflare } from "miniflare";
import { assetsAsDeployed, COMPATIBILITY_DATE, workerModules } from "./service-worker.js";
import { SYNTHETIC_VARS, syntheticService } from "./synthetic-service.js";

const CONNECTIONS = 16;
const FEEDS = ["/rss.xml", "/atom.xml", "/feed.json", "/updates/rss.xml", "/updates/atom.xml", "/updates/feed.json"];
/** The mix, 20 slots: each kind and the status it must get. */
const MIX = ["304", "304", "cold", "hot", "304", "cold", "archive", "304", "hot", "cold", "200", "304", "hot", "cold", "home", "304", "archive", "hot", "cold", "404"] as const;
/** `--warm`: only what an isolate holds (feeds, revalidated or whole, the newest pages, the front page), 10 slots. */
const WARM_MIX = ["304", "304", "hot", "200", "304", "hot", "home", "304", "hot", "304"] as const;
const EXPECTED: Record<(typeof MIX)[number], number> = { "304": 304, "200": 200, cold: 200, hot: 200, archive: 200, home: 200, "404": 404 };

export async function loadAtScale(n: number, seconds: number, warm = false): Promise<number> {
  const mix: readonly (typeof MIX)[number][] = warm ? WARM_MIX : MIX;
  console.error(`Building the Worker over ${n} synthetic articles …`);
  const service = await syntheticService("load", n);
  const mf = new Miniflare({
    ...workerModules(service.script),
    compatibilityDate: COMPATIBILITY_DATE,
    bindings: SYNTHETIC_VARS,
    assets: assetsAsDeployed(service.assets),
  });
  try {
    const url = (await mf.ready).toString().replace(/\/$/, "");
    const etags = new Map<string, string>();
    for (const feed of FEEDS) {
      // The identity variant's tag: the load asks for identity (a gzip variant has its own tag).
      const response = await fetch(url + feed, { headers: { "Accept-Encoding": "identity" } });
      await response.arrayBuffer();
      etags.set(feed, response.headers.get("ETag")!);
    }
    const hot = [...service.movingPages, ...service.storedPages.slice(0, 20)];
    for (const page of hot) await (await fetch(url + page)).arrayBuffer();
    // Cold pages from the end of the shuffled list: none of them served above.
    const cold = service.storedPages.slice(20);
    let slot = 0;
    let coldNext = 0;
    let archiveNext = 0;
    let missing = 0;
    const unexpected = new Map<string, number>();
    const result = await autocannon({
      url,
      connections: CONNECTIONS,
      duration: seconds,
      requests: [
        {
          // Each connection has one request in flight: its context says what the answer must be.
          setupRequest: (request: { path: string; headers: Record<string, string> }, context: { kind?: (typeof MIX)[number] }) => {
            const kind = mix[slot % mix.length]!;
            const i = slot++;
            context.kind = kind;
            const headers: Record<string, string> = { "accept-encoding": "identity" };
            let path: string;
            if (kind === "304") {
              path = FEEDS[i % FEEDS.length]!;
              headers["if-none-match"] = etags.get(path)!;
            } else if (kind === "200") path = FEEDS[i % FEEDS.length]!;
            else if (kind === "cold") path = cold[coldNext++ % cold.length]!;
            else if (kind === "hot") path = hot[i % hot.length]!;
            else if (kind === "archive") path = service.archivePages[archiveNext++ % Math.max(1, service.archivePages.length)] ?? "/feed.json";
            else if (kind === "home") path = "/";
            else path = `/articles/no-such-story-${missing++}`;
            return { ...request, path, headers: { ...request.headers, ...headers } };
          },
          onResponse: (status: number, _body: string, context: { kind?: (typeof MIX)[number] }) => {
            const kind = context.kind;
            if (kind !== undefined && status !== EXPECTED[kind]) unexpected.set(`${kind} → ${status}`, (unexpected.get(`${kind} → ${status}`) ?? 0) + 1);
          },
        },
      ],
    } as unknown as Parameters<typeof autocannon>[0]);
    const wrong = [...unexpected.values()].reduce((a, b) => a + b, 0);
    const errors = result.errors + result.timeouts + wrong;
    const latency = result.latency as typeof result.latency & { p99_9: number };
    const report = {
      target: `the real Worker over ${n} synthetic articles (Miniflare, static assets, the Worker first)`,
      date: new Date().toISOString(),
      seconds,
      connections: CONNECTIONS,
      mix: warm
        ? "5/10 feed 304, 1/10 feed 200, 3/10 hot article, 1/10 front page"
        : "6/20 feed 304, 1/20 feed 200, 5/20 cold article, 4/20 hot article, 2/20 archive page, 1/20 front page, 1/20 404",
      requests: result.requests.total,
      rps: Math.round(result.requests.average),
      latencyMs: { p50: latency.p50, p99: latency.p99, p99_9: latency.p99_9, max: latency.max },
      statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => [code, count])),
      unexpected: Object.fromEntries(unexpected),
      coldPagesServed: coldNext,
      errors,
    };
    console.log(JSON.stringify(report, null, 2));
    console.log(
      `\n${report.rps} req/s for ${seconds} s at ${n} articles, ${errors} errors; p50 ${latency.p50} ms, p99 ${latency.p99} ms, p99.9 ${latency.p99_9} ms, max ${latency.max} ms`,
    );
    return errors === 0 ? 0 : 1;
  } finally {
    await mf.dispose();
  }
}
