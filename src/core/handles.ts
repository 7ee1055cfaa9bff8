/**
 * Fediverse handles: the newsroom's (`site.handle`), and each section's and author's, which is
 * its slug when that is a username Mastodon accepts (ASCII letters, digits, `_`, and `.`/`-`
 * inside). A tag has no actor (it is a hashtag on the fediverse). The content build refuses two
 * facets, or a facet and the newsroom, that would share a handle.
 */
import type { FacetKind, Site } from "./model.js";

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
