// The gzip variant is made on the first request that accepts gzip, not when a document is
// rendered: an identity client never pays for compression, and every gzip client after the
// first gets the bytes compressed once.
import { resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app/create-app.js";
import { buildContent } from "../../src/content-build/build-content.js";
import { siteDefaults } from "../../src/core/config.js";
import { makeRepresentation, withGzip } from "../../src/http/representation.js";

const { articles } = buildContent(resolve(import.meta.dirname, "../../content"));
const site = { ...siteDefaults, baseUrl: "https://news.example" };
const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);
const page = `https://news.example/articles/${articles[0]!.slug}`;

describe("gzip on demand", () => {
  it("identity first, then gzip for the first client that accepts it, with its own tag, the same content and Vary", async () => {
    const app = createApp({ content: { version: "t", files: [], articles }, site, clock: () => NOW });
    const plain = await app.request(page);
    expect(plain.headers.get("Content-Encoding")).toBeNull();
    const identity = new Uint8Array(await plain.arrayBuffer());
    const gzip = await app.request(page, { headers: { "Accept-Encoding": "gzip" } });
    expect(gzip.headers.get("Content-Encoding")).toBe("gzip");
    expect(gzip.headers.get("ETag")).toBe(`${plain.headers.get("ETag")!.slice(0, -1)}.gz"`);
    expect(gzip.headers.get("Vary")).toBe("Accept-Encoding");
    const body = new Uint8Array(await gzip.arrayBuffer());
    expect(body.length).toBeLessThan(identity.length * 0.9);
    expect(new Uint8Array(gunzipSync(body))).toEqual(identity);
    // Made once: the next gzip client gets the very same bytes, and a 304 on its own tag.
    expect(new Uint8Array(await (await app.request(page, { headers: { "Accept-Encoding": "gzip" } })).arrayBuffer())).toEqual(body);
    const revalidated = await app.request(page, { headers: { "Accept-Encoding": "gzip", "If-None-Match": gzip.headers.get("ETag")! } });
    expect(revalidated.status).toBe(304);
    // Identity clients are unaffected.
    const again = await app.request(page);
    expect(again.headers.get("ETag")).toBe(plain.headers.get("ETag"));
    expect(new Uint8Array(await again.arrayBuffer())).toEqual(identity);
  });

  it("concurrent first gzip clients share one compression", async () => {
    const app = createApp({ content: { version: "t", files: [], articles }, site, clock: () => NOW });
    await app.request(page);
    const responses = await Promise.all(Array.from({ length: 5 }, () => app.request(page, { headers: { "Accept-Encoding": "gzip" } })));
    const bodies = await Promise.all(responses.map(async (r) => Buffer.from(await r.arrayBuffer()).toString("base64")));
    expect(new Set(bodies).size).toBe(1);
    expect(responses.every((r) => r.headers.get("Content-Encoding") === "gzip")).toBe(true);
  });

  it("withGzip keeps no variant when compression saves less than a tenth, and stops waiting either way", async () => {
    const noise = crypto.getRandomValues(new Uint8Array(4096));
    const rep = makeRepresentation({ body: noise, etag: 'W/"n"', headers: { "Content-Type": "text/plain" }, gzipLater: true });
    expect(rep.gzipLater).toBe(true);
    const after = await withGzip(rep);
    expect(after.gzip).toBeUndefined();
    expect(after.gzipLater).toBeUndefined();
    const text = new TextEncoder().encode("news ".repeat(1000));
    const compressible = await withGzip(
      makeRepresentation({ body: text, etag: 'W/"t"', headers: { "Content-Type": "text/plain" }, gzipLater: true }),
    );
    expect(compressible.gzipLater).toBeUndefined();
    expect(compressible.gzip!.etag).toBe('W/"t.gz"');
    expect(compressible.gzip!.headers.get("Content-Encoding")).toBe("gzip");
    expect(new Uint8Array(gunzipSync(new Uint8Array(await compressible.gzip!.body.arrayBuffer())))).toEqual(text);
  });
});
