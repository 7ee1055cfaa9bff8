/**
 * REDbot, restated: httplint's checks of one HTTP response (github.com/mnot/httplint,
 * `httplint/`) and REDbot's active probes (github.com/mnot/redbot,
 * `redbot/resource/active_check/`), for every rule that can fire on a read-only,
 * cacheable origin like this one; plus a few of this project's own rules (`PROJECT_*`).
 * Only the notes REDbot rates BAD or WARN are restated: INFO and GOOD notes are not
 * problems. Note names are httplint's/REDbot's, so a failure reads like REDbot's report.
 *
 * Restated, rule by rule (httplint unless marked REDbot; source files as of the versions
 * fetched when this was written):
 * - field/: FIELD_NAME_BAD_SYNTAX, REQUEST_HDR_IN_RESPONSE, FIELD_DEPRECATED (the names in
 *   field/deprecated.py that a server could send), SINGLE_HEADER_REPEAT, FIELD_VALUE_ENCODING,
 *   FIELD_TOO_LARGE, FIELD_SECTION_TOO_LARGE, BAD_SYNTAX (for the fields parsed below).
 * - cache.py: DATE_CLOCKLESS, DATE_CLOCKLESS_BAD_HDR, STORE_PRIVATE_PUBLIC_CONFLICT,
 *   FRESHNESS_NO_CACHE_NO_VALIDATOR, FRESHNESS_HEURISTIC, STORE_PUBLIC_UNNECESSARY.
 * - parsers/cache_control.py: CC_MISCAP, CC_SHOULD_NOT_HAVE_VALUE, CC_BAD_VALUE_TYPE,
 *   CC_MAX_AGE_TOO_LARGE, CC_DUP, CC_CONFLICTING, CC_WRONG_MESSAGE.
 * - parsers/cdn_cache_control.py: STRUCTURED_FIELD_PARSE_ERROR (an RFC 8941 dictionary of
 *   integers, tokens, strings and booleans), BAD_CDN_CC_TYPE.
 * - parsers/vary.py: VARY_DUPLICATE, VARY_ASTERISK, VARY_COMPLEX, VARY_USER_AGENT, VARY_HOST.
 * - parsers/etag.py (syntax); parsers/last_modified.py LM_FUTURE; field/utils.py
 *   BAD_DATE_SYNTAX, DATE_OBSOLETE; parsers/date.py DATE_INCORRECT (5 s skew).
 * - parsers/content_encoding.py ENCODING_UNWANTED (httplint needs the request linked to
 *   the response for it, which REDbot does not do; this lint always links them);
 *   content_encoding.py BAD_GZIP.
 * - parsers/content_type.py + field/utils.py: MEDIA_TYPE_BAD_NAME, PARAM_REPEATS;
 *   charset.py CHARSET_UNDECODABLE; message.py CL_INCORRECT, CONTENT_NOT_ALLOWED.
 * - parsers/link.py LINK_REV, LINK_BAD_TYPE; parsers/location.py LOCATION_UNDEFINED.
 * - parsers/strict_transport_security.py: HSTS_INVALID with HSTS_OVER_HTTP (over http and
 *   not a 301), HSTS_NO_MAX_AGE, HSTS_BAD_MAX_AGE, HSTS_MAX_AGE_ZERO, HSTS_SHORT_MAX_AGE
 *   (below 1,536,000 s, the source's threshold), HSTS_NO_SUBDOMAINS, HSTS_DUPLICATE_DIRECTIVE.
 * - X-Content-Type-Options CONTENT_TYPE_OPTIONS_UNKNOWN; X-Frame-Options FRAME_OPTIONS_UNKNOWN;
 *   Content-Security-Policy CSP_DUPLICATE_DIRECTIVE, CSP_WIDE_OPEN, CSP_UNSAFE_INLINE,
 *   CSP_UNSAFE_EVAL, CSP_HTTP_URI, CSP_DEPRECATED_REPORT_URI; Referrer-Policy
 *   REFERRER_POLICY_UNKNOWN, REFERRER_POLICY_MULTIPLE, REFERRER_POLICY_UNSAFE;
 *   Cross-Origin-Opener-Policy COOP_UNSAFE_NONE, CROSS_ORIGIN_OPENER_POLICY_BAD_VALUE;
 *   Cross-Origin-Resource-Policy CROSS_ORIGIN_RESOURCE_POLICY_BAD_VALUE.
 * - field/cors.py and parsers/access_control_*.py: CORS_PREFLIGHT_ONLY (with the request
 *   linked, as above), ACAO_MULTIPLE_VALUES, CORS_MAX_AGE_INVALID, CORS_MAX_AGE_NEGATIVE.
 * - status.py: NO_DATE_304, HEADER_SHOULD_NOT_BE_IN_304, REDIRECT_WITHOUT_LOCATION,
 *   STATUS_NONSTANDARD, STATUS_405_METHOD_IN_ALLOW.
 * - REDbot probes: conneg.py VARY_STATUS_MISMATCH, VARY_HEADER_MISMATCH, CONNEG_NO_VARY, VARY_INCONSISTENT, VARY_ETAG_DOESNT_CHANGE,
 *   CONNEG_GZIP_BAD; etag_validate.py INM_FULL, INM_DUP_ETAG_STRONG; lm_validate.py
 *   IMS_FULL; base.py MISSING_HDRS_304.
 *
 * Knowingly left out: CONTENT_TYPE_MISMATCH (the WHATWG MIME-sniffing algorithm; every
 * Content-Type here is fixed per kind of document and asserted exactly in the worker
 * tests); CHARSET_MISMATCH (chardet's guesses); BAD_SYNTAX_DETAILED as distinct from
 * BAD_SYNTAX (both reported as BAD_SYNTAX, at the stricter level); DICTIONARY_COMPRESSED_
 * MISSING_VARY, BAD_BROTLI, BAD_ZLIB (the service itself only ever sends gzip); COEP_*,
 * PERMISSIONS_POLICY_*, CSP_REPORT_TO_MISSING, COOP_REPORT_TO_MISSING,
 * HSTS_PRELOAD_NOT_SUITABLE (headers and features the service does not send); CHECK_*
 * (Internet Explorer's pre-check/post-check); AGE_PENALTY (no Age from an origin); REDbot's
 * Range probe (it runs only with `Accept-Ranges: bytes`, which the service does not send).
 *
 * Added by this project: PROJECT_STATUS (an unexpected status), PROJECT_CT_MISSING,
 * PROJECT_CT_NO_CHARSET, PROJECT_NOSNIFF_MISSING, PROJECT_SET_COOKIE, PROJECT_ETAG_MISSING,
 * PROJECT_LM_MISSING, PROJECT_VARY_AE_MISSING (a response of a type the edge or the runtime
 * encodes per client, without Vary: Accept-Encoding), PROJECT_INM_WEAK (weak comparison,
 * RFC 9110 §13.1.2), PROJECT_INM_UNKNOWN_304, PROJECT_IMS_OLDER_304, PROJECT_HEAD_DIFFERS,
 * PROJECT_304_DIFFERS (a 304 must repeat the 200's validators and freshness, §15.4.5),
 * PROJECT_ENCODING_FOR_IDENTITY (a client that said `identity` or `gzip;q=0` got a coding),
 * PROJECT_401_NO_CHALLENGE (a 401 without WWW-Authenticate, RFC 9110 §15.5.2), and with
 * credentials (`headers`): PROJECT_AUTH_SHARED (an answer a shared cache may store, RFC 9111
 * §3.5) and PROJECT_VARY_AUTH_MISSING (no Vary: Authorization).
 */
import { request as httpRequest } from "node:http";
import { gunzipSync } from "node:zlib";

export type Level = "BAD" | "WARN";

export interface Note {
  level: Level;
  name: string;
  /** Which request it came from: `GET`, `conneg`, `inm`, `ims`, `HEAD`, `identity`… */
  subject: string;
  detail: string;
}

/** One response as received: headers in order with repeats, the body's bytes as sent. */
export interface Message {
  status: number;
  /** [name, value] in the order received; repeated fields stay separate. */
  fields: [string, string][];
  body: Buffer;
  /** The request it answers (httplint calls this "linking" the request). */
  request: { method: string; url: string; headers: Record<string, string> };
  /** When it was received, ms. */
  receivedAt: number;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const ETAG = /^(W\/)?"[\x21\x23-\x7E\x80-\xFF]*"$/;
const IMF_FIXDATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT$/;
const OBSOLETE_DATE =
  /^((Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \d\d-[A-Za-z]{3}-\d\d \d\d:\d\d:\d\d GMT|[A-Za-z]{3} [A-Za-z]{3} [ \d]\d \d\d:\d\d:\d\d \d{4})$/;
/** RFC 6838 §4.2 restricted-name. */
const MEDIA_NAME = /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$/;

/** Fields only a request carries (httplint's `valid_in_requests`-only parsers). */
const REQUEST_ONLY = new Set([
  "pragma",
  "accept",
  "accept-encoding",
  "accept-language",
  "authorization",
  "cookie",
  "expect",
  "host",
  "if-match",
  "if-modified-since",
  "if-none-match",
  "if-range",
  "if-unmodified-since",
  "max-forwards",
  "origin",
  "range",
  "referer",
  "te",
  "user-agent",
  "access-control-request-method",
  "access-control-request-headers",
]);
/** httplint field/deprecated.py: the deprecated names a server could send. */
const DEPRECATED = new Set([
  "keep-alive",
  "x-xss-protection",
  "x-download-options",
  "x-ua-compatible",
  "expect-ct",
  "feature-policy",
  "p3p",
  "warning",
  "content-md5",
  "public-key-pins",
  "public-key-pins-report-only",
  "x-webkit-csp",
  "x-content-security-policy",
  "content-base",
  "set-cookie2",
  "x-pad",
  "status-uri",
]);
/** Fields that must appear once (httplint singleton parsers). */
const SINGLETON = new Set([
  "etag",
  "last-modified",
  "date",
  "content-type",
  "content-length",
  "location",
  "strict-transport-security",
  "access-control-allow-origin",
  "access-control-allow-credentials",
  "access-control-max-age",
  "x-frame-options",
  "cross-origin-resource-policy",
  "expires",
  "age",
]);
/** RFC 9110 §15.1 / §9.1 status codes httplint knows. */
const KNOWN_STATUS = new Set([
  100, 101, 200, 201, 202, 203, 204, 205, 206, 300, 301, 302, 303, 304, 305, 307, 308, 400, 401, 402, 403, 404, 405, 406, 407, 408, 409,
  410, 411, 412, 413, 414, 415, 416, 417, 421, 422, 426, 428, 429, 431, 451, 500, 501, 502, 503, 504, 505,
]);
/** Heuristically cacheable statuses (RFC 9110 §15.1; httplint cache.py). */
const HEURISTIC_STATUS = new Set([200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501]);
/** Cache-Control directives: those with values (and of which type) and flags. */
const CC_INT = new Set(["max-age", "s-maxage", "stale-while-revalidate", "stale-if-error", "max-stale", "min-fresh"]);
const CC_FLAG = new Set([
  "public",
  "no-store",
  "must-revalidate",
  "proxy-revalidate",
  "no-transform",
  "immutable",
  "only-if-cached",
  "must-understand",
]);
const CC_REQUEST_ONLY = new Set(["max-stale", "min-fresh", "only-if-cached"]);
/** httplint cache_control.py's conflict table: the first directive conflicts with the others. */
const CC_CONFLICTS: [string, string[]][] = [
  [
    "no-store",
    [
      "max-age",
      "s-maxage",
      "public",
      "private",
      "no-cache",
      "must-revalidate",
      "proxy-revalidate",
      "stale-while-revalidate",
      "stale-if-error",
      "immutable",
    ],
  ],
  ["no-cache", ["max-age", "s-maxage", "must-revalidate", "stale-while-revalidate", "stale-if-error", "immutable"]],
  ["must-revalidate", ["stale-while-revalidate", "stale-if-error", "immutable"]],
];
const CDN_INT = new Set(["max-age", "s-maxage", "stale-while-revalidate", "stale-if-error"]);
const CDN_BOOL = new Set(["no-store", "public", "must-revalidate", "proxy-revalidate", "immutable", "no-transform"]);
const REFERRER_POLICIES = new Set([
  "no-referrer",
  "no-referrer-when-downgrade",
  "same-origin",
  "origin",
  "strict-origin",
  "origin-when-cross-origin",
  "strict-origin-when-cross-origin",
  "unsafe-url",
]);
/** Representation metadata a 304 should not carry (httplint status.py). */
const NOT_IN_304 = ["content-type", "content-encoding", "content-language"];
/** What a 304 must repeat when the 200 has it (REDbot MISSING_HDRS_304). */
const REPEATED_IN_304 = ["cache-control", "content-location", "etag", "expires", "vary"];
/** Types the edge and the local runtime encode per client (src/http/encoding.ts). */
const ENCODED_PER_CLIENT = /^(text\/(html|css|plain|xml)|application\/(rss\+xml|xml|json|ld\+json|manifest\+json)|image\/svg\+xml)\b/;
const TEXTUAL = /^(text\/|application\/(rss\+xml|atom\+xml|feed\+json|json|xml|schema\+json)|image\/svg\+xml)/;

/** The values of a field, in order (repeats kept). */
function values(m: Message, name: string): string[] {
  return m.fields.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v);
}
/** A field's combined value (RFC 9110 §5.3), or undefined. */
function field(m: Message, name: string): string | undefined {
  const all = values(m, name);
  return all.length === 0 ? undefined : all.join(", ");
}
/** A comma-separated list, split outside quoted strings, empty elements dropped. */
function list(value: string): string[] {
  const out: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (ch === '"' && value[i - 1] !== "\\") quoted = !quoted;
    if (ch === "," && !quoted) {
      out.push(current.trim());
      current = "";
    } else current += ch;
  }
  out.push(current.trim());
  return out.filter((element) => element !== "");
}
export function parseHttpDate(value: string): number | undefined {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** httplint's checks of one message, the request linked. Only BAD and WARN notes. */
export function lintMessage(m: Message, subject = m.request.method): Note[] {
  const notes: Note[] = [];
  const note = (level: Level, name: string, detail = "") => notes.push({ level, name, subject, detail });
  const status = m.status;
  const isHead = m.request.method === "HEAD";

  // field/: names, repeats, encodings, sizes, deprecation, request-only fields.
  let sectionSize = 0;
  const seen = new Map<string, number>();
  for (const [name, value] of m.fields) {
    const lower = name.toLowerCase();
    sectionSize += name.length + value.length + 4;
    seen.set(lower, (seen.get(lower) ?? 0) + 1);
    if (!TOKEN.test(name)) note("BAD", "FIELD_NAME_BAD_SYNTAX", name);
    if (/[\u0080-\uffff]/.test(value)) note("WARN", "FIELD_VALUE_ENCODING", name);
    if (name.length + value.length + 2 > 8192) note("WARN", "FIELD_TOO_LARGE", name);
    if (REQUEST_ONLY.has(lower)) note("BAD", "REQUEST_HDR_IN_RESPONSE", name);
    else if (DEPRECATED.has(lower)) note("WARN", "FIELD_DEPRECATED", name);
  }
  if (sectionSize > 32768) note("WARN", "FIELD_SECTION_TOO_LARGE", `${sectionSize} bytes`);
  for (const [name, count] of seen) if (count > 1 && SINGLETON.has(name)) note("BAD", "SINGLE_HEADER_REPEAT", name);

  // Status (status.py).
  if (!KNOWN_STATUS.has(status)) note("BAD", "STATUS_NONSTANDARD", String(status));
  if ([301, 302, 303, 307, 308].includes(status) && field(m, "location") === undefined) note("BAD", "REDIRECT_WITHOUT_LOCATION");
  if (status === 304) {
    if (field(m, "date") === undefined) note("WARN", "NO_DATE_304");
    for (const name of NOT_IN_304) if (field(m, name) !== undefined) note("WARN", "HEADER_SHOULD_NOT_BE_IN_304", name);
  }
  if (status === 405) {
    const allow = (field(m, "allow") ?? "").split(",").map((s) => s.trim());
    if (allow.includes(m.request.method)) note("WARN", "STATUS_405_METHOD_IN_ALLOW", m.request.method);
  }

  // Date, Last-Modified, Expires (parsers/date.py, last_modified.py, field/utils.py).
  const dates: Record<string, number | undefined> = {};
  for (const name of ["date", "last-modified", "expires"]) {
    const value = field(m, name);
    if (value === undefined) continue;
    if (IMF_FIXDATE.test(value)) dates[name] = parseHttpDate(value);
    else if (OBSOLETE_DATE.test(value)) {
      note("WARN", "DATE_OBSOLETE", `${name}: ${value}`);
      dates[name] = parseHttpDate(value);
    } else if (!(name === "expires" && value === "0")) note("BAD", "BAD_DATE_SYNTAX", `${name}: ${value}`);
  }
  if (dates.date !== undefined && Math.abs(dates.date - m.receivedAt) > 5000) note("BAD", "DATE_INCORRECT", field(m, "date")!);
  if (dates["last-modified"] !== undefined && dates["last-modified"] > (dates.date ?? m.receivedAt)) note("BAD", "LM_FUTURE");

  // Cache-Control (parsers/cache_control.py) and the cache checker (cache.py).
  const cc = new Map<string, string | undefined>();
  for (const element of list(field(m, "cache-control") ?? "")) {
    const match = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)(?:=("(?:[^"\\]|\\.)*"|[!#$%&'*+.^_`|~0-9A-Za-z-]+))?$/.exec(element);
    if (!match) {
      note("BAD", "BAD_SYNTAX", `Cache-Control: ${element}`);
      continue;
    }
    const [, rawName, rawValue] = match as unknown as [string, string, string | undefined];
    if (rawName !== rawName.toLowerCase()) note("WARN", "CC_MISCAP", rawName);
    const name = rawName.toLowerCase();
    const value = rawValue?.replace(/^"|"$/g, "");
    if (CC_FLAG.has(name) && rawValue !== undefined) note("BAD", "CC_SHOULD_NOT_HAVE_VALUE", element);
    if (CC_INT.has(name)) {
      if (value === undefined || !/^\d+$/.test(value)) {
        note("BAD", "CC_BAD_VALUE_TYPE", element);
        continue;
      }
      if (Number(value) > 2147483648) note("WARN", "CC_MAX_AGE_TOO_LARGE", element);
    }
    if (CC_REQUEST_ONLY.has(name)) note("WARN", "CC_WRONG_MESSAGE", name);
    if (cc.has(name)) note("WARN", "CC_DUP", name);
    cc.set(name, value);
  }
  const conflict = CC_CONFLICTS.find(([first, others]) => cc.has(first) && others.some((other) => cc.has(other)));
  if (conflict) note("WARN", "CC_CONFLICTING", conflict[0]);
  if (dates.date === undefined) {
    if (field(m, "expires") !== undefined || field(m, "last-modified") !== undefined) note("BAD", "DATE_CLOCKLESS_BAD_HDR");
    else note("WARN", "DATE_CLOCKLESS");
  }
  const storable = !cc.has("no-store");
  if (cc.has("public") && cc.has("private")) note("BAD", "STORE_PRIVATE_PUBLIC_CONFLICT");
  const hasValidator = field(m, "etag") !== undefined || field(m, "last-modified") !== undefined;
  if (storable && status !== 304) {
    if (cc.has("no-cache")) {
      if (!hasValidator) note("WARN", "FRESHNESS_NO_CACHE_NO_VALIDATOR");
    } else {
      const explicit = cc.has("max-age") || cc.has("s-maxage") || field(m, "expires") !== undefined;
      if (!explicit && HEURISTIC_STATUS.has(status) && !cc.has("public") && !cc.has("private")) note("WARN", "FRESHNESS_HEURISTIC");
      if (cc.has("public") && (explicit || HEURISTIC_STATUS.has(status))) note("WARN", "STORE_PUBLIC_UNNECESSARY");
    }
  }

  // CDN-Cache-Control: an RFC 8941 dictionary (parsers/cdn_cache_control.py).
  const cdn = field(m, "cdn-cache-control");
  if (cdn !== undefined) {
    for (const member of cdn.split(",").map((s) => s.trim())) {
      const match = /^([a-z*][a-z0-9_\-.*]*)(?:=(-?\d{1,15}|"(?:[^"\\]|\\.)*"|[A-Za-z*][!#$%&'*+.^_`|~0-9A-Za-z:/-]*|\?[01]))?$/.exec(
        member,
      );
      if (!match) {
        note("BAD", "STRUCTURED_FIELD_PARSE_ERROR", `CDN-Cache-Control: ${member}`);
        continue;
      }
      const [, key, value] = match as unknown as [string, string, string | undefined];
      if (CDN_INT.has(key) && (value === undefined || !/^-?\d+$/.test(value))) note("BAD", "BAD_CDN_CC_TYPE", member);
      if (CDN_BOOL.has(key) && value !== undefined && value !== "?1") note("BAD", "BAD_CDN_CC_TYPE", member);
    }
  }

  // Vary (parsers/vary.py).
  const vary = field(m, "vary");
  const varyNames: string[] = [];
  if (vary !== undefined) {
    for (const element of list(vary)) {
      if (element !== "*" && !TOKEN.test(element)) {
        note("BAD", "BAD_SYNTAX", `Vary: ${element}`);
        continue;
      }
      const name = element.toLowerCase();
      if (varyNames.includes(name)) note("WARN", "VARY_DUPLICATE", element);
      varyNames.push(name);
    }
    if (varyNames.includes("*")) note("WARN", "VARY_ASTERISK");
    if (varyNames.length > 3) note("WARN", "VARY_COMPLEX", vary);
    if (varyNames.includes("user-agent")) note("WARN", "VARY_USER_AGENT");
    if (varyNames.includes("host")) note("WARN", "VARY_HOST");
  }

  // ETag (parsers/etag.py).
  const etag = field(m, "etag");
  if (etag !== undefined && !ETAG.test(etag)) note("WARN", "BAD_SYNTAX", `ETag: ${etag}`);

  // Content-Type, charset, Content-Length, content (content_type.py, charset.py, message.py).
  const type = field(m, "content-type");
  if (type !== undefined) {
    const [media = "", ...params] = type.split(";").map((s) => s.trim());
    const [top = "", sub = ""] = media.split("/");
    if (!MEDIA_NAME.test(top) || !MEDIA_NAME.test(sub)) note("WARN", "MEDIA_TYPE_BAD_NAME", media);
    const names = params.map((p) => p.split("=")[0]!.toLowerCase());
    if (new Set(names).size !== names.length) note("WARN", "PARAM_REPEATS", type);
  }
  const bodyAllowed = !isHead && status !== 304 && status !== 204 && !(status >= 100 && status < 200);
  if (!bodyAllowed && m.body.length > 0) note("BAD", "CONTENT_NOT_ALLOWED", `${m.body.length} bytes`);
  const length = field(m, "content-length");
  if (length !== undefined && bodyAllowed && Number(length) !== m.body.length) note("BAD", "CL_INCORRECT", `${length} vs ${m.body.length}`);

  // Content-Encoding (parsers/content_encoding.py, content_encoding.py).
  const coding = field(m, "content-encoding")?.toLowerCase();
  let decoded = m.body;
  if (coding !== undefined) {
    if (!acceptsCoding(m.request.headers["accept-encoding"], coding)) note("WARN", "ENCODING_UNWANTED", coding);
    if ((coding === "gzip" || coding === "x-gzip") && bodyAllowed && m.body.length > 0) {
      try {
        decoded = gunzipSync(m.body);
      } catch (error) {
        note("BAD", "BAD_GZIP", (error as Error).message);
      }
    }
  }
  const charset = /;\s*charset=([^;]+)/i
    .exec(type ?? "")?.[1]
    ?.trim()
    .toLowerCase();
  if (bodyAllowed && (charset === "utf-8" || charset === "utf8")) {
    try {
      new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(decoded);
    } catch {
      note("BAD", "CHARSET_UNDECODABLE", "utf-8");
    }
  }

  // Link, Location.
  for (const link of list(field(m, "link") ?? "")) {
    if (/;\s*rev\s*=/i.test(link)) note("WARN", "LINK_REV", link);
    const linkType = /;\s*type\s*=\s*"?([^";]+)"?/i.exec(link)?.[1];
    if (linkType !== undefined && !/^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*$/.test(linkType))
      note("WARN", "LINK_BAD_TYPE", linkType);
  }
  if (field(m, "location") !== undefined && ![201, 300, 301, 302, 303, 305, 307, 308].includes(status)) note("WARN", "LOCATION_UNDEFINED");

  // Strict-Transport-Security (parsers/strict_transport_security.py).
  const hsts = field(m, "strict-transport-security");
  if (hsts !== undefined) {
    const directives = hsts
      .split(";")
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name = "", value] = d.split("=").map((s) => s.trim());
        return { name: name.toLowerCase(), value: value?.replace(/^"|"$/g, "") };
      });
    const names = directives.map((d) => d.name);
    if (new Set(names).size !== names.length) note("WARN", "HSTS_DUPLICATE_DIRECTIVE");
    const maxAge = directives.find((d) => d.name === "max-age");
    let valid = true;
    if (!maxAge) {
      note("BAD", "HSTS_NO_MAX_AGE");
      valid = false;
    } else if (maxAge.value === undefined || !/^\d+$/.test(maxAge.value)) {
      note("BAD", "HSTS_BAD_MAX_AGE", maxAge.value ?? "");
      valid = false;
    } else if (Number(maxAge.value) === 0) note("WARN", "HSTS_MAX_AGE_ZERO");
    else if (Number(maxAge.value) < 1536000) note("WARN", "HSTS_SHORT_MAX_AGE", maxAge.value);
    if (!names.includes("includesubdomains")) note("WARN", "HSTS_NO_SUBDOMAINS");
    if (m.request.url.startsWith("http:") && status !== 301) {
      note("WARN", "HSTS_OVER_HTTP");
      valid = false;
    }
    if (!valid) note("BAD", "HSTS_INVALID", hsts);
  }

  // Other security headers.
  const xcto = field(m, "x-content-type-options");
  if (xcto !== undefined && !list(xcto).some((v) => v.toLowerCase() === "nosniff")) note("WARN", "CONTENT_TYPE_OPTIONS_UNKNOWN", xcto);
  const xfo = field(m, "x-frame-options");
  if (xfo !== undefined && !["DENY", "SAMEORIGIN"].includes(xfo.trim().toUpperCase())) note("WARN", "FRAME_OPTIONS_UNKNOWN", xfo);
  const csp = field(m, "content-security-policy");
  if (csp !== undefined) {
    const directives = csp
      .split(";")
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => d.split(/\s+/));
    const cspNames = directives.map(([name]) => name!.toLowerCase());
    if (new Set(cspNames).size !== cspNames.length) note("WARN", "CSP_DUPLICATE_DIRECTIVE");
    for (const [name = "", ...sources] of directives) {
      const lower = name.toLowerCase();
      if (["script-src", "style-src", "object-src"].includes(lower) && sources.includes("*")) note("WARN", "CSP_WIDE_OPEN", lower);
      if (sources.includes("'unsafe-inline'")) note("WARN", "CSP_UNSAFE_INLINE", lower);
      if (sources.includes("'unsafe-eval'")) note("WARN", "CSP_UNSAFE_EVAL", lower);
      if (sources.some((s) => s === "http:" || s.startsWith("http://"))) note("WARN", "CSP_HTTP_URI", lower);
      if (lower === "report-uri") note("WARN", "CSP_DEPRECATED_REPORT_URI");
    }
  }
  const referrer = field(m, "referrer-policy");
  if (referrer !== undefined) {
    const tokens = list(referrer).map((t) => t.toLowerCase());
    for (const t of tokens) if (!REFERRER_POLICIES.has(t)) note("WARN", "REFERRER_POLICY_UNKNOWN", t);
    const known = tokens.filter((t) => REFERRER_POLICIES.has(t));
    if (known.length > 1) note("WARN", "REFERRER_POLICY_MULTIPLE", referrer);
    if (known.at(-1) === "unsafe-url") note("WARN", "REFERRER_POLICY_UNSAFE");
  }
  const coop = field(m, "cross-origin-opener-policy");
  if (coop !== undefined) {
    const value = coop.split(";")[0]!.trim();
    if (value === "unsafe-none") note("WARN", "COOP_UNSAFE_NONE");
    else if (!["same-origin", "same-origin-allow-popups", "noopener-allow-popups"].includes(value))
      note("BAD", "CROSS_ORIGIN_OPENER_POLICY_BAD_VALUE", coop);
  }
  const corp = field(m, "cross-origin-resource-policy");
  if (corp !== undefined && !["same-origin", "same-site", "cross-origin"].includes(corp))
    note("WARN", "CROSS_ORIGIN_RESOURCE_POLICY_BAD_VALUE", corp);

  // CORS (field/cors.py, parsers/access_control_*.py).
  const isPreflight =
    m.request.method === "OPTIONS" &&
    m.request.headers.origin !== undefined &&
    m.request.headers["access-control-request-method"] !== undefined;
  for (const name of ["access-control-allow-headers", "access-control-allow-methods", "access-control-max-age"]) {
    if (!isPreflight && field(m, name) !== undefined) note("BAD", "CORS_PREFLIGHT_ONLY", name);
  }
  const acao = field(m, "access-control-allow-origin");
  if (acao !== undefined && /[ ,]/.test(acao.trim())) note("BAD", "ACAO_MULTIPLE_VALUES", acao);
  const corsMaxAge = field(m, "access-control-max-age");
  if (corsMaxAge !== undefined) {
    if (!/^-?\d+$/.test(corsMaxAge.trim())) note("BAD", "CORS_MAX_AGE_INVALID", corsMaxAge);
    else if (Number(corsMaxAge) < 0) note("BAD", "CORS_MAX_AGE_NEGATIVE", corsMaxAge);
  }
  return notes;
}

/** Whether an Accept-Encoding value (or its absence) accepts a coding (RFC 9110 §12.5.3). */
function acceptsCoding(acceptEncoding: string | undefined, coding: string): boolean {
  if (acceptEncoding === undefined) return false;
  let named: number | undefined;
  let star: number | undefined;
  for (const element of acceptEncoding.split(",")) {
    const [name = "", ...params] = element.split(";").map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith("q="));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    if (name === coding || (coding === "x-gzip" && name === "gzip") || (coding === "gzip" && name === "x-gzip")) named = weight;
    else if (name === "*") star = weight;
  }
  return (named ?? star ?? 0) > 0;
}

/** Sends one request with Node's http client: nothing is decoded, repeats are kept. */
export function fetchRaw(url: string, headers: Record<string, string> = {}, method = "GET"): Promise<Message> {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const fields: [string, string][] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) fields.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!]);
        resolve({
          status: res.statusCode ?? 0,
          fields,
          body: Buffer.concat(chunks),
          request: { method, url, headers: lower },
          receivedAt: Date.now(),
        });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

/**
 * Accepted on `npm start`, by name and detail: under `wrangler dev`, Miniflare's entry worker
 * applies its emulation of Cloudflare's compression to every response a gzip client gets, a
 * 304 (which has no Content-Type) included, and adds `Content-Encoding: gzip` to it.
 * Cloudflare compresses only 200, 403 and 404 responses. docs/http-and-caching.md, "Content codings", says so.
 */
export const WRANGLER_DEV = ["HEADER_SHOULD_NOT_BE_IN_304:content-encoding"];

export interface LintOptions {
  /** The status the URL should answer with (200 unless given). */
  status?: number;
  /** The main request's method (GET unless given); the probes follow it. */
  method?: string;
  /** The server's clock, when it runs on a fixed one (DATE_INCORRECT compares Date with it). */
  now?: number;
  /** Content with a date must say it; a static file has only its ETag. */
  requireLastModified?: boolean;
  /**
   * Notes to accept, each by name and the field or detail it names (`NAME:detail`), with
   * the reason written beside it by the caller. Nothing else is ever ignored.
   */
  allow?: string[];
  /** Headers every request sends, the probes' included (credentials). */
  headers?: Record<string, string>;
}

const format = (n: Note) => `${n.level} ${n.name} (${n.subject})${n.detail ? `: ${n.detail}` : ""}`;

/**
 * REDbot's run on one URL: the request without Accept-Encoding, its gzip negotiation
 * probe, If-None-Match and If-Modified-Since probes; plus HEAD, clients that refuse
 * codings, and a conditional request from a gzip client. Every message is linted by
 * `lintMessage`. Returns the problems, formatted; empty means clean.
 */
export async function httpLint(url: string, options: LintOptions = {}): Promise<string[]> {
  const { status = 200, requireLastModified = status === 200, allow = [], method = "GET", now, headers = {} } = options;
  // Every request, the probes included, carries the caller's headers (a partner's Authorization).
  const send = (probe: Record<string, string> = {}, m = "GET") => fetchRaw(url, { ...headers, ...probe }, m);
  const notes: Note[] = [];
  const project = (name: string, subject: string, detail = "") => notes.push({ level: "BAD", name: `PROJECT_${name}`, subject, detail });
  const lint = (m: Message, subject: string) => {
    notes.push(...lintMessage(now === undefined ? m : { ...m, receivedAt: now }, subject));
    return m;
  };

  const main = lint(await send({}, method), method);
  const get = (m: Message, name: string) => field(m, name.toLowerCase());
  if (main.status !== status) project("STATUS", "GET", `${main.status}, expected ${status}`);
  const type = get(main, "Content-Type");
  const hasBody = main.body.length > 0;
  if (hasBody && type === undefined) project("CT_MISSING", "GET");
  if (type !== undefined && TEXTUAL.test(type) && !/;\s*charset=utf-8$/i.test(type)) project("CT_NO_CHARSET", "GET", type);
  if (get(main, "X-Content-Type-Options") !== "nosniff") project("NOSNIFF_MISSING", "GET");
  if (get(main, "Set-Cookie") !== undefined) project("SET_COOKIE", "GET");
  const etag = get(main, "ETag");
  const lastModified = get(main, "Last-Modified");
  if (main.status === 200 && etag === undefined) project("ETAG_MISSING", "GET");
  if (requireLastModified && lastModified === undefined) project("LM_MISSING", "GET");
  // A body of a type the edge or the runtime encodes per client must say it varies.
  const mayBeEncoded = type === undefined || ENCODED_PER_CLIENT.test(type);
  const varies = (m: Message) =>
    list(get(m, "Vary") ?? "")
      .map((v) => v.toLowerCase())
      .some((v) => v === "accept-encoding" || v === "*");
  if (mayBeEncoded && main.status !== 304 && !varies(main)) project("VARY_AE_MISSING", "GET", type ?? "(no Content-Type)");
  // RFC 9110 §15.5.2: a 401 MUST carry a challenge.
  if (main.status === 401 && get(main, "WWW-Authenticate") === undefined) project("401_NO_CHALLENGE", "GET");
  // With credentials: no shared cache may store the answer (RFC 9111 §3.5 lets one only for
  // public, s-maxage or must-revalidate), and the answer says it varies by them.
  if (Object.keys(headers).some((name) => name.toLowerCase() === "authorization") && main.status === 200) {
    const cc = (get(main, "Cache-Control") ?? "").toLowerCase();
    if (/\b(public|s-maxage|must-revalidate)\b/.test(cc) && !/\b(private|no-store)\b/.test(cc)) project("AUTH_SHARED", "GET", cc);
    if (!list(get(main, "Vary") ?? "").some((v) => v.toLowerCase() === "authorization" || v === "*")) project("VARY_AUTH_MISSING", "GET");
  }

  // REDbot conneg.py: the same request with Accept-Encoding: gzip.
  const gz = lint(await send({ "Accept-Encoding": "gzip" }, method), "conneg");
  const gzCoding = get(gz, "Content-Encoding")?.toLowerCase();
  const conneg = (level: Level, name: string, detail = "") => notes.push({ level, name, subject: "conneg", detail });
  if ((gzCoding === "gzip" || gzCoding === "x-gzip") && main.status !== 206) {
    if (gz.status !== main.status) conneg("WARN", "VARY_STATUS_MISMATCH", `${gz.status} vs ${main.status}`);
    else {
      if (get(gz, "Content-Type") !== get(main, "Content-Type")) conneg("BAD", "VARY_HEADER_MISMATCH", "content-type");
      if (!varies(gz)) conneg("BAD", "CONNEG_NO_VARY");
      const plainVary = list(get(main, "Vary") ?? "").map((v) => v.toLowerCase());
      const gzVary = list(get(gz, "Vary") ?? "").map((v) => v.toLowerCase());
      if (plainVary.join(",") !== gzVary.join(",")) conneg("BAD", "VARY_INCONSISTENT", `${plainVary} vs ${gzVary}`);
      const gzEtag = get(gz, "ETag");
      if (gzEtag !== undefined && gzEtag === etag && !gzEtag.startsWith("W/")) conneg("BAD", "VARY_ETAG_DOESNT_CHANGE", gzEtag);
      // Savings as REDbot counts them: only when both bodies have bytes.
      if (main.body.length > 0 && gz.body.length > main.body.length && !get(main, "Content-Encoding"))
        conneg("WARN", "CONNEG_GZIP_BAD", `${gz.body.length} > ${main.body.length} bytes`);
      try {
        if (Buffer.compare(gunzipSync(gz.body), main.body) !== 0) project("GZIP_DIFFERS", "conneg");
      } catch {
        // BAD_GZIP is reported by lintMessage.
      }
    }
  }

  // Clients that refuse every coding must get identity bytes (ENCODING_UNWANTED covers it
  // through the linked request; the project rule names the client).
  for (const refusal of ["identity", "gzip;q=0, identity", "*;q=0, identity"]) {
    const m = lint(await send({ "Accept-Encoding": refusal }, method), `AE ${refusal}`);
    if (get(m, "Content-Encoding") !== undefined) project("ENCODING_FOR_IDENTITY", `AE ${refusal}`, get(m, "Content-Encoding"));
    if (Buffer.compare(m.body, main.body) !== 0) project("BODY_DIFFERS", `AE ${refusal}`);
  }

  // REDbot etag_validate.py / lm_validate.py (no 3xx), plus weak comparison and a non-match.
  const check304 = (m: Message, subject: string, base: Message) => {
    for (const name of REPEATED_IN_304) {
      if (field(base, name) !== undefined && field(m, name) === undefined)
        notes.push({ level: "WARN", name: "MISSING_HDRS_304", subject, detail: name });
    }
    for (const name of ["etag", "last-modified", "cache-control", "cdn-cache-control", "vary"]) {
      if (field(base, name) !== field(m, name)) project("304_DIFFERS", subject, `${name}: ${field(m, name)} vs ${field(base, name)}`);
    }
  };
  // REDbot sends its validation probes whenever there is a validator, but not on a 3xx.
  const conditional = method === "GET" && !(main.status >= 300 && main.status < 400);
  if (etag !== undefined && conditional) {
    const inm = lint(await send({ "If-None-Match": etag }), "inm");
    if (inm.status === 304) check304(inm, "inm", main);
    else if (inm.status === main.status) {
      if (Buffer.compare(inm.body, main.body) === 0) notes.push({ level: "WARN", name: "INM_FULL", subject: "inm", detail: "" });
      else if (!etag.startsWith("W/")) notes.push({ level: "BAD", name: "INM_DUP_ETAG_STRONG", subject: "inm", detail: etag });
    }
    const weak = etag.startsWith("W/") ? etag.slice(2) : `W/${etag}`;
    if ((await send({ "If-None-Match": weak })).status !== 304) project("INM_WEAK", "inm", `${weak} did not match ${etag}`);
    if ((await send({ "If-None-Match": '"redbot-does-not-match"' })).status === 304) project("INM_UNKNOWN_304", "inm");
    // A gzip client revalidating its gzip copy.
    const gzEtag = get(gz, "ETag");
    if (gzEtag !== undefined) {
      const again = lint(await send({ "Accept-Encoding": "gzip", "If-None-Match": gzEtag }), "conneg inm");
      if (again.status !== 304) project("INM_GZIP", "conneg inm", `${again.status}`);
      else check304(again, "conneg inm", gz);
    }
  }
  if (lastModified !== undefined && conditional) {
    const ims = lint(await send({ "If-Modified-Since": lastModified }), "ims");
    if (ims.status === 304) check304(ims, "ims", main);
    else if (ims.status === main.status && Buffer.compare(ims.body, main.body) === 0)
      notes.push({ level: "WARN", name: "IMS_FULL", subject: "ims", detail: "" });
    const older = new Date(parseHttpDate(lastModified)! - 86_400_000).toUTCString();
    if ((await send({ "If-Modified-Since": older })).status === 304) project("IMS_OLDER_304", "ims", older);
  }

  // HEAD (RFC 9110 §9.3.2): the GET's status and fields, no body.
  if (method !== "GET") return finish(notes, allow);
  const head = lint(await send({}, "HEAD"), "HEAD");
  if (head.status !== main.status) project("HEAD_DIFFERS", "HEAD", `status ${head.status}`);
  for (const name of [
    "content-type",
    "etag",
    "last-modified",
    "cache-control",
    "cdn-cache-control",
    "vary",
    "link",
    "content-security-policy",
  ]) {
    if (field(head, name) !== field(main, name)) project("HEAD_DIFFERS", "HEAD", name);
  }

  return finish(notes, allow);
}

function finish(notes: Note[], allow: string[]): string[] {
  const allowed = new Set(allow);
  return notes.filter((n) => !allowed.has(`${n.name}:${n.detail}`)).map(format);
}
