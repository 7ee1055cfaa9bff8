// Requests a client can send that a careless service gets wrong, through the real Worker
// entry: none may be answered 5xx, none may see its input reflected, and none may change
// what a clean request gets afterwards.
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { contentArticles } from "../../src/generated/all-articles.js";

const MARK = "zq8x"; // planted in every hostile input; must never come back
const slug = contentArticles[0]!.slug;

interface Case {
  name: string;
  path: string;
  init?: RequestInit;
  /** The status the service answers with (never a 5xx). */
  status: number;
  /** A Range request: the whole representation must come back, without Content-Range. */
  full?: boolean;
}

const many = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join("");

const cases: Case[] = [
  { name: "dot-dot traversal", path: `/../../etc/passwd?${MARK}`, status: 404 },
  { name: "encoded dot-dot", path: `/articles/%2e%2e/%2e%2e/etc/passwd${MARK}`, status: 404 },
  { name: "encoded slashes", path: `/articles/..%2f..%2fetc%2fpasswd${MARK}`, status: 404 },
  { name: "NUL byte", path: `/articles/${MARK}%00`, status: 404 },
  { name: "bad percent-encoding", path: `/articles/%zz${MARK}`, status: 404 },
  { name: "invalid UTF-8", path: `/articles/%ff%fe${MARK}`, status: 404 },
  { name: "CRLF injection", path: `/articles/${MARK}%0d%0aSet-Cookie:%20a=1`, status: 404 },
  { name: "protocol-relative path", path: `//evil.example/${MARK}`, status: 404 },
  { name: "encoded protocol-relative path", path: `/%2F%2Fevil.example/${MARK}`, status: 404 },
  { name: "backslash path", path: `/\\evil.example/${MARK}`, status: 404 },
  { name: "4 KB slug", path: `/articles/${MARK}${"a".repeat(4096)}`, status: 404 },
  { name: "upper-case slug", path: `/articles/${slug.toUpperCase()}`, status: 404 },
  { name: "upper-case route", path: "/RSS.XML", status: 404 },
  { name: "trailing slash on an article", path: `/articles/${slug}/`, status: 301 },
  { name: "trailing slash on a feed", path: "/rss.xml/", status: 301 },
  { name: "trailing slash on an unknown path", path: `/${MARK}/`, status: 404 },
  { name: "matrix parameter", path: `/articles/${slug};${MARK}=1`, status: 404 },
  { name: ".json suffix", path: `/articles/${slug}.json`, status: 404 },
  { name: "homoglyph slug (Cyrillic а)", path: `/articles/${encodeURIComponent(slug.replace("a", "а"))}`, status: 404 },
  { name: "dot-dot in a tag", path: `/tags/..%2f..%2f${MARK}/rss.xml`, status: 404 },
  { name: "unknown section feed", path: `/sections/${MARK}/feed.json`, status: 404 },
  { name: "encoded slash in a tag", path: `/tags/a%2Fb${MARK}`, status: 404 },
  { name: "archive month that is not a month", path: `/archive/2022-13${MARK}/atom.xml`, status: 404 },
  { name: "archive month with a trailing slash", path: "/archive/2022-03/", status: 404 },
  { name: "4 KB tag", path: `/tags/${MARK}${"t".repeat(4096)}`, status: 404 },
  { name: "non-Latin unknown tag", path: `/tags/${encodeURIComponent(`ملف${MARK}`)}/atom.xml`, status: 404 },
  { name: "schema with a query", path: `/schemas/syndication-1.json?${MARK}`, status: 200 },
  { name: "trailing slash on the partners page", path: "/partners/", status: 301 },
  { name: "tracking query", path: `/rss.xml?utm_source=${MARK}`, status: 200 },
  { name: "script in the query", path: `/feed.json?q=<script>${MARK}</script>`, status: 200 },
  { name: "1,000 query parameters", path: `/atom.xml?${many(1000, (i) => `p${i}=${MARK}&`)}`, status: 200 },
  { name: "8 KiB query", path: `/atom.xml?q=${MARK}${"x".repeat(8192)}`, status: 200 },
  { name: "64 KiB query", path: `/atom.xml?q=${MARK}${"x".repeat(65536)}`, status: 200 },
  { name: "Host of another site", path: "/rss.xml", init: { headers: { Host: `${MARK}.evil.example` } }, status: 200 },
  { name: "X-Forwarded-Host", path: "/rss.xml", init: { headers: { "X-Forwarded-Host": `${MARK}.evil.example` } }, status: 200 },
  { name: "X-Forwarded-Proto: http", path: "/atom.xml", init: { headers: { "X-Forwarded-Proto": "http" } }, status: 200 },
  { name: "Forwarded", path: "/feed.json", init: { headers: { Forwarded: `host=${MARK}.evil.example;proto=http` } }, status: 200 },
  { name: "a random Cookie", path: `/articles/${slug}`, init: { headers: { Cookie: `session=${MARK}` } }, status: 200 },
  { name: "Authorization", path: "/feed.json", init: { headers: { Authorization: `Bearer ${MARK}` } }, status: 200 },
  { name: "Accept-Encoding: gzip", path: "/rss.xml", init: { headers: { "Accept-Encoding": "gzip" } }, status: 200 },
  { name: "Accept-Encoding junk", path: "/rss.xml", init: { headers: { "Accept-Encoding": `${MARK};;q=x, *;q=` } }, status: 200 },
  { name: "Accept-Encoding: identity;q=0", path: "/rss.xml", init: { headers: { "Accept-Encoding": "identity;q=0" } }, status: 200 },
  { name: "Accept: application/json on RSS", path: "/rss.xml", init: { headers: { Accept: "application/json" } }, status: 200 },
  { name: "Range", path: "/rss.xml", init: { headers: { Range: "bytes=0-9" } }, status: 200, full: true },
  { name: "unsatisfiable Range", path: "/rss.xml", init: { headers: { Range: "bytes=999999-" } }, status: 200, full: true },
  {
    name: "If-Range with an old tag",
    path: "/rss.xml",
    init: { headers: { Range: "bytes=0-9", "If-Range": `"${MARK}"` } },
    status: 200,
    full: true,
  },
  { name: "unterminated If-None-Match", path: "/rss.xml", init: { headers: { "If-None-Match": `"${MARK}` } }, status: 200 },
  {
    name: "1,000 ETags",
    path: "/rss.xml",
    init: { headers: { "If-None-Match": many(1000, (i) => `"${MARK}${i}", `) } },
    status: 200,
  },
  { name: "8 KiB If-None-Match", path: "/rss.xml", init: { headers: { "If-None-Match": `"${MARK}${"x".repeat(8192)}"` } }, status: 200 },
  { name: "If-Modified-Since garbage", path: "/rss.xml", init: { headers: { "If-Modified-Since": MARK } }, status: 200 },
  {
    name: "If-Modified-Since in the year 99999",
    path: "/rss.xml",
    init: { headers: { "If-Modified-Since": "Sat, 01 Jan 99999 00:00:00 GMT" } },
    status: 200,
  },
  { name: "64 KiB header", path: "/atom.xml", init: { headers: { "X-Junk": MARK + "x".repeat(65536) } }, status: 200 },
  { name: "8 KiB User-Agent", path: "/", init: { headers: { "User-Agent": MARK + "x".repeat(8192) } }, status: 200 },
  { name: "X-HTTP-Method-Override: DELETE", path: "/rss.xml", init: { headers: { "X-HTTP-Method-Override": "DELETE" } }, status: 200 },
  { name: "POST", path: "/rss.xml", init: { method: "POST", body: MARK }, status: 405 },
  { name: "DELETE an article", path: `/articles/${slug}`, init: { method: "DELETE" }, status: 405 },
  { name: "PUT a new path", path: `/articles/${MARK}`, init: { method: "PUT", body: MARK }, status: 405 },
  { name: "If-None-Match: * on a missing article", path: `/articles/${MARK}`, init: { headers: { "If-None-Match": "*" } }, status: 404 },
  { name: "/favicon.ico", path: "/favicon.ico", status: 404 },
];

// redirect: "manual", so a 301 is seen as sent rather than followed.
const fetchPath = (path: string, init?: RequestInit) =>
  exports.default.fetch(new Request(`https://worker.test${path}`, { redirect: "manual", ...init }));

describe(`hostile requests (${cases.length})`, () => {
  it.each(cases)("$name", async ({ path, init, status, full }) => {
    const before = await fetchPath("/rss.xml");
    const response = await fetchPath(path, init);
    expect(response.status).toBe(status);
    const body = await response.text();
    // Ranges are not served: the whole representation, said so by no Content-Range.
    if (full) {
      expect(response.headers.get("Content-Range")).toBeNull();
      expect(body).toBe(await before.clone().text());
    }
    expect(body).not.toContain(MARK);
    for (const [name, value] of response.headers) expect(`${name}: ${value}`).not.toContain(MARK);
    expect(response.headers.get("Set-Cookie")).toBeNull();
    expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
    if (response.status === 301) expect(response.headers.get("Location")).toMatch(/^\/[a-z]/); // same-origin, relative
    // What a clean client gets is unchanged.
    const after = await fetchPath("/rss.xml");
    expect(after.headers.get("ETag")).toBe(before.headers.get("ETag"));
    expect(await after.text()).toBe(await before.text());
  });

  it("the table is large enough to mean something", () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });
});
