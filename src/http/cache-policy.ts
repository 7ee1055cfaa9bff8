/**
 * The caching policy, as data: how long browsers and feed readers (`Cache-Control`) and
 * the CDN (`CDN-Cache-Control`, RFC 9213) may keep each kind of response, and how stale
 * they may serve it (RFC 5861). Pure; the RSS `<ttl>` derives from it too.
 *
 * The edge lifetime is given in `CDN-Cache-Control`, not `s-maxage`: RFC 9111 §4.2.4
 * forbids a shared cache to serve stale when `s-maxage` applies, and Cloudflare
 * documents that `s-maxage` turns `stale-while-revalidate` and `stale-if-error` off.
 * Cloudflare (Workers Cache included) reads `CDN-Cache-Control` ahead of `Cache-Control`.
 * Long edge lifetimes are safe because every deploy starts a fresh edge cache (Workers
 * Cache keys on the Worker version), and between deploys content changes only at known
 * instants (scheduled publications and withdrawals), before which `cacheControl` and
 * `cdnCacheControl` are called with a cap.
 */

/** A lifetime class: how long each kind of response may be kept (`lifetimes`). */
export type Lifetime =
  | "feed"
  | "archive"
  | "home"
  | "listing"
  | "actor"
  | "followers"
  | "article"
  | "sitemap"
  | "asset"
  | "icon"
  | "photo"
  | "gone"
  | "notFound"
  | "redirect"
  | "error";

export interface LifetimePolicy {
  /** Seconds a browser or feed reader may reuse the response without asking. */
  maxAge: number;
  /** Seconds the CDN may reuse it. */
  edgeMaxAge: number;
  staleWhileRevalidate: number;
  staleIfError: number;
  /** RFC 8246: the response will not change while fresh; readers need not revalidate. */
  immutable?: boolean;
}

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const YEAR = 365 * DAY;

export const lifetimes: Record<Exclude<Lifetime, "error">, LifetimePolicy> = {
  // Readers poll feeds; 5 minutes matches the RSS <ttl> and what polite readers expect.
  feed: { maxAge: 5 * MINUTE, edgeMaxAge: DAY, staleWhileRevalidate: 5 * MINUTE, staleIfError: DAY },
  // An RFC 5005 archive page that is full and has a newer page after it: final.
  archive: { maxAge: YEAR, edgeMaxAge: YEAR, staleWhileRevalidate: 0, staleIfError: 0, immutable: true },
  home: { maxAge: MINUTE, edgeMaxAge: DAY, staleWhileRevalidate: 5 * MINUTE, staleIfError: DAY },
  // Section, tag and author pages: as often as their feeds.
  listing: { maxAge: 5 * MINUTE, edgeMaxAge: DAY, staleWhileRevalidate: 5 * MINUTE, staleIfError: DAY },
  // A fediverse actor, its WebFinger answer and NodeInfo: they change with a deploy (a new key,
  // a renamed section), which starts a fresh edge cache; Mastodon keeps actors itself for a day.
  actor: { maxAge: HOUR, edgeMaxAge: DAY, staleWhileRevalidate: DAY, staleIfError: DAY },
  // An actor's follower count (from D1, per request): a minute, so a new follow shows soon.
  followers: { maxAge: MINUTE, edgeMaxAge: MINUTE, staleWhileRevalidate: 0, staleIfError: 0 },
  article: { maxAge: 5 * MINUTE, edgeMaxAge: DAY, staleWhileRevalidate: HOUR, staleIfError: DAY },
  sitemap: { maxAge: 5 * MINUTE, edgeMaxAge: DAY, staleWhileRevalidate: 5 * MINUTE, staleIfError: DAY },
  // The tombstone page of a withdrawn article (410 is cacheable by default, RFC 9110 §15.5.11).
  gone: { maxAge: HOUR, edgeMaxAge: DAY, staleWhileRevalidate: 0, staleIfError: 0 },
  // Unversioned URLs (/site.css): an hour, so a redesign reaches readers the same day.
  asset: { maxAge: HOUR, edgeMaxAge: DAY, staleWhileRevalidate: DAY, staleIfError: DAY },
  // The newsroom's icons: readers fetch them once per feed and keep them; a new logo
  // reaches them within a week (the edge starts afresh at every deploy).
  icon: { maxAge: 7 * DAY, edgeMaxAge: 30 * DAY, staleWhileRevalidate: DAY, staleIfError: 7 * DAY },
  // A photo of content/images/: its URL is named by its bytes (src/core/photo-names.ts), so they never change.
  photo: { maxAge: YEAR, edgeMaxAge: YEAR, staleWhileRevalidate: 0, staleIfError: 0, immutable: true },
  // Short, so a 404 never hides an article that appears later for long.
  notFound: { maxAge: MINUTE, edgeMaxAge: MINUTE, staleWhileRevalidate: 0, staleIfError: 0 },
  redirect: { maxAge: DAY, edgeMaxAge: DAY, staleWhileRevalidate: 0, staleIfError: 0 },
};

/**
 * The directives for a lifetime, capped: fresh plus stale-while-revalidate never run
 * past `cap` seconds (a known future change, such as a scheduled release). Stale-if-error
 * is not capped: it applies only when the origin fails, and old content beats none.
 */
function directives(maxAge: number, life: LifetimePolicy, cap: number): string {
  const fresh = Math.max(0, Math.min(maxAge, cap));
  const swr = Math.max(0, Math.min(life.staleWhileRevalidate, cap - fresh));
  const parts = [`max-age=${fresh}`];
  if (swr > 0) parts.push(`stale-while-revalidate=${swr}`);
  if (life.staleIfError > 0) parts.push(`stale-if-error=${life.staleIfError}`);
  // A capped lifetime means a known change is coming: then it is not immutable.
  if (life.immutable && fresh === maxAge) parts.push("immutable");
  return parts.join(", ");
}

/**
 * `Cache-Control` for a response of this lifetime class. `capSeconds` bounds how long it may be
 * reused, for a response that must not outlive a known future change.
 *
 * No `public`: `max-age` already lets any cache store a response to a request without
 * `Authorization` (RFC 9111 §3). `public` would add one thing only — shared caches storing
 * responses to requests *with* `Authorization` (§3.5) — which this service never wants:
 * an authenticated answer must never be reused for anyone else.
 */
export function cacheControl(lifetime: Lifetime, capSeconds = Number.POSITIVE_INFINITY): string {
  if (lifetime === "error") return "no-store";
  return directives(lifetimes[lifetime].maxAge, lifetimes[lifetime], capSeconds);
}

/** `CDN-Cache-Control` for a response of this lifetime class, or undefined when the CDN must not store it. */
export function cdnCacheControl(lifetime: Lifetime, capSeconds = Number.POSITIVE_INFINITY): string | undefined {
  if (lifetime === "error") return undefined;
  return directives(lifetimes[lifetime].edgeMaxAge, lifetimes[lifetime], capSeconds);
}

/** The longest a response of this lifetime class may be reused by anyone (fresh + stale-while-revalidate), in seconds. */
export function longestReuse(lifetime: Lifetime): number {
  if (lifetime === "error") return 0;
  const life = lifetimes[lifetime];
  return Math.max(life.maxAge, life.edgeMaxAge) + life.staleWhileRevalidate;
}

/** RSS `<ttl>` in minutes (RSS 2.0: "how long a channel can be cached"): the feeds' max-age. */
export function rssTtlMinutes(): number {
  return Math.max(1, Math.round(lifetimes.feed.maxAge / 60));
}
