/**
 * What is visible when. The timeline holds the articles that can still change (every
 * non-draft one when nothing is settled: `src/core/settled.ts`), scheduled and withdrawn ones
 * included; an article is *live* from its `published` instant until its withdrawal, then a
 * *tombstone*. Nothing about an article is served before it is published.
 *
 * Time is cut into epochs at every instant the visible set changes (a publication, a
 * withdrawal, an article leaving the two-day news window). A `View` is the state of one
 * epoch; the app makes one when the clock leaves the current epoch, so per request the
 * cost is one comparison, and no redeploy is needed for a scheduled article to appear.
 */
import type { ArticleMeta } from "../core/model.js";

/** How long an article stays in the Google News sitemap (Google: "the last two days"). */
export const NEWS_WINDOW_MS = 2 * 24 * 60 * 60 * 1000;

export interface View<A extends ArticleMeta = ArticleMeta> {
  /** The instant the view was made for (ms). */
  at: number;
  /** Start of the epoch holding `at`: the latest change at or before it (−∞ if none). */
  start: number;
  /** The next instant anything visible changes (+∞ if nothing is scheduled). */
  nextChange: number;
  /** The view holds from here (`start`)… */
  validFrom: number;
  /** …until here (`nextChange`). */
  validUntil: number;
  /** Live articles, newest `published` first. */
  live: readonly A[];
  /** Withdrawn articles that had been published, newest withdrawal first. */
  withdrawn: readonly A[];
}

/** The instants of one article, in ms. */
export interface Times {
  published: number;
  updated: number;
  /** +∞ when the article is not withdrawn. */
  withdrawn: number;
}

export class Timeline<A extends ArticleMeta = ArticleMeta> {
  readonly times: Map<A, Times>;
  /** Every change instant, ascending, without repeats. */
  readonly changes: number[];

  /** `articles` newest `published` first, as the bundle holds them. */
  constructor(readonly articles: readonly A[]) {
    this.times = new Map(
      articles.map((a) => [
        a,
        {
          published: Date.parse(a.published),
          updated: Date.parse(a.updated),
          withdrawn: a.withdrawn ? Date.parse(a.withdrawn.at) : Number.POSITIVE_INFINITY,
        },
      ]),
    );
    const changes = new Set<number>();
    for (const t of this.times.values()) {
      changes.add(t.published);
      changes.add(t.published + NEWS_WINDOW_MS);
      if (Number.isFinite(t.withdrawn)) changes.add(t.withdrawn);
    }
    this.changes = [...changes].sort((a, b) => a - b);
  }

  timesOf(article: ArticleMeta): Times {
    return this.times.get(article as A)!;
  }

  /** Whether the article has been published by `now` (live or withdrawn). */
  isPublished(article: ArticleMeta, now: number): boolean {
    return this.timesOf(article).published <= now;
  }

  /** Whether the article is withdrawn at `now`. */
  isWithdrawn(article: ArticleMeta, now: number): boolean {
    const t = this.timesOf(article);
    return t.published <= now && t.withdrawn <= now;
  }

  /**
   * The next instant after `now` at which the article's presence changes (publication
   * or withdrawal), +∞ if none; with `newsWindow`, also when it leaves the news sitemap.
   */
  nextChangeOf(article: ArticleMeta, now: number, newsWindow = false): number {
    const t = this.timesOf(article);
    let next = Number.POSITIVE_INFINITY;
    if (t.published > now) next = t.published;
    if (t.withdrawn > now && t.withdrawn < next) next = t.withdrawn;
    if (newsWindow && t.published + NEWS_WINDOW_MS > now && t.published + NEWS_WINDOW_MS < next) next = t.published + NEWS_WINDOW_MS;
    return next;
  }

  viewAt(now: number): View<A> {
    const changes = this.changes;
    // The first change after `now`, by binary search.
    let lo = 0;
    let hi = changes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (changes[mid]! <= now) lo = mid + 1;
      else hi = mid;
    }
    const start = lo > 0 ? changes[lo - 1]! : Number.NEGATIVE_INFINITY;
    const nextChange = lo < changes.length ? changes[lo]! : Number.POSITIVE_INFINITY;
    const live: A[] = [];
    const withdrawn: A[] = [];
    for (const article of this.articles) {
      if (!this.isPublished(article, now)) continue;
      if (this.isWithdrawn(article, now)) withdrawn.push(article);
      else live.push(article);
    }
    withdrawn.sort((a, b) => this.timesOf(b).withdrawn - this.timesOf(a).withdrawn);
    return {
      at: now,
      start,
      nextChange,
      validFrom: start,
      validUntil: nextChange,
      live,
      withdrawn,
    };
  }
}
