/**
 * The feed formats every feed is served in, in the order pages and Link headers list them.
 * The one list: the catalog serves a document per feed and format, and the Link header, the
 * pages' discovery links, footer and subscribe block and the WebSub topics are all made from it.
 * A format is its renderer file (which defines its `FeedFormat`) plus its entry here.
 */
import { atomFormat } from "./atom.js";
import type { FeedFormat } from "./feed-spec.js";
import { jsonFeedFormat } from "./json-feed.js";
import { rssFormat } from "./rss.js";

export const FEED_FORMATS: readonly FeedFormat[] = [rssFormat, atomFormat, jsonFeedFormat];
