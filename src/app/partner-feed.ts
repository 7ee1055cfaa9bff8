/**
 * The partners' feed, `GET /partners/feed.json` with `Authorization: Bearer <token>`: the
 * public JSON Feed of the same instant, plus the articles an editor shares early
 * (`partners_from`), each marked `embargoed` until its `published` instant, when the same
 * item (same id) turns `published` in both feeds.
 *
 * And each embargoed article's IPTC ninjs document, `GET /partners/articles/<slug>.ninjs.json`
 * with the same token (the embargoed item's `_syndication.ninjs`): `pubStatus: "withheld"` with
 * `embargoedUntil` from `partners_from`; from `published` on, a 308 to the public document
 * (`usable`), which the public gets only from then on. Refused exactly as the feed is.
 *
 * What keeps it from leaking:
 * - the route is not a catalog document: nothing of it is in the isolate's held
 *   representations (which the hot path serves by path), in the Cache API or in the
 *   public epoch; the public feeds are made without the embargoed articles as before;
 * - every answer is `Cache-Control: private, no-cache` (the 200, the 304) or `no-store`
 *   (every refusal), never `public`, `s-maxage`, `must-revalidate` or `CDN-Cache-Control`,
 *   so no shared cache may store it (RFC 9111 §3.5, §5.2.2.7) and Workers Cache bypasses it;
 * - the token is read from the Authorization header only, hashed and compared with every
 *   stored digest in constant time (`crypto.subtle.timingSafeEqual` over equal-length
 *   SHA-256 digests); every failure gets the same 401, which reflects nothing; a query
 *   string is refused before anything else (a token there would be in every log);
 * - nothing here logs a header, a token or a URL; a bad `PARTNER_KEYS` is logged by name only.
 */

import { fromHex } from "../core/bytes.js";
import type { Article, Site } from "../core/model.js";
import { type PartnerKey, parsePartnerKeys, tokenDigest } from "../core/partner-keys.js";
import { absoluteUrl, NINJS_SUFFIX, pathStart, paths } from "../core/urls.js";
import { acceptsGzip, clientAcceptEncoding } from "../http/encoding.js";
import { mediaTypes, withCharset } from "../http/media-types.js";
import { entityTag, makeRepresentation, type Representation, respond, withDate, withGzip } from "../http/representation.js";
import { securityHeaders } from "../http/security-headers.js";
import { jsonStringReplacer } from "../render/html.js";
import { embargoedItem, type JsonFeed, jsonFeedFormat } from "../render/json-feed.js";
import { NINJS_MEDIA_TYPE, ninjsDocument } from "../render/ninjs.js";

/** A partner the service knows: its id (what logs name), its name and its token's digest. */
export interface Partner {
  id: string;
  name: string;
  digest: Uint8Array;
}

/** The partners in the secret's value; none (with the reason logged, never the value) when it is not valid. */
export function partnersFromSecret(value: string | undefined): Partner[] {
  const parsed = parsePartnerKeys(value);
  if ("problem" in parsed) {
    console.error(`${parsed.problem}; no partner can sign in until it is fixed`);
    return [];
  }
  return parsed.keys.map((k: PartnerKey) => ({ id: k.id, name: k.name, digest: fromHex(k.sha256) }));
}

/** Longer than any token this service makes, by far; a longer credential is not even hashed. */
const MAX_CREDENTIALS_LENGTH = 512;
// RFC 6750 §2.1: credentials = "Bearer" 1*SP b64token; the scheme is case-insensitive (RFC 9110 §11.1).
const BEARER = /^bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

/** The token of an `Authorization: Bearer` header, or undefined for anything else. */
export function bearerToken(header: string | null): string | undefined {
  if (header === null || header.length > MAX_CREDENTIALS_LENGTH) return undefined;
  return BEARER.exec(header)?.[1];
}

/**
 * Whether two 32-byte digests are equal, in time independent of where they differ: workerd's
 * `crypto.subtle.timingSafeEqual`; on Node (which has none; the tests' own HTTP server) the
 * same by folding every byte's difference.
 */
const sameDigest: (a: Uint8Array, b: Uint8Array) => boolean =
  typeof crypto.subtle.timingSafeEqual === "function"
    ? (a, b) => crypto.subtle.timingSafeEqual(a, b)
    : (a, b) => {
        let diff = a.length ^ b.length;
        for (let i = 0; i < a.length; i++) diff |= a[i]! ^ (b[i] ?? 0);
        return diff === 0;
      };

/**
 * The partner whose token the request carries, or undefined. Every stored digest is
 * compared, whichever matches, and a request without a usable token is hashed (as the empty
 * token, which no partner has) and compared as well, so the time taken does not tell which
 * part was wrong.
 */
export async function authenticate(request: Request, partners: readonly Partner[]): Promise<Partner | undefined> {
  const token = bearerToken(request.headers.get("Authorization"));
  const digest = await tokenDigest(token ?? "");
  let found: Partner | undefined;
  for (const partner of partners) {
    if (sameDigest(digest, partner.digest) && found === undefined && token !== undefined) found = partner;
  }
  return found;
}

/** How long a partner over its rate limit is asked to wait: the limit's period. */
export const PARTNER_RETRY_AFTER_SECONDS = 60;

// Plain text, which the runtime (Miniflare locally) compresses for a client that accepts gzip:
// so they vary by Accept-Encoding, and each is long enough for gzip to make it smaller.
const refusal = (extra: Record<string, string>) =>
  new Headers({
    "Content-Type": mediaTypes.text,
    "Cache-Control": "no-store",
    Vary: "Accept-Encoding",
    ...securityHeaders(mediaTypes.text),
    ...extra,
  });
// One 401 for every way of not being a partner (RFC 6750 §3: no error code is needed, and
// giving one would tell a missing token from a wrong one).
const unauthorizedHeaders = refusal({ "WWW-Authenticate": 'Bearer realm="partners"' });
const badRequestHeaders = refusal({});
const tooManyHeaders = refusal({ "Retry-After": String(PARTNER_RETRY_AFTER_SECONDS) });
// To a partner (its token is valid): no such document under embargo, or not yet.
const notFoundHeaders = refusal({ Vary: "Authorization, Accept-Encoding" });

/** The refusals' bodies: fixed for the site, naming its documentation; nothing of the request in them. */
export function refusalBodies(site: Site): { unauthorized: string; badRequest: string; tooMany: string; notFound: string } {
  const docs = `${absoluteUrl(site, paths.partners)}#embargo`;
  return {
    unauthorized: `Partners only. Send your partner token in the Authorization header, as Authorization: Bearer <token>. How partners get a token, and what the partner feed holds: ${docs}\n`,
    badRequest: `This address takes no query string. Send your partner token in the Authorization header (Authorization: Bearer <token>), never in the URL, where logs would keep it. See ${docs}\n`,
    tooMany: `Too many requests with your partner token. Wait as many seconds as Retry-After says, then poll every few minutes with If-None-Match: an unchanged feed costs a 304. See ${docs}\n`,
    notFound: `No story is shared with partners at this address now. The partner feed links each story under embargo to its ninjs document; once published, a story's document is public. See ${docs}\n`,
  };
}

/** The partners' header sets: private to the partner, never held by a shared cache, no CORS. */
const privateHeaders = (mediaType: string) => ({
  "Content-Type": withCharset(mediaType),
  "Cache-Control": "private, no-cache",
  Vary: "Authorization, Accept-Encoding",
  ...securityHeaders(mediaType),
});
const feedHeaders = privateHeaders(jsonFeedFormat.mediaType);
const ninjsHeaders = privateHeaders(NINJS_MEDIA_TYPE);
// A published story's document is the public one: the partner's address sends there for good.
const movedHeaders = new Headers({ "Cache-Control": "private, no-cache", Vary: "Authorization", ...securityHeaders(undefined) });

const encoder = new TextEncoder();

export interface PartnerFeedInputs {
  site: Site;
  /** The bundle's articles that name `partners_from` (the only ones ever shared early). */
  articles: readonly Article[];
  partners: readonly Partner[];
  /** The Rate Limiting binding, keyed by partner id; none: no limit. */
  limiter?: RateLimit;
}

/** The public feed's representation at the clock's instant (what `/feed.json` answers now). */
export type PublicFeed = () => Promise<Representation>;

/** Held once made, gzipped once a client first accepts gzip; made again when its key changes. */
class Made {
  #memo: { key: string; rep: Promise<Representation> } | undefined;

  async get(key: string, request: Request, make: () => Promise<Representation>): Promise<Representation> {
    if (this.#memo?.key !== key) this.#hold(key, make());
    const memo = this.#memo!;
    const rep = await memo.rep;
    if (!rep.gzipLater || !acceptsGzip(clientAcceptEncoding(request))) return rep;
    const upgraded = withGzip(rep);
    if (this.#memo === memo) this.#hold(key, upgraded);
    return upgraded;
  }

  #hold(key: string, rep: Promise<Representation>): void {
    this.#memo = { key, rep };
    rep.catch(() => {
      if (this.#memo?.rep === rep) this.#memo = undefined;
    });
  }
}

interface Shared {
  article: Article;
  /** `partners_from` and `published` (ms). */
  from: number;
  until: number;
  /** Its withheld ninjs document, which the bundle fixes. */
  ninjs: Made;
}

export class PartnerFeed {
  readonly #site: Site;
  readonly #shared: readonly Shared[];
  readonly #bySlug: ReadonlyMap<string, Shared>;
  readonly #partners: readonly Partner[];
  readonly #limiter: RateLimit | undefined;
  readonly #bodies: ReturnType<typeof refusalBodies>;
  /** The feed last made, by the public feed's tag and the embargoed ids: made once per change. */
  readonly #feed = new Made();

  constructor(inputs: PartnerFeedInputs) {
    this.#site = inputs.site;
    this.#shared = inputs.articles
      .filter((a) => a.partnersFrom !== undefined)
      .map((article) => ({ article, from: Date.parse(article.partnersFrom!), until: Date.parse(article.published), ninjs: new Made() }));
    this.#bySlug = new Map(this.#shared.map((s) => [s.article.slug, s]));
    this.#partners = inputs.partners;
    this.#limiter = inputs.limiter;
    this.#bodies = refusalBodies(inputs.site);
  }

  /** The partner feed. */
  async answer(request: Request, now: number, publicFeed: PublicFeed): Promise<Response> {
    const refused = await this.#admit(request, now);
    if (refused !== undefined) return refused;
    const embargoed = this.#shared.filter((s) => s.from <= now && now < s.until).map((s) => s.article);
    const pub = await publicFeed();
    const key = `${pub.etag} ${embargoed.map((a) => a.id).join(" ")}`;
    return respond(await this.#feed.get(key, request, () => this.#make(pub, embargoed)), request, now);
  }

  /** An embargoed article's ninjs document, by the file name under `/partners/articles/`. */
  async answerNinjs(request: Request, file: string, now: number): Promise<Response> {
    const refused = await this.#admit(request, now);
    if (refused !== undefined) return refused;
    const shared = file.endsWith(NINJS_SUFFIX) ? this.#bySlug.get(file.slice(0, -NINJS_SUFFIX.length)) : undefined;
    if (shared === undefined || now < shared.from) {
      const body = request.method === "HEAD" ? null : this.#bodies.notFound;
      return new Response(body, { status: 404, headers: withDate(notFoundHeaders, now) });
    }
    const { article } = shared;
    if (now >= shared.until) {
      const headers = new Headers(withDate(movedHeaders, now));
      headers.set("Location", absoluteUrl(this.#site, paths.articleNinjs(article.slug)));
      return new Response(null, { status: 308, headers });
    }
    const rep = await shared.ninjs.get("", request, async () => {
      const body = encoder.encode(`${JSON.stringify(ninjsDocument(this.#site, article, "withheld"), jsonStringReplacer)}\n`);
      // No Last-Modified, as for the feed while it carries embargoed items: an editor may change
      // the story before it is published, and no date in it need say so (its ETag does).
      return makeRepresentation({ body, etag: await entityTag(body), headers: ninjsHeaders, gzipLater: body.length >= 1024 });
    });
    return respond(rep, request, now);
  }

  /** The partner whose token the request carries (for the photos of embargoed items), or undefined. */
  partnerOf(request: Request): Promise<Partner | undefined> {
    return authenticate(request, this.#partners);
  }

  /** The refusal for a request that is not a partner's within its limit, or undefined to serve it. */
  async #admit(request: Request, now: number): Promise<Response | undefined> {
    const head = request.method === "HEAD";
    // Before anything else: a token in the URL is refused, never read, never echoed.
    if (request.url.indexOf("?", pathStart(request.url)) >= 0)
      return new Response(head ? null : this.#bodies.badRequest, { status: 400, headers: withDate(badRequestHeaders, now) });
    const partner = await authenticate(request, this.#partners);
    if (partner === undefined)
      return new Response(head ? null : this.#bodies.unauthorized, { status: 401, headers: withDate(unauthorizedHeaders, now) });
    if (!(await this.#withinLimit(partner)))
      return new Response(head ? null : this.#bodies.tooMany, { status: 429, headers: withDate(tooManyHeaders, now) });
    return undefined;
  }

  async #withinLimit(partner: Partner): Promise<boolean> {
    if (this.#limiter === undefined) return true;
    try {
      return (await this.#limiter.limit({ key: partner.id })).success;
    } catch {
      // The limiter is a courtesy to the service, not a lock: when it fails, the partner is served.
      console.error("partner rate limit: the binding failed; serving without it");
      return true;
    }
  }

  async #make(pub: Representation, embargoed: readonly Article[]): Promise<Representation> {
    const site = this.#site;
    const feed = JSON.parse(await pub.body.text()) as JsonFeed;
    const { hubs: _hubs, ...rest } = feed;
    const publicIds = new Set(feed.items.map((i) => i.id));
    const out: JsonFeed = {
      ...rest,
      title: `${feed.title}: partners`,
      feed_url: absoluteUrl(site, paths.partnerFeed),
      // (An item the public feed has is published: were the clock behind the build's cut-off, which
      // the public view never goes before, it could be both; then it is the published one.)
      items: [...embargoed.filter((a) => !publicIds.has(a.id)).map((a) => embargoedItem(site, a)), ...feed.items],
    };
    const body = encoder.encode(`${JSON.stringify(out, jsonStringReplacer)}\n`);
    // While it carries embargoed items it has no Last-Modified: an editor may change such an
    // article before it is published, and no date in it would say so (its ETag does).
    const lastModified = embargoed.length === 0 ? pub.lastModified : undefined;
    return makeRepresentation({
      body,
      etag: await entityTag(body),
      ...(lastModified !== undefined && { lastModified }),
      headers: feedHeaders,
      gzipLater: body.length >= 1024,
    });
  }
}
