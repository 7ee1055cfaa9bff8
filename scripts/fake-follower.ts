/**
 * A fake remote fediverse server on loopback, for trying the newsroom's ActivityPub side by hand
 * (`npm run fediverse -- follow @news@127.0.0.1:8787`) and for the end-to-end tests. It plays a
 * Mastodon-like peer with a third-party implementation of HTTP Signatures
 * (`@misskey-dev/node-http-message-signatures`): one actor with its own RSA key, found by
 * WebFinger, that signs its Follow and Undo as Mastodon does (draft-cavage rsa-sha256 over
 * `(request-target) host date digest`), and that verifies every activity delivered to its inbox
 * and shared inbox with the sender's key fetched from the sender's actor, by that library.
 */
import { createServer, type IncomingMessage } from "node:http";
import { genRsaKeyPair } from "@misskey-dev/node-http-message-signatures";
import { deliveryProblem, signedHeaders, signerOf } from "./peer-signatures.js";

const AS = "application/activity+json";

export interface Delivery {
  /** The inbox it was posted to: the actor's own, or the shared one. */
  inbox: "inbox" | "shared";
  activity: { id?: string; type?: string; actor?: string; object?: unknown };
  /** Whether the library verified the signature (with the key of the signer's actor) and the digest. */
  verified: boolean;
  /** Why not, when it did not. */
  problem?: string;
}

export interface FakeFollower {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  actorId: string;
  sharedInbox: string;
  deliveries: Delivery[];
  /** Follows an actor, given as `@name@host` (found by WebFinger) or its URL; resolves to the status its inbox answered. */
  follow(target: string): Promise<number>;
  /** Undoes the last Follow; resolves to the status. */
  undo(): Promise<number>;
  /** Resolves once a delivery matching `test` has arrived (rejects after `timeoutMs`). */
  waitFor(test: (d: Delivery) => boolean, timeoutMs?: number): Promise<Delivery>;
  close(): Promise<void>;
}

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** The actor URL of `@name@host` by WebFinger (over http: the newsroom runs on loopback here). */
async function resolveActor(target: string): Promise<string> {
  if (/^https?:\/\//.test(target)) return target;
  const match = /^@?([^@]+)@(.+)$/.exec(target);
  if (!match) throw new Error(`${target}: give @name@host or an actor URL`);
  const [, name, host] = match;
  const response = await fetch(`http://${host}/.well-known/webfinger?resource=${encodeURIComponent(`acct:${name}@${host}`)}`);
  if (!response.ok) throw new Error(`WebFinger for ${target} answered ${response.status}`);
  const jrd = (await response.json()) as { links?: { rel: string; type?: string; href?: string }[] };
  const self = jrd.links?.find((l) => l.rel === "self" && l.type === AS)?.href;
  if (!self) throw new Error(`WebFinger for ${target} names no ActivityPub actor`);
  return self;
}

export async function startFakeFollower(options: { name?: string; port?: number } = {}): Promise<FakeFollower> {
  const name = options.name ?? "reader";
  const { publicKey, privateKey } = await genRsaKeyPair(2048);
  const deliveries: Delivery[] = [];
  const waiters: (() => void)[] = [];
  let origin = "";
  const actorId = () => `${origin}/users/${name}`;
  const actorDocument = () => ({
    "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
    id: actorId(),
    type: "Person",
    preferredUsername: name,
    inbox: `${actorId()}/inbox`,
    endpoints: { sharedInbox: `${origin}/inbox` },
    publicKey: { id: `${actorId()}#main-key`, owner: actorId(), publicKeyPem: publicKey },
  });

  /** Verifies a delivery as a receiving server would, with the library alone and the key of the signer's actor. */
  async function verify(request: IncomingMessage, body: string): Promise<string | undefined> {
    const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : (v ?? "")]));
    const incoming = { method: request.method ?? "POST", url: request.url ?? "/", headers };
    try {
      const keyId = signerOf(incoming, Date.now());
      const signer = (await (await fetch(keyId.split("#")[0]!, { headers: { Accept: AS } })).json()) as { publicKey?: { id: string; publicKeyPem: string } };
      if (signer.publicKey?.id !== keyId) return "the signer's actor does not hold that key";
      return await deliveryProblem(incoming, body, signer.publicKey.publicKeyPem, Date.now());
    } catch (error) {
      return String(error);
    }
  }

  const server = createServer(async (request, response) => {
    const path = new URL(request.url ?? "/", origin).pathname;
    if (request.method === "GET" && path === `/users/${name}`) {
      response.writeHead(200, { "Content-Type": AS }).end(JSON.stringify(actorDocument()));
      return;
    }
    if (request.method === "POST" && (path === `/users/${name}/inbox` || path === "/inbox")) {
      const body = await bodyOf(request);
      const problem = await verify(request, body);
      let activity: Delivery["activity"] = {};
      try {
        activity = JSON.parse(body);
      } catch {
        // recorded as it is: unverified or not, it was no activity
      }
      deliveries.push({ inbox: path === "/inbox" ? "shared" : "inbox", activity, verified: problem === undefined, ...(problem && { problem }) });
      for (const wake of waiters.splice(0)) wake();
      response.writeHead(problem === undefined ? 202 : 401).end();
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((done) => server.listen(options.port ?? 0, "127.0.0.1", done));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

  let lastFollow: { id: string; object: string; inbox: string } | undefined;
  /** POSTs an activity to an inbox, signed by the library as Mastodon signs. */
  async function send(inbox: string, activity: object): Promise<number> {
    const body = JSON.stringify(activity);
    const headers = await signedHeaders(inbox, body, `${actorId()}#main-key`, privateKey);
    return (await fetch(inbox, { method: "POST", headers, body })).status;
  }

  return {
    origin,
    actorId: actorId(),
    sharedInbox: `${origin}/inbox`,
    deliveries,
    async follow(target) {
      const object = await resolveActor(target);
      const actor = (await (await fetch(object, { headers: { Accept: AS } })).json()) as { inbox: string };
      lastFollow = { id: `${actorId()}/follows/${crypto.randomUUID()}`, object, inbox: actor.inbox };
      return send(actor.inbox, { "@context": "https://www.w3.org/ns/activitystreams", id: lastFollow.id, type: "Follow", actor: actorId(), object });
    },
    async undo() {
      if (!lastFollow) throw new Error("nothing to undo: follow first");
      const follow = { id: lastFollow.id, type: "Follow", actor: actorId(), object: lastFollow.object };
      return send(lastFollow.inbox, { "@context": "https://www.w3.org/ns/activitystreams", id: `${lastFollow.id}/undo`, type: "Undo", actor: actorId(), object: follow });
    },
    waitFor(test, timeoutMs = 30_000) {
      return new Promise((done, fail) => {
        const deadline = setTimeout(() => fail(new Error(`no matching delivery within ${timeoutMs} ms; got ${JSON.stringify(deliveries)}`)), timeoutMs);
        const check = () => {
          const found = deliveries.find(test);
          if (found) {
            clearTimeout(deadline);
            done(found);
          } else waiters.push(check);
        };
        check();
      });
    },
    close: () => new Promise((done) => server.close(() => done())),
  };
}
