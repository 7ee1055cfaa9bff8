/**
 * A REDbot-style check of one URL (github.com/mnot/redbot, whose checks live in
 * mnot/httplint): the response's own headers, then the active probes REDbot sends —
 * If-None-Match, If-Modified-Since, gzip negotiation, HEAD. Returns one line per problem,
 * named like REDbot's notes; empty means nothing to report.
 *
 * REDbot itself is a Python package and PyPI is not reachable here, so this restates the
 * checks that bear on a read-only, cacheable origin.
 */
import { request as httpRequest } from "node:http";
import { gunzipSync } from "node:zlib";
import { isNotModified, parseHttpDate } from "../../src/http/conditional.js";

const TEXTUAL = /^(text\/|application\/(rss\+xml|atom\+xml|feed\+json|json|xml)|image\/svg\+xml)/;
const ETAG_SYNTAX = /^(W\/)?"[\x21\x23-\x7E\x80-\xFF]*"$/;
const CACHE_DIRECTIVE = /^[a-z-]+(=("[^"]*"|[A-Za-z0-9-]+))?$/;

interface RawResponse {
  status: number;
  headers: Headers;
  /** The bytes as sent: never decoded (fetch would gunzip them). */
  body: Buffer;
}

function request(url: string, headers: Record<string, string> = {}, method = "GET"): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers: { "Accept-Encoding": "identity", ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const out = new Headers();
        for (const [name, value] of Object.entries(res.headers))
          if (value !== undefined) out.set(name, Array.isArray(value) ? value.join(", ") : value);
        resolve({ status: res.statusCode ?? 0, headers: out, body: Buffer.concat(chunks) });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

export interface LintOptions {
  /** Content with a date must say it; a static asset has only its ETag. */
  requireLastModified?: boolean;
  now?: number;
}

export async function httpLint(url: string, { requireLastModified = true, now = Date.now() }: LintOptions = {}): Promise<string[]> {
  const problems: string[] = [];
  const bad = (note: string) => problems.push(note);
  const res = await request(url);
  const h = res.headers;
  if (res.status !== 200) bad(`STATUS: ${res.status}`);

  // Content-Type and charset
  const type = h.get("Content-Type");
  if (!type) bad("CT_MISSING");
  else if (TEXTUAL.test(type) && !/;\s*charset=utf-8$/i.test(type)) bad(`CT_NO_CHARSET: ${type}`);
  if (h.get("X-Content-Type-Options") !== "nosniff") bad("NOSNIFF_MISSING");
  if (h.get("Set-Cookie")) bad("SET_COOKIE");

  // Date (RFC 9110 §6.6.1)
  const date = h.get("Date");
  const dateMs = date === null ? undefined : parseHttpDate(date);
  if (dateMs === undefined) bad(`DATE_${date === null ? "CLOCKLESS" : "INVALID"}`);
  else if (Math.abs(dateMs - now) > 60_000) bad(`DATE_INCORRECT: ${date}`);

  // Freshness (RFC 9111 §4.2): explicit, parseable, not contradictory
  const cc = h.get("Cache-Control");
  if (!cc) bad("FRESHNESS_HEURISTIC: no Cache-Control");
  else {
    const directives = cc.split(",").map((d) => d.trim().toLowerCase());
    for (const d of directives) if (!CACHE_DIRECTIVE.test(d)) bad(`CC_BAD_SYNTAX: ${d}`);
    if (!directives.some((d) => d.startsWith("max-age=") || d === "no-store" || d === "no-cache")) bad("FRESHNESS_HEURISTIC: no max-age");
    if (directives.includes("no-store") && directives.some((d) => d.startsWith("max-age"))) bad("CC_CONFLICTING");
  }

  // Validators
  const etag = h.get("ETag");
  const lastModified = h.get("Last-Modified");
  if (!etag) bad("ETAG_MISSING");
  else if (!ETAG_SYNTAX.test(etag)) bad(`ETAG_SYNTAX: ${etag}`);
  if (!lastModified) {
    if (requireLastModified) bad("LM_MISSING");
  } else {
    const lm = parseHttpDate(lastModified);
    if (lm === undefined) bad(`LM_INVALID: ${lastModified}`);
    else if (dateMs !== undefined && lm > dateMs) bad(`LM_FUTURE: ${lastModified}`);
  }

  // Active probe: If-None-Match (REDbot INM_304 and friends)
  if (etag) {
    const inm = await request(url, { "If-None-Match": etag });
    if (inm.status !== 304) bad(`INM_FULL: If-None-Match with the current ETag gave ${inm.status}`);
    else {
      if (inm.body.length > 0) bad("304_BODY");
      for (const name of ["ETag", "Cache-Control", "Vary", "Last-Modified"]) {
        if (inm.headers.get(name) !== h.get(name)) bad(`304_HEADERS: ${name} differs (${inm.headers.get(name)} vs ${h.get(name)})`);
      }
      if (!inm.headers.get("Date")) bad("304_DATE_MISSING");
    }
    const weak = etag.startsWith("W/") ? etag : `W/${etag}`;
    if ((await request(url, { "If-None-Match": weak })).status !== 304) bad("INM_WEAK: a weakened tag is not matched");
    if ((await request(url, { "If-None-Match": '"redbot-does-not-match"' })).status !== 200) bad("INM_UNKNOWN_304");
  }

  // Active probe: If-Modified-Since (REDbot IMS_304)
  if (lastModified) {
    const ims = await request(url, { "If-Modified-Since": lastModified });
    if (ims.status !== 304) bad(`IMS_FULL: If-Modified-Since with Last-Modified gave ${ims.status}`);
    const older = new Date(parseHttpDate(lastModified)! - 86_400_000).toUTCString();
    if ((await request(url, { "If-Modified-Since": older })).status !== 200) bad("IMS_UNMODIFIED_WRONG: an older date was answered 304");
  }

  // Active probe: gzip negotiation (REDbot CONNEG_*, VARY_*)
  const gz = await request(url, { "Accept-Encoding": "gzip" });
  if (gz.headers.get("Content-Encoding") === "gzip") {
    const vary = (gz.headers.get("Vary") ?? "").toLowerCase();
    if (
      !vary
        .split(",")
        .map((v) => v.trim())
        .includes("accept-encoding")
    )
      bad("CONNEG_NO_VARY");
    const plainVary = (h.get("Vary") ?? "").toLowerCase();
    if (!plainVary.includes("accept-encoding")) bad("VARY_INCONSISTENT: the identity response lacks Vary: Accept-Encoding");
    const gzEtag = gz.headers.get("ETag");
    if (gzEtag && etag && gzEtag === etag && !etag.startsWith("W/")) bad("VARY_ETAG_DOESNT_CHANGE: one strong ETag for two encodings");
    if (Buffer.compare(gunzipSync(gz.body), res.body) !== 0) bad("CONNEG_GZIP_BAD: gzip body differs from identity");
  } else if (gz.headers.get("Content-Encoding")) {
    bad(`CONNEG_UNEXPECTED: ${gz.headers.get("Content-Encoding")}`);
  }

  // Active probe: HEAD (RFC 9110 §9.3.2)
  const head = await request(url, {}, "HEAD");
  if (head.status !== res.status) bad(`HEAD_STATUS: ${head.status}`);
  if (head.body.length > 0) bad("HEAD_BODY");
  for (const name of ["Content-Type", "ETag", "Last-Modified", "Cache-Control", "Vary"]) {
    if (head.headers.get(name) !== h.get(name)) bad(`HEAD_DIFFERS: ${name}`);
  }

  // The conditional logic the probes exercised agrees with the shared implementation.
  if (etag && !isNotModified(new Headers({ "If-None-Match": etag }), etag)) bad("INTERNAL: isNotModified disagrees");
  return problems;
}
