/**
 * ActivityStreams 2.0 documents (https://www.w3.org/TR/activitystreams-core/): the actors (the
 * newsroom, its sections, its authors), each article as an `Article` whose `id` is its canonical
 * URL, a withdrawn one as a `Tombstone`, and the `Create`, `Update` and `Delete` activities and
 * outbox pages that carry them. Pure functions of the site and the articles, as the feeds are.
 *
 * What Mastodon makes of them (docs/fediverse.md): it shows an `Article` as its `name`, its
 * `summary` and a link to `url`; it credits the byline with `attributedTo`; it shows an
 * `Update` only when the object's `updated` changed.
 */
import { articleHandles, facetHandle, handleHost } from "../core/handles.js";
import { slugify } from "../core/ids.js";
import type { Article, ArticleMeta, FacetKind, Site } from "../core/model.js";
import { absoluteUrl, icons, paths, resolveUrl } from "../core/urls.js";
import { articleContentHtml } from "../render/article-html.js";
import { escapeHtml } from "../render/html.js";

/** The JSON-LD contexts: ActivityStreams, the security vocabulary (`publicKey`) and the terms Mastodon adds. */
export const AS_CONTEXT = [
  "https://www.w3.org/ns/activitystreams",
  "https://w3id.org/security/v1",
  {
    manuallyApprovesFollowers: "as:manuallyApprovesFollowers",
    Hashtag: "as:Hashtag",
    toot: "http://joinmastodon.org/ns#",
    discoverable: "toot:discoverable",
    indexable: "toot:indexable",
  },
] as const;

export const PUBLIC = "https://www.w3.org/ns/activitystreams#Public";

/** An actor: the newsroom, or a section or author with a handle. */
export interface ActorSpec {
  handle: string;
  type: "Organization" | "Group" | "Person";
  name: string;
  /** Plain text. */
  summary: string;
  /** The HTML page the actor is (the front page, a listing page). */
  page: string;
  /** When its first article was published (RFC 3339), if any was. */
  published?: string;
}

/** The actor the newsroom is. */
export function newsroomActor(site: Site, published?: string): ActorSpec {
  return {
    handle: site.handle,
    type: "Organization",
    name: site.name,
    summary: site.description,
    page: paths.home,
    ...(published !== undefined && { published }),
  };
}

/** The actor of a section or author, when its slug is a handle (`src/core/handles.ts`). */
export function facetActor(site: Site, kind: FacetKind, slug: string, name: string, published?: string): ActorSpec | undefined {
  const handle = facetHandle(kind, slug);
  if (handle === undefined) return undefined;
  return {
    handle,
    type: kind === "authors" ? "Person" : "Group",
    name: kind === "authors" ? name : `${site.name}: ${name}`,
    summary: kind === "authors" ? `Articles by ${name} for ${site.name}.` : `${site.name} articles in ${name}.`,
    page: paths.facet(kind, slug),
    ...(published !== undefined && { published }),
  };
}

export const actorId = (site: Site, handle: string) => absoluteUrl(site, paths.actor(handle));
export const keyId = (site: Site, handle: string) => `${actorId(site, handle)}#main-key`;

/** The actor document (`application/activity+json`). */
export function actorDocument(site: Site, actor: ActorSpec, publicKeyPem: string): Record<string, unknown> {
  const id = actorId(site, actor.handle);
  return {
    "@context": AS_CONTEXT,
    id,
    type: actor.type,
    preferredUsername: actor.handle,
    name: actor.name,
    summary: `<p>${escapeHtml(actor.summary)}</p>`,
    url: absoluteUrl(site, actor.page),
    icon: {
      type: "Image",
      mediaType: "image/png",
      url: absoluteUrl(site, icons.large.path),
      width: icons.large.width,
      height: icons.large.height,
    },
    image: {
      type: "Image",
      mediaType: "image/png",
      url: absoluteUrl(site, icons.logo.path),
      width: icons.logo.width,
      height: icons.logo.height,
    },
    inbox: absoluteUrl(site, paths.inbox(actor.handle)),
    outbox: absoluteUrl(site, paths.outbox(actor.handle)),
    followers: absoluteUrl(site, paths.followers(actor.handle)),
    endpoints: { sharedInbox: absoluteUrl(site, paths.sharedInbox) },
    publicKey: { id: keyId(site, actor.handle), owner: id, publicKeyPem },
    manuallyApprovesFollowers: false,
    discoverable: true,
    indexable: true,
    ...(actor.published !== undefined && { published: actor.published }),
  };
}

/** A tag as a Mastodon hashtag: its words run together (`Mars Sample Return` → `#MarsSampleReturn`). */
export function hashtagName(tag: string): string {
  const words = tag
    .normalize("NFKC")
    .split(/[^\p{L}\p{N}_]+/u)
    .filter(Boolean);
  return `#${words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join("")}`;
}

/** Who an article's activities are addressed to: the public, and its actors' followers. */
function audience(site: Site, article: ArticleMeta) {
  const { authors, section, newsroom } = articleHandles(site, article);
  return {
    to: [PUBLIC],
    cc: [newsroom, ...(section === undefined ? [] : [section]), ...authors].map((h) => absoluteUrl(site, paths.followers(h))),
  };
}

/** An article as an ActivityStreams `Article` (without `@context`: an activity embeds it). */
export function articleObject(site: Site, article: Article): Record<string, unknown> {
  const url = absoluteUrl(site, paths.article(article.slug));
  const { authors } = articleHandles(site, article);
  const image = article.image;
  const picture =
    image?.src === undefined
      ? undefined
      : {
          type: "Image",
          url: resolveUrl(site, image.src),
          ...(image.type !== undefined && { mediaType: image.type }),
          ...(image.alt !== undefined && { name: image.alt }),
          ...(image.width !== undefined && { width: image.width }),
          ...(image.height !== undefined && { height: image.height }),
        };
  const language = article.language ?? site.language;
  const content = articleContentHtml(site, article);
  return {
    id: url,
    type: "Article",
    name: article.title,
    summary: article.summary,
    content,
    contentMap: { [language]: content },
    mediaType: "text/html",
    url,
    attributedTo: [...authors, site.handle].map((h) => actorId(site, h)),
    published: article.published,
    ...(article.updated !== article.published && { updated: article.updated }),
    ...audience(site, article),
    tag: article.tags.map((t) => ({ type: "Hashtag", name: hashtagName(t), href: absoluteUrl(site, paths.facet("tags", slugify(t))) })),
    ...(picture && { image: picture, attachment: [picture] }),
  };
}

/** A withdrawn article: what stands at its address (with 410). */
export function tombstoneObject(site: Site, article: ArticleMeta): Record<string, unknown> {
  return {
    id: absoluteUrl(site, paths.article(article.slug)),
    type: "Tombstone",
    formerType: "Article",
    deleted: article.withdrawn!.at,
    ...(article.updated !== article.published && { updated: article.updated }),
    published: article.published,
  };
}

/** A document with the contexts, as served. */
export const withContext = (object: Record<string, unknown>) => ({ "@context": AS_CONTEXT, ...object });

export type ActivityType = "Create" | "Update" | "Delete";

/**
 * The activity an actor sends for an article: its `id` names the article, the kind and the
 * instant (the article's publication, correction or withdrawal), so it is the same in every
 * isolate, cron run and retry (the delivery log is keyed by it).
 */
export function activity(site: Site, handle: string, type: ActivityType, article: Article): Record<string, unknown> {
  const at = type === "Create" ? article.published : type === "Update" ? article.updated : article.withdrawn!.at;
  const object = type === "Delete" ? tombstoneObject(site, article) : articleObject(site, article);
  return {
    id: `${actorId(site, handle)}/activities/${type.toLowerCase()}/${article.slug}/${Date.parse(at)}`,
    type,
    actor: actorId(site, handle),
    published: at,
    ...audience(site, article),
    object,
  };
}

/** An outbox: its size and links to its newest and oldest pages. */
export function outboxCollection(site: Site, handle: string, totalItems: number, pages: number): Record<string, unknown> {
  const page = (n: number) => absoluteUrl(site, paths.outboxPage(handle, n));
  return {
    "@context": AS_CONTEXT,
    id: absoluteUrl(site, paths.outbox(handle)),
    type: "OrderedCollection",
    totalItems,
    ...(pages > 0 && { first: page(pages), last: page(1) }),
  };
}

/** Outbox page `n` of `pages`: the `Create` of each live article on it, newest first. */
export function outboxPage(site: Site, handle: string, n: number, pages: number, articles: readonly Article[]): Record<string, unknown> {
  const page = (k: number) => absoluteUrl(site, paths.outboxPage(handle, k));
  return {
    "@context": AS_CONTEXT,
    id: page(n),
    type: "OrderedCollectionPage",
    partOf: absoluteUrl(site, paths.outbox(handle)),
    ...(n < pages && { prev: page(n + 1) }),
    ...(n > 1 && { next: page(n - 1) }),
    orderedItems: articles.map((a) => activity(site, handle, "Create", a)),
  };
}

/** The JRD of a WebFinger answer (RFC 7033 §4.4) for an actor. */
export function webfingerDocument(site: Site, actor: ActorSpec): Record<string, unknown> {
  const id = actorId(site, actor.handle);
  return {
    subject: `acct:${actor.handle}@${handleHost(site)}`,
    aliases: [id, absoluteUrl(site, actor.page)],
    links: [
      { rel: "self", type: "application/activity+json", href: id },
      { rel: "http://webfinger.net/rel/profile-page", type: "text/html", href: absoluteUrl(site, actor.page) },
    ],
  };
}
