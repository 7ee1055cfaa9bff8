// The content coding is chosen from the client's own Accept-Encoding, through the real
// Worker entry in workerd. Cloudflare (and Miniflare) replace the header with `br, gzip`
// and keep the client's value in `cf.clientAcceptEncoding` ("" when it sent none): the
// requests here are built the same way.
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { contentArticles } from "../../src/generated/all-articles.js";

const seed = contentArticles[0]!;
/** Compressible documents large enough to have a gzip variant. */
const PRECOMPRESSED = ["/rss.xml", "/", `/articles/${seed.slug}`, "/site.css"];

/** A request as the edge hands it to the Worker: header replaced, the client's value in `cf`. */
function viaEdge(path: string, client: string | null, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  headers.set("Accept-Encoding", "br, gzip");
  const request = new Request(`https://worker.test${path}`, {
    ...init,
    headers,
    cf: { clientAcceptEncoding: client ?? "" },
  } as RequestInit);
  return exports.default.fetch(request);
}

describe("content coding from the client's own Accept-Encoding", () => {
  const identityClients: [string, string | null][] = [
    ["no Accept-Encoding", null],
    ["identity", "identity"],
    ["gzip;q=0, identity", "gzip;q=0, identity"],
    ["*;q=0", "*;q=0"],
    ["br only", "br"],
    ["an unknown coding", "x-compress-9000"],
    ["junk", ";;q=x,,, gzip;q=junk"],
  ];

  describe.each(PRECOMPRESSED)("%s", (path) => {
    it.each(identityClients)("%s: identity bytes, no Content-Encoding, the identity ETag", async (_name, client) => {
      const plain = await exports.default.fetch(new Request(`https://worker.test${path}`));
      const response = await viaEdge(path, client);
      expect(response.status).toBe(200);
      expect(response.headers.get("Content-Encoding")).toBeNull();
      // An article's URL also answers its ActivityStreams object by Accept (docs/fediverse.md).
      expect(response.headers.get("Vary")).toBe(path.startsWith("/articles/") ? "Accept, Accept-Encoding" : "Accept-Encoding");
      expect(response.headers.get("ETag")).toBe(plain.headers.get("ETag"));
      expect(response.headers.get("ETag")).not.toMatch(/\.gz"$/);
      expect(new Uint8Array(await response.arrayBuffer())).toEqual(new Uint8Array(await plain.arrayBuffer()));
    });

    it.each([
      ["gzip", "gzip"],
      ["gzip, deflate, br", "gzip, deflate, br"],
      ["*", "*"],
      ["br;q=1, gzip;q=0.5", "br;q=1, gzip;q=0.5"],
    ])("%s: the precompressed gzip bytes with their own ETag", async (_name, client) => {
      const plain = await exports.default.fetch(new Request(`https://worker.test${path}`));
      const response = await viaEdge(path, client);
      expect(response.headers.get("Content-Encoding")).toBe("gzip");
      // An article's URL also answers its ActivityStreams object by Accept (docs/fediverse.md).
      expect(response.headers.get("Vary")).toBe(path.startsWith("/articles/") ? "Accept, Accept-Encoding" : "Accept-Encoding");
      expect(response.headers.get("ETag")).toBe(`${plain.headers.get("ETag")!.slice(0, -1)}.gz"`);
      // Read through the entry binding, the body arrives decoded (as a fetch would); the
      // compressed bytes themselves are checked against createApp in http.test.ts.
      expect(new Uint8Array(await response.arrayBuffer())).toEqual(new Uint8Array(await plain.arrayBuffer()));
    });
  });

  it("a 304 follows the same choice: the identity tag revalidates for a client without gzip", async () => {
    const plain = await viaEdge("/rss.xml", null);
    const etag = plain.headers.get("ETag")!;
    const again = await viaEdge("/rss.xml", null, { headers: { "If-None-Match": etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get("ETag")).toBe(etag);
    expect(again.headers.get("Content-Encoding")).toBeNull();
    // The edge's own `br, gzip` does not make the gzip tag match for that client.
    const gz = await viaEdge("/rss.xml", "gzip");
    expect((await viaEdge("/rss.xml", null, { headers: { "If-None-Match": gz.headers.get("ETag")! } })).status).toBe(200);
  });

  it.each(["/atom.xml", "/feed.json"])("%s is identity even for a gzip client: the edge does not encode it", async (path) => {
    const response = await viaEdge(path, "gzip");
    expect(response.headers.get("Content-Encoding")).toBeNull();
    expect(response.headers.get("Vary")).toBeNull();
    expect(response.headers.get("ETag")).not.toMatch(/\.gz"$/);
  });

  it("without cf (a request that did not come through the edge) the header itself decides", async () => {
    const gz = await exports.default.fetch(new Request("https://worker.test/rss.xml", { headers: { "Accept-Encoding": "gzip" } }));
    expect(gz.headers.get("Content-Encoding")).toBe("gzip");
    const plain = await exports.default.fetch(new Request("https://worker.test/rss.xml", { headers: { "Accept-Encoding": "identity" } }));
    expect(plain.headers.get("Content-Encoding")).toBeNull();
  });

  it.each([
    ["/nope", 404],
    ["/rss.xml/", 301],
  ])("%s (%i) says Vary: Accept-Encoding: the runtime compresses it per client", async (path, status) => {
    const response = await viaEdge(path, "gzip", { redirect: "manual" });
    expect(response.status).toBe(status);
    expect(response.headers.get("Vary")).toBe("Accept-Encoding");
  });
});
