/**
 * The keys of remote actors: fetched from the signer's `keyId` (its actor document, or a key
 * document naming its owner), kept in D1 for a day, fetched again once when a signature fails
 * with the kept key (the peer rotated it). Only addresses `addresses.ts` allows; at most
 * `MAX_DOCUMENT_BYTES`, within `FETCH_TIMEOUT_MS`: a huge or slow key document fails the request (401).
 */
import type { Site } from "../core/model.js";
import { readAtMost } from "../http/bodies.js";
import type { FediverseDb, RemoteActor } from "../storage/fediverse-db.js";
import { refusedAddress } from "./addresses.js";
import { idOf, type JsonObject, jsonObject, str } from "./json.js";
import { SignatureError } from "./signatures.js";

export const MAX_DOCUMENT_BYTES = 64 * 1024;
export const FETCH_TIMEOUT_MS = 5_000;
export const KEY_CACHE_MS = 24 * 60 * 60 * 1000;

const AS_ACCEPT = 'application/activity+json, application/ld+json; profile="https://www.w3.org/ns/activitystreams"';

/** A JSON document of at most `MAX_DOCUMENT_BYTES`, fetched within the timeout; throws `SignatureError`. */
export async function fetchDocument(url: string, site: Site, fetchFn: typeof fetch = fetch): Promise<JsonObject> {
  const refused = refusedAddress(url, site);
  if (refused !== undefined) throw new SignatureError(`the key's address is refused (${refused})`);
  let response: Response;
  const signal = AbortSignal.timeout(FETCH_TIMEOUT_MS);
  try {
    response = await fetchFn(url, { headers: { Accept: AS_ACCEPT }, redirect: "manual", signal });
  } catch {
    throw new SignatureError("the key could not be fetched");
  }
  if (response.status !== 200 || response.body === null) {
    await response.body?.cancel();
    throw new SignatureError("the key could not be fetched");
  }
  let bytes: Uint8Array | undefined;
  try {
    bytes = await readAtMost(response, MAX_DOCUMENT_BYTES);
  } catch {
    throw new SignatureError("the key could not be fetched");
  }
  if (bytes === undefined) throw new SignatureError("the key document is too large");
  const doc = jsonObject(bytes);
  if (doc === undefined) throw new SignatureError("the key document is not a JSON object");
  return doc;
}

/** The actor a document describes, with the key `keyId` (its `publicKey`, one of several, or none). */
function actorWithKey(doc: JsonObject, keyId: string, now: number): RemoteActor | undefined {
  const actor = str(doc.id);
  const inbox = str(doc.inbox);
  const keys = Array.isArray(doc.publicKey) ? doc.publicKey : [doc.publicKey];
  const key = keys.find((k): k is JsonObject => k !== null && typeof k === "object" && idOf(k) === keyId);
  const pem = key && str(key.publicKeyPem);
  if (!actor || !inbox || !pem || idOf(key.owner) !== actor) return undefined;
  const endpoints = doc.endpoints as { sharedInbox?: unknown } | undefined;
  return { keyId, actor, pem, inbox, sharedInbox: str(endpoints?.sharedInbox) ?? null, fetched: now };
}

/**
 * The actor whose key `keyId` is, fetched (or from D1 unless `fresh`): its document must hold
 * the key and live on the key's host. Throws `SignatureError`.
 */
export async function remoteActor(
  keyId: string,
  site: Site,
  db: FediverseDb,
  now: number,
  options: { fresh?: boolean; fetchFn?: typeof fetch } = {},
): Promise<RemoteActor> {
  if (!options.fresh) {
    const kept = await db.remoteActor(keyId);
    if (kept && kept.fetched > now - KEY_CACHE_MS) return kept;
  }
  const keyUrl = keyId.split("#")[0]!;
  let doc = await fetchDocument(keyUrl, site, options.fetchFn);
  let actor = actorWithKey(doc, keyId, now);
  // A key document of its own (`{id, owner, publicKeyPem}`): its owner is the actor.
  if (!actor && str(doc.publicKeyPem) && idOf(doc.owner)) {
    const owner = idOf(doc.owner)!;
    doc = await fetchDocument(owner, site, options.fetchFn);
    actor = actorWithKey(doc, keyId, now);
  }
  if (!actor) throw new SignatureError("the key's document names no actor holding it");
  if (new URL(actor.actor).host !== new URL(keyId).host) throw new SignatureError("the key and its actor are on different hosts");
  if (refusedAddress(actor.inbox, site) !== undefined) throw new SignatureError("the actor's inbox address is refused");
  await db.rememberActor(actor);
  return actor;
}
