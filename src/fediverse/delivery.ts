/**
 * Delivery, exactly once per inbox, through Cloudflare Queues and the D1 log:
 *
 * 1. Each cron run (`dueEvents`, `recordEvents`) records what the clock has made true in the
 *    news window (the last two days): an article published (`Create`), corrected (`Update`,
 *    its `updated`) or withdrawn (`Delete`). A deploy's new articles are events of the first run
 *    after it; a minute that did not run is caught up by the next. An event is inserted once
 *    (`INSERT OR IGNORE`): whoever inserted it enqueues its fan-out, so overlapping runs, a
 *    retry or a second isolate never fan out twice.
 * 2. A fan-out message turns an event into one delivery per actor of the article and inbox of
 *    its followers (a server's shared inbox once per actor), each logged before it is enqueued.
 *    The run's WebSub pings, one per changed feed however many events touch it, are logged and
 *    enqueued by the run itself.
 * 3. A delivery is claimed in the log before each attempt (one claimant), signed at delivery
 *    (draft-cavage `rsa-sha256`), retried with backoff on 5xx, 429 and timeouts, dead-lettered
 *    after the last retry (wrangler.toml `max_retries`, `dead_letter_queue`), and marked sent.
 */

import { articleHandles } from "../core/handles.js";
import type { Article, Site } from "../core/model.js";
import { notifyHub, topicsOf } from "../publishing/websub.js";
import type { FediverseDb } from "../storage/fediverse-db.js";
import { type ActivityType, activity, keyId, withContext } from "./activity-streams.js";
import { refusedAddress } from "./addresses.js";
import { type FediverseKeys, signingKey } from "./keys.js";
import { signedPostHeaders } from "./signatures.js";

/** wrangler.toml `[[queues.consumers]] max_retries`: after this many retries a message is dead-lettered. */
export const MAX_RETRIES = 5;
export const DELIVERY_TIMEOUT_MS = 10_000;
/** Queues takes at most 100 messages per `sendBatch`. */
const SEND_BATCH = 100;

export type DeliveryMessage =
  /** A ready activity (an `Accept`) to one inbox. */
  | { kind: "activity"; activityId: string; target: string; handle: string; body: string }
  /** An article's activity from one of our actors to one inbox, rendered at delivery. */
  | { kind: "article"; activityId: string; target: string; handle: string; type: ActivityType; slug: string }
  /** An event to turn into deliveries and pings. */
  | { kind: "fanout"; eventId: string; type: ActivityType; slug: string }
  /** A WebSub `hub.mode=publish` for one topic. */
  | { kind: "websub"; activityId: string; target: string };

export interface DeliveryDeps {
  site: Site;
  db: FediverseDb;
  queue: Queue<DeliveryMessage>;
  /** The articles that can still change (the bundle's), by slug. */
  articles: ReadonlyMap<string, Article>;
  /** The actors' keys; without them nothing is delivered to the fediverse (WebSub still is). */
  keys?: FediverseKeys;
  clock: () => number;
  /** The first retry's delay; each next one doubles it. */
  retryBaseSeconds: number;
  fetchFn?: typeof fetch;
}

export interface DueEvent {
  id: string;
  kind: ActivityType;
  slug: string;
  at: number;
}

const WINDOW_MS = 2 * 24 * 60 * 60 * 1000;

/** The publications, corrections and withdrawals in `(now − 2 days, now]` of these articles. */
export function dueEvents(articles: readonly Article[], now: number): DueEvent[] {
  const events: DueEvent[] = [];
  const inWindow = (t: number) => t > now - WINDOW_MS && t <= now;
  for (const a of articles) {
    const published = Date.parse(a.published);
    const updated = Date.parse(a.updated);
    const withdrawn = a.withdrawn ? Date.parse(a.withdrawn.at) : Number.POSITIVE_INFINITY;
    const gone = withdrawn <= now;
    const push = (kind: ActivityType, at: number) => events.push({ id: `${kind}:${a.slug}:${at}`, kind, slug: a.slug, at });
    if (published > now) continue;
    if (!gone && inWindow(published)) push("Create", published);
    if (!gone && updated > published && inWindow(updated)) push("Update", updated);
    if (gone && inWindow(withdrawn) && withdrawn >= published) push("Delete", withdrawn);
  }
  return events;
}

/** Records the due events and enqueues the fan-out of those no run recorded before (and of stranded ones). Returns their ids. */
export async function recordEvents(deps: Pick<DeliveryDeps, "site" | "db" | "queue" | "articles" | "clock">): Promise<string[]> {
  const now = deps.clock();
  const due = dueEvents([...deps.articles.values()], now);
  const fresh = new Set(await deps.db.newEvents(due));
  const byId = new Map(due.map((e) => [e.id, e]));
  const pending = [...[...fresh].map((id) => byId.get(id)!), ...(await deps.db.stranded(now - 60_000))];
  const unique = [...new Map(pending.map((e) => [e.id, e])).values()];
  const messages: DeliveryMessage[] = unique.map((e) => ({ kind: "fanout", eventId: e.id, type: e.kind as ActivityType, slug: e.slug }));
  if (deps.site.hub !== undefined) messages.push(...(await websubPings(deps, unique, now)));
  await enqueue(deps.queue, messages);
  await deps.db.markEnqueued(
    unique.map((e) => e.id),
    now,
  );
  return unique.map((e) => e.id);
}

/**
 * The WebSub pings of a run's events: each changed feed once, however many of the events touch
 * it (a deploy adding ten articles pings the newsroom's feeds once, not ten times). A ping is
 * logged under the newest instant among them, so a run that records the same events (an
 * overlapping one) finds it logged, and a later change pings again.
 */
async function websubPings(
  deps: Pick<DeliveryDeps, "site" | "db" | "articles">,
  events: readonly { slug: string; at: number }[],
  now: number,
): Promise<DeliveryMessage[]> {
  const newest = new Map<string, number>();
  for (const e of events) {
    const article = deps.articles.get(e.slug);
    if (article) for (const topic of topicsOf(deps.site, [article])) newest.set(topic, Math.max(newest.get(topic) ?? 0, e.at));
  }
  const byInstant = new Map<number, string[]>();
  for (const [topic, at] of newest) byInstant.set(at, [...(byInstant.get(at) ?? []), topic]);
  const out: DeliveryMessage[] = [];
  for (const [at, topics] of byInstant) {
    const pingId = `websub:${at}`;
    for (const target of await deps.db.logDeliveries(pingId, "", topics, now)) out.push({ kind: "websub", activityId: pingId, target });
  }
  return out;
}

async function enqueue(queue: Queue<DeliveryMessage>, messages: DeliveryMessage[]): Promise<void> {
  for (let i = 0; i < messages.length; i += SEND_BATCH) await queue.sendBatch(messages.slice(i, i + SEND_BATCH).map((body) => ({ body })));
}

/** An event's deliveries: one per actor of the article and distinct inbox of its followers. */
async function fanOut(message: Extract<DeliveryMessage, { kind: "fanout" }>, deps: DeliveryDeps): Promise<void> {
  const { site, db } = deps;
  const article = deps.articles.get(message.slug);
  if (!article) return;
  const now = deps.clock();
  const out: DeliveryMessage[] = [];
  if (deps.keys) {
    const { authors, section, newsroom } = articleHandles(site, article);
    for (const handle of new Set([newsroom, ...(section === undefined ? [] : [section]), ...authors])) {
      const activityId = activity(site, handle, message.type, article).id as string;
      const fresh = await db.logDeliveries(activityId, handle, await db.inboxesOf(handle), now);
      for (const target of fresh) out.push({ kind: "article", activityId, target, handle, type: message.type, slug: article.slug });
    }
  }

  await enqueue(deps.queue, out);
}

/** The bytes and signed headers of an activity POST, or undefined when there is nothing to send. */
async function activityRequest(
  message: Extract<DeliveryMessage, { kind: "activity" | "article" }>,
  deps: DeliveryDeps,
  keys: FediverseKeys,
) {
  let body: string;
  if (message.kind === "activity") body = message.body;
  else {
    const article = deps.articles.get(message.slug);
    if (!article) return undefined;
    body = JSON.stringify(withContext(activity(deps.site, message.handle, message.type, article)));
  }
  const bytes = new TextEncoder().encode(body) as Uint8Array<ArrayBuffer>;
  const signed = await signedPostHeaders(message.target, bytes, keyId(deps.site, message.handle), await signingKey(keys), deps.clock());
  return { body: bytes, headers: { ...signed, "Content-Type": "application/activity+json", Accept: "application/activity+json" } };
}

/** One attempt's outcome: done (sent, or refused for good) or worth another try. */
type Outcome = { state: "sent" | "failed"; status: number } | { state: "retry"; status: number };

function outcomeOf(status: number): Outcome {
  if (status >= 200 && status < 300) return { state: "sent", status };
  if (status === 408 || status === 429 || status >= 500 || status === 0) return { state: "retry", status };
  return { state: "failed", status };
}

async function post(url: string, init: RequestInit, fetchFn: typeof fetch): Promise<number> {
  try {
    const response = await fetchFn(url, { ...init, method: "POST", redirect: "manual", signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS) });
    await response.body?.cancel();
    return response.status;
  } catch {
    return 0; // unreachable or timed out
  }
}

/** Handles one batch of the delivery queue: every message is acked or retried on its own. */
export async function deliverBatch(batch: MessageBatch<DeliveryMessage>, deps: DeliveryDeps): Promise<void> {
  const fetchFn = deps.fetchFn ?? fetch;
  await Promise.all(
    batch.messages.map(async (message) => {
      const body = message.body;
      if (body.kind === "fanout") {
        await fanOut(body, deps);
        message.ack();
        return;
      }
      const { db } = deps;
      if (!(await db.claim(body.activityId, body.target, deps.clock()))) {
        message.ack(); // sent already, refused for good, or in another consumer's hands
        return;
      }
      let status: number;
      if (body.kind === "websub") {
        status = deps.site.hub === undefined ? 400 : (await notifyHub(deps.site.hub, [body.target], fetchFn))[0]!.status;
      } else if (!deps.keys || refusedAddress(body.target, deps.site) !== undefined) status = 400;
      else {
        const request = await activityRequest(body, deps, deps.keys);
        status = request === undefined ? 404 : await post(body.target, request, fetchFn);
      }
      const outcome = outcomeOf(status);
      const now = deps.clock();
      if (outcome.state !== "retry") {
        await db.settle(body.activityId, body.target, outcome.state, outcome.status, now);
        message.ack();
      } else if (message.attempts > MAX_RETRIES) {
        // The last attempt failed: Queues moves a message retried now to the dead-letter queue.
        await db.settle(body.activityId, body.target, "dead", outcome.status, now);
        message.retry();
      } else {
        await db.settle(body.activityId, body.target, "retry", outcome.status, now);
        message.retry({ delaySeconds: deps.retryBaseSeconds * 2 ** (message.attempts - 1) });
      }
    }),
  );
}
