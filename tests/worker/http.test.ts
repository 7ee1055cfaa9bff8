// The HTTP contract in workerd, against the real local Cache API: validators,
// conditional requests, 304s, HEAD, methods, the shared cache (miss, hit, versioned keys,
// query stripping) and what happens when the cache fails.
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app/create-app.js";
import type { AppInputs } from "../../src/app/inputs.js";
import { siteFromVars } from "../../src/core/config.js";
import type { Article } from "../../src/core/model.js";
import { contentArticles } from "../../src/generated/all-articles.js";
import { content } from "../../src/generated/content.js";
import type { CacheLike } from "../../src/http/edge-cache.js";
import { ArchiveStore } from "../../src/storage/archive-store.js";

const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);
const site = siteFromVars(env);
const seed = contentArticles[0]!;
const ROUTES = ["/", "/rss.xml", "/atom.xml", "/feed.json", `/articles/${seed.slug}`, "/site.css", "/favicon.svg"];

function makeApp(inputs: Partial<AppInputs> = {}) {
  return createApp({ content, site, clock: () => NOW, store: new ArchiveStore(env.ASSETS!), ...inputs });
}

/** Sends a request and waits for everything it left in waitUntil (the cache writes). */
async function send(app: ReturnType<typeof createApp>, path: string, init?: RequestInit, { wait = true } = {}) {
  const ctx = createExecutionContext();
  const response = await app.fetch(new Request(`https://worker.test${path}`, init), env, ctx);
  if (wait) await waitOnExecutionContext(ctx);
  return response;
}

/** A cache that records which keys were asked for and written. */
function recording(inner: CacheLike) {
  const calls = { match: [] as string[], put: [] as string[] };
  const cache: CacheLike = {
    match(request) {
      calls.match.push(request.url);
      return inner.match(request);
    },
    put(request, response) {
      calls.put.push(request.url);
      return inner.put(request, response);
    },
  };
  return { cache, calls };
}

const freshCache = () => caches.open(`test-${crypto.randomUUID()}`);

describe("validators", () => {
  it.each(ROUTES)("%s carries a weak SHA-256 ETag, a Date, Cache-Control, CDN-Cache-Control and nosniff", async (path) => {
    const response = await send(makeApp(), path);
    expect(response.status).toBe(200);
    expect(response.headers.get("ETag")).toMatch(/^W\/"sha256-[A-Za-z0-9_-]{43}"$/);
    expect(response.headers.get("Date")).toBe("Sat, 28 Nov 2026 12:00:00 GMT");
    expect(response.headers.get("Cache-Control")).toMatch(/^max-age=\d+/);
    expect(response.headers.get("CDN-Cache-Control")).toMatch(/^max-age=\d+/);
    expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
  });

  it("Vary: Accept-Encoding exactly where the response varies by encoding", async () => {
    const vary = async (path: string) => (await send(makeApp(), path)).headers.get("Vary");
    for (const path of ["/", "/rss.xml", `/articles/${seed.slug}`, "/site.css", "/favicon.svg"])
      expect(await vary(path), path).toBe("Accept-Encoding");
    // Cloudflare never encodes Atom or JSON Feed, so neither do we: they do not vary.
    for (const path of ["/atom.xml", "/feed.json"]) expect(await vary(path), path).toBeNull();
  });

  it("Last-Modified is the newest content date, never the clock", async () => {
    for (const path of ["/", "/rss.xml", "/atom.xml", "/feed.json", `/articles/${seed.slug}`]) {
      const response = await send(makeApp(), path);
      expect(response.headers.get("Last-Modified"), path).toBe(new Date(seed.updated).toUTCString());
    }
  });

  it("the ETag is the hash of the body: the same across apps (isolates), different when content differs", async () => {
    const a = await send(makeApp(), "/atom.xml");
    const b = await send(makeApp({ deployId: "another-deploy" }), "/atom.xml");
    const other = await send(
      makeApp({ content: { version: "x", files: content.files, articles: [{ ...seed, title: "Changed" }] } }),
      "/atom.xml",
    );
    expect(a.headers.get("ETag")).toBe(b.headers.get("ETag"));
    expect(other.headers.get("ETag")).not.toBe(a.headers.get("ETag"));
  });
});

describe("conditional requests (RFC 9110 §13)", () => {
  const app = makeApp();
  const validatorsOf = async (path: string) => {
    const response = await send(app, path);
    return { response, etag: response.headers.get("ETag")!, lastModified: response.headers.get("Last-Modified")! };
  };

  it.each(["/rss.xml", "/atom.xml", "/feed.json", "/", `/articles/${seed.slug}`])(
    "%s: a 304 repeats the 200's validators and caching headers, with no body",
    async (path) => {
      const { response: ok, etag } = await validatorsOf(path);
      const notModified = await send(app, path, { headers: { "If-None-Match": etag } });
      expect(notModified.status).toBe(304);
      expect(await notModified.text()).toBe("");
      for (const name of [
        "ETag",
        "Last-Modified",
        "Cache-Control",
        "CDN-Cache-Control",
        "Vary",
        "Date",
        "X-Content-Type-Options",
        "Access-Control-Allow-Origin",
      ]) {
        expect(notModified.headers.get(name), name).toBe(ok.headers.get(name));
      }
    },
  );

  it("matches If-None-Match weakly, in lists and with *", async () => {
    const { etag } = await validatorsOf("/rss.xml");
    const strong = etag.slice(2);
    for (const value of [etag, strong, `"nope", ${strong}`, "*"]) {
      expect((await send(app, "/rss.xml", { headers: { "If-None-Match": value } })).status, value).toBe(304);
    }
    expect((await send(app, "/rss.xml", { headers: { "If-None-Match": '"nope"' } })).status).toBe(200);
  });

  it("honours If-Modified-Since only without If-None-Match, and only when valid", async () => {
    const { lastModified } = await validatorsOf("/feed.json");
    const later = new Date(Date.parse(lastModified) + 3600_000).toUTCString();
    const earlier = new Date(Date.parse(lastModified) - 1000).toUTCString();
    const status = async (headers: Record<string, string>) => (await send(app, "/feed.json", { headers })).status;
    expect(await status({ "If-Modified-Since": lastModified })).toBe(304);
    expect(await status({ "If-Modified-Since": later })).toBe(304);
    expect(await status({ "If-Modified-Since": earlier })).toBe(200);
    expect(await status({ "If-Modified-Since": "not-a-date" })).toBe(200);
    expect(await status({ "If-None-Match": '"nope"', "If-Modified-Since": lastModified })).toBe(200);
  });

  it("never answers 304 on a 404, whatever the preconditions (§13.2.1)", async () => {
    const response = await send(app, "/articles/no-such-story", {
      headers: { "If-None-Match": "*", "If-Modified-Since": "Sat, 28 Nov 2026 12:00:00 GMT" },
    });
    expect(response.status).toBe(404);
    expect(response.headers.get("Cache-Control")).toBe("max-age=60");
    expect(response.headers.get("ETag")).toBeNull();
  });

  it("a HEAD is the GET without its body, 304s included", async () => {
    for (const path of ROUTES) {
      const [get, head] = [await send(app, path), await send(app, path, { method: "HEAD" })];
      expect(head.status).toBe(200);
      expect([...head.headers]).toEqual([...get.headers]);
      expect(await head.text()).toBe("");
      const conditional = await send(app, path, { method: "HEAD", headers: { "If-None-Match": get.headers.get("ETag")! } });
      expect(conditional.status).toBe(304);
    }
  });
});

describe("methods", () => {
  // workerd itself refuses methods outside the standard set (TRACE, CONNECT, made-up
  // ones) before any Worker code runs; every method it lets through is answered here.
  it.each(["POST", "PUT", "DELETE", "PATCH"])("%s is 405 with Allow and no-store", async (method) => {
    const response = await send(makeApp(), "/rss.xml", { method, body: "x" });
    expect(response.status).toBe(405);
    expect(response.headers.get("Allow")).toBe("GET, HEAD, OPTIONS");
    expect(response.headers.get("Cache-Control")).toBe("no-store");
  });

  it("a CORS preflight for a conditional request to a feed is allowed", async () => {
    const response = await send(makeApp(), "/feed.json", {
      method: "OPTIONS",
      headers: {
        Origin: "https://partner.example",
        "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "if-none-match",
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(response.headers.get("Access-Control-Allow-Headers")).toMatch(/If-None-Match/i);
    expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(response.headers.get("Date")).toBe("Sat, 28 Nov 2026 12:00:00 GMT");
  });

  it("OPTIONS elsewhere lists the allowed methods", async () => {
    const response = await send(makeApp(), "/", { method: "OPTIONS" });
    expect(response.status).toBe(204);
    expect(response.headers.get("Allow")).toBe("GET, HEAD, OPTIONS");
  });

  it("a plain OPTIONS on a feed (not a preflight) gets Allow, and no CORS preflight headers", async () => {
    const response = await send(makeApp(), "/feed.json", { method: "OPTIONS" });
    expect(response.status).toBe(204);
    expect(response.headers.get("Allow")).toBe("GET, HEAD, OPTIONS");
    for (const name of ["Access-Control-Allow-Methods", "Access-Control-Allow-Headers", "Access-Control-Max-Age"])
      expect(response.headers.get(name), name).toBeNull();
  });
});

describe("headers", () => {
  it("HTML pages carry a strict CSP and the usual security headers; the 404 page (and a photo's) is a page too", async () => {
    for (const path of ["/", `/articles/${seed.slug}`, "/no-such-page", "/articles/no-such-story", "/images/no-such-photo.jpg"]) {
      const { headers } = await send(makeApp(), path);
      expect(headers.get("Content-Security-Policy")).toBe(
        "default-src 'none'; style-src 'self'; img-src 'self' https: data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
      );
      expect(headers.get("Referrer-Policy")).toBe("no-referrer");
      expect(headers.get("X-Frame-Options")).toBe("SAMEORIGIN");
      // Served over http (wrangler.toml's BASE_URL): no HSTS, and no deprecated headers.
      expect(headers.get("Strict-Transport-Security")).toBeNull();
      expect(headers.get("X-XSS-Protection")).toBeNull();
      expect(headers.get("X-Download-Options")).toBeNull();
      expect(headers.get("Content-Type")).toBe("text/html; charset=utf-8");
    }
  });

  it("HSTS only when the service is served over https", async () => {
    const app = makeApp({ site: { ...site, baseUrl: "https://news.example" } });
    for (const path of ["/", `/articles/${seed.slug}`, "/partners", "/no-such-page"]) {
      expect((await send(app, path)).headers.get("Strict-Transport-Security"), path).toBe("max-age=15552000; includeSubDomains");
    }
    // Never on anything but pages.
    expect((await send(app, "/rss.xml")).headers.get("Strict-Transport-Security")).toBeNull();
  });

  it("feeds allow any origin to read them and their validators, and link to self and alternates", async () => {
    const { headers } = await send(makeApp(), "/atom.xml");
    expect(headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(headers.get("Access-Control-Expose-Headers")).toBe("ETag, Last-Modified, Link");
    expect(headers.get("Link")).toBe(
      `<${site.baseUrl}/rss.xml>; rel="alternate"; type="application/rss+xml", <${site.baseUrl}/atom.xml>; rel="self"; type="application/atom+xml", <${site.baseUrl}/feed.json>; rel="alternate"; type="application/feed+json"`,
    );
  });

  it("the RSS <ttl> matches the feed's max-age", async () => {
    const response = await send(makeApp(), "/rss.xml");
    const maxAge = Number(/max-age=(\d+)/.exec(response.headers.get("Cache-Control")!)![1]);
    expect(await response.text()).toContain(`<ttl>${maxAge / 60}</ttl>`);
  });
});

describe("the shared cache (Cache API)", () => {
  it("a miss renders and stores; another isolate then takes the stored body; its own later requests touch no cache", async () => {
    const shared = await freshCache();
    const first = recording(shared);
    const a = await send(makeApp({ cache: first.cache, deployId: "v1" }), "/rss.xml");
    expect(first.calls.match).toHaveLength(1);
    expect(first.calls.put).toHaveLength(1);

    const second = recording(shared);
    const other = makeApp({ cache: second.cache, deployId: "v1" });
    const b = await send(other, "/rss.xml");
    expect(second.calls.match).toEqual(first.calls.match);
    expect(second.calls.put).toEqual([]); // a hit: nothing rendered to store
    expect(b.headers.get("ETag")).toBe(a.headers.get("ETag"));
    expect(await b.text()).toBe(await a.text());

    await send(other, "/rss.xml");
    expect(second.calls.match).toHaveLength(1); // held in the isolate: the cache is off the path
  });

  it("shares what is costly to render (feeds), not what is cheaper than a lookup: the front page, an article page", async () => {
    const { cache, calls } = recording(await freshCache());
    const app = makeApp({ cache, deployId: "v1" });
    for (const path of ["/", `/articles/${seed.slug}`]) expect((await send(app, path)).status).toBe(200);
    // An isolate's first `/` renders its 50 cards from the script: no lookup before it, no write after.
    expect(calls).toEqual({ match: [], put: [] });
    await send(app, "/feed.json");
    expect(calls.match).toEqual([expect.stringMatching(/\/feed\.json$/)]);
    expect(calls.put).toEqual(calls.match);
  });

  it("answers conditional requests on a cache hit with 304", async () => {
    const shared = await freshCache();
    const a = await send(makeApp({ cache: shared, deployId: "v1" }), "/feed.json");
    const b = await send(makeApp({ cache: shared, deployId: "v1" }), "/feed.json", {
      headers: { "If-None-Match": a.headers.get("ETag")! },
    });
    expect(b.status).toBe(304);
  });

  it("keys entries by build: another deploy, other content or another base URL never meets them", async () => {
    const shared = await freshCache();
    const keyOf = async (inputs: Partial<AppInputs>) => {
      const { cache, calls } = recording(shared);
      await send(makeApp({ cache, ...inputs }), "/atom.xml");
      return { key: calls.match[0]!, stored: calls.put.length };
    };
    const v1 = await keyOf({ deployId: "v1" });
    const v2 = await keyOf({ deployId: "v2" });
    const otherContent = await keyOf({ deployId: "v1", content: { ...content, version: "other" } });
    const otherSite = await keyOf({ deployId: "v1", site: { ...site, baseUrl: "https://news.example" } });
    expect(new Set([v1.key, v2.key, otherContent.key, otherSite.key]).size).toBe(4);
    expect([v1.stored, v2.stored, otherContent.stored, otherSite.stored]).toEqual([1, 1, 1, 1]); // each a miss
  });

  it("ignores the query string: ?utm_… neither fragments nor poisons the cache", async () => {
    const shared = await freshCache();
    const { cache, calls } = recording(shared);
    const app = makeApp({ cache, deployId: "v1" });
    const tracked = await send(app, "/rss.xml?utm_source=x&utm_medium=<script>alert(1)</script>");
    const plain = await send(makeApp({ cache: shared, deployId: "v1" }), "/rss.xml");
    // One lookup (the second app shares the cache and finds the entry without a record here),
    // for the path alone.
    expect(calls.match).toHaveLength(1);
    expect(calls.match[0]).toMatch(/^https:\/\/edge-cache\.invalid\/[^/?]+\/rss\.xml$/);
    expect(tracked.headers.get("ETag")).toBe(plain.headers.get("ETag"));
    const body = await tracked.text();
    expect(body).toBe(await plain.text());
    expect(body).not.toContain("utm_");
  });
});

describe("when the cache fails, the client still gets the right 200 in time", () => {
  const expected = async (path: string) => {
    const response = await send(makeApp(), path);
    return { etag: response.headers.get("ETag"), body: await response.text() };
  };
  const check = async (cache: CacheLike, path = "/atom.xml", options?: { wait: boolean }) => {
    const started = Date.now();
    const response = await send(makeApp({ cache, deployId: "v1", cacheTimeoutMs: 50 }), path, undefined, options);
    const elapsed = Date.now() - started;
    expect(response.status).toBe(200);
    expect({ etag: response.headers.get("ETag"), body: await response.text() }).toEqual(await expected(path));
    return elapsed;
  };
  const never = () => new Promise<never>(() => {});

  it("match throws", async () => {
    await check({ match: () => Promise.reject(new Error("cache down")), put: async () => {} });
    await check({
      match: () => {
        throw new Error("sync throw");
      },
      put: async () => {},
    });
  });

  it("put throws or rejects", async () => {
    await check({ match: async () => undefined, put: () => Promise.reject(new Error("quota")) });
    await check({
      match: async () => undefined,
      put: () => {
        throw new Error("sync throw");
      },
    });
  });

  it("match hangs: answered after the lookup timeout, not never", async () => {
    expect(await check({ match: never, put: async () => {} })).toBeLessThan(2000);
  });

  it("put hangs: the response does not wait for it", async () => {
    expect(await check({ match: async () => undefined, put: never }, "/atom.xml", { wait: false })).toBeLessThan(2000);
  });

  it("the body of a hit hangs", async () => {
    const stuck = new ReadableStream({ pull: () => never() });
    await check({
      match: async () => new Response(stuck, { headers: { "Content-Type": "application/atom+xml; charset=utf-8", ETag: 'W/"x"' } }),
      put: async () => {},
    });
  });

  /** What this build stores for /atom.xml, taken from a recording of a real store. */
  async function storedEntry(): Promise<Response> {
    const shared = await freshCache();
    const { cache, calls } = recording(shared);
    await send(makeApp({ cache, deployId: "v1" }), "/atom.xml");
    return (await shared.match(calls.put[0]!))!;
  }

  it("a good entry is used (the control for the corrupt ones below)", async () => {
    const good = await storedEntry();
    const puts: Response[] = [];
    await check({ match: async () => good.clone(), put: async (_, r) => void puts.push(r) });
    expect(puts).toHaveLength(0);
  });

  const corruptions: [string, (entry: Response) => Promise<Response>][] = [
    ["a truncated body", async (e) => new Response((await e.text()).slice(0, 100), e)],
    ["a body that does not match its ETag", async (e) => new Response(`${await e.text()}<!-- x -->`, e)],
    ["status 500", async (e) => new Response(await e.text(), { status: 500, headers: e.headers })],
    ["the wrong content type", async (e) => withHeader(e, "Content-Type", "text/html; charset=utf-8")],
    ["no ETag", async (e) => withHeader(e, "ETag", null)],
    ["an older build", async (e) => withHeader(e, "X-Build-Id", "an-older-build")],
  ];

  it.each(corruptions)("an entry with %s is ignored and replaced", async (_name, corrupt) => {
    const bad = await corrupt(await storedEntry());
    const puts: Response[] = [];
    await check({ match: async () => bad.clone(), put: async (_, r) => void puts.push(r) });
    expect(puts).toHaveLength(1); // overwritten with the good body
  });

  it("nothing is cached when rendering fails, and the next request recovers", async () => {
    let failures = 1;
    // A copy of the seed whose body fails once.
    const flaky: Article = Object.defineProperty({ ...seed, bodyHtml: "" }, "bodyHtml", {
      get: () => {
        if (failures-- > 0) throw new Error("render failed");
        return "<p>The body.</p>";
      },
    });
    const { cache, calls } = recording(await freshCache());
    const app = makeApp({ cache, deployId: "v1", content: { version: content.version, files: content.files, articles: [flaky] } });
    const failed = await send(app, "/rss.xml");
    expect(failed.status).toBe(500);
    expect(failed.headers.get("Cache-Control")).toBe("no-store");
    expect(await failed.text()).toBe("Internal error\n");
    expect(calls.put).toEqual([]);
    expect((await send(app, "/rss.xml")).status).toBe(200);
  });
});

async function withHeader(entry: Response, name: string, value: string | null): Promise<Response> {
  const headers = new Headers(entry.headers);
  if (value === null) headers.delete(name);
  else headers.set(name, value);
  return new Response(await entry.arrayBuffer(), { status: entry.status, headers });
}

describe("gzip compressed once, not per request", () => {
  const app = makeApp();
  const gunzip = async (bytes: ArrayBuffer) => new Response(new Response(bytes).body!.pipeThrough(new DecompressionStream("gzip"))).text();

  it.each(["/rss.xml", `/articles/${seed.slug}`, "/"])(
    "%s: a client accepting gzip gets the precompressed bytes, with their own ETag",
    async (path) => {
      const plain = await send(app, path);
      const gz = await send(app, path, { headers: { "Accept-Encoding": "gzip, deflate, br" } });
      expect(gz.headers.get("Content-Encoding")).toBe("gzip");
      expect(gz.headers.get("Vary")).toBe("Accept-Encoding");
      expect(gz.headers.get("ETag")).toBe(`${plain.headers.get("ETag")!.slice(0, -1)}.gz"`);
      const compressed = await gz.arrayBuffer();
      const text = await plain.text();
      expect(compressed.byteLength).toBeLessThan(text.length);
      expect(await gunzip(compressed)).toBe(text);
    },
  );

  it("each encoding's validator gets its own 304; the other encoding's tag does not match", async () => {
    const gz = await send(app, "/rss.xml", { headers: { "Accept-Encoding": "gzip" } });
    const plain = await send(app, "/rss.xml");
    const again = await send(app, "/rss.xml", { headers: { "Accept-Encoding": "gzip", "If-None-Match": gz.headers.get("ETag")! } });
    expect(again.status).toBe(304);
    expect(again.headers.get("ETag")).toBe(gz.headers.get("ETag"));
    expect((await send(app, "/rss.xml", { headers: { "If-None-Match": gz.headers.get("ETag")! } })).status).toBe(200);
    expect(
      (await send(app, "/rss.xml", { headers: { "Accept-Encoding": "gzip", "If-None-Match": plain.headers.get("ETag")! } })).status,
    ).toBe(200);
  });

  it("gzip;q=0 and identity-only clients get the identity bytes", async () => {
    for (const ae of ["gzip;q=0", "identity", "br"]) {
      const response = await send(app, "/rss.xml", { headers: { "Accept-Encoding": ae } });
      expect(response.headers.get("ETag"), ae).not.toMatch(/\.gz"$/);
    }
  });

  it.each(["/atom.xml", "/feed.json"])("%s is always identity: the edge would not decode it for a client without gzip", async (path) => {
    const response = await send(app, path, { headers: { "Accept-Encoding": "br, gzip" } });
    expect(response.headers.get("Content-Encoding")).toBeNull();
    expect(response.headers.get("ETag")).not.toMatch(/\.gz"$/);
  });

  it("tiny bodies get no gzip variant", async () => {
    const response = await send(app, "/favicon.svg", { headers: { "Accept-Encoding": "gzip" } });
    expect(response.headers.get("ETag")).not.toMatch(/\.gz"$/);
  });
});
