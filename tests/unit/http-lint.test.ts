// The restated REDbot (tests/helpers/http-lint.ts) must fire: every rule on a crafted
// response, and the active probes against a deliberately wrong local server.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpLint, lintMessage, type Message } from "../helpers/http-lint.js";

const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);
const DATE = new Date(NOW).toUTCString();

/** A response to a GET without Accept-Encoding, over http, received at NOW, with sane defaults. */
function message(status: number, fields: Record<string, string | string[]>, init: Partial<Message> = {}): Message {
  const list: [string, string][] = [];
  const all = { Date: DATE, "Cache-Control": "max-age=60", ...fields };
  for (const [name, value] of Object.entries(all))
    for (const v of Array.isArray(value) ? value : [value]) if (v !== "") list.push([name, v]);
  return {
    status,
    fields: list,
    body: Buffer.alloc(0),
    request: { method: "GET", url: "http://127.0.0.1/x", headers: {} },
    receivedAt: NOW,
    ...init,
  };
}
const names = (m: Message) => lintMessage(m).map((n) => n.name);
const html = { "Content-Type": "text/html; charset=utf-8" };

describe("every restated httplint rule fires on a crafted response", () => {
  const cases: [rule: string, m: Message][] = [
    ["FIELD_NAME_BAD_SYNTAX", message(200, { "Bad Name": "x" })],
    ["FIELD_VALUE_ENCODING", message(200, { "X-Thing": "caf\u00e9" })],
    ["FIELD_TOO_LARGE", message(200, { "X-Big": "a".repeat(9000) })],
    ["FIELD_SECTION_TOO_LARGE", message(200, Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`X-${i}`, "a".repeat(6000)])))],
    ["REQUEST_HDR_IN_RESPONSE", message(200, { Pragma: "no-cache" })],
    ["FIELD_DEPRECATED", message(200, { "X-XSS-Protection": "0" })],
    ["FIELD_DEPRECATED", message(200, { "X-Download-Options": "noopen" })],
    ["FIELD_DEPRECATED", message(200, { "Keep-Alive": "timeout=5" })],
    ["SINGLE_HEADER_REPEAT", message(200, { ETag: ['"a"', '"b"'] })],
    ["STATUS_NONSTANDARD", message(299, {})],
    ["REDIRECT_WITHOUT_LOCATION", message(301, {})],
    ["NO_DATE_304", message(304, { Date: "" })],
    ["HEADER_SHOULD_NOT_BE_IN_304", message(304, { "Content-Encoding": "gzip" })],
    ["HEADER_SHOULD_NOT_BE_IN_304", message(304, { "Content-Type": "text/html" })],
    ["STATUS_405_METHOD_IN_ALLOW", message(405, { Allow: "GET, HEAD" })],
    ["DATE_OBSOLETE", message(200, { "Last-Modified": "Tuesday, 01-Dec-26 11:00:00 GMT" })],
    ["BAD_DATE_SYNTAX", message(200, { "Last-Modified": "yesterday" })],
    ["DATE_INCORRECT", message(200, { Date: new Date(NOW - 60_000).toUTCString() })],
    ["LM_FUTURE", message(200, { "Last-Modified": new Date(NOW + 3_600_000).toUTCString() })],
    ["BAD_SYNTAX", message(200, { "Cache-Control": "max-age=60, max age" })],
    ["CC_MISCAP", message(200, { "Cache-Control": "Max-Age=60" })],
    ["CC_SHOULD_NOT_HAVE_VALUE", message(200, { "Cache-Control": "max-age=60, immutable=1" })],
    ["CC_BAD_VALUE_TYPE", message(200, { "Cache-Control": "max-age=sixty" })],
    ["CC_MAX_AGE_TOO_LARGE", message(200, { "Cache-Control": "max-age=9999999999" })],
    ["CC_DUP", message(200, { "Cache-Control": "max-age=60, max-age=30" })],
    ["CC_CONFLICTING", message(200, { "Cache-Control": "no-store, max-age=60" })],
    ["CC_CONFLICTING", message(200, { "Cache-Control": "must-revalidate, stale-while-revalidate=60, max-age=1" })],
    ["CC_WRONG_MESSAGE", message(200, { "Cache-Control": "max-age=60, min-fresh=10" })],
    ["DATE_CLOCKLESS", message(200, { Date: "" })],
    ["DATE_CLOCKLESS_BAD_HDR", message(200, { Date: "", "Last-Modified": DATE })],
    ["STORE_PRIVATE_PUBLIC_CONFLICT", message(200, { "Cache-Control": "public, private, max-age=60" })],
    ["FRESHNESS_NO_CACHE_NO_VALIDATOR", message(200, { "Cache-Control": "no-cache" })],
    ["FRESHNESS_HEURISTIC", message(200, { "Cache-Control": "" })],
    ["FRESHNESS_HEURISTIC", message(404, { "Cache-Control": "" })],
    ["STORE_PUBLIC_UNNECESSARY", message(200, { "Cache-Control": "public, max-age=300" })],
    ["STRUCTURED_FIELD_PARSE_ERROR", message(200, { "CDN-Cache-Control": "Max-Age=60" })],
    ["BAD_CDN_CC_TYPE", message(200, { "CDN-Cache-Control": 'max-age="60"' })],
    ["BAD_CDN_CC_TYPE", message(200, { "CDN-Cache-Control": "no-store=1" })],
    ["BAD_SYNTAX", message(200, { Vary: "Accept-Encoding;q=1" })],
    ["VARY_DUPLICATE", message(200, { Vary: "Accept-Encoding, accept-encoding" })],
    ["VARY_ASTERISK", message(200, { Vary: "*" })],
    ["VARY_COMPLEX", message(200, { Vary: "Accept-Encoding, Accept-Language, Origin, Cookie" })],
    ["VARY_USER_AGENT", message(200, { Vary: "User-Agent" })],
    ["VARY_HOST", message(200, { Vary: "Host" })],
    ["BAD_SYNTAX", message(200, { ETag: "unquoted" })],
    ["MEDIA_TYPE_BAD_NAME", message(200, { "Content-Type": "text/ht ml" })],
    ["PARAM_REPEATS", message(200, { "Content-Type": "text/html; charset=utf-8; charset=utf-8" })],
    ["CONTENT_NOT_ALLOWED", message(304, {}, { body: Buffer.from("x") })],
    ["CL_INCORRECT", message(200, { "Content-Length": "10" }, { body: Buffer.from("abc") })],
    ["ENCODING_UNWANTED", message(200, { "Content-Encoding": "gzip" }, { body: gzipSync("x") })],
    ["BAD_GZIP", message(200, { "Content-Encoding": "gzip" }, { body: Buffer.from("not gzip") })],
    ["CHARSET_UNDECODABLE", message(200, html, { body: Buffer.from([0x3c, 0xff, 0xfe, 0x3e]) })],
    ["LINK_REV", message(200, { Link: '<http://a.example/>; rev="made"' })],
    ["LINK_BAD_TYPE", message(200, { Link: '<http://a.example/>; rel="alternate"; type="atom"' })],
    ["LOCATION_UNDEFINED", message(200, { Location: "/elsewhere" })],
    ["HSTS_OVER_HTTP", message(200, { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" })],
    ["HSTS_INVALID", message(200, { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" })],
    ["HSTS_NO_MAX_AGE", message(200, { "Strict-Transport-Security": "includeSubDomains" })],
    ["HSTS_BAD_MAX_AGE", message(200, { "Strict-Transport-Security": "max-age=soon" })],
    ["HSTS_MAX_AGE_ZERO", message(200, { "Strict-Transport-Security": "max-age=0; includeSubDomains" })],
    ["HSTS_SHORT_MAX_AGE", message(200, { "Strict-Transport-Security": "max-age=600; includeSubDomains" })],
    ["HSTS_NO_SUBDOMAINS", message(200, { "Strict-Transport-Security": "max-age=31536000" })],
    ["HSTS_DUPLICATE_DIRECTIVE", message(200, { "Strict-Transport-Security": "max-age=31536000; max-age=2" })],
    ["CONTENT_TYPE_OPTIONS_UNKNOWN", message(200, { "X-Content-Type-Options": "sniff" })],
    ["FRAME_OPTIONS_UNKNOWN", message(200, { "X-Frame-Options": "ALLOW-FROM https://a.example" })],
    ["CSP_DUPLICATE_DIRECTIVE", message(200, { "Content-Security-Policy": "default-src 'none'; default-src 'self'" })],
    ["CSP_WIDE_OPEN", message(200, { "Content-Security-Policy": "script-src *" })],
    ["CSP_UNSAFE_INLINE", message(200, { "Content-Security-Policy": "style-src 'unsafe-inline'" })],
    ["CSP_UNSAFE_EVAL", message(200, { "Content-Security-Policy": "script-src 'unsafe-eval'" })],
    ["CSP_HTTP_URI", message(200, { "Content-Security-Policy": "img-src http://a.example" })],
    ["CSP_DEPRECATED_REPORT_URI", message(200, { "Content-Security-Policy": "default-src 'none'; report-uri /r" })],
    ["REFERRER_POLICY_UNKNOWN", message(200, { "Referrer-Policy": "never" })],
    ["REFERRER_POLICY_MULTIPLE", message(200, { "Referrer-Policy": "no-referrer, origin" })],
    ["REFERRER_POLICY_UNSAFE", message(200, { "Referrer-Policy": "unsafe-url" })],
    ["COOP_UNSAFE_NONE", message(200, { "Cross-Origin-Opener-Policy": "unsafe-none" })],
    ["CROSS_ORIGIN_OPENER_POLICY_BAD_VALUE", message(200, { "Cross-Origin-Opener-Policy": "Same-Origin" })],
    ["CROSS_ORIGIN_RESOURCE_POLICY_BAD_VALUE", message(200, { "Cross-Origin-Resource-Policy": "Same-Origin" })],
    ["CORS_PREFLIGHT_ONLY", message(204, { "Access-Control-Allow-Methods": "GET" })],
    ["ACAO_MULTIPLE_VALUES", message(200, { "Access-Control-Allow-Origin": "https://a.example, https://b.example" })],
    ["CORS_MAX_AGE_INVALID", message(204, { "Access-Control-Max-Age": "a day" })],
    ["CORS_MAX_AGE_NEGATIVE", message(204, { "Access-Control-Max-Age": "-1" })],
  ];
  it.each(cases)("%s", (rule, m) => {
    expect(names(m)).toContain(rule);
  });

  it("a clean response has nothing to report, and what is fine does not fire", () => {
    const clean = message(200, {
      ...html,
      "Cache-Control": "max-age=300, stale-while-revalidate=300, stale-if-error=86400",
      "CDN-Cache-Control": "max-age=86400, stale-while-revalidate=300, stale-if-error=86400",
      ETag: 'W/"sha256-abc"',
      "Last-Modified": new Date(NOW - 86_400_000).toUTCString(),
      Vary: "Accept-Encoding",
      "X-Content-Type-Options": "nosniff",
      Link: '<http://127.0.0.1/rss.xml>; rel="alternate"; type="application/rss+xml"',
    });
    expect(lintMessage(clean)).toEqual([]);
    // HSTS is valid over https, and on an http 301.
    const https = { ...clean, request: { ...clean.request, url: "https://news.example/" } };
    https.fields = [...clean.fields, ["Strict-Transport-Security", "max-age=15552000; includeSubDomains"]];
    expect(lintMessage(https)).toEqual([]);
    // A real preflight may carry the preflight headers.
    const preflight = message(204, { "Access-Control-Allow-Methods": "GET", "Access-Control-Max-Age": "86400" });
    preflight.request = {
      method: "OPTIONS",
      url: "http://127.0.0.1/x",
      headers: { origin: "https://a.example", "access-control-request-method": "GET" },
    };
    expect(names(preflight)).not.toContain("CORS_PREFLIGHT_ONLY");
    // A coding the request accepted is wanted.
    const gz = message(200, { "Content-Encoding": "gzip" }, { body: gzipSync("x") });
    gz.request.headers = { "accept-encoding": "gzip" };
    expect(names(gz)).not.toContain("ENCODING_UNWANTED");
  });
});

/**
 * A server that gets each of issue 10's findings wrong, and more: HSTS over http,
 * deprecated headers, `public`, a gzip 404 without Vary, gzip for clients that did not
 * ask, a 304 that drops headers, a HEAD that differs, If-None-Match ignored.
 */
function wrongServer(): Server {
  const page = Buffer.from(`<!doctype html><title>x</title><p>${"news ".repeat(200)}</p>`);
  const etag = '"same-for-both"';
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    const gzip = /gzip/.test(req.headers["accept-encoding"] ?? "");
    const base = { Date: new Date().toUTCString(), "X-Content-Type-Options": "nosniff" };
    switch (req.url) {
      case "/page": {
        const headers = {
          ...base,
          "Content-Type": "text/html; charset=utf-8",
          "Cache-Control": "public, max-age=60",
          "Strict-Transport-Security": "max-age=15552000; includeSubDomains",
          "X-XSS-Protection": "0",
          "X-Download-Options": "noopen",
          ETag: etag,
          "Last-Modified": "Tue, 01 Dec 2026 10:00:00 GMT",
        };
        if (req.headers["if-none-match"] === etag) return res.writeHead(304, { Date: base.Date, ETag: etag }).end();
        if (req.method === "HEAD") return res.writeHead(200, { ...headers, "Content-Type": "text/plain" }).end();
        return gzip
          ? res.writeHead(200, { ...headers, "Content-Encoding": "gzip" }).end(gzipSync(page))
          : res.writeHead(200, headers).end(page);
      }
      case "/missing": {
        const headers = { ...base, "Content-Type": "text/html; charset=utf-8", "Cache-Control": "max-age=60" };
        return gzip
          ? res.writeHead(404, { ...headers, "Content-Encoding": "gzip" }).end(gzipSync(page))
          : res.writeHead(404, headers).end(page);
      }
      case "/always-gzip":
        return res
          .writeHead(200, {
            ...base,
            "Content-Type": "application/rss+xml; charset=utf-8",
            "Cache-Control": "max-age=60",
            Vary: "Accept-Encoding-Ish",
            ETag: 'W/"g"',
            "Content-Encoding": "gzip",
          })
          .end(gzipSync(page));
      case "/ignores-validators":
        return res
          .writeHead(200, {
            ...base,
            "Content-Type": "application/atom+xml; charset=utf-8",
            "Cache-Control": "Max-Age=60",
            ETag: 'W/"v"',
            "Last-Modified": "Tue, 01 Dec 2026 10:00:00 GMT",
          })
          .end(page);
      case "/private":
        if (req.headers.authorization !== "Bearer good")
          return res.writeHead(401, { ...base, "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" }).end("no\n");
        return res
          .writeHead(200, {
            ...base,
            "Content-Type": "application/feed+json; charset=utf-8",
            "Cache-Control": "public, max-age=60",
            Vary: "Accept-Encoding",
            ETag: 'W/"p"',
          })
          .end(req.method === "HEAD" ? undefined : page);
      default:
        return res.writeHead(500).end();
    }
  });
}

describe("the active probes, against a deliberately wrong server", () => {
  let server: Server;
  let base = "";
  beforeAll(async () => {
    server = wrongServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const ruleNames = (problems: string[]) => [...new Set(problems.map((p) => p.split(" ")[1]))].sort();

  it("a page with HSTS over http, deprecated headers, public, one strong ETag for two codings, a thin 304 and a HEAD that differs", async () => {
    expect(ruleNames(await httpLint(`${base}/page`))).toEqual(
      [
        "CONNEG_NO_VARY",
        // It gzips for any header that names gzip, `gzip;q=0` too; and it ignores If-Modified-Since.
        "ENCODING_UNWANTED",
        "PROJECT_ENCODING_FOR_IDENTITY",
        "PROJECT_BODY_DIFFERS",
        "IMS_FULL",
        "FIELD_DEPRECATED",
        "HSTS_INVALID",
        "HSTS_OVER_HTTP",
        "MISSING_HDRS_304",
        "PROJECT_304_DIFFERS",
        "PROJECT_HEAD_DIFFERS",
        "PROJECT_INM_WEAK",
        "PROJECT_VARY_AE_MISSING",
        "STORE_PUBLIC_UNNECESSARY",
        "VARY_ETAG_DOESNT_CHANGE",
      ].sort(),
    );
  });

  it("a 404 that the runtime gzips without Vary: Accept-Encoding", async () => {
    const problems = await httpLint(`${base}/missing`, { status: 404 });
    expect(problems).toContain("BAD CONNEG_NO_VARY (conneg)");
    expect(problems).toContain("BAD PROJECT_VARY_AE_MISSING (GET): text/html; charset=utf-8");
  });

  it("gzip for a client that did not ask, and a Vary that only looks right", async () => {
    const problems = await httpLint(`${base}/always-gzip`, { requireLastModified: false });
    expect(problems).toContain("WARN ENCODING_UNWANTED (GET): gzip");
    expect(problems).toContain("BAD PROJECT_ENCODING_FOR_IDENTITY (AE identity): gzip");
    expect(problems).toContain("BAD PROJECT_ENCODING_FOR_IDENTITY (AE gzip;q=0, identity): gzip");
    // "Accept-Encoding-Ish" contains "Accept-Encoding" as a substring, and is not it.
    expect(problems).toContain("BAD CONNEG_NO_VARY (conneg)");
  });

  it("If-None-Match and If-Modified-Since ignored, and a miscapitalised directive", async () => {
    const problems = await httpLint(`${base}/ignores-validators`);
    expect(problems).toContain("WARN INM_FULL (inm)");
    expect(problems).toContain("WARN IMS_FULL (ims)");
    expect(problems).toContain("WARN CC_MISCAP (GET): Max-Age");
  });

  it("a 401 without a challenge; with credentials, sent on every probe, an answer a shared cache may store and that does not vary by them", async () => {
    expect(await httpLint(`${base}/private`, { status: 401, requireLastModified: false })).toContain("BAD PROJECT_401_NO_CHALLENGE (GET)");
    const problems = await httpLint(`${base}/private`, { headers: { Authorization: "Bearer good" }, requireLastModified: false });
    expect(problems).toContain("BAD PROJECT_AUTH_SHARED (GET): public, max-age=60");
    expect(problems).toContain("BAD PROJECT_VARY_AUTH_MISSING (GET)");
    // Every probe carried the credentials: none got the 401.
    expect(problems.filter((p) => /PROJECT_(STATUS|HEAD_DIFFERS|BODY_DIFFERS|GZIP_DIFFERS)/.test(p))).toEqual([]);
  });

  it("allows a note only by its exact name and detail", async () => {
    const problems = await httpLint(`${base}/ignores-validators`, { allow: ["CC_MISCAP:Max-Age", "INM_FULL:"] });
    expect(problems.some((p) => p.includes("CC_MISCAP"))).toBe(false);
    expect(problems.some((p) => p.includes("INM_FULL"))).toBe(false);
    expect(problems).toContain("WARN IMS_FULL (ims)");
  });
});
