/** The Worker entry: the only module that wires in the bundled content and the vars. */
import type { Hono } from "hono";
import { createApp } from "./app.js";
import { type SiteVars, siteFromVars } from "./config.js";
import { content } from "./generated/content.js";

const apps = new WeakMap<object, Hono>();

/** One app per isolate and set of vars: renders are memoised inside it. */
function appFor(env: SiteVars): Hono {
  let app = apps.get(env);
  if (!app) {
    app = createApp({ content, site: siteFromVars(env) });
    apps.set(env, app);
  }
  return app;
}

export default {
  fetch(request, env, ctx) {
    return appFor(env).fetch(request, env, ctx);
  },
} satisfies ExportedHandler<SiteVars>;
