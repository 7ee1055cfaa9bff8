/**
 * What the app is made from (`createApp(inputs)`): the content, the site, the clock and the
 * runtime's parts, each injectable so tests pass fixtures, a fake clock and faulty storage.
 * Its own module, so the app and its parts import it without a circle.
 */
import type { ContentBundle, Site } from "../core/model.js";
import type { InboxDeps } from "../fediverse/inbox.js";
import type { FediverseKeys } from "../fediverse/keys.js";
import type { CacheLike } from "../http/edge-cache.js";
import type { ArchiveStore } from "../storage/archive-store.js";
import type { PhotoStore } from "../storage/photo-store.js";
import type { Partner } from "./partner-feed.js";

export interface AppInputs {
  content: ContentBundle;
  site: Site;
  /** Milliseconds since the epoch; injected so tests control time. */
  clock?: () => number;
  /** The cache shared by isolates (`caches.default` in production); none means memo only. */
  cache?: CacheLike;
  /** Identifies the deployed code (e.g. the Worker version id): part of every cache key. */
  deployId?: string;
  /** How long a cache lookup may take before the response is rendered instead. */
  cacheTimeoutMs?: number;
  /** Where the settled archive (`content.settled`) is read from: the `ASSETS` binding. */
  store?: ArchiveStore;
  /** Where the photos (`content.imageFolder`) are read from: the `ASSETS` binding. */
  photos?: PhotoStore;
  /** Bytes of representations the isolate holds (the least used out: `HeldRepresentations`). */
  heldBudgetBytes?: number;
  /** The partners who may read `/partners/feed.json` (from the `PARTNER_KEYS` secret); none: every request is refused. */
  partners?: readonly Partner[];
  /** The Rate Limiting binding for partner requests, keyed by partner id. */
  partnerRateLimit?: RateLimit;
  /** The actors' key pair (the `FEDIVERSE_KEYS` secret); without it no fediverse surface is served. */
  fediverse?: FediverseKeys;
  /** What the inboxes and the followers collections need (D1, the delivery queue); without it they answer 404. */
  inbox?: Omit<InboxDeps, "site" | "clock" | "isActor">;
}
