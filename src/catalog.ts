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
  const now = view.at;
  const n = site.feedSize;
  const documents = new Map<string, Document>();
  // One set lookup per question, not a walk through the timeline's dates (measured: the
  // catalog of 10,000 articles is made in a fraction of the time).
  const liveSet = new Set(view.live);
  const goneSet = new Set(view.withdrawn);
  const isLive = (a: ArticleMeta) => liveSet.has(a);
  const isGone = (a: ArticleMeta) => goneSet.has(a);
  const isVisible = (a: ArticleMeta) => liveSet.has(a) || goneSet.has(a);
  /** The next change of any of these articles. */
  const nextChange = (articles: Iterable<ArticleMeta>, newsWindow = false) => {
    let next = Number.POSITIVE_INFINITY;
    for (const a of articles) next = Math.min(next, timeline.nextChangeOf(a, now, newsWindow));
    return next;
  };
  /** The newest change among the visible ones: an update, or a withdrawal. */
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

  /** RFC 8288 Link: the document as `self`, its other formats as `alternate`, and the hub. */
  const linkHeader = (feed: FeedPaths, self?: string, hub = false) =>
    [
      ...FORMATS.map(
        ({ key, type }) => `<${absoluteUrl(site, feed[key])}>; rel="${feed[key] === self ? "self" : "alternate"}"; type="${type}"`,
      ),
      ...(hub && site.hub !== undefined ? [`<${site.hub}>; rel="hub"`] : []),
    ].join(", ");

  /** The three documents of a feed. */
  const addFeed = (spec: FeedSpec<ArticleMeta>, kind: "feed" | "archive", changesAt: number, lastModified: number | undefined) => {
    const full = async (): Promise<FeedSpec> => ({ ...spec, items: await resolveAll(resolve, spec.items) });
    const renderers = {
      rss: async () => renderRss(site, await full(), { ttlMinutes: rssTtlMinutes() }),
      atom: async () => renderAtom(site, await full()),
      json: async () => renderJsonFeed(site, await full()),
    };
    const version = versionOf(kind, lastModified, ids(spec.items), ids(spec.tombstones), spec.history ?? null, spec.complete ?? false);
    for (const { key, contentType } of FORMATS) {
      documents.set(spec.paths[key], {
        kind,
        status: 200,
        contentType,
        render: renderers[key],
        ...(lastModified !== undefined && { lastModified }),
        link: linkHeader(spec.paths, spec.paths[key], spec.subscription),
        changesAt,
        feed: true,
        version,
      });
    }
  };
  /** An HTML page showing `inputs`, advertising `feed` (the newsroom's unless given) in its Link header. */
  const page = (
    kind: Document["kind"],
    render: () => string | Promise<string>,
    inputs: unknown,
    changesAt: number,
    lastModified?: number,
    feed?: FeedPaths,
  ): Document => ({
    kind,
    status: 200,
    contentType: mediaTypes.html,
    render,
    ...(lastModified !== undefined && { lastModified }),
    link: linkHeader(feed ?? feedPaths.main),
    changesAt,
    version: versionOf(kind, lastModified, inputs),
  });

  // Everything: the front page, the subscription feeds and the updates feed.
  const all = timeline.articles;
  const everythingChanges = nextChange(all);
  const everythingChanged = lastChange(all);

  // RFC 5005 archives: every published article (withdrawn ones too, as tombstones), oldest
  // first, cut into pages of FEED_SIZE. Page 1 holds the oldest. A page only ever gains
  // items at the end, so a full page with a successor never changes again (a withdrawal
  // or a correction aside); the newest page grows with each publication. When the
  // subscription document itself holds everything, it is complete (RFC 5005 §2) and there
  // are no archive pages: so every archive page has a neighbour (prev- or next-archive).
  const live = view.live;
  const complete = live.length <= n && view.withdrawn.length <= n;
  const published = complete ? [] : all.filter(isVisible).reverse();
  const pageCount = Math.ceil(published.length / n);
  const upcoming = nextChange(all.filter((a) => !isVisible(a) && timeline.timesOf(a).published > now));
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
      {
        id: site.id, // RFC 5005 §4: archive documents are documents of the same feed.
        title: `${site.name} (archive, page ${page})`,
        description: `Articles ${first} to ${first + members.length - 1} of everything ${site.name} has published, oldest first.`,
        paths: feedPaths.archive(page),
        items: members.filter(isLive),
        tombstones: members.filter(isGone),
        subscription: false,
        history,
      },
      history.closed ? "archive" : "feed",
      // The newest page changes at the next publication (it grows, or gains a successor).
      Math.min(nextChange(members), newest ? upcoming : Number.POSITIVE_INFINITY),
      lastChange(members),
    );
  }

  const mainSpec: FeedSpec<ArticleMeta> = {
    ...mainFeedSpec(site, live, view.withdrawn),
    ...(complete ? { complete: true } : { history: { archive: false, prev: feedPaths.archive(pageCount), current: feedPaths.main } }),
  };
  addFeed(mainSpec, "feed", everythingChanges, everythingChanged);
  addFeed(
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
    everythingChanges,
    everythingChanged,
  );

  // Sections, tags and authors: a listing page and three feeds each, once one of their
  // articles is published.
  const groups = new Map<string, Group>();
  for (const a of all) {
    for (const { kind, name } of facetNames(a)) {
      const slug = slugify(name);
      const key = `${kind}/${slug}`;
      const group = groups.get(key);
      if (!group) groups.set(key, { kind, slug, name, members: [a] });
      else if (group.members.at(-1) !== a) group.members.push(a);
    }
  }
  const facetPages: SitemapEntry[] = [];
  const sections: (FacetLink & { count: number })[] = [];
  for (const [key, group] of groups) {
    if (!group.members.some(isVisible)) continue;
    const liveMembers = group.members.filter(isLive);
    const gone = group.members.filter(isGone);
    const feed: PageFeed = { title: `${site.name}: ${group.name}`, paths: feedPaths.facet(group.kind, group.slug) };
    const changesAt = nextChange(group.members);
    const changed = lastChange(group.members);
    addFeed(
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
    documents.set(
      feed.paths.html,
      page("listing", () => renderListingPage(site, listing), ids(listing.items), changesAt, changed, feed.paths),
    );
    if (changed !== undefined) facetPages.push({ path: feed.paths.html, lastmod: new Date(changed).toISOString() });
    if (group.kind === "sections" && liveMembers.length > 0) sections.push({ ...group, count: liveMembers.length });
  }
  sections.sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : 1));

  documents.set(
    paths.home,
    page(
      "home",
      () => renderHomePage(site, live.slice(0, n), sections),
      [ids(live.slice(0, n)), sections.map((s) => s.slug)],
      everythingChanges,
      everythingChanged,
    ),
  );

  // Discovery. In an order that depends only on what is visible (not on scheduled articles).
  const plan = planSitemap(
    everythingChanged === undefined ? undefined : { path: paths.home, lastmod: new Date(everythingChanged).toISOString() },
    live.map((a) => ({ path: paths.article(a.slug), lastmod: a.updated })),
    facetPages.sort((a, b) => (a.path < b.path ? -1 : 1)),
  );
  const sitemapDocument = (render: () => string, inputs: unknown, lastModified: number | undefined): Document => ({
    kind: "sitemap",
    status: 200,
    contentType: mediaTypes.xml,
    render,
    ...(lastModified !== undefined && { lastModified }),
    changesAt: everythingChanges,
    version: versionOf("sitemap", lastModified, inputs),
  });
  if (plan.kind === "urlset") {
    documents.set(
      paths.sitemap,
      sitemapDocument(() => renderSitemap(site, plan.entries), plan.entries, everythingChanged),
    );
  } else {
    documents.set(
      paths.sitemap,
      sitemapDocument(() => renderSitemapIndex(site, plan.files), plan.files, everythingChanged),
    );
    for (const file of plan.files) {
      const lastModified = file.lastmod === undefined ? undefined : Date.parse(file.lastmod);
      documents.set(
        file.path,
        sitemapDocument(() => renderSitemap(site, file.entries), file.entries, lastModified),
      );
    }
  }
  const recent = live.filter((a) => timeline.timesOf(a).published > now - NEWS_WINDOW_MS);
  // It also changes when an article ages out of the window, which is not an update.
  let newsChanged = lastChange(recent);
  for (const a of all) {
    const t = timeline.timesOf(a);
    const out = t.published + NEWS_WINDOW_MS;
    const event = out <= now ? out : t.withdrawn <= now && t.published > now - NEWS_WINDOW_MS ? t.withdrawn : undefined;
    if (event !== undefined && (newsChanged === undefined || event > newsChanged)) newsChanged = event;
  }
  documents.set(paths.newsSitemap, {
    kind: "sitemap",
    status: 200,
    contentType: mediaTypes.xml,
    render: () => renderNewsSitemap(site, recent),
    ...(newsChanged !== undefined && { lastModified: newsChanged }),
    changesAt: nextChange(all, true),
    version: versionOf("sitemap", newsChanged, ids(recent)),
  });
  const asset = (contentType: string, body: string): Document => ({
    kind: "asset",
    status: 200,
    contentType,
    render: () => body,
    changesAt: Number.POSITIVE_INFINITY,
    version: versionOf("asset", undefined),
  });
  documents.set(paths.robots, asset(mediaTypes.text, renderRobots(site)));

  // For partners: the profile's documentation with a live example, and its JSON Schema.
  documents.set(
    paths.partners,
    page(
      "listing",
      async () =>
        renderPartnersPage(site, {
          item: jsonFeed(site, { ...mainSpec, items: await resolveAll(resolve, live.slice(0, 1)), tombstones: [] }).items[0],
          license: siteLicense(site),
        }),
      ids(live.slice(0, 1)),
      everythingChanges,
      everythingChanged,
    ),
  );
  documents.set(paths.syndicationSchema, {
    ...asset(
      mediaTypes.schema,
      `${JSON.stringify(syndicationSchema(absoluteUrl(site, paths.syndicationSchema), absoluteUrl(site, paths.partners)), null, 2)}\n`,
    ),
    feed: true, // readable cross-origin, like the feeds it describes
  });
  documents.set(paths.stylesheet, asset(mediaTypes.css, stylesheet));
  for (const file of files) documents.set(file.path, builtFile(file));

  // Article pages and tombstones, made on first request.
  const bySlug = new Map(all.map((a) => [a.slug, a]));
  const articleDocs = new Map<string, Document>();
  const article = (slug: string): Document | undefined => {
    let doc = articleDocs.get(slug);
    if (doc) return doc;
    const a = bySlug.get(slug);
    if (!a || !isVisible(a)) return undefined;
    const changesAt = timeline.nextChangeOf(a, now);
    // The article itself is fixed for the build: its state is all that varies.
    doc = isGone(a)
      ? { ...page("gone", () => renderWithdrawnPage(site, a), "gone", changesAt), status: 410 }
      : page("article", async () => renderArticlePage(site, await resolve(a)), "live", changesAt, lastChange([a]));
    articleDocs.set(slug, doc);
    return doc;
  };

  return { view, documents, article };
}
