/**
 * The Worker, made for a content bundle: what `src/index.ts` exports for the bundled content,
 * and what the tests run with the newsroom fixture and a fake clock. It wires in the vars, the
 * secrets and the bindings; nothing else reads `env`.
 */
import type { Hono } from "hono";
import { createApp } from "./app/create-app.js";
import { partnersFromSecret } from "./app/partner-feed.js";
import { type SiteVars, siteFromVars } from "./core/config.js";
import type { ContentBundle } from "./core/model.js";
import { fediverseKeysFromSecret } from "./fediverse/keys.js";
import { Timeline } from "./publishing/timeline.js";
import { changedTopics, notifyHub } from "./publishing/websub.js";
import { ArchiveStore } from "./storage/archive-store.js";
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
}

/** How far back each cron run looks: the trigger runs every minute. */
const CRON_WINDOW_MS = 60_000;

export interface WorkerOptions {
  /** Milliseconds since the epoch; the tests' fake clock. */
  clock?: () => number;
}

export function workerFor(content: ContentBundle, options: WorkerOptions = {}): ExportedHandler<Env> {
  const apps = new WeakMap<object, Hono>();
  /** One app per isolate and set of vars and secrets: representations are held inside it. */
  function appFor(env: Env): Hono {
    let app = apps.get(env);
    if (!app) {
      const fediverse = fediverseKeysFromSecret(env.FEDIVERSE_KEYS);
      app = createApp({
        content,
        site: siteFromVars(env),
        ...(options.clock && { clock: options.clock }),
        // The Cache API is a no-op on *.workers.dev and in previews; it works on custom domains.
        ...(typeof caches !== "undefined" && { cache: caches.default }),
        ...(env.CF_VERSION_METADATA && { deployId: env.CF_VERSION_METADATA.id }),
        ...(env.ASSETS && { store: new ArchiveStore(env.ASSETS) }),
        ...(env.ASSETS && content.imageFolder !== undefined && { photos: new PhotoStore(env.ASSETS, content.imageFolder) }),
        // A revoked partner is gone from the secret: refused from the next deploy (locally, the next reload).
        partners: partnersFromSecret(env.PARTNER_KEYS),
        ...(env.PARTNER_RATE_LIMIT && { partnerRateLimit: env.PARTNER_RATE_LIMIT }),
        ...(fediverse && { fediverse }),
      });
      apps.set(env, app);
    }
    return app;
  }

  let timeline: Timeline | undefined;

  return {
    fetch(request, env, ctx) {
      return appFor(env).fetch(request, env, ctx);
    },
    /**
     * Every minute (wrangler.toml `[triggers]`): if a scheduled publication or withdrawal
     * happened in the last minute and a WebSub hub is configured, tell the hub which feeds
     * changed. Failures are logged; the next poll of a subscriber still sees the change.
     * Only the bundle's articles can change after the build (the settled ones' changes all
     * lie at least two days before it), so they are all it looks at.
     */
    scheduled(controller, env, ctx) {
      const site = siteFromVars(env);
      if (site.hub === undefined) return;
      timeline ??= new Timeline(content.articles);
      const topics = changedTopics(site, timeline, controller.scheduledTime - CRON_WINDOW_MS, controller.scheduledTime);
      if (topics.length === 0) return;
      ctx.waitUntil(
        notifyHub(site.hub, topics).then((results) => {
          const failed = results.filter((r) => r.status < 200 || r.status > 299);
          if (failed.length > 0) console.error(`WebSub: the hub refused ${failed.length} of ${results.length} topics`, failed);
        }),
      );
    },
  };
}
