/**
 * The tiny mechanism behind the policy: sharing rendered representations between
 * isolates through the Workers Cache API (`caches.default`).
 *
 * Why not `hono/cache`: it keys on the full URL including the query (so `?utm_…`
 * fragments the cache), does not catch errors from `match`/`put`, and answers hits
 * without evaluating conditional requests. Here the key is a canonical path under a
 * build id, every failure falls back to rendering, a stored entry is checked before
 * use, and the caller evaluates conditionals on whatever it got.
 */
import { entityTag } from "./representation.js";

/** The part of the Cache API this uses; tests inject faulty ones. */
export interface CacheLike {
  match(request: Request): Promise<Response | undefined>;
  put(request: Request, response: Response): Promise<void>;
}

/** Marks stored entries with the build they belong to. */
export const BUILD_HEADER = "X-Build-Id";

/** The internal cache key of a canonical path: never the client's URL, never its query. */
export function cacheKey(buildId: string, path: string): Request {
  return new Request(`https://edge-cache.invalid/${encodeURIComponent(buildId)}${path}`);
}

/** Resolves to undefined after `ms`, so a hanging cache cannot hold a response up. */
function timeout(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** What is stored: the bytes and their validators. Headers are rebuilt by the app. */
export interface StoredBody {
  body: Uint8Array;
  etag: string;
  lastModified?: number;
}

/**
 * The stored body for `key`, or undefined on a miss, an error, a timeout, or an entry
 * that is not exactly what this build would have stored (wrong build, status or type; no
 * ETag; a body whose hash does not match its ETag, i.e. truncated or corrupt).
 */
export async function lookup(
  cache: CacheLike,
  key: Request,
  buildId: string,
  contentType: string,
  timeoutMs: number,
): Promise<StoredBody | undefined> {
  try {
    const response = await Promise.race([cache.match(key), timeout(timeoutMs)]);
    if (!response) return undefined;
    const { headers } = response;
    const etag = headers.get("ETag");
    if (response.status !== 200 || headers.get(BUILD_HEADER) !== buildId || headers.get("Content-Type") !== contentType || !etag) {
      await response.body?.cancel();
      return undefined;
    }
    const buffer = await Promise.race([response.arrayBuffer(), timeout(timeoutMs)]);
    if (!buffer) return undefined;
    const body = new Uint8Array(buffer);
    if ((await entityTag(body)) !== etag) return undefined;
    const lastModified = headers.get("Last-Modified");
    return { body, etag, ...(lastModified !== null && { lastModified: Date.parse(lastModified) }) };
  } catch {
    return undefined;
  }
}

/**
 * Stores a body for other isolates, with a plain lifetime: the Cache API does not
 * implement stale-while-revalidate or stale-if-error, and the local emulation would
 * honour them and serve stale entries that production would not. Errors are swallowed:
 * storing is an optimisation.
 */
export async function store(
  cache: CacheLike,
  key: Request,
  buildId: string,
  contentType: string,
  stored: StoredBody,
  ttlSeconds: number,
): Promise<void> {
  try {
    const headers = new Headers({
      "Content-Type": contentType,
      ETag: stored.etag,
      "Cache-Control": `public, max-age=${ttlSeconds}`,
      [BUILD_HEADER]: buildId,
    });
    if (stored.lastModified !== undefined) headers.set("Last-Modified", new Date(stored.lastModified).toUTCString());
    await cache.put(key, new Response(stored.body, { status: 200, headers }));
  } catch {
    // the next isolate renders it again
  }
}
