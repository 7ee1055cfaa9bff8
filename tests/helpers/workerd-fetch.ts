/**
 * The one way the workerd tests fetch: through an app (`createApp`) or a Worker
 * (`workerFor`, the entry) with an execution context, waiting for everything the request
 * left in `waitUntil` (the cache writes) before the test looks. Workerd tests only (it
 * imports `cloudflare:test`).
 */
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";

export interface Fetched {
  status: number;
  headers: Headers;
  body: string;
}

/** Anything with a Worker's `fetch`: a Hono app, an `ExportedHandler`. */
interface Fetches {
  fetch?: (request: never, env: never, ctx: ExecutionContext) => Response | Promise<Response>;
}

/** A fetch of `path` (or an absolute URL) on `base` through `handler`, with `workerEnv` (the bound `env` unless given). */
export function fetcher(handler: Fetches, base: string, workerEnv: unknown = env): (path: string, init?: RequestInit) => Promise<Fetched> {
  return async (path, init = {}) => {
    const ctx = createExecutionContext();
    const request = new Request(path.startsWith("http") ? path : `${base}${path}`, init);
    const response = await handler.fetch!(request as never, workerEnv as never, ctx);
    const body = await response.text();
    await waitOnExecutionContext(ctx);
    return { status: response.status, headers: response.headers, body };
  };
}
