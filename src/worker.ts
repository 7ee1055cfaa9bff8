/**
 * The Worker, made for a content bundle: what `src/index.ts` exports for the bundled content,
 * and what the tests run with the newsroom fixture and a fake clock. It wires in the vars, the
 * secrets and the bindings; nothing else reads `env`.
 */
import type { Hono } from "hono";
import { createApp } from "./app/create-app.js";
import { partnersFromSecret } from "./app/partner-feed.js";
import { type SiteVars, siteFromVars } from "./core/config.js";
import type { ContentBundle, Site } from "./core/model.js";
import { type DeliveryDeps, type DeliveryMessage, deliverBatch, recordEvents } from "./fediverse/delivery.js";
import { type FediverseKeys, fediverseKeysFromSecret } from "./fediverse/keys.js";
import { ArchiveStore } from "./storage/archive-store.js";
import { FediverseDb } from "./storage/fediverse-db.js";
import { PhotoStore } from "./storage/photo-store.js";

export interface Env extends SiteVars {
  /** `[version_metadata]` in wrangler.toml: identifies the deployed code. */
  CF_VERSION_METADATA?: { id: string };
  /** `[assets]` in wrangler.toml: the Worker's static assets, where the build put the settled archive and the photos. */
  ASSETS?: Fetcher;
  /** Secret: the partners and their tokens' digests (`npm run partner`; locally in `.dev.vars`). */
  PARTNER_KEYS?: string;
  /** `[[ratelimits]]` in wrangler.toml: requests per partner per minute to the partner feed. */
  PARTNER_RATE_LIMIT?: RateLimit;
  /** Secret: the fediverse actors' key pair (`npm run fediverse -- keys`; locally in `.dev.vars`). Without it, no fediverse surface. */
  FEDIVERSE_KEYS?: string;
  /** `[[d1_databases]]`: followers, remote keys, events and the delivery log (migrations/). */
  FEDIVERSE_DB?: D1Database;
  /** `[[queues.producers]]`: deliveries to inboxes and pings to the WebSub hub. */
  DELIVERY_QUEUE?: Queue<DeliveryMessage>;
  /** `[[ratelimits]]`: requests per remote server per minute to the inboxes. */
  INBOX_RATE_LIMIT?: RateLimit;
  /** Var: servers whose activities are refused, comma-separated (`spam.example, bad.example`). */
  FEDIVERSE_BLOCKED_DOMAINS?: string;
  /** Var: seconds before a failed delivery's first retry (each next one doubles); 30 unless set. */
  DELIVERY_RETRY_SECONDS?: string;
}

/** The blocked servers of the var, lower case. */
const blockedDomains = (value: string | undefined) =>
  (value ?? "")
    .split(",")
    .map((d) => d.trim().toLowerCase())
    .filter(Boolean);

export interface WorkerOptions {
  /** Milliseconds since the epoch; the tests' fake clock. */
  clock?: () => number;
}

/** What one set of vars, secrets and bindings gives, read once (an isolate keeps its `env`). */
interface Bound {
  site: Site;
  keys: FediverseKeys | undefined;
  db: FediverseDb | undefined;
}

export function workerFor(content: ContentBundle, options: WorkerOptions = {}): ExportedHandler<Env> {
  const clock = options.clock ?? Date.now;
  const bound = new WeakMap<object, Bound>();
  const boundTo = (env: Env): Bound => {
    let b = bound.get(env);
    if (!b) {
      b = {
        site: siteFromVars(env),
        keys: fediverseKeysFromSecret(env.FEDIVERSE_KEYS),
        db: env.FEDIVERSE_DB && new FediverseDb(env.FEDIVERSE_DB),
      };
      bound.set(env, b);
    }
    return b;
  };

  const apps = new WeakMap<object, Hono>();
  /** One app per isolate and set of vars and secrets: representations are held inside it. */
  function appFor(env: Env): Hono {
    let app = apps.get(env);
    if (!app) {
      const { site, keys, db } = boundTo(env);
      app = createApp({
        content,
        site,
        ...(options.clock && { clock: options.clock }),
        // The Cache API is a no-op on *.workers.dev and in previews; it works on custom domains.
        ...(typeof caches !== "undefined" && { cache: caches.default }),
        ...(env.CF_VERSION_METADATA && { deployId: env.CF_VERSION_METADATA.id }),
        ...(env.ASSETS && { store: new ArchiveStore(env.ASSETS) }),
        ...(env.ASSETS && content.imageFolder !== undefined && { photos: new PhotoStore(env.ASSETS, content.imageFolder) }),
        // A revoked partner is gone from the secret: refused from the next deploy (locally, the next reload).
        partners: partnersFromSecret(env.PARTNER_KEYS),
        ...(env.PARTNER_RATE_LIMIT && { partnerRateLimit: env.PARTNER_RATE_LIMIT }),
        ...(keys && { fediverse: keys }),
        ...(db &&
          env.DELIVERY_QUEUE && {
            inbox: {
              db,
              queue: env.DELIVERY_QUEUE,
              blocked: blockedDomains(env.FEDIVERSE_BLOCKED_DOMAINS),
              ...(env.INBOX_RATE_LIMIT && { rateLimit: env.INBOX_RATE_LIMIT }),
            },
          }),
      });
      apps.set(env, app);
    }
    return app;
  }

  const bySlug = new Map(content.articles.map((a) => [a.slug, a]));
  const deliveries = new WeakMap<object, DeliveryDeps>();
  /** What the cron run and the queue consumer need, once per env; undefined without D1 and the queue. */
  const deliveryDeps = (env: Env): DeliveryDeps | undefined => {
    const { site, keys, db } = boundTo(env);
    if (!db || !env.DELIVERY_QUEUE) return undefined;
    let deps = deliveries.get(env);
    if (!deps) {
      const retry = Number(env.DELIVERY_RETRY_SECONDS ?? "30");
      deps = {
        site,
        db,
        queue: env.DELIVERY_QUEUE,
        articles: bySlug,
        ...(keys && { keys }),
        clock,
        retryBaseSeconds: Number.isFinite(retry) && retry >= 0 ? retry : 30,
      };
      deliveries.set(env, deps);
    }
    return deps;
  };

  return {
    fetch(request, env, ctx) {
      return appFor(env).fetch(request, env, ctx);
    },
    /**
     * Every minute (wrangler.toml `[triggers]`): the publications, corrections and withdrawals
     * the clock (or a deploy) has made true become events, each fanned out once through the
     * delivery queue to the followers' inboxes and the WebSub hub (src/fediverse/delivery.ts).
     * Only the bundle's articles can change after the build (the settled ones' changes all lie
     * at least two days before it, outside the window), so they are all it looks at.
     */
    scheduled(_controller, env, ctx) {
      const deps = deliveryDeps(env);
      if (deps === undefined) {
        console.error("scheduled: the FEDIVERSE_DB and DELIVERY_QUEUE bindings are missing; nothing is delivered");
        return;
      }
      ctx.waitUntil(recordEvents(deps));
    },
    /** The delivery queue's consumer (wrangler.toml `[[queues.consumers]]`). */
    async queue(batch, env) {
      const deps = deliveryDeps(env);
      if (deps === undefined) throw new Error("the FEDIVERSE_DB binding is missing");
      await deliverBatch(batch as MessageBatch<DeliveryMessage>, deps);
    },
  };
}
