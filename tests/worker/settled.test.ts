// The settled archive changes nothing a client can see: the newsroom built with its older
// articles settled into static assets (read through the real ASSETS binding) answers every
// path exactly as the same articles all held in the bundle do, status, headers and bytes,
// at instants around each scheduled change and with feed sizes that make final archive
// pages (3), few (10, 17) or none (50).
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app/create-app.js";
import { newsroomArticles } from "../../src/generated/all-articles.js";
import { content as newsroom } from "../../src/generated/newsroom.js";
import { makeCatalog } from "../../src/publishing/catalog.js";
import { Timeline } from "../../src/publishing/timeline.js";
import { ArchiveStore } from "../../src/storage/archive-store.js";
import { NEXT_MONTH, NOW, newsroomSite, SCHEDULED } from "../helpers/newsroom.js";

const BASE = "https://news.example";
const whole = { version: newsroom.version, files: newsroom.files, articles: newsroomArticles };
const timeline = new Timeline(newsroomArticles);
const DAY = 86_400_000;
const INSTANTS = [NOW, SCHEDULED.at - 1000, SCHEDULED.at, NEXT_MONTH.at, NEXT_MONTH.at + 3 * DAY];

/** Everything a response says, but its Date (the clock is fixed; Date is the request's). */
async function seen(response: Response) {
  const headers = [...response.headers].filter(([name]) => name !== "date");
  return { status: response.status, headers, body: await response.text() };
}

describe("the settled archive against the whole bundle", () => {
  it("holds most of the newsroom: 30 settled articles, the 5 newest in the bundle", () => {
    expect(newsroom.settled?.count).toBe(30);
    expect(newsroom.articles).toHaveLength(5);
    expect(newsroomArticles).toHaveLength(35);
  });

  it.each([3, 10, 17, 50])(
    "answers every path byte for byte as the whole bundle, FEED_SIZE %i",
    async (feedSize) => {
      const site = newsroomSite({ feedSize });
      let compared = 0;
      let reads = 0;
      for (const now of INSTANTS) {
        const store = new ArchiveStore(env.ASSETS!);
        const split = createApp({ content: newsroom, site, clock: () => now, store });
        const reference = createApp({ content: whole, site, clock: () => now });
        const catalog = makeCatalog(site, timeline, timeline.viewAt(now), whole.files);
        const paths = [
          ...catalog.documents.keys(),
          ...newsroomArticles.map((a) => `/articles/${a.slug}`),
          "/articles/no-such-story",
          "/feed.json/",
          `/archive/${Math.ceil(35 / feedSize) + 1}/feed.json`,
        ];
        for (const path of paths) {
          for (const init of [{}, { method: "HEAD" }]) {
            const expected = await seen(await reference.request(`${BASE}${path}`, init));
            expect(await seen(await split.request(`${BASE}${path}`, init)), `${path} at ${new Date(now).toISOString()}`).toEqual(expected);
            compared++;
          }
        }
        reads += store.reads;
      }
      expect(compared).toBeGreaterThan(1000);
      // Every record pack, slug bucket and sitemap chunk, the tags' and authors' buckets and
      // their list, read once per instant.
      const index = newsroom.settled!;
      expect(index.facetBuckets).toBe(2);
      expect(reads).toBe(INSTANTS.length * (4 + 1 + 1 + index.facetBuckets + 1));
    },
    120_000,
  );
});
