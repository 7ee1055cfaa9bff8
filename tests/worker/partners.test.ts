// The partners' feed in workerd, through the Worker entry (src/worker.ts) made for the newsroom
// fixture with a fake clock, and with the test partners bound as the PARTNER_KEYS secret
// (vitest.config.ts): the embargo timeline, every hostile way of asking, and that nothing of
// an embargoed article reaches a public surface or the shared cache.
import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { content as newsroom } from "../../src/generated/newsroom.js";
import type { CacheLike } from "../../src/http/edge-cache.js";
import { type Env, workerFor } from "../../src/worker.js";
import { SCHEDULED } from "../helpers/newsroom.js";
import { PARTNERS } from "../helpers/partners.js";
import { fetcher } from "../helpers/workerd-fetch.js";

const BASE = "https://news.example";
const FEED = "/partners/feed.json";
/** The embargoed article's ninjs document: the partners' copy, and the public one. */
const NINJS = `/partners/articles/${SCHEDULED.slug}.ninjs.json`;
const PUBLIC_NINJS = `/articles/${SCHEDULED.slug}.ninjs.json`;
const PUBLISHED = SCHEDULED.at;
const FROM = SCHEDULED.partnersFrom;
const TRACES = [SCHEDULED.slug, SCHEDULED.id, SCHEDULED.title, "Priya Raman", "Mars Sample Return"];
/** The public surfaces the embargoed article reaches at its publication (and two it never does). */
const PUBLIC = [
  "/",
  "/feed.json",
  "/rss.xml",
  "/atom.xml",
  "/updates/feed.json",
  "/sections/science/feed.json",
  "/sitemap-news.xml",
  "/partners",
  PUBLIC_NINJS,
];

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const BUGLE = bearer(PARTNERS.bugle.token);

/** The Worker for the newsroom fixture (or other content) with a clock the test moves; `env` as bound, BASE_URL the test host. */
function worker(content = newsroom, at = FROM - 1000) {
  const clock = { now: at };
  const handler = workerFor(content, { clock: () => clock.now });
  const workerEnv: Env = { ...(env as Env), BASE_URL: BASE, FEED_SIZE: "10" };
  const send = fetcher(handler, BASE, workerEnv);
  const get = (path: string, headers: HeadersInit = {}, method = "GET") => send(path, { headers, method, redirect: "manual" });
  return { clock, get };
}

type Item = {
  id: string;
  date_published: string;
  _syndication: { version: number; status: string; embargo_until?: string; ninjs: string };
};
const items = (body: string): Item[] => JSON.parse(body).items;

describe("the embargo timeline", () => {
  it("before partners_from: neither partners nor the public see the article", async () => {
    const { get } = worker();
    const partner = await get(FEED, BUGLE);
    expect(partner.status).toBe(200);
    expect(items(partner.body).map((i) => i.id)).not.toContain(SCHEDULED.id);
    for (const trace of TRACES) expect(partner.body).not.toContain(trace);
    // Everything the public feed has, in the same order, the same items.
    const pub = await get("/feed.json");
    expect(items(partner.body)).toEqual(items(pub.body));
    expect(JSON.parse(partner.body)._syndication).toEqual(JSON.parse(pub.body)._syndication);
  });

  it("at partners_from: partners see it first, embargoed until published; the public surfaces are unchanged", async () => {
    const { clock, get } = worker();
    const before = await Promise.all(PUBLIC.map((p) => get(p)));
    clock.now = FROM;
    const partner = await get(FEED, BUGLE);
    const first = items(partner.body)[0]!;
    expect(first.id).toBe(SCHEDULED.id);
    expect(first._syndication).toMatchObject({
      version: 3,
      status: "embargoed",
      embargo_until: "2026-11-21T06:00:00Z",
      ninjs: `${BASE}/partners/articles/${SCHEDULED.slug}.ninjs.json`,
    });
    expect(first.date_published).toBe("2026-11-21T06:00:00Z");
    expect(items(partner.body).filter((i) => i._syndication.status === "embargoed")).toHaveLength(1);
    // While it carries an embargoed item the feed has only an ETag.
    expect(partner.headers.get("Last-Modified")).toBeNull();
    const after = await Promise.all(PUBLIC.map((p) => get(p)));
    for (const [i, path] of PUBLIC.entries()) {
      expect(after[i]!.body, path).toBe(before[i]!.body);
      expect(after[i]!.headers.get("ETag"), path).toBe(before[i]!.headers.get("ETag"));
    }
  });

  it("at published − 1 s: the public surfaces are byte for byte what they are without the article, right after a partner read it", async () => {
    const withIt = worker(newsroom, PUBLISHED - 1000);
    const without = worker({ ...newsroom, articles: newsroom.articles.filter((a) => a.slug !== SCHEDULED.slug) }, PUBLISHED - 1000);
    expect(items((await withIt.get(FEED, BUGLE)).body)[0]!._syndication.status).toBe("embargoed");
    for (const path of [...PUBLIC, `/articles/${SCHEDULED.slug}`, "/authors/priya-raman/feed.json", "/sitemap.xml"]) {
      const a = await withIt.get(path);
      const b = await without.get(path);
      expect(a.status, path).toBe(b.status);
      expect(a.body, path).toBe(b.body);
      // (Cache-Control differs: with the article, no cache may keep a surface past its publication.)
      for (const name of ["ETag", "Last-Modified", "Content-Type", "Vary"]) {
        expect(a.headers.get(name), `${path} ${name}`).toBe(b.headers.get(name));
      }
      for (const trace of TRACES) expect(a.body, `${path} mentions ${trace}`).not.toContain(trace);
    }
  });

  it("at published: the same item, by the same id, is published for partners and the public alike", async () => {
    const { clock, get } = worker(newsroom, PUBLISHED - 1000);
    const embargoed = await get(FEED, BUGLE);
    clock.now = PUBLISHED;
    const partner = await get(FEED, BUGLE);
    const pub = await get("/feed.json");
    const [p] = items(partner.body);
    const [q] = items(pub.body);
    expect(p!.id).toBe(SCHEDULED.id);
    expect(q!.id).toBe(SCHEDULED.id);
    expect(p!._syndication.status).toBe("published");
    expect(p!._syndication.embargo_until).toBeUndefined();
    // The partner's copy is the public one, which names the public ninjs document.
    expect(p).toEqual(q);
    expect(p!._syndication.ninjs).toBe(`${BASE}/articles/${SCHEDULED.slug}.ninjs.json`);
    expect(partner.headers.get("ETag")).not.toBe(embargoed.headers.get("ETag"));
    expect((await get(FEED, { ...BUGLE, "If-None-Match": embargoed.headers.get("ETag")! })).status).toBe(200);
    expect(Date.parse(partner.headers.get("Last-Modified")!)).toBe(PUBLISHED);
  });

  it("an article without partners_from is never shared early", async () => {
    const { clock, get } = worker(newsroom, Date.UTC(2026, 10, 30, 12));
    clock.now = Date.UTC(2026, 10, 30, 12);
    const body = (await get(FEED, BUGLE)).body;
    expect(body).not.toContain("year-in-review-opens");
    expect(items(body).some((i) => i._syndication.status === "embargoed")).toBe(false);
  });
});

describe("the partner feed over HTTP", () => {
  it("is private: no shared cache may store it, no CORS, and 304 repeats its validators and Cache-Control", async () => {
    const { get } = worker(newsroom, FROM);
    const first = await get(FEED, BUGLE);
    expect(first.headers.get("Cache-Control")).toBe("private, no-cache");
    expect(first.headers.get("CDN-Cache-Control")).toBeNull();
    expect(first.headers.get("Vary")).toBe("Authorization, Accept-Encoding");
    expect(first.headers.get("Access-Control-Allow-Origin")).toBeNull();
    expect(first.headers.get("Content-Type")).toBe("application/feed+json; charset=utf-8");
    expect(first.headers.get("X-Content-Type-Options")).toBe("nosniff");
    const etag = first.headers.get("ETag")!;
    expect(etag).toMatch(/^W\/"sha256-[\w-]{43}"$/);
    for (const inm of [etag, etag.slice(2), `"x", ${etag}`]) {
      const again = await get(FEED, { ...BUGLE, "If-None-Match": inm });
      expect(again.status, inm).toBe(304);
      expect(again.body).toBe("");
      for (const name of ["ETag", "Cache-Control", "Vary"]) expect(again.headers.get(name), name).toBe(first.headers.get(name));
    }
    // Another partner: the same feed, the same validator (the bytes are the same).
    const planet = await get(FEED, bearer(PARTNERS.planet.token));
    expect(planet.body).toBe(first.body);
    // HEAD: the GET's headers, no body.
    const head = await get(FEED, BUGLE, "HEAD");
    expect(head.status).toBe(200);
    expect(head.body).toBe("");
    expect(head.headers.get("ETag")).toBe(etag);
  });

  it("has no CORS: a browser's preflight is not answered with Access-Control headers, unlike a public feed's", async () => {
    const { get } = worker(newsroom, FROM);
    const ask = {
      Origin: "https://evil.example",
      "Access-Control-Request-Method": "GET",
      "Access-Control-Request-Headers": "authorization",
    };
    const partner = await get(FEED, ask, "OPTIONS");
    expect(partner.status).toBe(204);
    for (const [name] of partner.headers) expect(name.toLowerCase()).not.toMatch(/^access-control-/);
    const cross = await get(FEED, { ...BUGLE, Origin: "https://evil.example" });
    expect(cross.status).toBe(200);
    expect(cross.headers.get("Access-Control-Allow-Origin")).toBeNull();
    // The public feed, by contrast, is readable cross-origin.
    const pub = await get("/feed.json", { Origin: "https://evil.example", "Access-Control-Request-Method": "GET" }, "OPTIONS");
    expect(pub.headers.get("Access-Control-Allow-Origin")).toBe("*");
  });

  it("stays out of the Cache API, the isolate's held documents and the public paths of the same isolate", async () => {
    const puts: string[] = [];
    const cache: CacheLike = {
      match: (request) => caches.default.match(request),
      put: (request, response) => {
        puts.push(typeof request === "string" ? request : request.url);
        return caches.default.put(request, response);
      },
    } as CacheLike;
    const { createApp } = await import("../../src/app/create-app.js");
    const { ArchiveStore } = await import("../../src/storage/archive-store.js");
    const { partnersFromSecret } = await import("../../src/app/partner-feed.js");
    const { newsroomSite } = await import("../helpers/newsroom.js");
    const app = createApp({
      content: newsroom,
      site: newsroomSite(),
      clock: () => FROM,
      cache,
      store: new ArchiveStore(env.ASSETS!),
      partners: partnersFromSecret(env.PARTNER_KEYS),
    });
    const send = fetcher(app, BASE);
    const fetchApp = (path: string, headers: HeadersInit = {}) => send(path, { headers });
    const partner = await fetchApp(FEED, BUGLE);
    expect(partner.body).toContain(SCHEDULED.id);
    // The same path without a token, twice (the second would come from the hot path if anything were held).
    for (let i = 0; i < 2; i++) {
      const anon = await fetchApp(FEED);
      expect(anon.status).toBe(401);
      for (const trace of TRACES) expect(anon.body).not.toContain(trace);
    }
    for (const path of PUBLIC) {
      const pub = await fetchApp(path);
      for (const trace of TRACES) expect(pub.body, `${path} mentions ${trace}`).not.toContain(trace);
    }
    expect(puts.filter((url) => url.includes("partners/feed"))).toEqual([]);
    for (const url of puts) {
      const stored = await caches.default.match(url);
      const text = stored ? await stored.text() : "";
      for (const trace of TRACES) expect(text, `${url} in the Cache API`).not.toContain(trace);
    }
    expect(await caches.default.match(`${BASE}${FEED}`)).toBeUndefined();
  });

  it("the deployed entry (the real content) knows the test partners from the secret, and refuses everyone else", async () => {
    const ok = await exports.default.fetch(new Request(`https://worker.test${FEED}`, { headers: BUGLE }));
    expect(ok.status).toBe(200);
    expect(JSON.parse(await ok.text())._syndication.version).toBe(3);
    const no = await exports.default.fetch(new Request(`https://worker.test${FEED}`));
    expect(no.status).toBe(401);
    await no.text();
  });

  it("the embargoed article's photos: a partner's with a token from partners_from, private; everyone else's 404 until published", async () => {
    const { clock, get } = worker(newsroom, FROM);
    const embargoed = items((await get(FEED, BUGLE)).body).find((i) => i.id === SCHEDULED.id) as Item & { image: string };
    const photo = new URL(embargoed.image).pathname;
    expect(photo).toMatch(/^\/images\/mars-capsule\.[0-9a-f]{16}\.jpg$/);
    const paths = [photo, newsroom.articles.find((a) => a.slug === SCHEDULED.slug)!.image!.variants![0]!.src];
    expect(paths[1]).toMatch(/^\/images\/mars-capsule-640w\.[0-9a-f]{16}\.jpg$/);
    for (const path of paths) {
      clock.now = FROM;
      const partner = await get(path, BUGLE);
      expect(partner.status, path).toBe(200);
      expect(partner.headers.get("Cache-Control")).toBe("private, max-age=31536000, immutable");
      expect(partner.headers.get("Vary")).toBe("Authorization");
      expect(partner.headers.get("CDN-Cache-Control")).toBeNull();
      expect(partner.headers.get("Access-Control-Allow-Origin")).toBeNull();
      const etag = partner.headers.get("ETag")!;
      const again = await get(path, { ...BUGLE, "If-None-Match": etag });
      expect(again.status).toBe(304);
      for (const name of ["ETag", "Cache-Control", "Vary"]) expect(again.headers.get(name), name).toBe(partner.headers.get(name));
      const head = await get(path, BUGLE, "HEAD");
      expect([head.status, head.body, head.headers.get("Cache-Control")]).toEqual([200, "", partner.headers.get("Cache-Control")]);
      // Anyone else, however they ask, gets the 404 of a name that does not exist.
      const others: Record<string, string>[] = [
        {},
        bearer(PARTNERS.revoked.token),
        { Authorization: "Bearer nrp_x" },
        { "If-None-Match": etag },
        { Cookie: `t=${PARTNERS.bugle.token}` },
      ];
      for (const headers of others) {
        const other = await get(path, headers);
        expect(other.status, `${path} ${JSON.stringify(headers)}`).toBe(404);
        expect(other.body).not.toContain("mars");
      }
      // A partner before partners_from gets the 404 too.
      clock.now = FROM - 1000;
      expect((await get(path, BUGLE)).status).toBe(404);
      // From published, everyone, as any photo.
      clock.now = PUBLISHED;
      const pub = await get(path);
      expect(pub.status).toBe(200);
      expect(pub.headers.get("Cache-Control")).toBe("max-age=31536000, immutable");
      expect(pub.headers.get("Access-Control-Allow-Origin")).toBe("*");
    }
  });

  it("a PARTNER_KEYS that is not valid lets no one in (401, never a 5xx) and is logged by name, never by value", async () => {
    const logged: string[] = [];
    const original = console.error;
    console.error = (...parts: unknown[]) => void logged.push(parts.map(String).join(" "));
    try {
      for (const bad of [
        `{"oops": "${PARTNERS.bugle.token}"`,
        `[{"id":"p-0000b091","name":"x","sha256":"${PARTNERS.bugle.token}","added":"2026-01-01"}]`,
      ]) {
        const handler = workerFor(newsroom, { clock: () => FROM });
        const response = await fetcher(handler, BASE, { ...(env as Env), BASE_URL: BASE, PARTNER_KEYS: bad })(FEED, { headers: BUGLE });
        expect(response.status).toBe(401);
      }
    } finally {
      console.error = original;
    }
    expect(logged).toEqual([
      "PARTNER_KEYS is not JSON: make it again with npm run partner; no partner can sign in until it is fixed",
      "PARTNER_KEYS[0]: sha256 must be 64 lower-case hex digits; no partner can sign in until it is fixed",
    ]);
  });

  it("a partner over its rate limit (Miniflare's Rate Limiting binding) gets 429 with Retry-After, and the others are served", async () => {
    const { get } = worker(newsroom, FROM);
    const planet = bearer(PARTNERS.planet.token);
    let limited: Awaited<ReturnType<typeof get>> | undefined;
    // 60 a minute in fixed windows: within 121 requests one window sees its 61st.
    for (let i = 0; i < 121 && limited === undefined; i++) {
      const r = await get(FEED, planet, "HEAD");
      if (r.status === 429) limited = r;
      else expect(r.status).toBe(200);
    }
    expect(limited?.headers.get("Retry-After")).toBe("60");
    expect(limited?.headers.get("Cache-Control")).toBe("no-store");
    expect((await get(FEED, BUGLE, "HEAD")).status).toBe(200);
  });
});

describe("an embargoed article's ninjs document, for partners", () => {
  const doc = (body: string) => JSON.parse(body) as { uri: string; pubStatus: string; embargoedUntil?: string };

  it("before partners_from: 404 to a partner (private, never stored), 401 to anyone else; the public document 404", async () => {
    const { get } = worker();
    const partner = await get(NINJS, BUGLE);
    expect(partner.status).toBe(404);
    expect(partner.headers.get("Cache-Control")).toBe("no-store");
    expect(partner.headers.get("Vary")).toBe("Authorization, Accept-Encoding");
    for (const trace of TRACES.slice(1)) expect(partner.body).not.toContain(trace);
    expect((await get(NINJS)).status).toBe(401);
    expect((await get(PUBLIC_NINJS)).status).toBe(404);
    expect((await get(PUBLIC_NINJS, BUGLE)).status).toBe(404);
  });

  it("from partners_from: withheld with embargoedUntil, private, Vary: Authorization, no CORS, no Last-Modified; 304 and HEAD as for the feed", async () => {
    const { get } = worker(newsroom, FROM);
    const first = await get(NINJS, BUGLE);
    expect(first.status).toBe(200);
    expect(doc(first.body)).toMatchObject({ uri: SCHEDULED.id, pubStatus: "withheld", embargoedUntil: "2026-11-21T06:00:00Z" });
    expect(first.headers.get("Content-Type")).toBe(
      'application/json; profile="http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json"; charset=utf-8',
    );
    expect(first.headers.get("Cache-Control")).toBe("private, no-cache");
    expect(first.headers.get("CDN-Cache-Control")).toBeNull();
    expect(first.headers.get("Vary")).toBe("Authorization, Accept-Encoding");
    expect(first.headers.get("Access-Control-Allow-Origin")).toBeNull();
    expect(first.headers.get("Last-Modified")).toBeNull();
    expect(first.headers.get("X-Content-Type-Options")).toBe("nosniff");
    const etag = first.headers.get("ETag")!;
    expect(etag).toMatch(/^W\/"sha256-[\w-]{43}"$/);
    for (const inm of [etag, etag.slice(2), `"x", ${etag}`]) {
      const again = await get(NINJS, { ...BUGLE, "If-None-Match": inm });
      expect(again.status, inm).toBe(304);
      expect(again.body).toBe("");
      for (const name of ["ETag", "Cache-Control", "Vary"]) expect(again.headers.get(name), name).toBe(first.headers.get(name));
    }
    const head = await get(NINJS, BUGLE, "HEAD");
    expect(head.status).toBe(200);
    expect(head.body).toBe("");
    expect(head.headers.get("ETag")).toBe(etag);
    // The public gets nothing.
    expect((await get(PUBLIC_NINJS)).status).toBe(404);
    // The partner feed links it from the embargoed item.
    const item = items((await get(FEED, BUGLE)).body).find((i) => i.id === SCHEDULED.id)!;
    expect(item._syndication.ninjs).toBe(`${BASE}${NINJS}`);
  });

  it("at published − 1 s the public document is still a 404; at published it is usable, and the partners' address sends there for good (308)", async () => {
    const { clock, get } = worker(newsroom, PUBLISHED - 1000);
    expect(doc((await get(NINJS, BUGLE)).body).pubStatus).toBe("withheld");
    const early = await get(PUBLIC_NINJS);
    expect(early.status).toBe(404);
    for (const trace of TRACES.slice(1)) expect(early.body).not.toContain(trace);
    clock.now = PUBLISHED;
    const pub = await get(PUBLIC_NINJS);
    expect(pub.status).toBe(200);
    expect(doc(pub.body)).toMatchObject({ uri: SCHEDULED.id, pubStatus: "usable" });
    expect(doc(pub.body).embargoedUntil).toBeUndefined();
    expect(pub.headers.get("Access-Control-Allow-Origin")).toBe("*");
    const moved = await get(NINJS, BUGLE);
    expect(moved.status).toBe(308);
    expect(moved.headers.get("Location")).toBe(`${BASE}${PUBLIC_NINJS}`);
    expect(moved.headers.get("Cache-Control")).toBe("private, no-cache");
    expect(moved.body).toBe("");
    // Still the partners' address: anyone else is refused as before.
    expect((await get(NINJS)).status).toBe(401);
  });

  it("no other document is there: unknown, unshared or published slugs and other names are a 404 to a partner", async () => {
    const { get } = worker(newsroom, FROM);
    for (const path of [
      "/partners/articles/no-such-story.ninjs.json",
      "/partners/articles/year-in-review-opens.ninjs.json",
      `/partners/articles/${SCHEDULED.slug}`,
      `/partners/articles/${SCHEDULED.slug}.json`,
      `/partners/articles/${SCHEDULED.slug}.ninjs.json.bak`,
    ]) {
      const r = await get(path, BUGLE);
      expect(r.status, path).toBe(404);
      expect(r.headers.get("Cache-Control"), path).toBe("no-store");
    }
    // A published article's public document is not under the partners' address.
    const published = await get(`/partners/articles/${newsroom.articles.at(-1)!.slug}.ninjs.json`, BUGLE);
    expect(published.status).toBe(404);
  });

  it("gzip only for a client that accepts it; the partner's copy is never in the Cache API", async () => {
    const { get } = worker(newsroom, FROM);
    const plain = await get(NINJS, { ...BUGLE, "Accept-Encoding": "identity" });
    expect(plain.headers.get("Content-Encoding")).toBeNull();
    expect(await caches.default.match(`${BASE}${NINJS}`)).toBeUndefined();
  });
});

/** The two private partner documents, and what each is called in the table. */
const TARGETS = [
  { what: "the partner feed", target: FEED, segmentBefore: `/partners/${PARTNERS.bugle.token}/feed.json` },
  {
    what: "an embargoed ninjs document",
    target: NINJS,
    segmentBefore: `/partners/articles/${PARTNERS.bugle.token}/${SCHEDULED.slug}.ninjs.json`,
  },
];

describe.each(TARGETS)("hostile ways of asking for $what: none gets an embargoed byte, a 5xx or an echo", ({ target, segmentBefore }) => {
  const real = PARTNERS.bugle.token;
  const long = `nrp_${"A".repeat(10_240)}`;
  const cases: { name: string; headers?: HeadersInit; path?: string; method?: string; status?: number }[] = [
    { name: "no Authorization" },
    { name: "an empty Authorization", headers: { Authorization: "" } },
    { name: "Bearer without a token", headers: { Authorization: "Bearer" } },
    { name: "Bearer and a space", headers: { Authorization: "Bearer " } },
    { name: "Basic with the token", headers: { Authorization: `Basic ${btoa(`bugle:${real}`)}` } },
    { name: "Basic with the bare token", headers: { Authorization: `Basic ${real}` } },
    { name: "Token scheme", headers: { Authorization: `Token ${real}` } },
    { name: "the token without a scheme", headers: { Authorization: real } },
    { name: "Bearer:token", headers: { Authorization: `Bearer:${real}` } },
    // A bare trailing space is not part of a field value (RFC 9110 §5.5): the runtime strips it,
    // as every HTTP parser does, and the token is the real one. Anything after a space is not.
    { name: "a trailing space and more", headers: { Authorization: `Bearer ${real} x` } },
    { name: "an encoded trailing space", headers: bearer(`${real}%20`) },
    { name: "a trailing NUL-like escape", headers: bearer(`${real}\\0`) },
    { name: "a tab instead of the space", headers: { Authorization: `Bearer\t${real}` } },
    { name: "a prefix of the token", headers: bearer(real.slice(0, -1)) },
    { name: "the token's first half", headers: bearer(real.slice(0, real.length >> 1)) },
    { name: "a suffix of the token", headers: bearer(real.slice(1)) },
    { name: "the token and more", headers: bearer(`${real}x`) },
    { name: "the token in another case", headers: bearer(real.toUpperCase()) },
    { name: "the token quoted", headers: bearer(`"${real}"`) },
    { name: "a revoked token", headers: bearer(PARTNERS.revoked.token) },
    { name: "a token never issued", headers: bearer("nrp_nobodyHasThisTokennobodyHasThisTokennobod") },
    {
      name: "two Authorization headers",
      headers: [
        ["Authorization", `Bearer ${real}`],
        ["Authorization", `Bearer ${real}`],
      ],
    },
    { name: "two tokens in one header", headers: { Authorization: `Bearer ${real}, Bearer ${real}` } },
    { name: "a 10 KB token", headers: bearer(long) },
    { name: "the token in a cookie", headers: { Cookie: `token=${real}; access_token=${real}` } },
    { name: "the token in X-Api-Key", headers: { "X-Api-Key": real } },
    { name: "the token in Proxy-Authorization", headers: { "Proxy-Authorization": `Bearer ${real}` } },
    { name: "the token in the query string", path: `${target}?access_token=${real}`, status: 400 },
    { name: "the token in the query string, with the header too", path: `${target}?token=${real}`, headers: bearer(real), status: 400 },
    { name: "an empty query, with the header", path: `${target}?`, headers: bearer(real), status: 400 },
    { name: "the token in the path", path: `${target}/${real}`, status: 404 },
    { name: "the token as a path segment before it", path: segmentBefore, status: 404 },
    { name: "a trailing slash", path: `${target}/`, headers: bearer(real), status: 404 },
    { name: "the path in capitals", path: target.toUpperCase(), headers: bearer(real), status: 404 },
    { name: "an encoded path", path: target.replace(/\.json$/, "%2Ejson"), status: 401 },
    { name: "POST with the token", headers: bearer(real), method: "POST", status: 405 },
    { name: "HEAD without a token", method: "HEAD" },
  ];

  it.each(cases)("$name", async ({ headers, path = target, method = "GET", status = 401 }) => {
    const { get } = worker(newsroom, FROM);
    const r = await get(path, headers, method);
    expect(r.status).toBe(status);
    for (const trace of [...TRACES, real, "nrp_", "access_token"]) expect(r.body).not.toContain(trace);
    for (const [name, value] of r.headers) expect(`${name}: ${value}`).not.toContain(real.slice(4, 20));
    expect(r.headers.get("Cache-Control")).not.toMatch(/public|s-maxage|must-revalidate/);
    if (status === 401) {
      expect(r.headers.get("WWW-Authenticate")).toBe('Bearer realm="partners"');
      expect(r.headers.get("Cache-Control")).toBe("no-store");
      expect(r.headers.get("Vary")).toBe("Accept-Encoding");
      expect(r.body).toBe(
        method === "HEAD"
          ? ""
          : `Partners only. Send your partner token in the Authorization header, as Authorization: Bearer <token>. How partners get a token, and what the partner feed holds: ${BASE}/partners#embargo\n`,
      );
    }
  });

  it("every 401 is the same response, whichever part was wrong, and the same as the other partner document's", async () => {
    const { get } = worker(newsroom, FROM);
    const answers = new Set<string>();
    for (const path of TARGETS.map((t) => t.target))
      for (const c of cases.filter((c) => (c.status ?? 401) === 401 && c.method === undefined)) {
        const r = await get(path, c.headers);
        answers.add(JSON.stringify([r.status, r.body, [...r.headers].filter(([n]) => n !== "date")]));
      }
    expect(answers.size).toBe(1);
  });

  it("the scheme in any case is accepted (RFC 9110 §11.1), with one or more spaces (RFC 6750 §2.1)", async () => {
    const { get } = worker(newsroom, FROM);
    for (const scheme of ["bearer", "BEARER", "bEaReR"])
      expect((await get(target, { Authorization: `${scheme} ${real}` })).status, scheme).toBe(200);
    expect((await get(target, { Authorization: `Bearer   ${real}` })).status).toBe(200);
  });
});
