// The fediverse's read side through `createApp` with a fake clock: WebFinger, actors, each
// article's ActivityStreams object on its own URL (negotiated on Accept), the outboxes, NodeInfo,
// and the HTML that links them. Nothing scheduled is reachable before its second.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app/create-app.js";
import { hashtagName } from "../../src/fediverse/activity-streams.js";
import { SOFTWARE } from "../../src/fediverse/nodeinfo.js";
import { newsroomArticles } from "../../src/generated/all-articles.js";
import { prefersActivityStreams, prefersHtml } from "../../src/http/negotiation.js";
import { BROWSER_ACCEPT, MASTODON_ACCEPT, testFediverseKeys } from "../helpers/fediverse.js";
import { CORRECTED, NOW, newsroomSite, SCHEDULED, WITHDRAWN } from "../helpers/newsroom.js";

const BASE = "https://news.example";
/** A JSON document as the tests read it: any property, as deep as they look. */
// biome-ignore lint/suspicious/noExplicitAny: the tests read JSON documents of every shape.
type Doc = Record<string, any>;
const content = { version: "t", files: [], articles: newsroomArticles };
const appAt = (now: number, fediverse = true) =>
  createApp({ content, site: newsroomSite(), clock: () => now, ...(fediverse && { fediverse: testFediverseKeys() }) });
const app = appAt(NOW);
const get = (path: string, headers: Record<string, string> = {}, on = app) => on.request(path, { headers });
const json = async (path: string, headers: Record<string, string> = {}, on = app) => (await get(path, headers, on)).json() as Promise<Doc>;

describe("WebFinger", () => {
  it("answers acct:handle@host and the actor's URL for the newsroom, a section and an author, as JRD with CORS", async () => {
    for (const [resource, handle] of [
      ["acct:news@news.example", "news"],
      ["acct:science@news.example", "science"],
      ["acct:kenji-sato@news.example", "kenji-sato"],
      ["acct:News@NEWS.example", "news"],
      [`${BASE}/actors/science`, "science"],
    ]) {
      const response = await get(`/.well-known/webfinger?resource=${encodeURIComponent(resource!)}`);
      expect(response.status, resource).toBe(200);
      expect(response.headers.get("Content-Type")).toBe("application/jrd+json; charset=utf-8");
      expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
      const jrd = (await response.json()) as { subject: string; links: { rel: string; type: string; href: string }[] };
      expect(jrd.subject).toBe(`acct:${handle}@news.example`);
      expect(jrd.links).toContainEqual({ rel: "self", type: "application/activity+json", href: `${BASE}/actors/${handle}` });
    }
  });

  it("is 404 for unknown names, tags, other hosts; 400 for no, two or malformed resources; nothing reflected", async () => {
    for (const resource of [
      "acct:nobody@news.example",
      "acct:space@news.example",
      "acct:news@other.example",
      "https://other.example/actors/news",
      `${BASE}/actors/news/outbox`,
    ]) {
      expect((await get(`/.well-known/webfinger?resource=${encodeURIComponent(resource)}`)).status, resource).toBe(404);
    }
    for (const query of [
      "",
      "?resource=",
      "?resource=acct:news",
      "?resource=acct%3Anews%40news.example&resource=acct%3Ascience%40news.example",
      "?resource=%3Cscript%3E",
    ]) {
      const response = await get(`/.well-known/webfinger${query}`);
      expect(response.status, query).toBe(400);
      expect(await response.text()).not.toContain("<script>");
    }
  });

  it("finds an author only once an article of theirs is published", async () => {
    const priya = "/.well-known/webfinger?resource=acct:priya-raman@news.example";
    expect((await get(priya, {}, appAt(SCHEDULED.at - 1000))).status).toBe(404);
    expect((await get(priya, {}, appAt(SCHEDULED.at))).status).toBe(200);
  });

  it("answers a query asked again as it would the first time, whatever was asked and whenever", async () => {
    // Each query is read once an isolate (`HeldStore.keyFor`): what it is answered with still follows the clock.
    let now = SCHEDULED.at - 1000;
    const moving = createApp({ content, site: newsroomSite(), clock: () => now, fediverse: testFediverseKeys() });
    const priya = "/.well-known/webfinger?resource=acct:priya-raman@news.example";
    const news = "/.well-known/webfinger?resource=acct:news@news.example";
    const twice = "/.well-known/webfinger?resource=acct%3Anews%40news.example&resource=acct%3Ascience%40news.example";
    const statuses = async () =>
      Promise.all([priya, news, twice, priya, news, twice].map(async (path) => (await get(path, {}, moving)).status));
    expect(await statuses()).toEqual([404, 200, 400, 404, 200, 400]);
    now = SCHEDULED.at;
    expect(await statuses()).toEqual([200, 200, 400, 200, 200, 400]);
    const subject = async (path: string) => ((await (await get(path, {}, moving)).json()) as { subject: string }).subject;
    expect([await subject(priya), await subject(news), await subject(priya)]).toEqual([
      "acct:priya-raman@news.example",
      "acct:news@news.example",
      "acct:priya-raman@news.example",
    ]);
  });

  it("does not exist without the key (no fediverse surfaces at all)", async () => {
    const off = appAt(NOW, false);
    expect((await get("/.well-known/webfinger?resource=acct:news@news.example", {}, off)).status).toBe(404);
    expect((await get("/actors/news", {}, off)).status).toBe(404);
    const page = await get(`/articles/${CORRECTED}`, { Accept: MASTODON_ACCEPT }, off);
    expect(page.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
    expect(page.headers.get("Vary")).toBe("Accept-Encoding");
  });
});

describe("actors", () => {
  it("the newsroom is an Organization, a section a Group, an author a Person, each with keys, inboxes and collections", async () => {
    for (const [handle, type, page] of [
      ["news", "Organization", `${BASE}/`],
      ["science", "Group", `${BASE}/sections/science`],
      ["kenji-sato", "Person", `${BASE}/authors/kenji-sato`],
    ] as const) {
      const response = await get(`/actors/${handle}`);
      expect(response.headers.get("Content-Type")).toBe("application/activity+json; charset=utf-8");
      const actor = (await response.json()) as Doc;
      expect(actor["@context"].slice(0, 2)).toEqual(["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"]);
      expect(actor).toMatchObject({
        id: `${BASE}/actors/${handle}`,
        type,
        preferredUsername: handle,
        url: page,
        inbox: `${BASE}/actors/${handle}/inbox`,
        outbox: `${BASE}/actors/${handle}/outbox`,
        followers: `${BASE}/actors/${handle}/followers`,
        endpoints: { sharedInbox: `${BASE}/inbox` },
        manuallyApprovesFollowers: false,
        discoverable: true,
        publicKey: {
          id: `${BASE}/actors/${handle}#main-key`,
          owner: `${BASE}/actors/${handle}`,
          publicKeyPem: testFediverseKeys().publicKeyPem,
        },
        icon: { type: "Image", url: `${BASE}/icon-512.png` },
      });
    }
    expect((await get("/actors/space")).status).toBe(404); // a tag
    expect((await get("/actors/priya-raman")).status).toBe(404); // only scheduled so far
  });

  it("is ActivityStreams to Mastodon, curl and a client without Accept; a browser is sent to the actor's page; both Vary: Accept", async () => {
    for (const accept of [MASTODON_ACCEPT, "*/*", undefined, "application/json"]) {
      const response = await get("/actors/science", accept === undefined ? {} : { Accept: accept });
      expect(response.status, accept).toBe(200);
      expect(response.headers.get("Content-Type")).toBe("application/activity+json; charset=utf-8");
      expect(response.headers.get("Vary")).toBe("Accept");
    }
    const browser = await get("/actors/science", { Accept: BROWSER_ACCEPT });
    expect(browser.status).toBe(303);
    expect(browser.headers.get("Location")).toBe("/sections/science");
    expect(browser.headers.get("Vary")).toBe("Accept, Accept-Encoding");
    // Held first for Mastodon, still a redirect for the browser (the hot path keys it apart).
    expect((await get("/actors/science", { Accept: BROWSER_ACCEPT })).status).toBe(303);
    expect((await get("/actors/kenji-sato", { Accept: BROWSER_ACCEPT })).headers.get("Location")).toBe("/authors/kenji-sato");
    expect((await get("/actors/news", { Accept: BROWSER_ACCEPT })).headers.get("Location")).toBe("/");
  });

  it("is held: an ETag, a 304 for it, HEAD without a body", async () => {
    const first = await get("/actors/news");
    const etag = first.headers.get("ETag")!;
    expect(etag).toMatch(/^W\/"/);
    const again = await get("/actors/news", { "If-None-Match": etag });
    expect(again.status).toBe(304);
    expect(again.headers.get("Cache-Control")).toBe(first.headers.get("Cache-Control"));
    const head = await app.request("/actors/news", { method: "HEAD" });
    expect(head.headers.get("ETag")).toBe(etag);
    expect(await head.text()).toBe("");
  });
});

describe("an article's URL", () => {
  it("answers its Article to Mastodon and its page to a browser or curl, both with Vary: Accept", async () => {
    const path = `/articles/${CORRECTED}`;
    const as = await get(path, { Accept: MASTODON_ACCEPT });
    expect(as.headers.get("Content-Type")).toBe("application/activity+json; charset=utf-8");
    expect(as.headers.get("Vary")).toBe("Accept");
    const object = (await as.json()) as Doc;
    const article = newsroomArticles.find((a) => a.slug === CORRECTED)!;
    expect(object).toMatchObject({
      id: `${BASE}${path}`,
      type: "Article",
      url: `${BASE}${path}`,
      name: article.title,
      summary: article.summary,
      published: article.published,
      updated: article.updated,
      to: ["https://www.w3.org/ns/activitystreams#Public"],
    });
    expect(object.content).not.toMatch(/ (href|src)="\//);
    expect(object.attributedTo).toEqual([
      ...article.authors.map(
        (a) =>
          `${BASE}/actors/${a.name
            .toLowerCase()
            .normalize("NFD")
            .replace(/[\u0300-\u036f]/g, "")
            .replace(/ /g, "-")}`,
      ),
      `${BASE}/actors/news`,
    ]);
    expect(object.cc).toContain(`${BASE}/actors/news/followers`);
    expect(object.tag).toEqual(article.tags.map((t) => expect.objectContaining({ type: "Hashtag", name: hashtagName(t) })));
    for (const accept of [BROWSER_ACCEPT, "*/*", undefined, "application/json", "application/ld+json"]) {
      const page = await get(path, accept === undefined ? {} : { Accept: accept });
      expect(page.headers.get("Content-Type"), accept).toBe("text/html; charset=utf-8");
      expect(page.headers.get("Vary")).toBe("Accept, Accept-Encoding");
    }
    // Held separately: the page held first does not answer Mastodon, nor the other way round.
    expect((await get(path, { Accept: "application/activity+json" })).headers.get("Content-Type")).toContain("activity+json");
  });

  it("carries the lead photo with its alt text and size", async () => {
    const withPhoto = newsroomArticles.find(
      (a) => a.image?.src?.startsWith("/images/") && a.image.width && Date.parse(a.published) < NOW && !a.withdrawn,
    )!;
    const object = await json(`/articles/${withPhoto.slug}`, { Accept: MASTODON_ACCEPT });
    expect(object.image).toEqual({
      type: "Image",
      url: `${BASE}${withPhoto.image!.src}`,
      mediaType: withPhoto.image!.type,
      name: withPhoto.image!.alt,
      width: withPhoto.image!.width,
      height: withPhoto.image!.height,
    });
    expect(object.attachment).toEqual([object.image]);
  });

  it("is a Tombstone with 410 once withdrawn, and nothing before a scheduled second", async () => {
    const gone = await get(`/articles/${WITHDRAWN.slug}`, { Accept: MASTODON_ACCEPT });
    expect(gone.status).toBe(410);
    expect(await gone.json()).toMatchObject({ type: "Tombstone", formerType: "Article", deleted: expect.any(String) });
    expect((await get(`/articles/${SCHEDULED.slug}`, { Accept: MASTODON_ACCEPT }, appAt(SCHEDULED.at - 1000))).status).toBe(404);
    expect((await get(`/articles/${SCHEDULED.slug}`, { Accept: MASTODON_ACCEPT }, appAt(SCHEDULED.at))).status).toBe(200);
  });
});

describe("outboxes", () => {
  /** Every Create of an outbox, following `first` and `next`. */
  async function walk(handle: string, on = app) {
    const outbox = await json(`/actors/${handle}/outbox`, {}, on);
    const items: Doc[] = [];
    let next: string | undefined = outbox.first;
    while (next) {
      const page = await json(new URL(next).pathname, {}, on);
      expect(page.type).toBe("OrderedCollectionPage");
      items.push(...page.orderedItems);
      next = page.next;
    }
    return { outbox, items };
  }

  it("the newsroom's lists a Create of every live article, newest first, across its pages", async () => {
    const { outbox, items } = await walk("news");
    const live = newsroomArticles.filter((a) => Date.parse(a.published) <= NOW && (!a.withdrawn || Date.parse(a.withdrawn.at) > NOW));
    expect(outbox.totalItems).toBe(live.length);
    expect(items.map((i) => i.object.id)).toEqual(live.map((a) => `${BASE}/articles/${a.slug}`));
    expect(new Set(items.map((i) => i.type))).toEqual(new Set(["Create"]));
    expect(items[0]!.actor).toBe(`${BASE}/actors/news`);
    expect(items.map((i) => i.object.id)).not.toContain(`${BASE}/articles/${SCHEDULED.slug}`);
  });

  it("the newsroom's holds everything in one page when the feeds do (complete: no archive pages)", async () => {
    const whole = createApp({ content, site: newsroomSite({ feedSize: 50 }), clock: () => NOW, fediverse: testFediverseKeys() });
    const { outbox, items } = await walk("news", whole);
    const live = newsroomArticles.filter((a) => Date.parse(a.published) <= NOW && (!a.withdrawn || Date.parse(a.withdrawn.at) > NOW));
    expect(outbox.totalItems).toBe(live.length);
    expect(items.map((i) => i.object.id)).toEqual(live.map((a) => `${BASE}/articles/${a.slug}`));
    expect(outbox.first).toBe(`${BASE}/actors/news/outbox/page/1`);
  });

  it("gains a scheduled article at its second, not before", async () => {
    const before = await walk("news", appAt(SCHEDULED.at - 1000));
    const after = await walk("news", appAt(SCHEDULED.at));
    expect(after.outbox.totalItems).toBe(before.outbox.totalItems + 1);
    expect(after.items[0]!.object.id).toBe(`${BASE}/articles/${SCHEDULED.slug}`);
  });

  it("a section's lists its newest articles", async () => {
    const { outbox, items } = await walk("science");
    const science = newsroomArticles.filter((a) => a.section === "Science" && Date.parse(a.published) <= NOW && !a.withdrawn).slice(0, 10);
    expect(items.map((i) => i.object.id)).toEqual(science.map((a) => `${BASE}/articles/${a.slug}`));
    expect(outbox.totalItems).toBe(science.length);
  });
});

describe("nothing embargoed or scheduled early", () => {
  it("while partners already see the scheduled article under embargo, no ActivityPub surface shows a trace of it", async () => {
    const during = appAt(SCHEDULED.partnersFrom + 3600_000);
    const surfaces = [
      "/actors/news",
      "/actors/science",
      "/actors/news/outbox",
      "/actors/science/outbox",
      "/actors/science/outbox/page/1",
      "/nodeinfo/2.1",
      "/.well-known/webfinger?resource=acct:science@news.example",
    ];
    const news = await json("/actors/news/outbox", {}, during);
    surfaces.push(new URL(news.first).pathname);
    for (const path of surfaces) {
      const text = await (await get(path, { Accept: MASTODON_ACCEPT }, during)).text();
      for (const trace of [SCHEDULED.slug, SCHEDULED.title, "priya-raman", "Mars Sample Return"])
        expect(text, `${path}: ${trace}`).not.toContain(trace);
    }
    for (const path of [
      `/articles/${SCHEDULED.slug}`,
      "/actors/priya-raman",
      "/actors/priya-raman/outbox",
      "/.well-known/webfinger?resource=acct:priya-raman@news.example",
    ]) {
      expect((await get(path, { Accept: MASTODON_ACCEPT }, during)).status, path).toBe(404);
    }
  });
});

describe("NodeInfo", () => {
  it("links 2.1 from /.well-known/nodeinfo, which names the software and counts only public posts", async () => {
    const links = await json("/.well-known/nodeinfo");
    expect(links.links).toEqual([{ rel: "http://nodeinfo.diaspora.software/ns/schema/2.1", href: `${BASE}/nodeinfo/2.1` }]);
    const info = await json("/nodeinfo/2.1");
    expect(SOFTWARE.version).toBe(JSON.parse(readFileSync(resolve(import.meta.dirname, "../../package.json"), "utf8")).version);
    expect(info).toMatchObject({
      version: "2.1",
      software: { name: "newsfeed-edge" },
      protocols: ["activitypub"],
      openRegistrations: false,
      usage: { users: {} },
    });
  });
});

describe("HTML links the actors", () => {
  it("the front page, a listing and an article link their ActivityStreams documents; the article credits its authors", async () => {
    const home = await (await get("/")).text();
    expect(home).toContain(`<link rel="alternate" type="application/activity+json" href="${BASE}/actors/news">`);
    expect(home).toContain('Follow on Mastodon: <code class="handle">@news@news.example</code>');
    const section = await (await get("/sections/science")).text();
    expect(section).toContain(`<link rel="alternate" type="application/activity+json" href="${BASE}/actors/science">`);
    expect(section).toContain("@science@news.example");
    const tag = await (await get("/tags/space")).text();
    expect(tag).not.toContain("application/activity+json");
    const article = await (await get(`/articles/${CORRECTED}`)).text();
    expect(article).toContain(`<link rel="alternate" type="application/activity+json" href="${BASE}/articles/${CORRECTED}">`);
    expect(article).toMatch(/<meta name="fediverse:creator" content="@[a-z-]+@news\.example">/);
  });
});

describe("prefersHtml (an actor's URL: ActivityStreams unless the client ranks HTML above it)", () => {
  it.each([
    [BROWSER_ACCEPT, true],
    ["text/html", true],
    ["text/html, application/activity+json;q=0.9", true],
    [MASTODON_ACCEPT, false],
    ["*/*", false],
    ["text/html, */*", false],
    ["application/json", false],
    ["garbage", false],
  ])("%s → %s", (accept, expected) => {
    expect(prefersHtml(accept)).toBe(expected);
  });
});

describe("prefersActivityStreams", () => {
  it.each([
    [MASTODON_ACCEPT, true],
    ["application/activity+json", true],
    ['application/ld+json; profile="https://www.w3.org/ns/activitystreams"', true],
    ["application/ld+json", false],
    ["application/json", false],
    [BROWSER_ACCEPT, false],
    ["*/*", false],
    ["text/html, application/activity+json", false],
    ["text/html;q=0.5, application/activity+json", true],
    ["application/activity+json;q=0", false],
    ["application/activity+json;q=junk", false],
    ["garbage", false],
  ])("%s → %s", (accept, expected) => {
    expect(prefersActivityStreams(accept)).toBe(expected);
  });
});
