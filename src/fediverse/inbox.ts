/**
 * The inboxes (`POST /actors/<handle>/inbox` and the shared `/inbox`): what a peer may tell us.
 * Every request is verified (HTTP Signatures, `signatures.ts`, with the signer's key from its
 * actor, `remote-actors.ts`) before its body is read as an activity. Acted on: `Follow` of one
 * of our actors (the follower stored, a signed `Accept` queued to its inbox), `Undo` of a
 * Follow, `Delete` of the remote actor itself. Anything else that verifies is accepted (202) and
 * ignored. Never a 5xx for what a peer sends; the answers' texts are fixed, nothing reflected.
 */

import { handleOfActor } from "../core/handles.js";
import type { Site } from "../core/model.js";
import { readAtMost } from "../http/bodies.js";
import { mediaTypes } from "../http/media-types.js";
import { securityHeaders } from "../http/security-headers.js";
import type { FediverseDb } from "../storage/fediverse-db.js";
import { AS_CONTEXT, actorId } from "./activity-streams.js";
import type { DeliveryMessage } from "./delivery.js";
import { idOf, type JsonObject, jsonObject, str } from "./json.js";
import { remoteActor } from "./remote-actors.js";
import { parseSignature, SignatureError } from "./signatures.js";

/** The largest activity accepted (Mastodon's own limit is 1 MiB; an activity to a publisher is small). */
export const MAX_BODY_BYTES = 256 * 1024;

export interface InboxDeps {
  site: Site;
  db: FediverseDb;
  queue: Queue<DeliveryMessage>;
  clock: () => number;
  /** Whether one of our actors has this handle now. */
  isActor: (handle: string) => Promise<boolean>;
  /** Requests per remote server (the `INBOX_RATE_LIMIT` binding). */
  rateLimit?: RateLimit;
  /** Servers whose requests are refused (403), and their subdomains. */
  blocked: readonly string[];
  fetchFn?: typeof fetch;
}

const headers = (extra: Record<string, string> = {}) => ({
  "Content-Type": mediaTypes.text,
  "Cache-Control": "no-store",
  ...securityHeaders(mediaTypes.text),
  ...extra,
});
const answer = (status: number, text: string, extra?: Record<string, string>) =>
  new Response(`${text}\n`, { status, headers: headers(extra) });
const unauthorized = (reason: string) =>
  answer(401, `Not accepted: ${reason}.`, { "WWW-Authenticate": 'Signature realm="inbox", headers="(request-target) host date digest"' });

const ACTIVITY_TYPES = /^application\/(activity\+json|ld\+json)\s*(;|$)/i;

const hostOf = (url: string) => {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return undefined;
  }
};

export async function receive(request: Request, handle: string | undefined, deps: InboxDeps): Promise<Response> {
  const { site, db, clock } = deps;
  if (handle !== undefined && !(await deps.isActor(handle))) return answer(404, "No such actor.");
  if (!ACTIVITY_TYPES.test(request.headers.get("content-type") ?? "")) return answer(415, "An inbox takes application/activity+json.");
  const body = await readAtMost(request, MAX_BODY_BYTES);
  if (body === undefined) return answer(413, `An activity is at most ${MAX_BODY_BYTES} bytes.`);
  const now = clock();

  let signature: ReturnType<typeof parseSignature>;
  try {
    signature = parseSignature(request, body, now);
  } catch (error) {
    return unauthorized(error instanceof SignatureError ? error.message : "the signature is malformed");
  }
  const domain = hostOf(signature.keyId);
  if (domain === undefined) return unauthorized("the keyId is not a URL");
  const bare = domain.replace(/:\d+$/, "");
  if (deps.blocked.some((b) => bare === b || bare.endsWith(`.${b}`)))
    return answer(403, "This server does not accept activities from yours.");
  if (deps.rateLimit && !(await deps.rateLimit.limit({ key: domain })).success)
    return answer(429, "Too many requests from your server; try again in a minute.", { "Retry-After": "60" });

  let signer: Awaited<ReturnType<typeof remoteActor>>;
  try {
    const options = deps.fetchFn ? { fetchFn: deps.fetchFn } : {};
    signer = await remoteActor(signature.keyId, site, db, now, options);
    try {
      await signature.verify(signer.pem);
    } catch (error) {
      // A key kept from before may have been rotated: fetch it once more.
      if (!(error instanceof SignatureError) || signer.fetched === now) throw error;
      signer = await remoteActor(signature.keyId, site, db, now, { ...options, fresh: true });
      await signature.verify(signer.pem);
    }
  } catch (error) {
    return unauthorized(error instanceof SignatureError ? error.message : "the signature could not be checked");
  }

  const activity = jsonObject(body);
  if (activity === undefined) return answer(400, "An activity is a JSON object.");
  const actor = idOf(activity.actor);
  if (actor !== signer.actor) return unauthorized("the activity's actor is not the signer");
  const id = str(activity.id);
  if (id === undefined || hostOf(id) !== hostOf(actor)) return answer(400, "An activity's id must be on its actor's host.");

  switch (activity.type) {
    case "Follow":
      return follow(activity, id, signer, deps, now);
    case "Undo": {
      const object = activity.object;
      const inner = object !== null && typeof object === "object" ? (object as JsonObject) : undefined;
      if (inner !== undefined && inner.type !== "Follow") return answer(202, "Accepted.");
      if (inner !== undefined && idOf(inner.actor) !== actor) return unauthorized("the undone Follow is not the signer's");
      const target = handleOfActor(site, idOf(inner?.object));
      await (target !== undefined ? db.unfollow(actor, { handle: target }) : db.unfollow(actor, { followId: idOf(object) ?? "" }));
      return answer(202, "Accepted.");
    }
    case "Delete":
      if (idOf(activity.object) === actor) await db.forget(actor);
      return answer(202, "Accepted.");
    default:
      return answer(202, "Accepted.");
  }
}

async function follow(
  activity: JsonObject,
  id: string,
  signer: Awaited<ReturnType<typeof remoteActor>>,
  deps: InboxDeps,
  now: number,
): Promise<Response> {
  const { site, db } = deps;
  const handle = handleOfActor(site, idOf(activity.object));
  if (handle === undefined || !(await deps.isActor(handle))) return answer(404, "No such actor.");
  // A Follow acted on before (and perhaps undone since) is not acted on again.
  if (!(await db.firstSight(id, now))) return answer(202, "Accepted.");
  await db.follow({
    handle,
    follower: signer.actor,
    inbox: signer.inbox,
    sharedInbox: signer.sharedInbox,
    domain: new URL(signer.actor).host,
    followId: id,
    since: new Date(now).toISOString(),
  });
  const ours = actorId(site, handle);
  const accept = {
    "@context": AS_CONTEXT,
    id: `${ours}#accepts/${encodeURIComponent(id)}`,
    type: "Accept",
    actor: ours,
    object: { id, type: "Follow", actor: signer.actor, object: ours },
  };
  const [fresh] = await db.logDeliveries(accept.id, handle, [signer.inbox], now);
  if (fresh !== undefined)
    await deps.queue.send({ kind: "activity", activityId: accept.id, target: fresh, handle, body: JSON.stringify(accept) });
  return answer(202, "Accepted.");
}
