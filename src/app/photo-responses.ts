/**
 * Answering for a photo (`/images/<name>.<hash>.<ext>`, `src/core/photo-names.ts`): its name gives the
 * media type and the entity-tag, so a revalidation needs no bytes, only to know the file is
 * still there. Cached as immutable for a year by readers and the edge: other bytes would have
 * another URL. Shown cross-origin (readers and partners embed them); never sniffed; no content
 * coding (the formats are compressed already). Not held by the isolate: the edge holds them.
 *
 * A photo of an article still to come (`ContentBundle.photoReleases`) is served to a partner
 * only, with the same bytes and tag but private: `private`, `Vary: Authorization`, no CDN
 * lifetime, no CORS (`photoResponder` decides who may have it; anyone else gets the 404).
 */

import type { PhotoRelease } from "../core/model.js";
import { IMAGE_TYPES, servedImage } from "../core/photo-names.js";
import { cacheControl, cdnCacheControl } from "../http/cache-policy.js";
import { isNotModified } from "../http/conditional.js";
import { ANY_ORIGIN } from "../http/cors.js";
import { REPEATED_ON_304, withDate } from "../http/representation.js";
import { securityHeaders } from "../http/security-headers.js";
import type { PhotoStore } from "../storage/photo-store.js";

/** Who a photo is served to: everyone, or (before its release) the partner who asked. */
export type PhotoAccess = "public" | "partner";

/** A photo's header sets under a caching policy: the 200's by media type, and the 304's. */
function headerSet(policy: Record<string, string>) {
  const common = { ...policy, ...securityHeaders(undefined) };
  return {
    ok: new Map<string, Headers>(Object.values(IMAGE_TYPES).map((type) => [type, new Headers({ "Content-Type": type, ...common })])),
    // The 304 repeats what the 200 says of caching (RFC 9110 §15.4.5), the same for every type.
    notModified: new Headers(Object.entries(common).filter(([name]) => REPEATED_ON_304.includes(name))),
  };
}

const headerSets: Record<PhotoAccess, ReturnType<typeof headerSet>> = {
  // Everyone: immutable for a year, for readers and the edge; readable cross-origin.
  public: headerSet({
    "Cache-Control": cacheControl("photo"),
    "CDN-Cache-Control": cdnCacheControl("photo")!,
    "Cross-Origin-Resource-Policy": "cross-origin",
    ...ANY_ORIGIN,
  }),
  // A partner, before the photo's release: as immutable, but no shared cache may keep it; no CORS.
  partner: headerSet({ "Cache-Control": `private, ${cacheControl("photo")}`, Vary: "Authorization" }),
};

/** A photo as its served name tells it (`servedImage`). */
type ServedPhoto = NonNullable<ReturnType<typeof servedImage>>;

/** The response for a photo, or undefined when the storage has no such file (a 404). */
async function answerPhoto(
  request: Request,
  photo: ServedPhoto,
  store: PhotoStore | undefined,
  now: number,
  access: PhotoAccess = "public",
): Promise<Response | undefined> {
  if (store === undefined) return undefined;
  const etag = `"${photo.hash}"`;
  if (isNotModified(request.headers, etag)) {
    if ((await store.read(photo.name, "HEAD")) === undefined) return undefined;
    const headers = new Headers(withDate(headerSets[access].notModified, now));
    headers.set("ETag", etag);
    return new Response(null, { status: 304, headers });
  }
  // A HEAD asks the storage with a HEAD. Either answer names the length only when the storage
  // gave one (locally it does not: the runtime counts a GET's body as it sends it, as for every document).
  const head = request.method === "HEAD";
  const file = await store.read(photo.name, head ? "HEAD" : "GET");
  if (file === undefined) return undefined;
  const headers = new Headers(withDate(headerSets[access].ok.get(photo.type)!, now));
  headers.set("ETag", etag);
  const length = file.headers.get("Content-Length");
  if (length !== null) headers.set("Content-Length", length);
  if (head) {
    await file.body?.cancel();
    return new Response(null, { headers });
  }
  return new Response(file.body, { headers });
}

export interface PhotoResponderInputs {
  /** The photos still to come, by name (`ContentBundle.photoReleases`). */
  releases: Readonly<Record<string, PhotoRelease>>;
  store: PhotoStore | undefined;
  /** Whether the request carries a partner's valid token. */
  isPartner(request: Request): Promise<boolean>;
  /** The 404 of a name with no photo. */
  notFound(method: string): Response | Promise<Response>;
}

/**
 * Answers every request under `/images/`. Who may have a photo now: everyone once an article
 * that uses it is published; before, a partner (with a valid token) once one of those articles
 * is shared with partners; anyone else is told there is no such photo, as for a name that never
 * existed.
 */
export function photoResponder(inputs: PhotoResponderInputs): (request: Request, path: string, now: number) => Promise<Response> {
  const { releases, store, notFound } = inputs;
  const accessOf = async (request: Request, photo: ServedPhoto, now: number): Promise<PhotoAccess | undefined> => {
    const release = releases[photo.name];
    if (release === undefined || now >= Date.parse(release.published)) return "public";
    if (release.partnersFrom === undefined || now < Date.parse(release.partnersFrom)) return undefined;
    return (await inputs.isPartner(request)) ? "partner" : undefined;
  };
  return async (request, path, now) => {
    // A path that is no photo's served name is a 404 before anything is asked.
    const photo = servedImage(path);
    if (photo === undefined) return notFound(request.method);
    const access = await accessOf(request, photo, now);
    if (access === undefined) {
      // The same work as for a name with no file (the storage is asked, its answer dropped):
      // neither the time taken nor a storage fault tells a photo still to come from none.
      await (await answerPhoto(request, photo, store, now))?.body?.cancel();
      return notFound(request.method);
    }
    return (await answerPhoto(request, photo, store, now, access)) ?? notFound(request.method);
  };
}
