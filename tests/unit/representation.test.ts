// Representations (src/http/representation.ts): validators, header sets, the 304 and the
// gzip variant (RFC 9110 §8.8.3, §13.2.2, §15.4.5), and capped lifetimes (RFC 9111).
import { describe, expect, it } from "vitest";
import { sha256Base64Url } from "../../src/core/hashing.js";
import { entityTag, gzipBlob, headersAt, makeRepresentation, respond, withDate } from "../../src/http/representation.js";

const bytes = (s: string) => new TextEncoder().encode(s);
// SHA-256 of the empty string is 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU= in base64.
const EMPTY_SHA256_B64URL = "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU";
const NOW = Date.UTC(2022, 2, 1, 17, 40, 0, 250); // Tue, 01 Mar 2022 17:40:00.250 GMT
const NOW_DATE = "Tue, 01 Mar 2022 17:40:00 GMT";

const feedHeaders = () => ({
  "Content-Type": "application/rss+xml; charset=utf-8",
  "Cache-Control": "max-age=300, stale-while-revalidate=300, stale-if-error=86400",
  "CDN-Cache-Control": "max-age=86400, stale-while-revalidate=300, stale-if-error=86400",
  Vary: "Accept-Encoding",
  "Access-Control-Allow-Origin": "*",
  "X-Content-Type-Options": "nosniff",
  "Content-Language": "en",
});

describe("entity-tags", () => {
  it("encodes the SHA-256 as unpadded base64url (- and _ for + and /)", async () => {
    expect(await sha256Base64Url(new Uint8Array())).toBe(EMPTY_SHA256_B64URL);
    expect(await sha256Base64Url(bytes("hello\n"))).toBe("WJG1tSLV3whtD_CxEPvZ0hu0_HFjrzTQgoai6Eb2vgM");
  });

  it('makes a weak tag W/"sha256-…" over the body', async () => {
    expect(await entityTag(new Uint8Array())).toBe(`W/"sha256-${EMPTY_SHA256_B64URL}"`);
  });
});

describe("makeRepresentation", () => {
  it("sets ETag and Last-Modified (truncated to whole seconds) and defaults to 200", () => {
    const rep = makeRepresentation({ body: bytes("x"), etag: 'W/"t"', lastModified: NOW, headers: feedHeaders() });
    expect(rep.status).toBe(200);
    expect(rep.etag).toBe('W/"t"');
    expect(rep.lastModified).toBe(Date.UTC(2022, 2, 1, 17, 40, 0));
    expect(rep.headers.get("ETag")).toBe('W/"t"');
    expect(rep.headers.get("Last-Modified")).toBe(NOW_DATE);
    expect(rep.headers.get("Content-Type")).toBe("application/rss+xml; charset=utf-8");
    expect("freshness" in rep).toBe(false);
    expect("gzip" in rep).toBe(false);
  });

  it("has no lastModified and no Last-Modified header when the content has no date", () => {
    const rep = makeRepresentation({ body: bytes("x"), etag: 'W/"t"', headers: {} });
    expect("lastModified" in rep).toBe(false);
    expect(rep.headers.get("Last-Modified")).toBeNull();
    expect([...rep.headers]).toEqual([["etag", 'W/"t"']]);
  });

  it("repeats on the 304 exactly the validators, caching, Vary, CORS and nosniff headers (§15.4.5)", () => {
    const rep = makeRepresentation({ body: bytes("x"), etag: 'W/"t"', lastModified: NOW, headers: feedHeaders() });
    expect(Object.fromEntries(rep.notModifiedHeaders)).toEqual({
      "access-control-allow-origin": "*",
      "cache-control": "max-age=300, stale-while-revalidate=300, stale-if-error=86400",
      "cdn-cache-control": "max-age=86400, stale-while-revalidate=300, stale-if-error=86400",
      etag: 'W/"t"',
      "last-modified": NOW_DATE,
      vary: "Accept-Encoding",
      "x-content-type-options": "nosniff",
    });
  });

  it("repeats Content-Location, Expires and Access-Control-Expose-Headers on the 304 when the 200 has them", () => {
    const rep = makeRepresentation({
      body: bytes("x"),
      etag: 'W/"t"',
      headers: {
        "Content-Location": "/feed.xml",
        Expires: NOW_DATE,
        "Access-Control-Expose-Headers": "ETag",
        "Content-Type": "text/plain",
      },
    });
    expect(Object.fromEntries(rep.notModifiedHeaders)).toEqual({
      "access-control-expose-headers": "ETag",
      "content-location": "/feed.xml",
      etag: 'W/"t"',
      expires: NOW_DATE,
    });
  });

  it("keeps the given status and freshness", () => {
    const freshness = { lifetime: "gone", changesAt: NOW + 1000 } as const;
    const rep = makeRepresentation({ status: 410, freshness, body: bytes("x"), etag: 'W/"t"', headers: {} });
    expect(rep.status).toBe(410);
    expect(rep.freshness).toEqual({ lifetime: "gone", changesAt: NOW + 1000 });
  });

  it("gives the gzip variant its own tag (…​.gz), Content-Encoding: gzip and its own 304 headers", async () => {
    const gzipBody = bytes("gz");
    const rep = makeRepresentation({ body: bytes("x"), etag: 'W/"sha256-abc"', lastModified: NOW, headers: feedHeaders(), gzipBody });
    const gzip = rep.gzip!;
    expect(new Uint8Array(await gzip.body.arrayBuffer())).toEqual(gzipBody);
    expect(gzip.etag).toBe('W/"sha256-abc.gz"');
    expect(gzip.headers.get("ETag")).toBe('W/"sha256-abc.gz"');
    expect(gzip.headers.get("Content-Encoding")).toBe("gzip");
    expect(gzip.headers.get("Last-Modified")).toBe(NOW_DATE);
    expect(gzip.notModifiedHeaders.get("ETag")).toBe('W/"sha256-abc.gz"');
    expect(gzip.notModifiedHeaders.get("Content-Encoding")).toBeNull();
    // The identity variant is untouched.
    expect(rep.headers.get("Content-Encoding")).toBeNull();
    expect(rep.headers.get("ETag")).toBe('W/"sha256-abc"');
  });
});

describe("gzipBlob", () => {
  it("produces a gzip member (magic 1f 8b) that decompresses to the input", async () => {
    const input = bytes("hello hello hello hello\n");
    const gz = new Uint8Array(await (await gzipBlob(new Blob([input]))).arrayBuffer());
    expect([gz[0], gz[1]]).toEqual([0x1f, 0x8b]);
    const back = new Response(new Response(gz).body!.pipeThrough(new DecompressionStream("gzip")));
    expect(await back.text()).toBe("hello hello hello hello\n");
  });
});

describe("withDate (§6.6.1)", () => {
  it("adds Date for the current second without touching the base, reusing the set within that second", () => {
    const base = new Headers({ "Content-Type": "text/plain" });
    const first = withDate(base, NOW);
    expect(first.get("Date")).toBe(NOW_DATE);
    expect(first.get("Content-Type")).toBe("text/plain");
    expect(base.get("Date")).toBeNull();
    expect(withDate(base, NOW + 700)).toBe(first);
    const next = withDate(base, NOW + 750);
    expect(next).not.toBe(first);
    expect(next.get("Date")).toBe("Tue, 01 Mar 2022 17:40:01 GMT");
  });
});

describe("headersAt: lifetimes capped before a known change", () => {
  const base = () => new Headers(feedHeaders());

  it("is withDate when there is no known change", () => {
    const b = base();
    const h = headersAt(b, NOW, undefined);
    expect(h).toBe(withDate(b, NOW));
    expect(h.get("Cache-Control")).toBe("max-age=300, stale-while-revalidate=300, stale-if-error=86400");
  });

  it("leaves the lifetimes alone when the change is further than any reuse (fresh + stale-while-revalidate)", () => {
    const b = base();
    // A feed is reused at most max(300, 86400) + 300 = 86700 s.
    const h = headersAt(b, NOW, { lifetime: "feed", changesAt: NOW + 86_700_001 });
    expect(h).toBe(withDate(b, NOW));
    expect(h.get("Date")).toBe(NOW_DATE);
    expect(h.get("CDN-Cache-Control")).toBe("max-age=86400, stale-while-revalidate=300, stale-if-error=86400");
  });

  it("caps both Cache-Control and CDN-Cache-Control at the whole seconds left", () => {
    const b = base();
    const h = headersAt(b, NOW, { lifetime: "feed", changesAt: NOW + 42_999 });
    expect(h.get("Date")).toBe(NOW_DATE);
    expect(h.get("Cache-Control")).toBe("max-age=42, stale-if-error=86400");
    expect(h.get("CDN-Cache-Control")).toBe("max-age=42, stale-if-error=86400");
    expect(h.get("Content-Type")).toBe("application/rss+xml; charset=utf-8");
    expect(b.get("Cache-Control")).toBe("max-age=300, stale-while-revalidate=300, stale-if-error=86400");
    expect(b.get("Date")).toBeNull();
  });

  it("caps the CDN lifetime alone when the change is within a day", () => {
    const h = headersAt(base(), NOW, { lifetime: "feed", changesAt: NOW + 3_600_000 });
    expect(h.get("Cache-Control")).toBe("max-age=300, stale-while-revalidate=300, stale-if-error=86400");
    expect(h.get("CDN-Cache-Control")).toBe("max-age=3600, stale-if-error=86400");
  });

  it("says max-age=0 once the change is due or past", () => {
    const h = headersAt(base(), NOW, { lifetime: "feed", changesAt: NOW - 5000 });
    expect(h.get("Cache-Control")).toBe("max-age=0, stale-if-error=86400");
    expect(h.get("CDN-Cache-Control")).toBe("max-age=0, stale-if-error=86400");
  });

  it("reuses a capped set within the same second and cap, and rebuilds it when either changes", () => {
    const b = base();
    const freshness = { lifetime: "feed", changesAt: NOW + 42_999 } as const;
    const first = headersAt(b, NOW, freshness);
    expect(headersAt(b, NOW + 1, freshness)).toBe(first);
    const laterCap = headersAt(b, NOW, { lifetime: "feed", changesAt: NOW + 41_999 });
    expect(laterCap).not.toBe(first);
    expect(laterCap.get("Cache-Control")).toBe("max-age=41, stale-if-error=86400");
    const nextSecond = headersAt(b, NOW + 750, freshness);
    expect(nextSecond).not.toBe(first);
    expect(nextSecond.get("Date")).toBe("Tue, 01 Mar 2022 17:40:01 GMT");
    expect(nextSecond.get("Cache-Control")).toBe("max-age=42, stale-if-error=86400");
  });

  it("adds no caching header the base does not have", () => {
    const h = headersAt(new Headers({ "Content-Type": "text/plain" }), NOW, { lifetime: "feed", changesAt: NOW + 10_000 });
    expect(Object.fromEntries(h)).toEqual({ "content-type": "text/plain", date: NOW_DATE });
  });
});

describe("respond (GET/HEAD, §13.2.2)", () => {
  const rep = makeRepresentation({
    body: bytes("identity body"),
    etag: 'W/"sha256-abc"',
    lastModified: Date.UTC(2022, 2, 1, 17, 0, 0),
    headers: feedHeaders(),
    gzipBody: bytes("gzip body"),
  });
  const get = (headers: Record<string, string> = {}, method = "GET") => new Request("https://news.example/feed.xml", { method, headers });

  it("answers 200 with the identity body, its headers and Date", async () => {
    const response = respond(rep, get(), NOW);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("identity body");
    expect(response.headers.get("ETag")).toBe('W/"sha256-abc"');
    expect(response.headers.get("Date")).toBe(NOW_DATE);
    expect(response.headers.get("Content-Encoding")).toBeNull();
  });

  it("answers HEAD with the same status and headers but no body", async () => {
    const response = respond(rep, get({}, "HEAD"), NOW);
    expect(response.status).toBe(200);
    expect(response.body).toBeNull();
    expect(response.headers.get("ETag")).toBe('W/"sha256-abc"');
    const gz = respond(rep, get({ "Accept-Encoding": "gzip" }, "HEAD"), NOW);
    expect(gz.body).toBeNull();
    expect(gz.headers.get("Content-Encoding")).toBe("gzip");
  });

  it("sends the gzip variant to a client that accepts gzip", async () => {
    const response = respond(rep, get({ "Accept-Encoding": "gzip, br" }), NOW);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("gzip body");
    expect(response.headers.get("Content-Encoding")).toBe("gzip");
    expect(response.headers.get("ETag")).toBe('W/"sha256-abc.gz"');
    expect(response.headers.get("Date")).toBe(NOW_DATE);
  });

  it("chooses by the client's own Accept-Encoding (cf.clientAcceptEncoding), not the edge's", async () => {
    const replaced = Object.assign(get({ "Accept-Encoding": "br, gzip" }), { cf: { clientAcceptEncoding: "" } });
    expect(await respond(rep, replaced, NOW).text()).toBe("identity body");
    const original = Object.assign(get({ "Accept-Encoding": "br, gzip" }), { cf: { clientAcceptEncoding: "gzip" } });
    expect(await respond(rep, original, NOW).text()).toBe("gzip body");
  });

  it("answers 304 with no body and the 304 header set when the tag of the chosen variant matches", async () => {
    const response = respond(rep, get({ "If-None-Match": 'W/"sha256-abc"' }), NOW);
    expect(response.status).toBe(304);
    expect(response.body).toBeNull();
    expect(Object.fromEntries(response.headers)).toEqual({
      "access-control-allow-origin": "*",
      "cache-control": "max-age=300, stale-while-revalidate=300, stale-if-error=86400",
      "cdn-cache-control": "max-age=86400, stale-while-revalidate=300, stale-if-error=86400",
      date: NOW_DATE,
      etag: 'W/"sha256-abc"',
      "last-modified": "Tue, 01 Mar 2022 17:00:00 GMT",
      vary: "Accept-Encoding",
      "x-content-type-options": "nosniff",
    });
    const gz = respond(rep, get({ "If-None-Match": 'W/"sha256-abc.gz"', "Accept-Encoding": "gzip" }), NOW);
    expect(gz.status).toBe(304);
    expect(gz.headers.get("ETag")).toBe('W/"sha256-abc.gz"');
  });

  it("does not answer 304 when the client holds the other encoding's tag", async () => {
    const response = respond(rep, get({ "If-None-Match": 'W/"sha256-abc"', "Accept-Encoding": "gzip" }), NOW);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("gzip body");
  });

  it("answers 304 from If-Modified-Since against Last-Modified", () => {
    expect(respond(rep, get({ "If-Modified-Since": "Tue, 01 Mar 2022 17:00:00 GMT" }), NOW).status).toBe(304);
    expect(respond(rep, get({ "If-Modified-Since": "Tue, 01 Mar 2022 16:59:59 GMT" }), NOW).status).toBe(200);
  });

  it("never answers a 410 with 304 (§13.2.1), and caps its lifetimes before a known change", async () => {
    const gone = makeRepresentation({
      status: 410,
      freshness: { lifetime: "gone", changesAt: NOW + 10_000 },
      body: bytes("gone"),
      etag: 'W/"g"',
      headers: { "Cache-Control": "max-age=3600", "CDN-Cache-Control": "max-age=86400" },
    });
    const response = respond(gone, get({ "If-None-Match": 'W/"g"' }), NOW);
    expect(response.status).toBe(410);
    expect(await response.text()).toBe("gone");
    expect(response.headers.get("Cache-Control")).toBe("max-age=10");
    expect(response.headers.get("CDN-Cache-Control")).toBe("max-age=10");
  });

  it("caps the 304's lifetimes too", () => {
    const soon = makeRepresentation({
      freshness: { lifetime: "feed", changesAt: NOW + 10_000 },
      body: bytes("x"),
      etag: 'W/"s"',
      headers: feedHeaders(),
      gzipBody: bytes("y"),
    });
    const response = respond(soon, get({ "If-None-Match": 'W/"s.gz"', "Accept-Encoding": "gzip" }), NOW);
    expect(response.status).toBe(304);
    expect(response.headers.get("Cache-Control")).toBe("max-age=10, stale-if-error=86400");
    const full = respond(soon, get({ "Accept-Encoding": "gzip" }), NOW);
    expect(full.headers.get("CDN-Cache-Control")).toBe("max-age=10, stale-if-error=86400");
  });
});
