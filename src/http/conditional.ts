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
  if (header === etag) return true; // the usual case: the client sends back what it got
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
  const parts = dateParts(value);
  if (!parts) return undefined;
  const { day, month, year, hour, minute, second } = parts;
  const monthIndex = MONTHS[month];
  if (monthIndex === undefined || hour > 23 || minute > 59 || second > 60) return undefined;
  const ms = Date.UTC(year, monthIndex, day, hour, minute, second);
  // Reject dates that do not exist (31 Feb) rather than let Date roll them over.
  return new Date(ms).getUTCDate() === day ? ms : undefined;
}

interface DateParts {
  day: number;
  month: string;
  year: number;
  hour: number;
  minute: number;
  second: number;
}

function dateParts(value: string): DateParts | undefined {
  const imf = IMF_FIXDATE.exec(value);
  if (imf) return { day: +imf[1]!, month: imf[2]!, year: +imf[3]!, hour: +imf[4]!, minute: +imf[5]!, second: +imf[6]! };
  const rfc850 = RFC850_DATE.exec(value);
  if (rfc850) {
    // A two-digit year more than 50 years ahead is in the previous century (§5.6.7).
    const yy = +rfc850[3]!;
    return {
      day: +rfc850[1]!,
      month: rfc850[2]!,
      year: yy + (yy >= 70 ? 1900 : 2000),
      hour: +rfc850[4]!,
      minute: +rfc850[5]!,
      second: +rfc850[6]!,
    };
  }
  const asctime = ASCTIME_DATE.exec(value);
  if (asctime)
    return {
      day: +asctime[2]!.trim(),
      month: asctime[1]!,
      year: +asctime[6]!,
      hour: +asctime[3]!,
      minute: +asctime[4]!,
      second: +asctime[5]!,
    };
  return undefined;
}

/**
 * Whether a GET or HEAD should be answered 304 Not Modified (§13.2.2): If-None-Match
 * when present, else If-Modified-Since (valid, single, and not after Last-Modified,
 * given in ms and already truncated to whole seconds). If-Match, If-Unmodified-Since
 * and If-Range do not apply to a read-only resource whose representation always exists.
 */
export function isNotModified(headers: Headers, etag: string, lastModified?: number): boolean {
  const ifNoneMatch = headers.get("If-None-Match");
  if (ifNoneMatch !== null) return ifNoneMatchMatches(ifNoneMatch, etag);
  if (lastModified === undefined) return false;
  const ifModifiedSince = headers.get("If-Modified-Since");
  if (ifModifiedSince === null || ifModifiedSince.length > MAX_CONDITIONAL_HEADER_BYTES) return false;
  const since = parseHttpDate(ifModifiedSince.trim());
  // ≤, not equality: some readers send their own fetch time rather than our Last-Modified.
  return since !== undefined && lastModified <= since;
}
