/**
 * The one data model every renderer reads. Produced at build time from `content/*.md`
 * (see `src/content-build/`), imported by the Worker as generated data.
 */

/** A byline. `email` is optional: RSS `<author>` is only emitted when it is present. */
export interface Author {
  name: string;
  url?: string;
  email?: string;
}

/**
 * The lead image. `src` is optional so an article can keep its caption and credit even
 * when the file is not (yet) available; renderers then show the caption and credit only.
 */
export interface LeadImage {
  /**
   * Where the image is: another site's absolute URL as the editor wrote it, or, for a file
   * in `content/images/`, the URL the service serves it at (`/images/<name>.<hash>.<ext>`).
   */
  src?: string;
  alt?: string;
  /** In pixels, as displayed (EXIF orientation applied); read from the file when it is ours. */
  width?: number;
  height?: number;
  /** Media type, when the file is ours (`image/jpeg`). */
  type?: string;
  /** Size in bytes, when the file is ours. */
  bytes?: number;
  /** Smaller copies of our file, narrowest first (`srcset`); none when it is small already. */
  variants?: ImageVariant[];
  caption?: string;
  /** Who owns the photo, without the "Photo:" label (e.g. "Shutterstock"). */
  credit?: string;
  /**
   * Whether partners may republish the photo with the article: only when the editor says
   * so (`true`); agency photos usually may not be.
   */
  republishable?: boolean;
}

/** A smaller copy of an image the service serves, made at build time (same type). */
export interface ImageVariant {
  src: string;
  width: number;
  height: number;
}

/** A correction an editor appended to a published article. */
export interface Correction {
  /** RFC 3339 timestamp with offset: when the correction was made. */
  at: string;
  /** Plain text, e.g. "An earlier version misstated the number of diplomats." */
  text: string;
}

/**
 * A withdrawal: the article is taken down at `at` and leaves a tombstone (Atom
 * `at:deleted-entry`, JSON Feed status, a 410 page) so that copies can be removed.
 */
export interface Withdrawal {
  /** RFC 3339 timestamp with offset; may lie in the future (a scheduled withdrawal). */
  at: string;
  /** Plain text shown on the tombstone, e.g. "Withdrawn at the request of a court." */
  reason: string;
}

/** One article without its body: what the timeline, the catalog and the listings read. */
export interface ArticleMeta {
  /** From the file name: `content/<slug>.md`. */
  slug: string;
  /** Stable id (a `urn:uuid:` or `tag:` URI); never depends on the slug or the host. */
  id: string;
  title: string;
  /** Plain text: from front matter, or the text of the first paragraph. */
  summary: string;
  /**
   * RFC 3339 timestamp with offset, as the editor wrote it. An article is visible from
   * this instant on; before it, nothing about it is served (scheduled publishing).
   */
  published: string;
  /**
   * RFC 3339 timestamp with offset; when the editor set none, the newest of `published`
   * and the corrections' times.
   */
  updated: string;
  authors: Author[];
  tags: string[];
  section?: string;
  /** BCP 47 language tag, when it differs from the site's or the editor set one. */
  language?: string;
  image?: LeadImage;
  /** Oldest first; empty when the article was never corrected. */
  corrections: Correction[];
  withdrawn?: Withdrawal;
  /** SPDX id of the article's licence (see `src/core/licenses.ts`); the newsroom's default when absent. */
  license?: string;
  /** RFC 3339: partners may republish until then, and must take copies down after. */
  republishUntil?: string;
  /**
   * RFC 3339, before `published`: authenticated partners see the article from then on,
   * marked embargoed until `published` (`/partners/feed.json`). Never on a public surface early.
   */
  partnersFrom?: string;
  /** Index in the body just after the first paragraph (the lede); 0 if it has none. */
  ledeEnd: number;
}

/** One article, validated and rendered to HTML at build time. */
export interface Article extends ArticleMeta {
  /** Body HTML from Markdown. Root-relative URLs (`/…`) are made absolute when rendered. */
  bodyHtml: string;
}

/** The newsroom: everything a renderer needs that is not an article. */
export interface Site {
  /** Public base URL without a trailing slash, e.g. `https://news.example`. */
  baseUrl: string;
  name: string;
  description: string;
  /** BCP 47 language tag of the site and its feeds. */
  language: string;
  /** Stable id of the site's feeds (a URI); never depends on the base URL. */
  id: string;
  /** How many items the feeds carry (newest first). */
  feedSize: number;
  /** WebSub hub URL advertised by every subscription feed, when the newsroom has one. */
  hub?: string;
  /** SPDX id of the licence articles carry unless they name their own. */
  license: string;
  /**
   * The newsroom's username on the fediverse (`@news@host`): its ActivityPub actor. Sections
   * and authors are followed by their slugs, which the build keeps apart from it.
   */
  handle: string;
}

/** A file the build made, served as it is: the newsroom's icons. */
export interface BuiltFile {
  path: string;
  contentType: string;
  /** The bytes, base64 (decoded when first served). */
  base64: string;
}

/**
 * A photo of articles still to come (`src/content-build/photo-releases.ts`): public from
 * `published`, the first publication of an article that uses it; before that shown only to
 * partners, from `partnersFrom` when one of those articles is shared early.
 */
export interface PhotoRelease {
  published: string;
  partnersFrom?: string;
}

/** What the content build hands the Worker. */
export interface ContentBundle {
  /** SHA-256 (hex) of the articles and files, so caches can tell one build's content from another's. */
  version: string;
  /** The icons in every size (`src/content-build/icons.ts`). */
  files: BuiltFile[];
  /**
   * The articles that can still change after the build (every non-draft one when nothing
   * is settled), newest `published` first, with their bodies: scheduled ones (published in
   * the future), those with a withdrawal still to come, those in the news window. What is
   * visible is decided per request from the clock (`src/publishing/timeline.ts`). Drafts are never in
   * the bundle. A withdrawn article's body is empty: a tombstone never shows it.
   */
  articles: Article[];
  /** Everything older that can no longer change, in static assets (`src/core/settled.ts`). */
  settled?: SettledIndex;
  /**
   * The folder of the assets that holds the photos (`content/images/`) the articles use:
   * `/images/<path>` is served from `<imageFolder>/<path>`. Absent when no article uses one.
   */
  imageFolder?: string;
  /**
   * The photos that no article published by the build uses yet, by their path in the image
   * folder: not served before their release. Every other photo is public.
   */
  photoReleases?: Record<string, PhotoRelease>;
}

/** What a list of articles (the front page) shows of each. */
export type ArticleCard = Pick<ArticleMeta, "slug" | "title" | "published" | "summary"> & { authors: { name: string }[] };

/** The three kinds of facet, each a folder of listing pages and feeds (`/sections/world`). */
export type FacetKind = "sections" | "tags" | "authors";

/** A section, tag or author as the settled archive has it. */
export interface SettledFacet {
  kind: FacetKind;
  slug: string;
  /** The name as its newest settled article writes it. */
  name: string;
  /** Live and withdrawn settled members. */
  live: number;
  gone: number;
  /** The newest change among its settled members (ms). */
  changed: number;
  /** Positions of its newest live and withdrawn members, newest published first, at most `head` each. */
  liveHead: number[];
  goneHead: number[];
}

export interface SettledIndex {
  /** Where its files are in the assets. */
  folder: string;
  /**
   * The site (`pagesSite`: the JSON of its `Site`) the build rendered the live articles' pages
   * for, stored beside their records; absent when it rendered none. A Worker whose site is
   * another renders each page from its record.
   */
  pages?: string;
  /** The build's cut-off (ms): what it says holds from this instant on. */
  at: number;
  /** How many of each head list are kept: the largest FEED_SIZE it can serve. */
  head: number;
  /** Settled articles; positions 0 … count−1, oldest first. */
  count: number;
  live: number;
  gone: number;
  /** The newest change among them (ms), or null when there are none. */
  changed: number | null;
  /** When the newest of them left the news sitemap (ms), or null. */
  windowLeft: number | null;
  /** The newest live ones, newest published first. */
  liveHead: number[];
  /** What the front page shows of each of `liveHead` (so an isolate's first `/` reads no record). */
  liveCards: ArticleCard[];
  /** The newest withdrawn ones as [position, withdrawn ms], newest withdrawal first. */
  goneHead: [number, number][];
  /** The live ones last updated, as [position, updated ms, id], newest update first. */
  updatedHead: [number, number, string][];
  /**
   * The sections, which the front page's navigation lists (a newsroom has tens). Tags and authors
   * (thousands) are in the assets, `f/<b>`, and listed for the sitemap in `f/all`.
   */
  facets: SettledFacet[];
  /** Facet buckets (`f/<b>`, by `slugBucket` of `<kind>/<slug>`): a power of two, or 0 when no tag or author is settled. */
  facetBuckets: number;
  /** The sitemap chunks (`m/<j>`): how many entries each holds and the newest lastmod among them. */
  sitemap: { count: number; lastmod: string }[];
  /** Slug buckets (`s/<b>`): a power of two. */
  buckets: number;
}
