/** Answering from what an epoch holds, and the hot path that does it before any routing. */

import { pathStart } from "../core/urls.js";
import { acceptsGzip, clientAcceptEncoding } from "../http/encoding.js";
import { type Representation, respond, withGzip } from "../http/representation.js";
import type { Epoch, Epochs } from "./epochs.js";

/** Whether answering this request needs the gzip variant, which is not made yet. */
export const needsGzip = (rep: Representation, request: Request) => rep.gzipLater === true && acceptsGzip(clientAcceptEncoding(request));

/**
 * Responds from a held representation, first making its gzip variant when this is the
 * first client that accepts gzip (concurrent ones share it); the result replaces the
 * held one.
 */
export function answer(epoch: Epoch, path: string, rep: Representation, request: Request, now: () => number): Response | Promise<Response> {
  if (!needsGzip(rep, request)) return respond(rep, request, now());
  let upgrade = epoch.upgrades.get(path);
  if (upgrade === undefined) {
    upgrade = withGzip(rep).then((next) => {
      epoch.held.replace(path, rep, next);
      return next;
    });
    epoch.upgrades.set(path, upgrade);
    const done = () => epoch.upgrades.delete(path);
    upgrade.then(done, done);
  }
  return upgrade.then((next) => respond(next, request, now()));
}

type Fetch = (request: Request, env?: unknown, ctx?: ExecutionContext) => Response | Promise<Response>;

/**
 * The hot path, measured: a GET or HEAD for a document this isolate already holds is
 * answered before Hono builds a context and routes (≈10% of a small response's cost in
 * `npm run bench`). Only plain paths are taken here; anything else (a `%`, an unknown or
 * unrendered path, another method, a first gzip client) goes to `route`, unchanged.
 */
export function withHotPath<F extends Fetch>(route: F, epochs: Epochs, clock: () => number): F {
  return ((request: Request, env?: unknown, ctx?: ExecutionContext) => {
    const method = request.method;
    if (method === "GET" || method === "HEAD") {
      const now = clock();
      const url = request.url;
      const start = pathStart(url);
      const query = url.indexOf("?", start);
      const path = query < 0 ? url.slice(start) : url.slice(start, query);
      const rep = path.includes("%") ? undefined : epochs.at(now).held.get(path);
      if (rep !== undefined && !(rep instanceof Promise) && !needsGzip(rep, request)) return respond(rep, request, now);
    }
    return route(request, env, ctx);
  }) as F;
}
