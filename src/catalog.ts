/**
 * The catalog: every document the service serves at one point in time, as a map from
 * path to how to render and cache it. Made once per epoch of the timeline (a
 * publication, a withdrawal, an article leaving the news sitemap), never per request; documents render lazily.
 *
 * Each document knows the next instant its content changes (`changesAt`), so the HTTP
 * layer never lets a cache keep it past that instant: a scheduled article appears on
 * time everywhere without a redeploy.
 */
import type { ResourceKind } from "./http/cache-policy.js";
import { rssTtlMinutes } from "./http/cache-policy.js";
import { facetNames, slugify, uuidV5 } from "./ids.js";
import type { Article, ArticleMeta, BuiltFile, Site } from "./model.js";
import { stylesheet } from "./render/assets.js";
import { renderAtom } from "./render/atom.js";
import { type FeedHistory, type FeedSpec, mainFeedSpec } from "./render/feed-spec.js";
import { jsonFeed, renderJsonFeed } from "./render/json-feed.js";
import {
  type FacetLink,
  type PageFeed,
  renderArticlePage,
  renderHomePage,
  renderListingPage,
  renderPartnersPage,
  renderWithdrawnPage,
} from "./render/pages.js";
import { renderRss } from "./render/rss.js";
import { planSitemap, renderNewsSitemap, renderRobots, renderSitemap, renderSitemapIndex, type SitemapEntry } from "./render/sitemaps.js";
import { siteLicense } from "./render/syndication.js";
import { syndicationSchema } from "./syndication-schema.js";
import { NEWS_WINDOW_MS, type Timeline, type View } from "./timeline.js";
import { absoluteUrl, FEED_FORMATS, type FeedPaths, feedPaths, paths } from "./urls.js";

/** Media types, each with its charset (RFC 9110 §8.3). */
export const mediaTypes = {
  rss: "application/rss+xml; charset=utf-8",
  atom: "application/atom+xml; charset=utf-8",
  jsonFeed: "application/feed+json; charset=utf-8",
  html: "text/html; charset=utf-8",
  css: "text/css; charset=utf-8",
  svg: "image/svg+xml; charset=utf-8",
  xml: "application/xml; charset=utf-8",
  text: "text/plain; charset=utf-8",
  schema: "application/schema+json; charset=utf-8",
} as const;

/** One thing the service serves at a path: how to render it and how to cache it. */
export interface Document {
  kind: Exclude<ResourceKind, "notFound" | "redirect" | "error">;
  /** 200, or 410 for the tombstone page of a withdrawn article. */
  status: 200 | 410;
  contentType: string;
  /**
   * The body: text (encoded as UTF-8) or bytes; a promise when it needs stored article
   * bodies (which may fail with a `StorageError`).
   */
  render: () => string | Uint8Array | Promise<string | Uint8Array>;
  /** The newest content change the document shows, in ms (its Last-Modified). */
  lastModified?: number;
  /** Link header value (RFC 8288). */
  link?: string;
  /** The next instant (ms) its content changes; +∞ when nothing known will change it. */
  changesAt: number;
  /** A feed: readable cross-origin (CORS). */
  feed?: boolean;
  /**
   * Everything the document's bytes and headers depend on besides the site and the build
   * (its kind, status, Last-Modified and the items it lists). Equal versions in two
   * epochs mean an equal response, so the app keeps what it rendered; only `changesAt`
   * may differ.
   */
  version: string;
}

/** A document's version from the inputs of its response (see `Document.version`). */
function versionOf(kind: Document["kind"], lastModified: number | undefined, ...inputs: unknown[]): string {
  return JSON.stringify([kind, lastModified ?? null, ...inputs]);
}

const ids = (articles: readonly ArticleMeta[]) => articles.map((a) => a.id);

/** An article with its body, from its metadata: at once when the body is in the bundle, else read from storage. */
export type ResolveArticle = (article: ArticleMeta) => Article | Promise<Article>;

/**
 * Every article's body, or the first failure once every read has settled: a request never
 * leaves a read behind it that a later request would join (in workerd a read of a request
 * that has ended may not settle).
 */
async function resolveAll(resolve: ResolveArticle, articles: readonly ArticleMeta[]): Promise<Article[]> {
  const results = await Promise.allSettled(articles.map(resolve));
  const failed = results.find((r) => r.status === "rejected");
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<Article>).value);
}

/** Bodies from the bundle alone: every article in it must carry its own. */
export const inlineBodies: ResolveArticle = (article) => {
  if ("bodyHtml" in article) return article as Article;
  throw new Error(`the body of "${article.slug}" is stored, and the app was given no store to read it from`);
};

export interface Catalog {
  view: View;
  /** Everything but the article pages, by path. */
  documents: Map<string, Document>;
  /** The page of a live article, or the tombstone of a withdrawn one; undefined otherwise. */
  article(slug: string): Document | undefined;
}

/** Each feed format with the Content-Type it is served with. */
const FORMATS = FEED_FORMATS.map((format) => ({
  ...format,
  contentType: { rss: mediaTypes.rss, atom: mediaTypes.atom, json: mediaTypes.jsonFeed }[format.key],
}));

/** A section, tag or author: the articles that have its page and feeds. */
interface Group extends FacetLink {
  /** Every member in the bundle, published or not, newest first. */
  members: ArticleMeta[];
}

/** A file of the build (an icon): its bytes, decoded once when first rendered. */
function builtFile(file: BuiltFile): Document {
  let bytes: Uint8Array | undefined;
  return {
    kind: "icon",
    status: 200,
    contentType: file.contentType,
    render: () => {
      bytes ??= Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
      return bytes;
    },
    changesAt: Number.POSITIVE_INFINITY,
    version: versionOf("icon", undefined),
  };
}

/** RFC 8288 Link: the document as `self`, its other formats as `alternate`, and the hub. */
function linkHeader(site: Site, feed: FeedPaths, self?: string, hub = false): string {
  return [
    ...FORMATS.map(
      ({ key, type }) => `<${absoluteUrl(site, feed[key])}>; rel="${feed[key] === self ? "self" : "alternate"}"; type="${type}"`,
    ),
    ...(hub && site.hub !== undefined ? [`<${site.hub}>; rel="hub"`] : []),
  ].join(", ");
}

/** An HTML page showing `inputs`, advertising `feed` (the newsroom's unless given) in its Link header. */
function page(
  site: Site,
  kind: Document["kind"],
  render: () => string | Promise<string>,
  inputs: unknown,
  changesAt: number,
  lastModified?: number,
  feed?: FeedPaths,
): Document {
  return {
    kind,
    status: 200,
    contentType: mediaTypes.html,
    render,
    ...(lastModified !== undefined && { lastModified }),
    link: linkHeader(site, feed ?? feedPaths.main),
    changesAt,
    version: versionOf(kind, lastModified, inputs),
  };
}

/** A fixed text of the build (robots.txt, the stylesheet, the schema). */
function asset(contentType: string, body: string): Document {
  return {
    kind: "asset",
    status: 200,
    contentType,
    render: () => body,
    changesAt: Number.POSITIVE_INFINITY,
    version: versionOf("asset", undefined),
  };
}

/**
 * One epoch: the moment, what is visible in it, and the map every surface adds its
 * documents to. Each surface below is a function of it.
 */
interface Epoch {
  site: Site;
  timeline: Timeline;
  view: View;
  now: number;
  /** FEED_SIZE: items per feed, listing and archive page. */
  n: number;
  resolve: ResolveArticle;
  documents: Map<string, Document>;
  isLive(a: ArticleMeta): boolean;
  isGone(a: ArticleMeta): boolean;
  isVisible(a: ArticleMeta): boolean;
  /** The next change of any of these articles. */
  nextChange(articles: Iterable<ArticleMeta>, newsWindow?: boolean): number;
  /** The newest change among the visible ones: an update, or a withdrawal. */
  lastChange(articles: Iterable<ArticleMeta>): number | undefined;
  /** When anything next changes, and last changed: the front page's, the main feeds'. */
  everythingChanges: number;
  everythingChanged: number | undefined;
}

function epochOf(site: Site, timeline: Timeline, view: View, resolve: ResolveArticle): Epoch {
  const now = view.at;
  // One set lookup per question, not a walk through the timeline's dates (measured: the
  // catalog of 10,000 articles is made in a fraction of the time).
  const liveSet = new Set(view.live);
  const goneSet = new Set(view.withdrawn);
  const isVisible = (a: ArticleMeta) => liveSet.has(a) || goneSet.has(a);
  const isGone = (a: ArticleMeta) => goneSet.has(a);
  const nextChange = (articles: Iterable<ArticleMeta>, newsWindow = false) => {
    let next = Number.POSITIVE_INFINITY;
    for (const a of articles) next = Math.min(next, timeline.nextChangeOf(a, now, newsWindow));
    return next;
  };
  const lastChange = (articles: Iterable<ArticleMeta>): number | undefined => {
    let last: number | undefined;
    for (const a of articles) {
      if (!isVisible(a)) continue;
      const t = timeline.timesOf(a);
      // Never later than now: an `updated` typed in the future must not make a
      // Last-Modified later than the response's Date (RFC 9110 §8.8.2.1).
      const changed = Math.min(Math.max(t.updated, isGone(a) ? t.withdrawn : t.published), now);
      if (last === undefined || changed > last) last = changed;
    }
    return last;
  };
  return {
    site,
    timeline,
    view,
    now,
    n: site.feedSize,
    resolve,
    documents: new Map(),
    isLive: (a) => liveSet.has(a),
    isGone,
    isVisible,
    nextChange,
    lastChange,
    everythingChanges: nextChange(timeline.articles),
    everythingChanged: lastChange(timeline.articles),
  };
}

/** The three documents of a feed. */
function addFeed(
  e: Epoch,
  spec: FeedSpec<ArticleMeta>,
  kind: "feed" | "archive",
  changesAt: number,
  lastModified: number | undefined,
): void {
  const { site } = e;
  const full = async (): Promise<FeedSpec> => ({ ...spec, items: await resolveAll(e.resolve, spec.items) });
  const renderers = {
    rss: async () => renderRss(site, await full(), { ttlMinutes: rssTtlMinutes() }),
    atom: async () => renderAtom(site, await full()),
    json: async () => renderJsonFeed(site, await full()),
  };
  const version = versionOf(kind, lastModified, ids(spec.items), ids(spec.tombstones), spec.history ?? null, spec.complete ?? false);
  for (const { key, contentType } of FORMATS) {
    e.documents.set(spec.paths[key], {
      kind,
      status: 200,
      contentType,
      render: renderers[key],
      ...(lastModified !== undefined && { lastModified }),
      link: linkHeader(site, spec.paths, spec.paths[key], spec.subscription),
      changesAt,
      feed: true,
      version,
    });
  }
}

/**
 * The newsroom's feeds: the subscription feed, its RFC 5005 archive pages and the updates
 * feed. Returns the subscription feed's spec (the partners page quotes it).
 *
 * Archives: every published article (withdrawn ones too, as tombstones), oldest first, cut
 * into pages of FEED_SIZE. Page 1 holds the oldest. A page only ever gains items at the
 * end, so a full page with a successor never changes again (a withdrawal or a correction
 * aside); the newest page grows with each publication. When the subscription document
 * itself holds everything, it is complete (RFC 5005 §2) and there are no archive pages: so
 * every archive page has a neighbour (prev- or next-archive).
 */
function addNewsroomFeeds(e: Epoch): FeedSpec<ArticleMeta> {
  const { site, timeline, view, n, now } = e;
  const all = timeline.articles;
  const live = view.live;
  const complete = live.length <= n && view.withdrawn.length <= n;
  const published = complete ? [] : all.filter(e.isVisible).reverse();
  const pageCount = Math.ceil(published.length / n);
  const upcoming = e.nextChange(all.filter((a) => !e.isVisible(a) && timeline.timesOf(a).published > now));
  for (let page = 1; page <= pageCount; page++) {
    const members = published.slice((page - 1) * n, page * n).reverse();
    const newest = page === pageCount;
    const history: FeedHistory = {
      archive: true,
      ...(page > 1 && { prev: feedPaths.archive(page - 1) }),
      ...(!newest && { next: feedPaths.archive(page + 1) }),
      current: feedPaths.main,
      // Final: full, and a newer page exists (so `next-archive` is set for good).
      closed: !newest,
    };
    const first = (page - 1) * n + 1;
    addFeed(
      e,
      {
        id: site.id, // RFC 5005 §4: archive documents are documents of the same feed.
        title: `${site.name} (archive, page ${page})`,
        description: `Articles ${first} to ${first + members.length - 1} of everything ${site.name} has published, oldest first.`,
        paths: feedPaths.archive(page),
        items: members.filter(e.isLive),
        tombstones: members.filter(e.isGone),
        subscription: false,
        history,
      },
      history.closed ? "archive" : "feed",
      // The newest page changes at the next publication (it grows, or gains a successor).
      Math.min(e.nextChange(members), newest ? upcoming : Number.POSITIVE_INFINITY),
      e.lastChange(members),
    );
  }

  const mainSpec: FeedSpec<ArticleMeta> = {
    ...mainFeedSpec(site, live, view.withdrawn),
    ...(complete ? { complete: true } : { history: { archive: false, prev: feedPaths.archive(pageCount), current: feedPaths.main } }),
  };
  addFeed(e, mainSpec, "feed", e.everythingChanges, e.everythingChanged);
  addFeed(
    e,
    {
      id: uuidV5(site.id, "updates"),
      title: `${site.name}: updates`,
      description: `${site.name} articles by their last change: new, updated, corrected or withdrawn.`,
      paths: feedPaths.updates,
      items: live
        .map((a) => ({ a, updated: timeline.timesOf(a).updated }))
        .sort((x, y) => y.updated - x.updated || (x.a.id < y.a.id ? -1 : 1))
        .slice(0, n)
        .map((x) => x.a),
      tombstones: view.withdrawn.slice(0, n),
      subscription: true,
    },
    "feed",
    e.everythingChanges,
    e.everythingChanged,
  );
  return mainSpec;
}

/** A section with its number of live articles, for the front page's navigation. */
type SectionLink = FacetLink & { count: number };

/**
 * Sections, tags and authors: a listing page and three feeds each, once one of their
 * articles is published. Returns the listing pages for the sitemap and the sections for
 * the front page (most articles first).
 */
function addFacets(e: Epoch): { listings: SitemapEntry[]; sections: SectionLink[] } {
  const { site, n } = e;
  const groups = new Map<string, Group>();
  for (const a of e.timeline.articles) {
    for (const { kind, name } of facetNames(a)) {
      const slug = slugify(name);
      const key = `${kind}/${slug}`;
      const group = groups.get(key);
      if (!group) groups.set(key, { kind, slug, name, members: [a] });
      else if (group.members.at(-1) !== a) group.members.push(a);
    }
  }
  const listings: SitemapEntry[] = [];
  const sections: SectionLink[] = [];
  for (const [key, group] of groups) {
    if (!group.members.some(e.isVisible)) continue;
    const liveMembers = group.members.filter(e.isLive);
    const gone = group.members.filter(e.isGone);
    const feed: PageFeed = { title: `${site.name}: ${group.name}`, paths: feedPaths.facet(group.kind, group.slug) };
    const changesAt = e.nextChange(group.members);
    const changed = e.lastChange(group.members);
    addFeed(
      e,
      {
        id: uuidV5(site.id, key),
        title: feed.title,
        description: group.kind === "authors" ? `Articles by ${group.name} for ${site.name}.` : `${site.name} articles in ${group.name}.`,
        paths: feed.paths,
        items: liveMembers.slice(0, n),
        tombstones: gone.slice(0, n),
        subscription: true,
        complete: liveMembers.length <= n && gone.length <= n,
      },
      "feed",
      changesAt,
      changed,
    );
    const listing = { kind: group.kind, name: group.name, feed, items: liveMembers.slice(0, n) };
    e.documents.set(
      feed.paths.html,
      page(site, "listing", () => renderListingPage(site, listing), ids(listing.items), changesAt, changed, feed.paths),
    );
    if (changed !== undefined) listings.push({ path: feed.paths.html, lastmod: new Date(changed).toISOString() });
    if (group.kind === "sections" && liveMembers.length > 0) sections.push({ ...group, count: liveMembers.length });
  }
  sections.sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : 1));
  listings.sort((a, b) => (a.path < b.path ? -1 : 1));
  return { listings, sections };
}

/** The front page: the newest FEED_SIZE articles and the sections. */
function addHome(e: Epoch, sections: readonly SectionLink[]): void {
  const newest = e.view.live.slice(0, e.n);
  e.documents.set(
    paths.home,
    page(
      e.site,
      "home",
      () => renderHomePage(e.site, newest, sections),
      [ids(newest), sections.map((s) => s.slug)],
      e.everythingChanges,
      e.everythingChanged,
    ),
  );
}

/**
 * Discovery: the sitemap (one urlset, or an index over files past 5,000 URLs), the Google
 * News sitemap and robots.txt. In an order that depends only on what is visible (not on
 * scheduled articles).
 */
function addDiscovery(e: Epoch, listings: readonly SitemapEntry[]): void {
  const { site, timeline, now, everythingChanged } = e;
  const all = timeline.articles;
  const live = e.view.live;
  const plan = planSitemap(
    everythingChanged === undefined ? undefined : { path: paths.home, lastmod: new Date(everythingChanged).toISOString() },
    live.map((a) => ({ path: paths.article(a.slug), lastmod: a.updated })),
    listings,
  );
  const sitemapDocument = (
    render: () => string,
    inputs: unknown,
    lastModified: number | undefined,
    changesAt = e.everythingChanges,
  ): Document => ({
    kind: "sitemap",
    status: 200,
    contentType: mediaTypes.xml,
    render,
    ...(lastModified !== undefined && { lastModified }),
    changesAt,
    version: versionOf("sitemap", lastModified, inputs),
  });
  if (plan.kind === "urlset") {
    e.documents.set(
      paths.sitemap,
      sitemapDocument(() => renderSitemap(site, plan.entries), plan.entries, everythingChanged),
    );
  } else {
    e.documents.set(
      paths.sitemap,
      sitemapDocument(() => renderSitemapIndex(site, plan.files), plan.files, everythingChanged),
    );
    for (const file of plan.files) {
      const lastModified = file.lastmod === undefined ? undefined : Date.parse(file.lastmod);
      e.documents.set(
        file.path,
        sitemapDocument(() => renderSitemap(site, file.entries), file.entries, lastModified),
      );
    }
  }
  const recent = live.filter((a) => timeline.timesOf(a).published > now - NEWS_WINDOW_MS);
  // It also changes when an article ages out of the window, which is not an update.
  let newsChanged = e.lastChange(recent);
  for (const a of all) {
    const t = timeline.timesOf(a);
    const out = t.published + NEWS_WINDOW_MS;
    const event = out <= now ? out : t.withdrawn <= now && t.published > now - NEWS_WINDOW_MS ? t.withdrawn : undefined;
    if (event !== undefined && (newsChanged === undefined || event > newsChanged)) newsChanged = event;
  }
  e.documents.set(
    paths.newsSitemap,
    sitemapDocument(() => renderNewsSitemap(site, recent), ids(recent), newsChanged, e.nextChange(all, true)),
  );
  e.documents.set(paths.robots, asset(mediaTypes.text, renderRobots(site)));
}

/** For partners: the profile's documentation with a live example, and its JSON Schema. */
function addPartners(e: Epoch, mainSpec: FeedSpec<ArticleMeta>): void {
  const { site } = e;
  const example = e.view.live.slice(0, 1);
  e.documents.set(
    paths.partners,
    page(
      site,
      "listing",
      async () =>
        renderPartnersPage(site, {
          item: jsonFeed(site, { ...mainSpec, items: await resolveAll(e.resolve, example), tombstones: [] }).items[0],
          license: siteLicense(site),
        }),
      ids(example),
      e.everythingChanges,
      e.everythingChanged,
    ),
  );
  e.documents.set(paths.syndicationSchema, {
    ...asset(
      mediaTypes.schema,
      `${JSON.stringify(syndicationSchema(absoluteUrl(site, paths.syndicationSchema), absoluteUrl(site, paths.partners)), null, 2)}\n`,
    ),
    feed: true, // readable cross-origin, like the feeds it describes
  });
}

/** Article pages and tombstones, each made on its first request. */
function articlePages(e: Epoch): (slug: string) => Document | undefined {
  const { site } = e;
  const bySlug = new Map(e.timeline.articles.map((a) => [a.slug, a]));
  const made = new Map<string, Document>();
  return (slug) => {
    let doc = made.get(slug);
    if (doc) return doc;
    const a = bySlug.get(slug);
    if (!a || !e.isVisible(a)) return undefined;
    const changesAt = e.timeline.nextChangeOf(a, e.now);
    // The article itself is fixed for the build: its state is all that varies.
    doc = e.isGone(a)
      ? { ...page(site, "gone", () => renderWithdrawnPage(site, a), "gone", changesAt), status: 410 }
      : page(site, "article", async () => renderArticlePage(site, await e.resolve(a)), "live", changesAt, e.lastChange([a]));
    made.set(slug, doc);
    return doc;
  };
}

/**
 * Every document of one epoch. `files` are the build's own files (the icons), served as
 * they are; `resolve` gives the bodies of the articles a document renders in full.
 */
export function makeCatalog(
  site: Site,
  timeline: Timeline,
  view: View,
  files: readonly BuiltFile[] = [],
  resolve: ResolveArticle = inlineBodies,
): Catalog {
  const epoch = epochOf(site, timeline, view, resolve);
  const mainSpec = addNewsroomFeeds(epoch);
  const { listings, sections } = addFacets(epoch);
  addHome(epoch, sections);
  addDiscovery(epoch, listings);
  addPartners(epoch, mainSpec);
  epoch.documents.set(paths.stylesheet, asset(mediaTypes.css, stylesheet));
  for (const file of files) epoch.documents.set(file.path, builtFile(file));
  return { view, documents: epoch.documents, article: articlePages(epoch) };
}
