/**
 * `npx tsx scripts/bench/catalog-time.ts [n] [tags] [authors]`: how long making one epoch's
 * catalog takes in Node (what the first request of an isolate pays), over the synthetic content
 * the start-up bench uses, and what a first request for a facet's feed adds. Medians of 9.
 */
import { siteFromVars } from "../../src/core/config.js";
import { slugify } from "../../src/core/ids.js";
import { makeCatalog, NO_ARCHIVE, type SettledArchive } from "../../src/publishing/catalog.js";
import { Timeline } from "../../src/publishing/timeline.js";
import { median } from "./stats.js";
import { SYNTHETIC_VARS, syntheticBuild } from "./synthetic-service.js";

const [n = 2000, tags = 5000, authors = 500] = process.argv.slice(2).map(Number);
const { outputs } = await syntheticBuild("catalog", n, { tags, authors });
const site = siteFromVars(SYNTHETIC_VARS);
const index = outputs.settled.index;
const archive: SettledArchive =
  index.count === 0
    ? NO_ARCHIVE
    : {
        index,
        record: () => Promise.reject(new Error("not read")),
        page: () => Promise.reject(new Error("not read")),
        position: async () => undefined,
        sitemapChunk: async () => [],
        facet: async () => undefined,
        facetList: async () => [],
      };
const timeline = new Timeline(outputs.settled.moving);
const now = Math.max(Date.now(), index.at);
const make: number[] = [];
const facet: number[] = [];
let documents = 0;
for (let i = 0; i < 9; i++) {
  const started = performance.now();
  const catalog = makeCatalog(site, timeline, timeline.viewAt(now), [], archive);
  make.push(performance.now() - started);
  const t = performance.now();
  const tag = outputs.settled.moving.find((a) => a.tags.length > 0)?.tags[0];
  const doc = await catalog.documents.lookup(`/tags/${tag === undefined ? "" : slugify(tag)}/feed.json`);
  if (!doc) throw new Error("no tag feed");
  facet.push(performance.now() - t);
  if (i === 8) documents = [...catalog.documents.keys()].length;
}
// For a CPU profile of the catalog alone: `PROFILE=50 node --import tsx --cpu-prof …`.
for (let i = 0; i < Number(process.env.PROFILE ?? 0); i++) makeCatalog(site, timeline, timeline.viewAt(now), [], archive);
console.log(
  `${n} articles, ${index.facets.length} sections in the script: makeCatalog ${median(make).toFixed(1)} ms, a facet's first lookup ${median(facet).toFixed(3)} ms (medians of 9), ${documents} documents`,
);
