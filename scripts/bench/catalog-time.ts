/**
 * `npx tsx scripts/bench/catalog-time.ts [n] [tags] [authors]`: how long making one epoch's
 * catalog takes in Node (what the first request of an isolate pays), over the synthetic content
 * the start-up bench uses, and what a first request for a facet's feed adds. Medians of 9.
 */
import { join, resolve } from "node:path";
import { siteFromVars } from "../../src/core/config.js";
import { makeCatalog, NO_ARCHIVE, type SettledArchive } from "../../src/publishing/catalog.js";
import { Timeline } from "../../src/publishing/timeline.js";
import { cachedBuild } from "./cached-build.js";
import { writeSyntheticContent } from "./synthetic-content.js";
import { readdirSync } from "node:fs";

const [n = 2000, tags = 5000, authors = 500] = process.argv.slice(2).map(Number);
const dir = join(resolve(import.meta.dirname, "../.."), ".bench", "catalog", `${n}-${tags}t-${authors}a`);
const contentDir = join(dir, "content");
let names: string[] = [];
try {
  names = readdirSync(contentDir);
} catch {}
if (names.length !== n) writeSyntheticContent(contentDir, n, { tags, authors });
const { outputs } = cachedBuild(contentDir, dir, [], Date.now());
const site = siteFromVars({ BASE_URL: "https://news.example", FEED_SIZE: "50" });
const index = outputs.settled.index;
const archive: SettledArchive =
  index.count === 0
    ? NO_ARCHIVE
    : { index, record: () => Promise.reject(new Error("not read")), position: async () => undefined, sitemapChunk: async () => [] };
const timeline = new Timeline(outputs.settled.moving);
const now = Math.max(Date.now(), index.at);
const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const make: number[] = [];
const facet: number[] = [];
let documents = 0;
for (let i = 0; i < 9; i++) {
  const started = performance.now();
  const catalog = makeCatalog(site, timeline, timeline.viewAt(now), [], archive);
  make.push(performance.now() - started);
  const t = performance.now();
  const doc = catalog.documents.get(`/tags/${index.facets.find((f) => f.kind === "tags")?.slug}/feed.json`);
  if (!doc) throw new Error("no tag feed");
  facet.push(performance.now() - t);
  if (i === 8) documents = [...catalog.documents.keys()].length;
}
// For a CPU profile of the catalog alone: `PROFILE=50 node --import tsx --cpu-prof …`.
for (let i = 0; i < Number(process.env.PROFILE ?? 0); i++) makeCatalog(site, timeline, timeline.viewAt(now), [], archive);
console.log(
  `${n} articles, ${index.facets.length} settled facets: makeCatalog ${median(make).toFixed(1)} ms, a facet's first lookup ${median(facet).toFixed(3)} ms (medians of 9), ${documents} documents`,
);
