/**
 * A remote fediverse server for the workerd tests, made with a third-party implementation of
 * HTTP Signatures (`@misskey-dev/node-http-message-signatures`, what Misskey signs and verifies
 * with): an actor with its own RSA key, Follow/Undo requests it signs, and the verification of
 * what our Worker delivers to its inbox, by that library, not ours.
 */
import {
  genRFC3230DigestHeader,
  genRsaKeyPair,
  parseRequestSignature,
  signAsDraftToRequest,
  verifyDigestHeader,
  verifyDraftSignature,
} from "@misskey-dev/node-http-message-signatures";

export interface Peer {
  host: string;
  actorId: string;
  keyId: string;
  inbox: string;
  sharedInbox: string;
  publicKeyPem: string;
  privateKeyPem: string;
  actorDocument(): Record<string, unknown>;
}

export async function makePeer(host = "remote.example", name = "alice"): Promise<Peer> {
  const { publicKey, privateKey } = await genRsaKeyPair(2048);
  const actorId = `https://${host}/users/${name}`;
  const peer: Peer = {
    host,
    actorId,
    keyId: `${actorId}#main-key`,
    inbox: `${actorId}/inbox`,
    sharedInbox: `https://${host}/inbox`,
    publicKeyPem: publicKey,
    privateKeyPem: privateKey,
    actorDocument: () => ({
      "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
      id: actorId,
      type: "Person",
      preferredUsername: name,
      inbox: peer.inbox,
      endpoints: { sharedInbox: peer.sharedInbox },
      publicKey: { id: peer.keyId, owner: actorId, publicKeyPem: publicKey },
    }),
  };
  return peer;
}

export interface SignOptions {
  /** Sign over these headers instead of `(request-target) host date digest`. */
  headers?: string[];
  date?: Date;
  /** Sign with this key id (and private key) instead of the peer's own. */
  keyId?: string;
  privateKeyPem?: string;
  /** The Digest to send, instead of the body's. */
  digest?: string;
  contentType?: string;
}

/** A POST of `activity` to `url`, signed by the peer as Mastodon signs (draft-cavage rsa-sha256). */
export async function signedPost(peer: Peer, url: string, activity: unknown, options: SignOptions = {}): Promise<Request> {
  const body = typeof activity === "string" ? activity : JSON.stringify(activity);
  const target = new URL(url);
  const headers: Record<string, string> = {
    Host: target.host,
    Date: (options.date ?? new Date()).toUTCString(),
    "Content-Type": options.contentType ?? "application/activity+json",
    Digest: options.digest ?? (await genRFC3230DigestHeader(body, "SHA-256")),
  };
  const request = { method: "POST", url: target.pathname + target.search, headers };
  await signAsDraftToRequest(
    request,
    { keyId: options.keyId ?? peer.keyId, privateKeyPem: options.privateKeyPem ?? peer.privateKeyPem },
    options.headers ?? ["(request-target)", "host", "date", "digest"],
  );
  const { Host: _host, ...sent } = request.headers as Record<string, string>;
  return new Request(url, { method: "POST", headers: sent, body });
}

/** Verifies a request our Worker sent, with the third-party library and our public key. */
export async function verifyDelivery(request: Request, body: string, publicKeyPem: string, now = Date.now()): Promise<{ keyId: string }> {
  const url = new URL(request.url);
  const headers: Record<string, string> = { host: url.host };
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const incoming = { method: request.method, url: url.pathname + url.search, headers };
  const parsed = parseRequestSignature(incoming, {
    requiredComponents: { draft: ["(request-target)", "host", "date", "digest"] },
    clockSkew: { now: new Date(now) },
  });
  if (parsed.version !== "draft") throw new Error(`expected a draft-cavage signature, got ${parsed.version}`);
  if (!(await verifyDigestHeader(incoming, body, true))) throw new Error("the Digest does not match");
  if (!(await verifyDraftSignature(parsed.value, publicKeyPem))) throw new Error("the signature does not verify");
  return { keyId: parsed.value.keyId };
}
