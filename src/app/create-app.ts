/**
 * The Hono app: thin routes over pure renderers and a pure HTTP policy. Built by
 * `createApp` from its inputs (`src/app/inputs.ts`) so tests can pass fixtures, a fake clock
 * and a faulty cache; the Worker (`src/worker.ts`) wires in the bundled content and the runtime.
 *
 * The parts: the held store (`held.ts`: the epoch's catalog, what this isolate holds of it,
 * answering from it), building a representation (`representations.ts`), the hot path
 * (`hot-path.ts`), the responses that are not documents (`fixed-responses.ts`), the photos
 * (`photo-responses.ts`) and the partners' feed (`partner-feed.ts`); here, the routes.
 */
import { type Context, Hono } from "hono";
import { IMAGES_PREFIX } from "../core/photo-names.js";
import { feedPath, feedPaths, paths } from "../core/urls.js";
import { receive } from "../fediverse/inbox.js";
import { webfingerHandle } from "../fediverse/webfinger.js";
import { pageSecurityHeaders } from "../http/security-headers.js";
import { webfingerKey } from "../publishing/catalog.js";
import { jsonFeedFormat } from "../render/json-feed.js";
import { StorageError } from "../storage/archive-store.js";
import { fixedResponses, INBOX_ALLOW } from "./fixed-responses.js";
import { followersResponse } from "./followers.js";
import { DEFAULT_HELD_BUDGET_BYTES, documentAt, HeldStore } from "./held.js";
import { type DirectAnswer, withHotPath } from "./hot-path.js";
import type { AppInputs } from "./inputs.js";
import { PartnerFeed } from "./partner-feed.js";
import { photoResponder } from "./photo-responses.js";
import { representationBuilder } from "./representations.js";

/** The public JSON Feed, which the partners' feed extends. */
const PUBLIC_JSON_FEED = feedPath(feedPaths.main, jsonFeedFormat);

export function createApp(inputs: AppInputs): Hono {
  const { content, site } = inputs;
  const clock = inputs.clock ?? Date.now;
  // The pages' security headers: every page's and the 404's.
  const pageHeaders = pageSecurityHeaders(site.baseUrl);
  const build = representationBuilder({
    site,
    pageHeaders,
    content,
    clock,
    ...(inputs.cache && { cache: inputs.cache }),
    ...(inputs.deployId !== undefined && { deployId: inputs.deployId }),
    cacheTimeoutMs: inputs.cacheTimeoutMs ?? 100,
  });
  const store = new HeldStore({
    site,
    content,
    store: inputs.store,
    budgetBytes: inputs.heldBudgetBytes ?? DEFAULT_HELD_BUDGET_BYTES,
    build,
    fediverse: inputs.fediverse,
  });
  const fixed = fixedResponses(site, clock, pageHeaders);
  const partnerFeed = new PartnerFeed({
    site,
    articles: content.articles,
    partners: inputs.partners ?? [],
    ...(inputs.partnerRateLimit && { limiter: inputs.partnerRateLimit }),
  });
  const photo = photoResponder({
    releases: content.photoReleases ?? {},
    store: inputs.photos,
    isPartner: async (request) => (await partnerFeed.partnerOf(request)) !== undefined,
    notFound: fixed.photoNotFound,
  });
  const app = new Hono();

  const inbox = inputs.fediverse && inputs.inbox;
  const isActor = async (handle: string) => (await documentAt(store.at(clock()), paths.actor(handle))) !== undefined;
  const inboxHandle = (path: string) => /^\/actors\/([^/]+)\/inbox$/.exec(path)?.[1];
  const isInbox = (path: string) => inbox !== undefined && (path === paths.sharedInbox || inboxHandle(path) !== undefined);

  app.use("*", async (c, next) => {
    const method = c.req.method;
    if (isInbox(c.req.path)) return method === "POST" || method === "OPTIONS" ? next() : fixed.methodNotAllowed(INBOX_ALLOW);
    return method === "GET" || method === "HEAD" || method === "OPTIONS" ? next() : fixed.methodNotAllowed();
  });

  // The inboxes (src/fediverse/inbox.ts): what peers on the fediverse send us.
  app.post("*", (c) => {
    const path = c.req.path;
    const deps = { ...inbox!, site, clock, isActor };
    return receive(c.req.raw, path === paths.sharedInbox ? undefined : inboxHandle(path), deps);
  });

  // A followers collection: its size only, from D1 (never the list).
  app.get("/actors/:handle/followers", async (c, next) => {
    const handle = c.req.param("handle");
    if (inbox === undefined || !(await isActor(handle))) return next();
    const count = await inbox.db.followerCount(handle);
    return followersResponse(site, handle, count, c.req.raw, clock());
  });

  app.options("*", async (c, next) => {
    const now = clock();
    const isPreflight = c.req.header("Origin") !== undefined && c.req.header("Access-Control-Request-Method") !== undefined;
    if (isPreflight && (await documentAt(store.at(now), c.req.path))?.crossOrigin) return fixed.preflight(c, next, now);
    return fixed.options(now, isInbox(c.req.path) ? INBOX_ALLOW : undefined);
  });

  // The partners' feed: authenticated, private, never a catalog document (src/app/partner-feed.ts).
  // Answered on the hot path (below), before routing; this route answers what the hot path leaves
  // to it: a path with a percent-escape (`/partners/feed%2Ejson`), which Hono decodes.
  const answerPartnerFeed = (request: Request, wait: (p: Promise<unknown>) => void) => {
    const now = clock();
    const epoch = store.at(now);
    return partnerFeed.answer(request, now, async () => {
      const doc = (await documentAt(epoch, PUBLIC_JSON_FEED))!;
      return store.representation(epoch, PUBLIC_JSON_FEED, doc, wait);
    });
  };
  app.get(paths.partnerFeed, (c) => answerPartnerFeed(c.req.raw, (p) => waitUntil(c, p)));

  // An embargoed article's ninjs document, for partners: under the partner feed's rules.
  app.get("/partners/articles/:file", (c) => partnerFeed.answerNinjs(c.req.raw, c.req.param("file"), clock()));

  // WebFinger (RFC 7033): which actor a handle is (src/fediverse/webfinger.ts).
  app.get(paths.webfinger, async (c) => {
    const epoch = store.at(clock());
    const asked = webfingerHandle(site, c.req.queries("resource"));
    if (asked.error !== undefined) return fixed.badRequest(c.req.method, asked.error);
    const key = asked.handle === undefined ? undefined : webfingerKey(asked.handle);
    const doc = key === undefined ? undefined : await documentAt(epoch, key);
    if (key === undefined || doc === undefined) return fixed.notFound(c.req.method, epoch.catalog.view.nextChange);
    return store.serve(epoch, key, doc, c.req.raw, clock, (p) => waitUntil(c, p));
  });

  app.get("*", async (c) => {
    const epoch = store.at(clock());
    const path = c.req.path;
    if (path.startsWith(IMAGES_PREFIX)) return photo(c.req.raw, path, clock());
    const wanted = store.keyFor(path, c.req.raw);
    const key = wanted ?? path;
    const doc = await documentAt(epoch, key);
    // A browser asking for an actor is sent to the actor's page.
    if (wanted === undefined && doc?.page !== undefined) return fixed.seeOther(doc.page);
    if (doc) return store.serve(epoch, key, doc, c.req.raw, clock, (p) => waitUntil(c, p));
    // A known path with a trailing slash is redirected to it.
    if (path.length > 1 && path.endsWith("/")) {
      const bare = path.slice(0, -1);
      if (bare !== paths.home && (await documentAt(epoch, bare)) !== undefined) return fixed.redirect(bare);
    }
    return fixed.notFound(c.req.method, epoch.catalog.view.nextChange);
  });

  app.notFound((c) => fixed.notFound(c.req.method, store.at(clock()).catalog.view.nextChange));

  /** A request's failure: a 503 when storage failed (it may answer again), else a 500, logged. */
  const failed = (error: unknown, method: string): Response => {
    if (!(error instanceof StorageError)) {
      console.error(error);
      return fixed.error();
    }
    console.error(`storage: ${error.message}`);
    return fixed.unavailable(method);
  };
  app.onError((error, c) => failed(error, c.req.method));

  const direct = new Map<string, DirectAnswer>([
    [
      paths.partnerFeed,
      async (request, ctx) => {
        try {
          return await answerPartnerFeed(request, (p) => ctx?.waitUntil(p));
        } catch (error) {
          return failed(error, request.method);
        }
      },
    ],
  ]);
  app.fetch = withHotPath(app.fetch, store, clock, direct);
  return app;
}

/** `waitUntil` of the request's execution context, when there is one (not in `app.request`). */
function waitUntil(c: Context, promise: Promise<unknown>): void {
  try {
    c.executionCtx.waitUntil(promise);
  } catch {
    // No execution context: the promise runs on without one.
  }
}
