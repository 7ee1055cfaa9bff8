/**
 * JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/), built as a typed object and
 * serialised with `JSON.stringify`. HTML appears only in `content_html` and the
 * attribution HTML, as the spec says.
 *
 * Paging follows the spec's `next_url` (older items); a finished archive month is
 * `expired`. The feed and each item carry the `_syndication` extension (JSON Feed 1.1
 * "Extensions": an object whose name starts with `_`), documented on the partners page
 * and described by the JSON Schema at `/schemas/syndication-3.json`: licence,
 * attribution, images, corrections, status, republication window, the item's IPTC ninjs
 * document. A withdrawn article stays in the feed as a tombstone item with `status: "withdrawn"`.
 */
import type { License } from "../core/licenses.js";
import type { Article, ArticleMeta, Author, Correction, Site } from "../core/model.js";
import { absoluteUrl, feedPath, icons, paths, resolveUrl } from "../core/urls.js";
import { articleContentHtml } from "./article-html.js";
import { displayDate } from "./dates.js";
import type { FeedFormat, FeedSpec } from "./feed-spec.js";
import { jsonStringReplacer } from "./html.js";
import { articleLicense, attribution, SYNDICATION_VERSION, type SyndicationImage, siteLicense, syndicationImages } from "./syndication.js";

interface JsonFeedAuthor {
  name: string;
  url?: string;
}

/**
 * Publication status of an item: `updated` once an editor changed or corrected it;
 * `embargoed` (the partner feed only) before it is published.
 */
export type SyndicationStatus = "published" | "updated" | "withdrawn" | "embargoed";

type LicenseInfo = Omit<License, "republishable">;

/** An item's `_syndication`: everything a partner needs to republish it, or to take it down. */
export interface Syndication {
  version: typeof SYNDICATION_VERSION;
  status: SyndicationStatus;
  /** RFC 3339 (with status `embargoed`): not to be published, in any form, before then. */
  embargo_until?: string;
  /** The item as an IPTC ninjs document: public, or for an embargoed item the partners' address. */
  ninjs: string;
  canonical_url: string;
  license?: LicenseInfo;
  /** Whether the licence allows republication at all (check `republish_until` too). */
  republishable?: boolean;
  attribution_text?: string;
  attribution_html?: string;
  /** RFC 3339, or null when republication is not limited in time. */
  republish_until?: string | null;
  images?: SyndicationImage[];
  corrections: { date: string; text: string }[];
  withdrawn?: { date: string; reason: string };
}

/** The feed's `_syndication`: the profile's version, schema, documentation and default licence. */
export interface FeedSyndication {
  version: typeof SYNDICATION_VERSION;
  schema: string;
  documentation: string;
  license: LicenseInfo;
}

export interface JsonFeedItem {
  id: string;
  url: string;
  title: string;
  content_html?: string;
  content_text?: string;
  summary?: string;
  image?: string;
  banner_image?: string;
  date_published: string;
  date_modified: string;
  authors?: JsonFeedAuthor[];
  /** JSON Feed 1.0's single author, kept beside `authors` for readers that know only it (1.1 allows both). */
  author?: JsonFeedAuthor;
  tags?: string[];
  language?: string;
  _syndication: Syndication;
}

export interface JsonFeed {
  version: "https://jsonfeed.org/version/1.1";
  title: string;
  home_page_url: string;
  feed_url: string;
  description: string;
  next_url?: string;
  icon: string;
  favicon: string;
  language: string;
  expired?: boolean;
  authors: JsonFeedAuthor[];
  /** JSON Feed 1.0's author, as for items. */
  author: JsonFeedAuthor;
  hubs?: { type: string; url: string }[];
  _syndication: FeedSyndication;
  items: JsonFeedItem[];
}

// JSON Feed authors have no e-mail member; the name and the page are what readers show.
const toAuthor = (author: Author): JsonFeedAuthor => (author.url ? { name: author.name, url: author.url } : { name: author.name });

/**
 * The byline as JSON Feed 1.0's one `author`: the author itself, or for several one
 * name that lists them all ("A, B and C"), without a URL, which would credit only one.
 */
export function singleAuthor(authors: readonly Author[]): JsonFeedAuthor {
  if (authors.length === 1) return toAuthor(authors[0]!);
  const names = authors.map((a) => a.name);
  return { name: `${names.slice(0, -1).join(", ")} and ${names.at(-1)}` };
}
const toCorrection = (c: Correction) => ({ date: c.at, text: c.text });
const licenseInfo = ({ spdx, name, url }: License): LicenseInfo => ({ spdx, name, url });

/** JSON Feed 1.1 as a feed format (listed in `src/render/feed-formats.ts`). */
export const jsonFeedFormat: FeedFormat = {
  file: "feed.json",
  mediaType: "application/feed+json",
  label: "JSON Feed",
  hint: "for developers and partners republishing our work",
  render: renderJsonFeed,
};

export function jsonFeed(site: Site, spec: FeedSpec): JsonFeed {
  const feed: JsonFeed = {
    version: "https://jsonfeed.org/version/1.1",
    title: spec.title,
    home_page_url: absoluteUrl(site, spec.paths.html),
    feed_url: absoluteUrl(site, feedPath(spec.paths, jsonFeedFormat)),
    description: spec.description,
    // JSON Feed 1.1: `icon` large and square (512 × 512 suggested), `favicon` small; both raster.
    icon: absoluteUrl(site, icons.large.path),
    favicon: absoluteUrl(site, icons.favicon.path),
    language: site.language,
    authors: [{ name: site.name, url: absoluteUrl(site, paths.home) }],
    author: { name: site.name, url: absoluteUrl(site, paths.home) },
    _syndication: {
      version: SYNDICATION_VERSION,
      schema: absoluteUrl(site, paths.syndicationSchema),
      documentation: absoluteUrl(site, paths.partners),
      license: licenseInfo(siteLicense(site)),
    },
    items: [...spec.items.map((article) => item(site, article)), ...spec.tombstones.map((article) => tombstone(site, article))],
  };
  if (spec.history?.prev) feed.next_url = absoluteUrl(site, feedPath(spec.history.prev, jsonFeedFormat));
  if (spec.history?.closed) feed.expired = true;
  if (spec.subscription && site.hub !== undefined) feed.hubs = [{ type: "WebSub", url: site.hub }];
  // Key order as the spec lists them, for readers of the raw JSON.
  const { items, authors, author, hubs, _syndication, ...head } = feed;
  return { ...head, authors, author, ...(hubs && { hubs }), _syndication, items };
}

function item(site: Site, article: Article): JsonFeedItem {
  const url = absoluteUrl(site, paths.article(article.slug));
  const out: JsonFeedItem = {
    id: article.id,
    url,
    title: article.title,
    content_html: articleContentHtml(site, article),
    summary: article.summary,
    date_published: article.published,
    date_modified: article.updated,
    authors: article.authors.map(toAuthor),
    author: singleAuthor(article.authors),
    _syndication: syndication(site, article, url),
  };
  const image = article.image;
  if (image?.src !== undefined) {
    out.image = resolveUrl(site, image.src);
    // A banner is wider than tall (JSON Feed 1.1): a landscape lead image is one.
    if (image.width !== undefined && image.height !== undefined && image.width > image.height) out.banner_image = out.image;
  }
  if (article.tags.length > 0) out.tags = [...article.tags];
  if (article.language !== undefined && article.language !== site.language) out.language = article.language;
  const { _syndication, ...rest } = out;
  return { ...rest, _syndication };
}

function syndication(site: Site, article: ArticleMeta, url: string): Syndication {
  const license = articleLicense(site, article);
  const credit = attribution(site, article);
  return {
    version: SYNDICATION_VERSION,
    status: article.updated === article.published ? "published" : "updated",
    ninjs: absoluteUrl(site, paths.articleNinjs(article.slug)),
    canonical_url: url,
    license: licenseInfo(license),
    republishable: license.republishable,
    attribution_text: credit.text,
    attribution_html: credit.html,
    republish_until: article.republishUntil ?? null,
    images: syndicationImages(site, article),
    corrections: article.corrections.map(toCorrection),
  };
}

/**
 * An article partners see before it is published: the item it will be, with `status:
 * "embargoed"`, `embargo_until` (its `published` instant) and its ninjs document at the
 * partners' address.
 */
export function embargoedItem(site: Site, article: Article): JsonFeedItem {
  const { _syndication, ...rest } = item(site, article);
  const { version, status: _status, ninjs: _public, ...terms } = _syndication;
  return {
    ...rest,
    _syndication: {
      version,
      status: "embargoed",
      embargo_until: article.published,
      ninjs: absoluteUrl(site, paths.partnerNinjs(article.slug)),
      ...terms,
    },
  };
}

/** A withdrawn article: its id and address, no content but the notice, so copies can be taken down. */
function tombstone(site: Site, article: ArticleMeta): JsonFeedItem {
  const url = absoluteUrl(site, paths.article(article.slug));
  const withdrawn = article.withdrawn!;
  return {
    id: article.id,
    url,
    title: `Withdrawn: ${article.title}`,
    content_text: `This article was withdrawn on ${displayDate(withdrawn.at)}. ${withdrawn.reason}`,
    date_published: article.published,
    date_modified: withdrawn.at,
    _syndication: {
      version: SYNDICATION_VERSION,
      status: "withdrawn",
      ninjs: absoluteUrl(site, paths.articleNinjs(article.slug)),
      canonical_url: url,
      corrections: article.corrections.map(toCorrection),
      withdrawn: { date: withdrawn.at, reason: withdrawn.reason },
    },
  };
}

export function renderJsonFeed(site: Site, spec: FeedSpec): string {
  return `${JSON.stringify(jsonFeed(site, spec), jsonStringReplacer)}\n`;
}
