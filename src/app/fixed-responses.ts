/**
 * The responses that are not documents: 404, 301 to the canonical path, 303 from an actor to its page, 405, OPTIONS and the
 * CORS preflight, 500 and 503. Their header sets are built once; each response adds only its
 * Date (and a 404 its cap before the next publication). Their bodies are HTML or plain text
 * (or none, which the local runtime still encodes), so they vary by Accept-Encoding too.
 */
import type { Context, Next } from "hono";
import { cors } from "hono/cors";
import type { Site } from "../core/model.js";
import { cacheControl, cdnCacheControl } from "../http/cache-policy.js";
import { CORS_EXPOSED_HEADERS } from "../http/cors.js";
import { mediaTypes } from "../http/media-types.js";
import { headersAt, withDate } from "../http/representation.js";
import { securityHeaders } from "../http/security-headers.js";
import { imfFixdate } from "../render/dates.js";
import { renderNotFoundPage } from "../render/pages.js";

/** Methods this read-only service answers (RFC 9110 §15.5.6: a 405 lists them in Allow). */
export const ALLOW = "GET, HEAD, OPTIONS";
/** What an inbox answers to (src/fediverse/inbox.ts). */
export const INBOX_ALLOW = "POST, OPTIONS";

/** How long a client is asked to wait when storage failed (RFC 9110 §10.2.3). */
export const STORAGE_RETRY_AFTER_SECONDS = 5;

/** A fixed response's headers; an HTML one (the 404 page) gets the pages' security headers (`pages`) as every page does. */
const fixedHeaders = (extra: Record<string, string>, pages?: Readonly<Record<string, string>>) =>
  new Headers({ ...extra, Vary: "Accept-Encoding", ...securityHeaders(extra["Content-Type"], pages) });
const notFoundFields = {
  "Content-Type": mediaTypes.html,
  "Cache-Control": cacheControl("notFound"),
  "CDN-Cache-Control": cdnCacheControl("notFound")!,
};
const photoNotFoundFields = { "Content-Type": mediaTypes.html, "Cache-Control": "no-store" };
// The 405 says it all in its status and Allow: no body (a few bytes of text only grow
// when the runtime compresses them).
// Per Allow value: the documents' and the inboxes'.
const methodNotAllowedHeaders = new Map(
  [ALLOW, INBOX_ALLOW].map((allow) => [allow, fixedHeaders({ Allow: allow, "Cache-Control": "no-store" })]),
);
// The part of a 301 that does not depend on the target.
const redirectHeaders = fixedHeaders({ "Cache-Control": cacheControl("redirect"), "CDN-Cache-Control": cdnCacheControl("redirect")! });
// A browser sent from an actor's URL to its page: chosen by Accept, kept as long as the actor.
const seeOtherHeaders = fixedHeaders({ "Cache-Control": cacheControl("actor"), "CDN-Cache-Control": cdnCacheControl("actor")! });
seeOtherHeaders.set("Vary", "Accept, Accept-Encoding");
const optionsHeaders = new Map(
  [ALLOW, INBOX_ALLOW].map((allow) => [allow, fixedHeaders({ Allow: allow, "Cache-Control": "max-age=86400" })]),
);
// Content cannot fail per request (it is validated at build time); anything else is a
// bug, answered without detail and never cached.
const errorHeaders = fixedHeaders({ "Content-Type": mediaTypes.text, "Cache-Control": "no-store" });
// Storage that fails (a read that throws, hangs, answers wrongly or fails its check) is
// a 503 the client may retry: never stored by any cache, never a wrong body.
// A request that cannot be answered as sent (a WebFinger query without a resource): its text
// is fixed, nothing of the request reflected; kept a minute like a 404.
const badRequestHeaders = fixedHeaders({
  "Content-Type": mediaTypes.text,
  "Cache-Control": cacheControl("notFound"),
  "CDN-Cache-Control": cdnCacheControl("notFound")!,
});
const unavailableHeaders = fixedHeaders({
  "Content-Type": mediaTypes.text,
  "Cache-Control": "no-store",
  "Retry-After": String(STORAGE_RETRY_AFTER_SECONDS),
});

// CORS preflight for the feeds: a browser asks before sending If-None-Match or
// If-Modified-Since cross-origin (they are not CORS-safelisted headers).
const preflight = cors({
  origin: "*",
  allowMethods: ["GET", "HEAD"],
  allowHeaders: ["If-None-Match", "If-Modified-Since", "Cache-Control"],
  exposeHeaders: [...CORS_EXPOSED_HEADERS],
  maxAge: 86400,
});

const encoder = new TextEncoder();

/** The fixed responses of one site (its 404 page, with the pages' security headers `pageHeaders`), dated by the app's clock. */
export function fixedResponses(site: Site, clock: () => number, pageHeaders: Readonly<Record<string, string>>) {
  const bodyFor = <T>(method: string, body: T) => (method === "HEAD" ? null : body);
  // Made at the first 404: an isolate's first request is rarely one, and rendering the page is
  // a tenth of what that request costs.
  let notFound: { body: Uint8Array; headers: Headers; photoHeaders: Headers } | undefined;
  const notFoundParts = () =>
    (notFound ??= {
      body: encoder.encode(renderNotFoundPage(site)),
      // The 404 page is a page: its security headers are the pages'.
      headers: fixedHeaders(notFoundFields, pageHeaders),
      photoHeaders: fixedHeaders(photoNotFoundFields, pageHeaders),
    });
  return {
    /**
     * 404: no validators, never evaluated against preconditions (RFC 9110 §13.2.1), nothing
     * reflected. Not kept past the next publication (`nextChange`): the path may exist from then on.
     */
    notFound: (method: string, nextChange: number) => {
      const { body, headers } = notFoundParts();
      return new Response(bodyFor(method, body), {
        status: 404,
        headers: headersAt(headers, clock(), { lifetime: "notFound", changesAt: nextChange }),
      });
    },
    // Under /images/ a 404 is never stored: the name may be a photo still to come, which a
    // partner may already fetch and everyone may from its publication.
    photoNotFound: (method: string) => {
      const { body, photoHeaders } = notFoundParts();
      return new Response(bodyFor(method, body), { status: 404, headers: withDate(photoHeaders, clock()) });
    },
    // Read-only: anything but GET, HEAD and OPTIONS, X-HTTP-Method-Override included, is 405
    // with Allow (RFC 9110 §15.5.6), never cached.
    methodNotAllowed: (allow: typeof ALLOW | typeof INBOX_ALLOW = ALLOW) =>
      new Response(null, {
        status: 405,
        headers: withDate(methodNotAllowedHeaders.get(allow)!, clock()),
      }),
    /**
     * One canonical form per URL. The Location is a known path (relative, no query), never
     * other request input, so it cannot become an open redirect or reflect anything.
     */
    redirect: (path: string) => {
      const headers = new Headers(withDate(redirectHeaders, clock()));
      headers.set("Location", encodeURI(path));
      return new Response(null, { status: 301, headers });
    },
    /** 303 to an actor's page (a known path, as for `redirect`), for a browser that asked for the actor. */
    seeOther: (path: string) => {
      const headers = new Headers(withDate(seeOtherHeaders, clock()));
      headers.set("Location", encodeURI(path));
      return new Response(null, { status: 303, headers });
    },
    /** A plain OPTIONS is told what is allowed. */
    options: (now: number, allow: typeof ALLOW | typeof INBOX_ALLOW = ALLOW) =>
      new Response(null, { status: 204, headers: withDate(optionsHeaders.get(allow)!, now) }),
    /** A real CORS preflight (Fetch: an OPTIONS with Origin and Access-Control-Request-Method) for a cross-origin document. */
    preflight: async (c: Context, next: Next, now: number) => {
      const response = (await preflight(c, next)) ?? c.res;
      for (const [name, value] of Object.entries(securityHeaders(undefined))) response.headers.set(name, value);
      response.headers.append("Vary", "Accept-Encoding");
      response.headers.set("Date", imfFixdate(Math.floor(now / 1000) * 1000));
      return response;
    },
    /** 400 with a fixed explanation (`text` is ours, never the request's). */
    badRequest: (method: string, text: string) =>
      new Response(bodyFor(method, `${text}\n`), { status: 400, headers: withDate(badRequestHeaders, clock()) }),
    unavailable: (method: string) =>
      new Response(bodyFor(method, "Service unavailable: please try again shortly.\n"), {
        status: 503,
        headers: withDate(unavailableHeaders, clock()),
      }),
    error: () => new Response("Internal error\n", { status: 500, headers: withDate(errorHeaders, clock()) }),
  };
}
