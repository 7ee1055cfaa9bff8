/** The Worker entry: the only module that wires in the bundled content, the vars and the runtime. */
import type { Hono } from "hono";
import { createApp } from "./app.js";
import { type SiteVars, siteFromVars } from "./config.js";
import { content } from "./generated/content.js";

export interface Env extends SiteVars {
  /** `[version_metadata]` in wrangler.toml: identifies the deployed code. */
  CF_VERSION_METADATA?: { id: string };
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
    });
    apps.set(env, app);
  }
  return app;
}

export default {
  fetch(request, env, ctx) {
    return appFor(env).fetch(request, env, ctx);
  },
} satisfies ExportedHandler<Env>;
