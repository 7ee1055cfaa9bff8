// Representations at their edges (src/http/representation.ts): a non-200 advertises no
// validators (RFC 9110 §13.2.1), and a representation without a gzip variant answers a
// client that accepts gzip with its identity bytes.
import { describe, expect, it } from "vitest";
import { makeRepresentation, respond } from "../../src/http/representation.js";

const bytes = (s: string) => new TextEncoder().encode(s);
const NOW = Date.UTC(2022, 2, 1, 17, 40, 0, 250);
const LAST_MODIFIED = Date.UTC(2022, 2, 1, 17, 0, 0);
const request = (headers: Record<string, string> = {}) => new Request("https://news.example/x", { headers });

describe("a 410 tombstone", () => {
  it("carries no ETag and no Last-Modified, on itself or its gzip variant, though it keeps its dates", () => {
    const gone = makeRepresentation({
      status: 410,
      body: bytes("gone"),
      etag: 'W/"g"',
      lastModified: LAST_MODIFIED,
      headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "max-age=3600" },
      gzipBody: bytes("gz"),
    });
    expect(gone.headers.get("ETag")).toBeNull();
    expect(gone.headers.get("Last-Modified")).toBeNull();
    expect(gone.gzip!.headers.get("ETag")).toBeNull();
    expect(gone.gzip!.headers.get("Last-Modified")).toBeNull();
    expect(Object.fromEntries(gone.notModifiedHeaders)).toEqual({ "cache-control": "max-age=3600" });
    expect(gone.lastModified).toBe(LAST_MODIFIED);
  });

  it("answers a request carrying its would-be tag or a later date in full, without validators", async () => {
    const gone = makeRepresentation({ status: 410, body: bytes("gone"), etag: 'W/"g"', lastModified: LAST_MODIFIED, headers: {} });
    const response = respond(gone, request({ "If-None-Match": 'W/"g"', "If-Modified-Since": "Tue, 01 Mar 2022 18:00:00 GMT" }), NOW);
    expect(response.status).toBe(410);
    expect(await response.text()).toBe("gone");
    expect(response.headers.get("ETag")).toBeNull();
  });

  it("a 200 has both validators", () => {
    const ok = makeRepresentation({ status: 200, body: bytes("ok"), etag: 'W/"o"', lastModified: LAST_MODIFIED, headers: {} });
    expect(ok.headers.get("ETag")).toBe('W/"o"');
    expect(ok.headers.get("Last-Modified")).toBe("Tue, 01 Mar 2022 17:00:00 GMT");
  });
});

describe("without a gzip variant", () => {
  it("answers a client that accepts gzip with the identity bytes and their tag", async () => {
    const rep = makeRepresentation({ body: bytes("plain"), etag: 'W/"p"', headers: { "Content-Type": "text/plain" } });
    const response = respond(rep, request({ "Accept-Encoding": "gzip, br" }), NOW);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Encoding")).toBeNull();
    expect(response.headers.get("ETag")).toBe('W/"p"');
    expect(await response.text()).toBe("plain");
    expect(respond(rep, request({ "Accept-Encoding": "gzip", "If-None-Match": 'W/"p"' }), NOW).status).toBe(304);
  });
});
