/**
 * The per-epoch store: what exists depends on the clock (scheduled publishing, withdrawals,
 * the news window), so the app holds the catalog of the current epoch and the
 * representations rendered in it, and makes the next epoch when the clock passes into it.
 * Per request that is one comparison.
 */
import { type Catalog, type Document, makeCatalog, type ResolveArticle } from "../catalog.js";
import { HeldRepresentations } from "../held.js";
import type { Representation } from "../http/representation.js";
import type { ContentBundle, Site } from "../model.js";
import { Timeline } from "../timeline.js";

/** What the app holds for one epoch: its catalog and the representations rendered so far. */
export interface Epoch {
  catalog: Catalog;
  /** The epoch's bounds: outside [from, until) a new epoch is made. */
  from: number;
  until: number;
  /**
   * Representations this isolate holds, within a byte budget. Per request the work is
   * this lookup: the Cache API is never on the path of a response the isolate already
   * has. Concurrent first requests share one promise.
   */
  held: HeldRepresentations;
  /** Gzip variants being made, by path. */
  upgrades: Map<string, Promise<Representation>>;
}

/** The document at a path in this epoch, if there is one. */
export function documentAt(epoch: Epoch, path: string): Document | undefined {
  const doc = epoch.catalog.documents.get(path);
  if (doc) return doc;
  if (!path.startsWith("/articles/")) return undefined;
  const slug = path.slice("/articles/".length);
  return slug.includes("/") ? undefined : epoch.catalog.article(slug);
}

export class Epochs {
  readonly #site: Site;
  readonly #content: ContentBundle;
  readonly #timeline: Timeline;
  readonly #resolve: ResolveArticle;
  readonly #heldBudget: number;
  #current: Epoch | undefined;

  constructor(site: Site, content: ContentBundle, resolve: ResolveArticle, heldBudget: number) {
    this.#site = site;
    this.#content = content;
    this.#timeline = new Timeline(content.articles);
    this.#resolve = resolve;
    this.#heldBudget = heldBudget;
  }

  /**
   * The epoch of `now`: the current one, or a new one when the clock has left it. A new
   * epoch keeps every representation whose document is unchanged (same version), with the
   * new epoch's `changesAt`: a publication re-renders only what it changes.
   */
  at(now: number): Epoch {
    const current = this.#current;
    if (current !== undefined && now >= current.from && now < current.until) return current;
    const view = this.#timeline.viewAt(now);
    const next: Epoch = {
      catalog: makeCatalog(this.#site, this.#timeline, view, this.#content.files, this.#resolve),
      from: view.validFrom,
      until: view.validUntil,
      held: new HeldRepresentations(this.#heldBudget),
      upgrades: new Map(),
    };
    if (current) {
      for (const [path, rep, version] of current.held.resolved()) {
        const doc = documentAt(next, path);
        if (doc === undefined || doc.version !== version) continue;
        next.held.hold(path, { ...rep, freshness: { kind: doc.kind, changesAt: doc.changesAt } }, version);
      }
    }
    this.#current = next;
    return next;
  }
}
