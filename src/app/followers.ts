/**
 * An actor's followers collection: how many follow it (from D1), never who. Not a catalog
 * document (it changes with every follow), so it is answered per request: a minute's lifetime,
 * its own ETag, a 304 for it, HEAD without a body.
 */
import type { Site } from "../core/model.js";
import { absoluteUrl, paths } from "../core/urls.js";
import { AS_CONTEXT } from "../fediverse/activity-streams.js";
import { cacheControl, cdnCacheControl } from "../http/cache-policy.js";
import { CROSS_ORIGIN_HEADERS } from "../http/cors.js";
import { mediaTypes } from "../http/media-types.js";
import { entityTag, makeRepresentation, respond } from "../http/representation.js";
import { securityHeaders } from "../http/security-headers.js";

const encoder = new TextEncoder();

export async function followersResponse(site: Site, handle: string, count: number, request: Request, now: number): Promise<Response> {
  const body = encoder.encode(
    `${JSON.stringify({ "@context": AS_CONTEXT, id: absoluteUrl(site, paths.followers(handle)), type: "OrderedCollection", totalItems: count })}\n`,
  );
  const rep = makeRepresentation({
    body,
    etag: await entityTag(body),
    headers: {
      "Content-Type": mediaTypes.activity,
      "Cache-Control": cacheControl("followers"),
      "CDN-Cache-Control": cdnCacheControl("followers")!,
      ...CROSS_ORIGIN_HEADERS,
      ...securityHeaders(mediaTypes.activity),
    },
  });
  return respond(rep, request, now);
}
