/**
 * Conditional GET/HEAD (RFC 9110 §13). Pure functions over header strings, so every
 * row of the RFC's rules is a unit test.
 *
 * Why not `hono/etag`: it hashes the body on every request and ignores
 * If-Modified-Since (§13.1.3), which many feed fetchers send alone. Here the validators
 * are computed once per representation and both headers are evaluated.
 */

/** At most this many entity-tags of an If-None-Match list are examined (bounded work per request). */
export const MAX_ETAGS = 64;
/** An If-None-Match or If-Modified-Since longer than this is ignored (answered 200, never 304). */
export const MAX_CONDITIONAL_HEADER_BYTES = 8192;

// entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE ; etagc = %x21 / %x23-7E / obs-text (§8.8.3)
const ENTITY_TAG = /[ \t]*(?:W\/)?"([\x21\x23-\x7E\x80-\uFFFF]*)"[ \t]*(?:,|$)/y;

/**
 * If-None-Match with the weak comparison function (§13.1.2): `*` matches any current
 * representation; otherwise the opaque-tags are compared ignoring `W/`, so a tag that
 * Cloudflare weakened on recompression still matches. A malformed list matches nothing.
 */
export function ifNoneMatchMatches(header: string, etag: string): boolean {
  if (header.length > MAX_CONDITIONAL_HEADER_BYTES) return false;
  if (header.trim() === "*") return true;
  const opaque = opaqueTag(etag);
  ENTITY_TAG.lastIndex = 0;
  for (let i = 0; i < MAX_ETAGS && ENTITY_TAG.lastIndex < header.length; i++) {
    const match = ENTITY_TAG.exec(header);
    if (!match) return false;
    if (match[1] === opaque) return true;
  }
  return false;
}

/** The opaque-tag (between the quotes) of an entity-tag. */
export function opaqueTag(etag: string): string {
  return etag.slice(etag.indexOf('"') + 1, -1);
}

const MONTHS: Record<string, number> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };
const IMF_FIXDATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const RFC850_DATE =
  /^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\d{2})-([A-Z][a-z]{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const ASCTIME_DATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Z][a-z]{2}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;

/**
 * Parses an HTTP-date in any of the three formats a recipient must accept (§5.6.7),
 * returning milliseconds since the epoch, or undefined if the value is not exactly one
 * valid date (so a list of dates, or garbage, is ignored as §13.1.3 requires).
 */
export function parseHttpDate(value: string): number | undefined {
  let day: string;
  let month: string;
  let year: number;
  let time: [string, string, string];
  let m: RegExpExecArray | null;
  if ((m = IMF_FIXDATE.exec(value))) {
    [day, month, year, time] = [m[1]!, m[2]!, Number(m[3]), [m[4]!, m[5]!, m[6]!]];
  } else if ((m = RFC850_DATE.exec(value))) {
    // Two-digit years: 50 years or more in the future means the previous century (§5.6.7).
    const yy = Number(m[3]);
    [day, month, year, time] = [m[1]!, m[2]!, yy + (yy >= 70 ? 1900 : 2000), [m[4]!, m[5]!, m[6]!]];
  } else if ((m = ASCTIME_DATE.exec(value))) {
    [day, month, year, time] = [m[2]!.trim(), m[1]!, Number(m[6]), [m[3]!, m[4]!, m[5]!]];
  } else {
    return undefined;
  }
  const monthIndex = MONTHS[month];
  if (monthIndex === undefined) return undefined;
  const [h, min, s] = time.map(Number) as [number, number, number];
  const ms = Date.UTC(year, monthIndex, Number(day), h, min, s);
  const check = new Date(ms);
  // Reject dates that do not exist (31 Feb) rather than let Date roll them over.
  if (check.getUTCDate() !== Number(day) || h > 23 || min > 59 || s > 60) return undefined;
  return ms;
}

/** What a representation offers for conditional requests. */
export interface Validators {
  etag: string;
  /** Last-Modified in ms since the epoch, already truncated to whole seconds. */
  lastModified?: number;
}

/**
 * Whether a GET or HEAD should be answered 304 Not Modified (§13.2.2): If-None-Match
 * when present, else If-Modified-Since (valid, single, and not after Last-Modified).
 * If-Match, If-Unmodified-Since and If-Range do not apply to a read-only resource whose
 * representation always exists.
 */
export function isNotModified(headers: Headers, validators: Validators): boolean {
  const ifNoneMatch = headers.get("If-None-Match");
  if (ifNoneMatch !== null) return ifNoneMatchMatches(ifNoneMatch, validators.etag);
  const ifModifiedSince = headers.get("If-Modified-Since");
  if (ifModifiedSince === null || validators.lastModified === undefined || ifModifiedSince.length > MAX_CONDITIONAL_HEADER_BYTES)
    return false;
  const since = parseHttpDate(ifModifiedSince.trim());
  // ≤, not equality: some readers send their own fetch time rather than our Last-Modified.
  return since !== undefined && validators.lastModified <= since;
}
