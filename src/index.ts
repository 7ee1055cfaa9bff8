/** The Worker entry: the only module that wires in the bundled content, the vars and the runtime. */
import type { Hono } from "hono";
import { createApp } from "./app.js";
import { type SiteVars, siteFromVars } from "./config.js";
import { content } from "./generated/content.js";
import { ArchiveStore } from "./storage/archive.js";
import { PhotoStore } from "./storage/photos.js";
import { Timeline } from "./timeline.js";
import { changedTopics, notifyHub } from "./websub.js";

export interface Env extends SiteVars {
  /** `[version_metadata]` in wrangler.toml: identifies the deployed code. */
  CF_VERSION_METADATA?: { id: string };
  /** `[assets]` in wrangler.toml: the Worker's static assets, where the build put the settled archive and the photos. */
  ASSETS?: Fetcher;
}

const apps = new WeakMap<object, Hono>();

/** One app per isolate and set of vars: representations are held inside it. */
function appFor(env: Env): Hono {
  let app = apps.get(env);
  if (!app) {
    app = createApp({
      content,
      site: siteFromVars(env),
      // The Cache API is a no-op on *.workers.dev and in previews; it works on custom domains.
      ...(typeof caches !== "undefined" && { cache: caches.default }),
      ...(env.CF_VERSION_METADATA && { deployId: env.CF_VERSION_METADATA.id }),
      ...(env.ASSETS && { store: new ArchiveStore(env.ASSETS) }),
      ...(env.ASSETS && content.imageFolder !== undefined && { photos: new PhotoStore(env.ASSETS, content.imageFolder) }),
    });
    apps.set(env, app);
  }
  return app;
}

/** How far back each cron run looks: the trigger runs every minute. */
// (Not exported: every export of the entry module must be a handler for workerd.)
const CRON_WINDOW_MS = 60_000;

let timeline: Timeline | undefined;

export default {
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
} satisfies ExportedHandler<Env>;
