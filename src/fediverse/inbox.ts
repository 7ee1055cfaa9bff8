/**
 * The inboxes (`POST /actors/<handle>/inbox` and the shared `/inbox`): what a peer may tell us.
 * Every request is verified (HTTP Signatures, `signatures.ts`, with the signer's key from its
 * actor, `remote-actors.ts`) before its body is read as an activity. Acted on: `Follow` of one
 * of our actors (the follower stored, a signed `Accept` queued to its inbox), `Undo` of a
 * Follow, `Delete` of the remote actor itself. Anything else that verifies is accepted (202) and
 * ignored. Never a 5xx for what a peer sends; the answers' texts are fixed, nothing reflected.
 */
import type { Site } from "../core/model.js";
import { paths } from "../core/urls.js";
import type { FediverseDb } from "../storage/fediverse-db.js";
import { AS_CONTEXT, actorId } from "./activity-streams.js";
import type { DeliveryMessage } from "./delivery.js";
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
  "Content-Type": "text/plain; charset=utf-8",
  "Cache-Control": "no-store",
  "X-Content-Type-Options": "nosniff",
  ...extra,
});
const answer = (status: number, text: string, extra?: Record<string, string>) =>
  new Response(`${text}\n`, { status, headers: headers(extra) });
const unauthorized = (reason: string) =>
  answer(401, `Not accepted: ${reason}.`, { "WWW-Authenticate": 'Signature realm="inbox", headers="(request-target) host date digest"' });

const ACTIVITY_TYPES = /^application\/(activity\+json|ld\+json)\s*(;|$)/i;

/** The body, or the status that refuses it: 413 beyond the limit. */
async function readBody(request: Request): Promise<Uint8Array<ArrayBuffer> | number> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > MAX_BODY_BYTES) return 413;
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      return 413;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    body.set(c, at);
    at += c.byteLength;
  }
  return body;
}

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const idOf = (v: unknown): string | undefined =>
  str(v) ?? (v !== null && typeof v === "object" ? str((v as { id?: unknown }).id) : undefined);
const hostOf = (url: string) => {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return undefined;
  }
};

/** Our actor's handle for one of our actor URLs, or undefined. */
function ourHandle(site: Site, url: string | undefined): string | undefined {
  const prefix = `${site.baseUrl}${paths.actor("")}`;
  if (url === undefined || !url.startsWith(prefix)) return undefined;
  const handle = url.slice(prefix.length);
  return handle === "" || handle.includes("/") || handle.includes("#") || handle.includes("?") ? undefined : handle;
}

export async function receive(request: Request, handle: string | undefined, deps: InboxDeps): Promise<Response> {
  const { site, db, clock } = deps;
  if (handle !== undefined && !(await deps.isActor(handle))) return answer(404, "No such actor.");
  if (!ACTIVITY_TYPES.test(request.headers.get("content-type") ?? "")) return answer(415, "An inbox takes application/activity+json.");
  const body = await readBody(request);
  if (typeof body === "number") return answer(413, `An activity is at most ${MAX_BODY_BYTES} bytes.`);
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

  let activity: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(body));
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return answer(400, "An activity is a JSON object.");
    activity = parsed as Record<string, unknown>;
  } catch {
    return answer(400, "The body is not JSON.");
  }
  const actor = idOf(activity.actor);
  if (actor !== signer.actor) return unauthorized("the activity's actor is not the signer");
  const id = str(activity.id);
  if (id === undefined || hostOf(id) !== hostOf(actor)) return answer(400, "An activity's id must be on its actor's host.");

  switch (activity.type) {
    case "Follow":
      return follow(activity, id, signer, deps, now);
    case "Undo": {
      const object = activity.object;
      const inner = object !== null && typeof object === "object" ? (object as Record<string, unknown>) : undefined;
      if (inner !== undefined && inner.type !== "Follow") return answer(202, "Accepted.");
      if (inner !== undefined && idOf(inner.actor) !== actor) return unauthorized("the undone Follow is not the signer's");
      const target = ourHandle(site, idOf(inner?.object));
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
  activity: Record<string, unknown>,
  id: string,
  signer: Awaited<ReturnType<typeof remoteActor>>,
  deps: InboxDeps,
  now: number,
): Promise<Response> {
  const { site, db } = deps;
  const handle = ourHandle(site, idOf(activity.object));
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
