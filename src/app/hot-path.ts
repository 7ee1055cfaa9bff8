/** The hot path: answering from the held store before any routing. */
import { pathStart } from "../core/urls.js";
import type { HeldStore } from "./held.js";

type Fetch = (request: Request, env?: unknown, ctx?: ExecutionContext) => Response | Promise<Response>;

/**
 * The hot path, measured: a GET or HEAD for a document this isolate already holds is
 * answered before Hono builds a context and routes (≈10% of a small response's cost in
 * `npm run bench`). Only plain paths are taken here; anything else (a `%`, an unknown or
 * unrendered path, another method, a first gzip client) goes to `route`, unchanged.
 */
export function withHotPath<F extends Fetch>(route: F, store: HeldStore, clock: () => number): F {
  return ((request: Request, env?: unknown, ctx?: ExecutionContext) => {
    const method = request.method;
    if (method === "GET" || method === "HEAD") {
      const url = request.url;
      const start = pathStart(url);
      const query = url.indexOf("?", start);
      const path = query < 0 ? url.slice(start) : url.slice(start, query);
      const response = path.includes("%") ? undefined : store.answerHeld(path, request, clock());
      if (response !== undefined) return response;
    }
    return route(request, env, ctx);
  }) as F;
}
