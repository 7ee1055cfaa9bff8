/**
 * `npm run load`: a 60-second soak of `npm start` (wrangler dev) at the highest rate it
 * sustains, with mixed endpoints and a mix of conditional and unconditional requests.
 *
 *   npm run load                         # starts npm start on a free port itself
 *   npm run load -- --url http://127.0.0.1:8787 --seconds 60
 *   npm run load -- --articles 100000    # the real Worker over that many synthetic articles (below)
 *   npm run load -- --articles 20000 --warm  # the same, only what the isolate holds (the warm path's tail)
 *
 * First a 10-second probe finds the capacity, then the soak runs at 90% of it. Reports
 * requests per second held, errors (anything but a 200 or 304, plus socket errors and
 * timeouts: must be 0), and latency percentiles. Loopback only, bounded in time.
 */
import autocannon from "autocannon";
import { loadAtScale } from "./bench/load-at-scale.js";
import { serveLocally } from "./serve-locally.js";

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : undefined);
const SECONDS = Number(option("seconds") ?? 60);
const CONNECTIONS = 16;

async function main() {
  const articles = option("articles");
  if (articles !== undefined) {
    process.exitCode = await loadAtScale(Number(articles), SECONDS, args.includes("--warm"));
    return;
  }
  const given = option("url");
  const service = given ? { url: given, stop: () => {} } : await serveLocally();
  const url = service.url;
  try {
    const home = await (await fetch(`${url}/`)).text();
    const article = /href="(\/articles\/[^"]+)"/.exec(home)?.[1] ?? "/";
    const paths = ["/rss.xml", "/atom.xml", "/feed.json", article, "/", "/site.css"];
    const requests = [];
    for (const path of paths) {
      const response = await fetch(url + path);
      await response.arrayBuffer();
      const etag = response.headers.get("ETag")!;
      const lastModified = response.headers.get("Last-Modified");
      requests.push({ method: "GET", path });
      requests.push({ method: "GET", path, headers: { "If-None-Match": etag } });
      if (lastModified) requests.push({ method: "GET", path, headers: { "If-Modified-Since": lastModified } });
      requests.push({ method: "GET", path: `${path}?utm_source=load` });
    }

    console.error(`Probing capacity of ${url} for 10 s …`);
    const probe = await autocannon({ url, connections: CONNECTIONS, duration: 10, requests });
    const rate = Math.max(1, Math.floor(probe.requests.average * 0.9));
    console.error(`Capacity ≈ ${Math.round(probe.requests.average)} req/s; soaking at ${rate} req/s for ${SECONDS} s …`);
    const soak = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, requests, overallRate: rate });

    const bad = Object.entries(soak.statusCodeStats ?? {})
      .filter(([code]) => code !== "200" && code !== "304")
      .reduce((sum, [, { count }]) => sum + count, 0);
    const errors = soak.errors + soak.timeouts + bad;
    const report = {
      target: `${url} (npm start: wrangler dev)`,
      seconds: SECONDS,
      connections: CONNECTIONS,
      capacityRps: Math.round(probe.requests.average),
      heldRps: Math.round(soak.requests.average),
      minRps: soak.requests.min,
      total: soak.requests.total,
      statusCodes: Object.fromEntries(Object.entries(soak.statusCodeStats ?? {}).map(([code, { count }]) => [code, count])),
      errors,
      latencyMs: { p50: soak.latency.p50, p99: soak.latency.p99, max: soak.latency.max },
    };
    console.log(JSON.stringify(report, null, 2));
    console.log(`\n${report.heldRps} req/s held for ${SECONDS} s (min ${report.minRps}/s), ${errors} errors, p50 ${report.latencyMs.p50} ms, p99 ${report.latencyMs.p99} ms`);
    process.exitCode = errors === 0 ? 0 : 1;
  } finally {
    service.stop();
  }
}

await main();
