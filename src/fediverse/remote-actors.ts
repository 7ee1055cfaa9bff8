/**
 * The keys of remote actors: fetched from the signer's `keyId` (its actor document, or a key
 * document naming its owner), kept in D1 for a day, fetched again once when a signature fails
 * with the kept key (the peer rotated it). Only addresses `addresses.ts` allows; at most
 * `MAX_DOCUMENT_BYTES`, within `FETCH_TIMEOUT_MS`: a huge or slow key document fails the request (401).
 */
import type { Site } from "../core/model.js";
import type { FediverseDb, RemoteActor } from "../storage/fediverse-db.js";
import { refusedAddress } from "./addresses.js";
import { SignatureError } from "./signatures.js";

export const MAX_DOCUMENT_BYTES = 64 * 1024;
export const FETCH_TIMEOUT_MS = 5_000;
export const KEY_CACHE_MS = 24 * 60 * 60 * 1000;

const AS_ACCEPT = 'application/activity+json, application/ld+json; profile="https://www.w3.org/ns/activitystreams"';

/** A JSON document of at most `MAX_DOCUMENT_BYTES`, fetched within the timeout; throws `SignatureError`. */
export async function fetchDocument(url: string, site: Site, fetchFn: typeof fetch = fetch): Promise<Record<string, unknown>> {
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
  const declared = Number(response.headers.get("content-length") ?? "0");
  if (declared > MAX_DOCUMENT_BYTES) {
    await response.body.cancel();
    throw new SignatureError("the key document is too large");
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_DOCUMENT_BYTES) {
        await reader.cancel();
        throw new SignatureError("the key document is too large");
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof SignatureError) throw error;
    throw new SignatureError("the key could not be fetched");
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  try {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error();
    return parsed as Record<string, unknown>;
  } catch {
    throw new SignatureError("the key document is not JSON");
  }
}

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const idOf = (v: unknown): string | undefined =>
  str(v) ?? (v !== null && typeof v === "object" ? str((v as { id?: unknown }).id) : undefined);

/** The actor a document describes, with the key `keyId` (its `publicKey`, one of several, or none). */
function actorWithKey(doc: Record<string, unknown>, keyId: string, now: number): RemoteActor | undefined {
  const actor = str(doc.id);
  const inbox = str(doc.inbox);
  const keys = Array.isArray(doc.publicKey) ? doc.publicKey : [doc.publicKey];
  const key = keys.find((k) => k !== null && typeof k === "object" && str((k as { id?: unknown }).id) === keyId) as
    | Record<string, unknown>
    | undefined;
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
