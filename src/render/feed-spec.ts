/**
 * One feed document, independent of format: what the RSS, Atom and JSON Feed renderers
 * each serialise. The catalog (`src/publishing/catalog.ts`) makes one per feed the service serves:
 * the newsroom's, the updates feed, each section, tag and author, each monthly archive.
 * Also what a feed format is (`FeedFormat`): `src/render/feed-formats.ts` lists them.
 */
import type { Article, ArticleMeta, Site } from "../core/model.js";
import { type FeedPaths, feedPaths } from "../core/urls.js";

/** What a renderer is told besides the feed: the HTTP layer's choices that some formats state. */
export interface FeedRenderOptions {
  /** RSS `<ttl>`: minutes a reader may cache a subscription feed (the feeds' max-age). */
  ttlMinutes?: number;
}

/**
 * A feed format: the file every feed has in it (`/rss.xml`, `/tags/russia/rss.xml`), its media
 * type, how pages name it, and its renderer. Each is defined beside its renderer and listed once
 * in `FEED_FORMATS`; every surface (the catalog, the Link header, the pages' discovery links,
 * footer and subscribe block, WebSub topics) is derived from that list.
 */
export interface FeedFormat {
  /** The file name under a feed's folder (`rss.xml`): what tells the formats apart. */
  file: string;
  /** Without parameters (`application/rss+xml`): the Content-Type adds the charset. */
  mediaType: string;
  /** What pages call it (`RSS`). */
  label: string;
  /** The subscribe block's word on when to pick it. */
  hint: string;
  render(site: Site, spec: FeedSpec, options: FeedRenderOptions): string;
}

/** RFC 5005 links of a document in an archived feed. */
export interface FeedHistory {
  /** This document is an archive (`fh:archive`): its content is final once its month is over. */
  archive: boolean;
  /** Older archive document (`prev-archive`; JSON Feed `next_url`). */
  prev?: FeedPaths;
  /** Newer archive document (`next-archive`). */
  next?: FeedPaths;
  /** The subscription document (`current`). */
  current: FeedPaths;
  /** The month is over: the document will never change (JSON Feed `expired`). */
  closed?: boolean;
}

/** `A` is what the items are: full articles when rendered, their metadata in the catalog. */
export interface FeedSpec<A extends ArticleMeta = Article> {
  /** Atom feed id: a URI that never changes and never depends on the host. */
  id: string;
  title: string;
  description: string;
  paths: FeedPaths;
  /** In the order they are listed. */
  items: readonly A[];
  /** Withdrawn articles whose tombstones this document carries (Atom and JSON Feed). */
  tombstones: readonly ArticleMeta[];
  /** A feed readers subscribe to: it advertises the WebSub hub and an RSS `<ttl>`. */
  subscription: boolean;
  /** RFC 5005 §2: the document holds every entry of its feed (`fh:complete`). */
  complete?: boolean;
  history?: FeedHistory;
}

/** The newsroom's subscription feed over these live articles (newest first), without archives. */
export function mainFeedSpec<A extends ArticleMeta>(
  site: Site,
  articles: readonly A[],
  tombstones: readonly ArticleMeta[] = [],
): FeedSpec<A> {
  return {
    id: site.id,
    title: site.name,
    description: site.description,
    paths: feedPaths.main,
    items: articles.slice(0, site.feedSize),
    tombstones: tombstones.slice(0, site.feedSize),
    subscription: true,
  };
}

/**
 * The feed's own updated time: the newest change among its items and tombstones, never
 * "now", so identical content gives identical bytes. The Unix epoch for an empty feed.
 */
export function specUpdated(spec: Pick<FeedSpec<ArticleMeta>, "items" | "tombstones">): string {
  let newest: string | undefined;
  const later = (t: string) => {
    if (newest === undefined || Date.parse(t) > Date.parse(newest)) newest = t;
  };
  for (const item of spec.items) later(item.updated);
  for (const gone of spec.tombstones) later(gone.withdrawn!.at);
  return newest ?? "1970-01-01T00:00:00Z";
}

/** Namespaces, declared on the root only when the document uses them. */
export const namespaces = {
  atom: "http://www.w3.org/2005/Atom",
  content: "http://purl.org/rss/1.0/modules/content/",
  dc: "http://purl.org/dc/elements/1.1/",
  fh: "http://purl.org/syndication/history/1.0",
  at: "http://purl.org/atompub/tombstones/1.0",
  creativeCommons: "http://backend.userland.com/creativeCommonsRssModule",
  media: "http://search.yahoo.com/mrss/",
};
