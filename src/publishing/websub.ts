/**
 * WebSub publishing (https://www.w3.org/TR/websub/#publishing): when what a subscription
 * feed shows changes without a deploy (a scheduled publication or withdrawal), tell the
 * hub, which then fetches the feed and pushes it to subscribers. Each ping is a delivery of
 * the queue (`src/fediverse/delivery.ts`): after a deploy and at scheduled seconds, retried.
 */
import { facetNames, slugify } from "../core/ids.js";
import type { ArticleMeta, Site } from "../core/model.js";
import { absoluteUrl, type FeedPaths, feedPath, feedPaths } from "../core/urls.js";
import { FEED_FORMATS } from "../render/feed-formats.js";
import type { Timeline } from "./timeline.js";

/** A feed's documents, one per format. */
const feedFormats = (feed: FeedPaths) => FEED_FORMATS.map((format) => feedPath(feed, format));

/**
 * The subscription feeds (every format, absolute URLs) whose items change at a
 * publication or withdrawal in `(from, to]`: the newsroom's, the updates feed, and the
 * section, tag and author feeds of the articles concerned. Sorted, without repeats.
 */
export function changedTopics(site: Site, timeline: Timeline, from: number, to: number): string[] {
  const changed: ArticleMeta[] = timeline.articles.filter((a) => {
    const t = timeline.timesOf(a);
    return (t.published > from && t.published <= to) || (t.withdrawn > from && t.withdrawn <= to);
  });
  return topicsOf(site, changed);
}

/**
 * The subscription feeds (every format, absolute URLs) whose items a change of these articles
 * touches (a publication, a correction, a withdrawal): the newsroom's, the updates feed, and
 * their section, tag and author feeds. Sorted, without repeats; none for no article.
 */
export function topicsOf(site: Site, changed: readonly ArticleMeta[]): string[] {
  if (changed.length === 0) return [];
  const paths = new Set([...feedFormats(feedPaths.main), ...feedFormats(feedPaths.updates)]);
  for (const a of changed)
    for (const { kind, name } of facetNames(a)) for (const p of feedFormats(feedPaths.facet(kind, slugify(name)))) paths.add(p);
  return [...paths].map((p) => absoluteUrl(site, p)).sort();
}

export interface PingResult {
  topic: string;
  /** The hub's status (2xx: accepted), or 0 when it could not be reached. */
  status: number;
}

/** How long a hub may take to answer a ping before it counts as unreachable (and is retried). */
export const PING_TIMEOUT_MS = 10_000;

/** `hub.mode=publish` for each topic, one request per topic (what every hub accepts). */
export async function notifyHub(hub: string, topics: readonly string[], fetchFn: typeof fetch = fetch): Promise<PingResult[]> {
  const results: PingResult[] = [];
  for (const topic of topics) {
    try {
      const response = await fetchFn(hub, {
        method: "POST",
        signal: AbortSignal.timeout(PING_TIMEOUT_MS),
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ "hub.mode": "publish", "hub.url": topic }).toString(),
      });
      results.push({ topic, status: response.status });
    } catch {
      results.push({ topic, status: 0 });
    }
  }
  return results;
}
