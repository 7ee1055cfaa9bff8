/** The hot path: answering from the held store before any routing. */
import { pathStart } from "../core/urls.js";
import type { HeldStore } from "./held.js";

type Fetch = (request: Request, env?: unknown, ctx?: ExecutionContext) => Response | Promise<Response>;

/** A GET or HEAD of one exact path, answered before routing (its own errors its own to answer). */
export type DirectAnswer = (request: Request, ctx: ExecutionContext | undefined) => Promise<Response>;

/**
 * The hot path, measured: a GET or HEAD for a document this isolate already holds is
 * answered before Hono builds a context and routes (≈10% of a small response's cost in
 * `npm run bench`), and so is one of the `direct` paths (the partner feed, which partners poll
 * and no store holds). Only plain paths are taken here; anything else (a `%`, an unknown or
 * unrendered path, another method, a first gzip client) goes to `route`, unchanged.
 */
export function withHotPath<F extends Fetch>(
  route: F,
  store: HeldStore,
  clock: () => number,
  direct: ReadonlyMap<string, DirectAnswer> = new Map(),
): F {
  return ((request: Request, env?: unknown, ctx?: ExecutionContext) => {
    const method = request.method;
    if (method === "GET" || method === "HEAD") {
      const url = request.url;
      const start = pathStart(url);
      const query = url.indexOf("?", start);
      const path = query < 0 ? url.slice(start) : url.slice(start, query);
      if (!path.includes("%")) {
        const response = store.answerHeld(path, request, clock());
        if (response !== undefined) return response;
        const answer = direct.get(path);
        if (answer !== undefined) return answer(request, ctx);
      }
    }
    return route(request, env, ctx);
  }) as F;
}
