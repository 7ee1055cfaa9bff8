/**
 * A remote fediverse server for the workerd tests, made with a third-party implementation of
 * HTTP Signatures (`@misskey-dev/node-http-message-signatures`, what Misskey signs and verifies
 * with): an actor with its own RSA key, Follow/Undo requests it signs, and the verification of
 * what our Worker delivers to its inbox, by that library, not ours.
 */
import { genRsaKeyPair } from "@misskey-dev/node-http-message-signatures";
import { deliveryProblem, type SignOptions, signedHeaders, signerOf } from "../../scripts/peer-signatures.js";

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

export interface PeerSignOptions extends SignOptions {
  /** Sign with this key id (and private key) instead of the peer's own. */
  keyId?: string;
  privateKeyPem?: string;
}

/** A POST of `activity` to `url`, signed by the peer as Mastodon signs (draft-cavage rsa-sha256). */
export async function signedPost(peer: Peer, url: string, activity: unknown, options: PeerSignOptions = {}): Promise<Request> {
  const body = typeof activity === "string" ? activity : JSON.stringify(activity);
  const headers = await signedHeaders(url, body, options.keyId ?? peer.keyId, options.privateKeyPem ?? peer.privateKeyPem, options);
  return new Request(url, { method: "POST", headers, body });
}

/** Verifies a request our Worker sent, with the third-party library and our public key. */
export async function verifyDelivery(request: Request, body: string, publicKeyPem: string, now = Date.now()): Promise<{ keyId: string }> {
  const url = new URL(request.url);
  const headers: Record<string, string> = { host: url.host };
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const incoming = { method: request.method, url: url.pathname + url.search, headers };
  const problem = await deliveryProblem(incoming, body, publicKeyPem, now);
  if (problem !== undefined) throw new Error(problem);
  return { keyId: signerOf(incoming, now) };
}
