/**
 * The per-epoch store: what exists depends on the clock (scheduled publishing, withdrawals,
 * the news window), so the app holds the catalog of the current epoch and the
 * representations rendered in it, and makes the next epoch when the clock passes into it.
 * Per request that is one comparison.
 */

import { ConfigError } from "../core/config.js";
import type { ContentBundle, Site } from "../core/model.js";
import type { Representation } from "../http/representation.js";
import { type Catalog, type Document, makeCatalog, type SettledArchive } from "../publishing/catalog.js";
import { Timeline } from "../publishing/timeline.js";
import { HeldRepresentations } from "./held.js";

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

/** The document at a path in this epoch, if there is one (a promise when a settled article's record is read first). */
export function documentAt(epoch: Epoch, path: string): Document | undefined | Promise<Document | undefined> {
  const doc = epoch.catalog.documents.get(path) ?? epoch.catalog.archivePage(path);
  if (doc) return doc;
  if (!path.startsWith("/articles/")) return undefined;
  const slug = path.slice("/articles/".length);
  return slug.includes("/") ? undefined : epoch.catalog.article(slug);
}

export class Epochs {
  readonly #site: Site;
  readonly #content: ContentBundle;
  readonly #timeline: Timeline;
  readonly #archive: SettledArchive;
  readonly #heldBudget: number;
  #current: Epoch | undefined;

  constructor(site: Site, content: ContentBundle, archive: SettledArchive, heldBudget: number) {
    const settled = archive.index;
    if (site.feedSize > settled.head) {
      throw new ConfigError(
        `FEED_SIZE: ${site.feedSize} is more than this content build serves (${settled.head}): build it again with --max-feed-size ${site.feedSize}`,
      );
    }
    this.#site = site;
    this.#content = content;
    this.#timeline = new Timeline(content.articles);
    this.#archive = archive;
    this.#heldBudget = heldBudget;
  }

  /**
   * The epoch of `now`: the current one, or a new one when the clock has left it. A new
   * epoch keeps every representation whose document is unchanged (same version), with the
   * new epoch's `changesAt`: a publication re-renders only what it changes.
   */
  at(clock: number): Epoch {
    const current = this.#current;
    if (current !== undefined && clock >= current.from && clock < current.until) return current;
    // The settled archive holds from the build's cut-off on: a clock behind the build's
    // (a host whose clock is wrong) is read as the cut-off.
    const now = Math.max(clock, this.#archive.index.at);
    const view = this.#timeline.viewAt(now);
    const next: Epoch = {
      catalog: makeCatalog(this.#site, this.#timeline, view, this.#content.files, this.#archive),
      from: now === clock ? view.validFrom : Number.NEGATIVE_INFINITY,
      until: view.validUntil,
      held: new HeldRepresentations(this.#heldBudget),
      upgrades: new Map(),
    };
    if (current) {
      for (const [path, rep, version] of current.held.resolved()) {
        const doc = documentAt(next, path);
        // A settled article's page is made again from its record (held by the store) when asked for.
        if (doc === undefined || doc instanceof Promise || doc.version !== version) continue;
        next.held.hold(path, { ...rep, freshness: { kind: doc.kind, changesAt: doc.changesAt } }, version);
      }
    }
    this.#current = next;
    return next;
  }
}
