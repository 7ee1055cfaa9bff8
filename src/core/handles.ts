/**
 * Fediverse handles: the newsroom's (`site.handle`), and each section's and author's, which is
 * its slug when that is a username Mastodon accepts (ASCII letters, digits, `_`, and `.`/`-`
 * inside). A tag has no actor (it is a hashtag on the fediverse). The content build refuses two
 * facets, or a facet and the newsroom, that would share a handle.
 */
import { slugify } from "./ids.js";
import type { ArticleMeta, FacetKind, Site } from "./model.js";
import { paths } from "./urls.js";

/** Mastodon's pattern for a remote username (`Account::USERNAME_RE`, case-insensitive there; lower case here). */
export const HANDLE_PATTERN = /^[a-z0-9_](?:[a-z0-9_.-]*[a-z0-9_])?$/;

/** The kinds of facet that are actors, and the ActivityStreams type each is. */
export const ACTOR_KINDS = { sections: "Group", authors: "Person" } as const satisfies Partial<Record<FacetKind, string>>;
export type ActorKind = keyof typeof ACTOR_KINDS;

export const isActorKind = (kind: FacetKind): kind is ActorKind => kind in ACTOR_KINDS;

/** The handle of a section or author (its slug), or undefined when it has none (a tag; a slug in another script). */
export function facetHandle(kind: FacetKind, slug: string): string | undefined {
  return isActorKind(kind) && slug.length <= 64 && HANDLE_PATTERN.test(slug) ? slug : undefined;
}

/** The host part of handles: `BASE_URL`'s host with its port (`news@127.0.0.1:8787`). */
export const handleHost = (site: Site) => new URL(site.baseUrl).host;

/** `@news@news.example`: how a reader types the handle into Mastodon's search. */
export const fediverseAddress = (site: Site, handle: string) => `@${handle}@${handleHost(site)}`;

/** The handles of the actors an article belongs to: its authors' (those with one), its section's, and the newsroom's. */
export function articleHandles(site: Site, article: ArticleMeta): { authors: string[]; section?: string; newsroom: string } {
  const authors = article.authors.map((a) => facetHandle("authors", slugify(a.name))).filter((h): h is string => h !== undefined);
  const section = article.section === undefined ? undefined : facetHandle("sections", slugify(article.section));
  return { authors, ...(section !== undefined && { section }), newsroom: site.handle };
}

/**
 * The handle in one of our actor URLs (`https://news.example/actors/science` → `science`), or
 * undefined for any other URL (another origin, a sub-path, a query or fragment, not a URL).
 * Whether an actor has that handle now is the catalog's to say.
 */
export function handleOfActor(site: Site, url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const prefix = paths.actor("");
  if (parsed.origin !== new URL(site.baseUrl).origin || !parsed.pathname.startsWith(prefix) || parsed.search !== "" || parsed.hash !== "")
    return undefined;
  const handle = parsed.pathname.slice(prefix.length);
  return handle === "" || handle.includes("/") ? undefined : handle;
}
