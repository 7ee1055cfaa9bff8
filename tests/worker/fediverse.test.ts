// The fediverse's write side in workerd, through the Worker entry (src/worker.ts) made for the
// newsroom fixture with a fake clock, the real D1 (migrations applied by tests/worker/setup.ts)
// and the real Rate Limiting binding. Peers are made with a third-party HTTP Signatures library
// (tests/helpers/remote-peer.ts), which also verifies what we deliver. The delivery queue's
// messages are handed to the Worker's own `queue` handler with the pool's `createMessageBatch`
// (and retried messages again, as Queues would), so each test sees every attempt.
import {
  createExecutionContext,
  createMessageBatch,
  createScheduledController,
  env,
  getQueueResult,
  waitOnExecutionContext,
} from "cloudflare:test";
import { genRFC9530DigestHeader, RFC9421SignatureBaseFactory } from "@misskey-dev/node-http-message-signatures";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { base64 } from "../../src/core/bytes.js";
import type { DeliveryMessage } from "../../src/fediverse/delivery.js";
import { pemBytes, RSA_SHA256 } from "../../src/fediverse/keys.js";
import { content as newsroom } from "../../src/generated/newsroom.js";
import { topicsOf } from "../../src/publishing/websub.js";
import { FediverseDb } from "../../src/storage/fediverse-db.js";
import { type Env, workerFor } from "../../src/worker.js";
import { NOW, newsroomSite, SCHEDULED } from "../helpers/newsroom.js";
import { makePeer, type Peer, type PeerSignOptions, signedPost, verifyDelivery } from "../helpers/remote-peer.js";

const BASE = "https://news.example";
const NEWS = `${BASE}/actors/news`;
const HUB = "https://hub.example/";
const db = new FediverseDb(env.FEDIVERSE_DB!);
/** Our actors' public key, as the secret bound by vitest.config.ts holds it. */
const OUR_PUBLIC_KEY = (JSON.parse(env.FEDIVERSE_KEYS!) as { publicKeyPem: string }).publicKeyPem;

afterEach(() => vi.restoreAllMocks());

interface Received {
  url: string;
  body: string;
  keyId: string;
}

/** The Worker, a clock, the queue's messages as sent, and the remote servers the fetch spy plays. */
function world(at = NOW, vars: Record<string, string> = {}, content = newsroom) {
  const clock = { now: at };
  const sent: DeliveryMessage[] = [];
  const queue = {
    send: async (body: DeliveryMessage) => void sent.push(body),
    sendBatch: async (batch: Iterable<{ body: DeliveryMessage }>) => {
      for (const m of batch) sent.push(m.body);
    },
  } as unknown as Queue<DeliveryMessage>;
  const handler = workerFor(content, { clock: () => clock.now });
  const workerEnv: Env = {
    ...(env as Env),
    BASE_URL: BASE,
    FEED_SIZE: "10",
    DELIVERY_QUEUE: queue,
    FEDIVERSE_BLOCKED_DOMAINS: "blocked.example",
    ...vars,
  };
  const documents = new Map<string, () => Response | Promise<Response>>();
  const received: Received[] = [];
  /** Statuses an inbox answers, in turn (then 202). */
  const inboxAnswers = new Map<string, number[]>();
  const pings: { status: number; topic: string; mode: string }[] = [];
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const request = new Request(input as RequestInfo, init as RequestInit);
    if (request.method === "GET") {
      const doc = documents.get(request.url);
      if (!doc) return new Response("not found", { status: 404 });
      // A slow server is given up on when the Worker's timeout aborts the fetch, as a real one would be.
      const signal = (init as RequestInit | undefined)?.signal;
      return Promise.race([doc(), new Promise<Response>((_, reject) => signal?.addEventListener("abort", () => reject(signal.reason)))]);
    }
    const body = await request.text();
    const answers = inboxAnswers.get(request.url) ?? [];
    const status = answers.shift() ?? 202;
    // The WebSub hub (WEBSUB_HUB): unsigned pings, recorded as they arrive.
    if (request.url === HUB) {
      pings.push({ status, topic: new URLSearchParams(body).get("hub.url")!, mode: new URLSearchParams(body).get("hub.mode")! });
      return new Response(null, { status });
    }
    if (status < 300) {
      received.push({ url: request.url, body, ...(await verifyDelivery(request, body, OUR_PUBLIC_KEY, clock.now)) });
    }
    return new Response(null, { status });
  });
  const serve = (peer: Peer) => documents.set(peer.actorId, () => Response.json(peer.actorDocument()));

  async function post(request: Request) {
    const ctx = createExecutionContext();
    const response = await handler.fetch!(request as never, workerEnv, ctx);
    await waitOnExecutionContext(ctx);
    return { status: response.status, text: await response.text(), headers: response.headers };
  }
  /** Hands every queued message to the consumer, retried ones again (with their attempt count), until none is left. */
  async function drain(maxRounds = 12) {
    let attempts = new Map<DeliveryMessage, number>();
    for (let round = 0; round < maxRounds && sent.length > 0; round++) {
      const messages = sent.splice(0);
      const batch = createMessageBatch<DeliveryMessage>(
        "newsfeed-edge-delivery",
        messages.map((body, i) => ({ id: `m${round}-${i}`, timestamp: new Date(clock.now), attempts: attempts.get(body) ?? 1, body })),
      );
      const ctx = createExecutionContext();
      await handler.queue!(batch as never, workerEnv, ctx);
      const result = await getQueueResult(batch, ctx);
      const next = new Map<DeliveryMessage, number>();
      for (const retried of result.retryMessages) {
        const message = messages[Number(retried.msgId.split("-")[1])]!;
        const n = (attempts.get(message) ?? 1) + 1;
        if (n <= 6) {
          next.set(message, n);
          sent.push(message);
        }
      }
      attempts = next;
    }
  }
  async function cron() {
    const ctx = createExecutionContext();
    await handler.scheduled!(createScheduledController({ scheduledTime: clock.now, cron: "* * * * *" }), workerEnv, ctx);
    await waitOnExecutionContext(ctx);
  }
  return { clock, sent, post, drain, cron, documents, received, inboxAnswers, pings, serve, workerEnv };
}

const follow = (peer: Peer, object = NEWS, id = `${peer.actorId}/follows/${crypto.randomUUID()}`) => ({
  "@context": "https://www.w3.org/ns/activitystreams",
  id,
  type: "Follow",
  actor: peer.actorId,
  object,
});

describe("following", () => {
  it("a Follow signed by a third-party library is accepted, stored, and answered with a signed Accept the peer's own verification passes; Undo removes it", async () => {
    const w = world();
    const peer = await makePeer("follow.example");
    w.serve(peer);
    const activity = follow(peer);
    const response = await w.post(await sign(w, peer, `${BASE}/actors/news/inbox`, activity));
    expect(response.status).toBe(202);
    expect(await db.followerCount("news")).toBeGreaterThanOrEqual(1);
    await w.drain();
    expect(w.received).toHaveLength(1);
    const accept = JSON.parse(w.received[0]!.body);
    expect(w.received[0]).toMatchObject({ url: peer.inbox, keyId: `${NEWS}#main-key` });
    expect(accept).toMatchObject({ type: "Accept", actor: NEWS, object: { id: activity.id, type: "Follow", actor: peer.actorId } });
    const followers = await w.post(new Request(`${BASE}/actors/news/followers`));
    expect(JSON.parse(followers.text)).toMatchObject({ type: "OrderedCollection", totalItems: await db.followerCount("news") });
    expect(followers.text).not.toContain(peer.actorId);

    const before = await db.followerCount("news");
    const undo = {
      "@context": "https://www.w3.org/ns/activitystreams",
      id: `${peer.actorId}/undo/1`,
      type: "Undo",
      actor: peer.actorId,
      object: activity,
    };
    expect((await w.post(await sign(w, peer, `${BASE}/inbox`, undo))).status).toBe(202);
    expect(await db.followerCount("news")).toBe(before - 1);
    // The same Follow again (a replay after the Undo): accepted, and nothing stored.
    expect((await w.post(await sign(w, peer, `${BASE}/actors/news/inbox`, activity))).status).toBe(202);
    expect(await db.followerCount("news")).toBe(before - 1);
  });

  it("a Delete of the remote actor itself removes its follows (verified with the key kept from the follow, its actor being gone)", async () => {
    const w = world();
    const peer = await makePeer("deleted.example");
    w.serve(peer);
    await w.post(await sign(w, peer, `${BASE}/actors/news/inbox`, follow(peer)));
    await w.post(await sign(w, peer, `${BASE}/actors/science/inbox`, follow(peer, `${BASE}/actors/science`)));
    const before = { news: await db.followerCount("news"), science: await db.followerCount("science") };
    w.documents.delete(peer.actorId); // the account is gone: its actor answers 404 from now on
    const del = {
      "@context": "https://www.w3.org/ns/activitystreams",
      id: `${peer.actorId}#delete`,
      type: "Delete",
      actor: peer.actorId,
      object: peer.actorId,
    };
    expect((await w.post(await sign(w, peer, `${BASE}/inbox`, del))).status).toBe(202);
    expect({ news: await db.followerCount("news"), science: await db.followerCount("science") }).toEqual({
      news: before.news - 1,
      science: before.science - 1,
    });
  });

  it("accepts RFC 9421 signatures with Content-Digest (what Mastodon 4.5+ and Fedify send)", async () => {
    const w = world();
    const peer = await makePeer("rfc9421.example");
    w.serve(peer);
    const body = JSON.stringify(follow(peer, `${BASE}/actors/science`));
    const url = `${BASE}/actors/science/inbox`;
    const digest = (await genRFC9530DigestHeader(body, "sha-256")) as unknown;
    const contentDigest = Array.isArray(digest)
      ? (digest as [string, [{ toBase64(): string }, unknown]][]).map(([alg, [bytes]]) => `${alg}=:${bytes.toBase64()}:`).join(", ")
      : String(digest);
    const created = Math.floor(w.clock.now / 1000);
    const headers: Record<string, string> = {
      "content-type": "application/activity+json",
      "content-digest": contentDigest,
      "signature-input": `sig1=("@method" "@target-uri" "content-digest");created=${created};keyid="${peer.keyId}";alg="rsa-v1_5-sha256"`,
    };
    const base = new RFC9421SignatureBaseFactory({ method: "POST", url, headers: { ...headers, host: "news.example" } }).generate("sig1");
    const key = await crypto.subtle.importKey("pkcs8", pemBytes(peer.privateKeyPem), RSA_SHA256, false, ["sign"]);
    const signature = base64(new Uint8Array(await crypto.subtle.sign(RSA_SHA256, key, new TextEncoder().encode(base))));
    const response = await w.post(new Request(url, { method: "POST", headers: { ...headers, signature: `sig1=:${signature}:` }, body }));
    expect(response.status, response.text).toBe(202);
    expect(await db.followerCount("science")).toBeGreaterThanOrEqual(1);
  });
});

/** A POST signed by the peer at the world's time (the Worker checks the Date against its clock). */
const sign = (w: { clock: { now: number } }, peer: Peer, url: string, activity: unknown, options: PeerSignOptions = {}) =>
  signedPost(peer, url, activity, { date: new Date(w.clock.now), ...options });

describe("the hostile inbox table: each its status, none a 5xx, nothing stored", () => {
  type Case = [
    name: string,
    status: number,
    make: (w: ReturnType<typeof world>, peer: Peer, other: Peer) => Promise<Request>,
    vars?: Record<string, string>,
  ];
  const inbox = `${BASE}/actors/news/inbox`;
  const at = (peer: Peer, host: string) => ({ ...peer, keyId: `https://${host}/users/x#main-key` });
  const cases: Case[] = [
    [
      "unsigned",
      401,
      async (_w, peer) =>
        new Request(inbox, {
          method: "POST",
          headers: { "Content-Type": "application/activity+json" },
          body: JSON.stringify(follow(peer)),
        }),
    ],
    [
      "signed with another key than its keyId's",
      401,
      async (w, peer, other) => sign(w, peer, inbox, follow(peer), { privateKeyPem: other.privateKeyPem }),
    ],
    ["a signature over the Date only", 401, async (w, peer) => sign(w, peer, inbox, follow(peer), { headers: ["date"] })],
    [
      "a signature without the digest",
      401,
      async (w, peer) => sign(w, peer, inbox, follow(peer), { headers: ["(request-target)", "host", "date"] }),
    ],
    [
      "a Digest that does not match the body",
      401,
      async (w, peer) => sign(w, peer, inbox, follow(peer), { digest: "SHA-256=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=" }),
    ],
    ["a Date 13 hours old", 401, async (w, peer) => sign(w, peer, inbox, follow(peer), { date: new Date(w.clock.now - 13 * 3600_000) })],
    ["a Date 2 hours ahead", 401, async (w, peer) => sign(w, peer, inbox, follow(peer), { date: new Date(w.clock.now + 2 * 3600_000) })],
    [
      "a key on 127.0.0.1 (production host)",
      401,
      async (w, peer) => sign(w, peer, inbox, follow(peer), { keyId: "http://127.0.0.1/users/x#main-key" }),
    ],
    ["a key on 10.0.0.1", 401, async (w, peer) => sign(w, peer, inbox, follow(peer), { keyId: "https://10.0.0.1/users/x#main-key" })],
    ["a key on 169.254.169.254", 401, async (w, peer) => sign(w, peer, inbox, follow(peer), { keyId: "https://169.254.169.254/latest#k" })],
    ["a key on localhost", 401, async (w, peer) => sign(w, peer, inbox, follow(peer), { keyId: "https://localhost/users/x#k" })],
    [
      "a key over plain http",
      401,
      async (w, peer) => sign(w, peer, inbox, follow(peer), { keyId: "http://remote-http.example/users/x#k" }),
    ],
    [
      "a key document that is huge",
      401,
      async (w, peer) => {
        w.documents.set("https://huge.example/users/x", () => new Response("x".repeat(1024 * 1024)));
        return sign(w, at(peer, "huge.example"), inbox, { ...follow(peer), actor: "https://huge.example/users/x" });
      },
    ],
    [
      "a key document that is slow",
      401,
      async (w, peer) => {
        w.documents.set("https://slow.example/users/x", () => new Promise(() => {}));
        return sign(w, at(peer, "slow.example"), inbox, { ...follow(peer), actor: "https://slow.example/users/x" });
      },
    ],
    ["a key document that is missing", 401, async (w, peer) => sign(w, at(peer, "missing.example"), inbox, follow(peer))],
    ["a keyId that is no URL", 401, async (w, peer) => sign(w, peer, inbox, follow(peer), { keyId: "not a url" })],
    [
      "a malformed Signature header",
      401,
      async (w, peer) => {
        const r = await sign(w, peer, inbox, follow(peer));
        const h = new Headers(r.headers);
        h.set("Signature", "keyId=oops");
        return new Request(r, { headers: h });
      },
    ],
    [
      "an RFC 9421 signature that does not cover the digest",
      401,
      async (w, peer) => {
        const h = {
          "Content-Type": "application/activity+json",
          "Signature-Input": `sig1=("@method" "@target-uri");created=${Math.floor(w.clock.now / 1000)};keyid="${peer.keyId}"`,
          Signature: "sig1=:AAAA:",
        };
        return new Request(inbox, { method: "POST", headers: h, body: JSON.stringify(follow(peer)) });
      },
    ],
    ["a body of 10 MiB", 413, async (w, peer) => sign(w, peer, inbox, "x".repeat(10 * 1024 * 1024))],
    ["text/plain", 415, async (w, peer) => sign(w, peer, inbox, follow(peer), { contentType: "text/plain" })],
    ["invalid JSON", 400, async (w, peer) => sign(w, peer, inbox, "{not json")],
    ["a JSON array", 400, async (w, peer) => sign(w, peer, inbox, [follow(peer)])],
    [
      "an activity id on another host than its actor",
      400,
      async (w, peer) => sign(w, peer, inbox, { ...follow(peer), id: "https://elsewhere.example/follows/1" }),
    ],
    [
      "a Follow whose actor is not the signer",
      401,
      async (w, peer, other) => sign(w, peer, inbox, { ...follow(other), id: `${peer.actorId}/follows/x` }),
    ],
    ["a Follow of an unknown actor", 404, async (w, peer) => sign(w, peer, `${BASE}/inbox`, follow(peer, `${BASE}/actors/nobody`))],
    ["a Follow of a tag (no actor)", 404, async (w, peer) => sign(w, peer, `${BASE}/inbox`, follow(peer, `${BASE}/actors/space`))],
    [
      "a Follow of an author still scheduled",
      404,
      async (w, peer) => sign(w, peer, `${BASE}/inbox`, follow(peer, `${BASE}/actors/priya-raman`)),
    ],
    [
      "a Follow of another server's actor",
      404,
      async (w, peer) => sign(w, peer, `${BASE}/inbox`, follow(peer, "https://other.example/actors/news")),
    ],
    ["an inbox of nobody", 404, async (w, peer) => sign(w, peer, `${BASE}/actors/nobody/inbox`, follow(peer))],
    ["JSON-LD of an unexpected type", 202, async (w, peer) => sign(w, peer, inbox, { ...follow(peer), type: "Like" })],
    [
      "an Undo of something else",
      202,
      async (w, peer) =>
        sign(w, peer, inbox, { id: `${peer.actorId}/u`, type: "Undo", actor: peer.actorId, object: { type: "Like", actor: peer.actorId } }),
    ],
    ["a server on the blocked list", 403, async (w, peer) => sign(w, at(peer, "blocked.example"), inbox, follow(peer))],
    ["a GET of an inbox", 405, async () => new Request(inbox)],
  ];

  it.each(cases)(
    "%s → %i",
    async (_name, status, make, vars) => {
      const w = world(NOW, vars);
      const peer = await makePeer(`p${crypto.randomUUID().slice(0, 8)}.example`);
      const other = await makePeer(`o${crypto.randomUUID().slice(0, 8)}.example`);
      w.serve(peer);
      w.serve(other);
      const before = await db.followerCount("news");
      const response = await w.post(await make(w, peer, other));
      expect(response.status).toBe(status);
      expect(response.text).not.toContain(peer.actorId);
      expect(await db.followerCount("news")).toBe(before);
      expect(w.sent).toEqual([]);
      if (status === 401) expect(response.headers.get("WWW-Authenticate")).toContain("Signature");
      if (status === 405) expect(response.headers.get("Allow")).toBe("POST, OPTIONS");
    },
    15_000,
  );
});

describe("delivery", () => {
  // Each test starts from an empty log: an event delivered by one test is (rightly) never delivered again.
  beforeEach(async () => {
    await env.FEDIVERSE_DB!.batch(
      ["followers", "events", "deliveries", "inbox_seen"].map((t) => env.FEDIVERSE_DB!.prepare(`DELETE FROM ${t}`)),
    );
  });

  async function followed(w: ReturnType<typeof world>, host: string, object = NEWS) {
    const peer = await makePeer(host);
    w.serve(peer);
    expect((await w.post(await sign(w, peer, `${BASE}/inbox`, follow(peer, object)))).status).toBe(202);
    await w.drain();
    w.received.splice(0);
    return peer;
  }

  it("a scheduled publication at T: one Create per shared inbox at T (not at T−1 s), once however many cron runs", async () => {
    const w = world(SCHEDULED.at - 1000);
    const a = await followed(w, "create-a.example");
    const b = await followed(w, "create-b.example");
    await w.cron();
    await w.drain();
    expect(w.received.filter((r) => r.body.includes(SCHEDULED.slug))).toEqual([]);
    w.clock.now = SCHEDULED.at;
    await w.cron();
    await w.cron(); // two runs over the same minute
    await w.drain();
    const creates = w.received.filter(
      (r) =>
        JSON.parse(r.body).type === "Create" &&
        JSON.parse(r.body).object.id === `${BASE}/articles/${SCHEDULED.slug}` &&
        r.keyId === `${NEWS}#main-key`,
    );
    expect(creates.map((r) => r.url).sort()).toEqual([a.sharedInbox, b.sharedInbox].sort());
    expect(JSON.parse(creates[0]!.body)).toMatchObject({ actor: NEWS, object: { type: "Article", name: SCHEDULED.title } });
    // A later run (or a retry) sends nothing again.
    w.received.splice(0);
    w.clock.now = SCHEDULED.at + 60_000;
    await w.cron();
    await w.drain();
    expect(w.received).toEqual([]);
  });

  it("an inbox answering 500 twice then 202 gets the activity once; one that always fails is dead-lettered and does not delay others", async () => {
    const w = world(SCHEDULED.at - 1000);
    const flaky = await followed(w, "flaky.example");
    const dead = await followed(w, "dead.example");
    const fine = await followed(w, "fine.example");
    w.inboxAnswers.set(flaky.sharedInbox, [500, 500]);
    w.inboxAnswers.set(dead.sharedInbox, Array(20).fill(503));
    w.clock.now = SCHEDULED.at;
    await w.cron();
    await w.drain();
    const to = (peer: Peer) =>
      w.received.filter((r) => r.url === peer.sharedInbox && r.body.includes(SCHEDULED.slug) && r.keyId === `${NEWS}#main-key`);
    expect(to(flaky)).toHaveLength(1);
    expect(to(fine)).toHaveLength(1);
    expect(to(dead)).toHaveLength(0);
    const log = await db.deliveries();
    const createId = `${NEWS}/activities/create/${SCHEDULED.slug}/${SCHEDULED.at}`;
    expect(log.find((d) => d.activity_id === createId && d.target === dead.sharedInbox)).toMatchObject({
      state: "dead",
      status: 503,
      attempts: 6,
    });
    expect(log.find((d) => d.activity_id === createId && d.target === flaky.sharedInbox)).toMatchObject({ state: "sent", status: 202 });
  });

  it("a deployed correction is one Update with its updated; the article's actors' followers get it once", async () => {
    // A deploy whose content corrects an article of the bundle an hour after NOW.
    const at = new Date(NOW + 3600_000).toISOString();
    const slug = "wind-farm-auction-record";
    const articles = newsroom.articles.map((a) =>
      a.slug === slug ? { ...a, updated: at, corrections: [{ at, text: "An earlier version misstated the bids." }] } : a,
    );
    const corrected = articles.find((a) => a.slug === slug)!;
    const w = world(NOW + 3600_000 + 1000, {}, { ...newsroom, articles });
    const peer = await followed(w, "update.example");
    await w.cron();
    await w.cron();
    await w.drain();
    const updates = w.received.filter(
      (r) => JSON.parse(r.body).type === "Update" && r.keyId === `${NEWS}#main-key` && r.url === peer.sharedInbox,
    );
    expect(updates.map((u) => u.url)).toEqual([peer.sharedInbox]);
    expect(JSON.parse(updates[0]!.body)).toMatchObject({
      type: "Update",
      object: { id: `${BASE}/articles/${slug}`, updated: corrected.updated },
    });
  });

  it("WebSub through the same queue: a scheduled publication pings each changed feed once at T, a failed ping is retried", async () => {
    const w = world(SCHEDULED.at - 1000, { WEBSUB_HUB: HUB });
    await w.cron();
    await w.drain();
    // Before T: the window's other articles are announced, never the scheduled one's own tag feed.
    expect(w.pings.filter((p) => p.topic.includes("/tags/mars-sample-return/"))).toEqual([]);
    w.pings.splice(0);
    w.clock.now = SCHEDULED.at;
    w.inboxAnswers.set(HUB, [503]); // the hub fails the first ping it gets
    await w.cron();
    await w.cron();
    await w.drain();
    const topics = topicsOf(newsroomSite(), [newsroom.articles.find((a) => a.slug === SCHEDULED.slug)!]);
    const accepted = w.pings.filter((p) => p.status === 202);
    expect(accepted.map((p) => p.topic).sort()).toEqual(topics);
    expect(new Set(w.pings.map((p) => p.mode))).toEqual(new Set(["publish"]));
    expect(w.pings.filter((p) => p.status === 503)).toHaveLength(1);
    expect(topics).toContain(`${BASE}/sections/science/feed.json`);
  });

  it("WebSub on deploy: a deploy adding an article published an hour ago pings its feeds once; one published three days ago is not announced", async () => {
    const recent = {
      ...newsroom.articles[2]!,
      slug: "added-by-deploy",
      id: "urn:uuid:00000000-0000-4000-8000-00000000d001",
      published: new Date(NOW - 3600_000).toISOString(),
    };
    const backdated = {
      ...newsroom.articles[2]!,
      slug: "backdated-by-deploy",
      id: "urn:uuid:00000000-0000-4000-8000-00000000d002",
      published: new Date(NOW - 3 * 86_400_000).toISOString(),
    };
    for (const a of [recent, backdated]) a.updated = a.published;
    const w = world(NOW, { WEBSUB_HUB: HUB }, { ...newsroom, articles: [...newsroom.articles, recent, backdated] });
    const peer = await followed(w, "deploy.example");
    await w.cron();
    await w.drain();
    const feeds = topicsOf(newsroomSite(), [recent]);
    // Each feed once, though the window's other bundle articles change some of the same feeds.
    for (const topic of feeds) expect(w.pings.filter((p) => p.topic === topic).length, topic).toBe(1);
    expect(w.pings.length).toBe(new Set(w.pings.map((p) => p.topic)).size);
    const creates = w.received.filter(
      (r) => r.url === peer.sharedInbox && JSON.parse(r.body).type === "Create" && r.keyId === `${NEWS}#main-key`,
    );
    expect(creates.map((r) => JSON.parse(r.body).object.id)).toContain(`${BASE}/articles/${recent.slug}`);
    expect(creates.map((r) => JSON.parse(r.body).object.id)).not.toContain(`${BASE}/articles/${backdated.slug}`);
    const pingsBefore = w.pings.length;
    await w.cron();
    await w.drain();
    expect(w.pings.length).toBe(pingsBefore);
  });
});
