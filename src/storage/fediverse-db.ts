/**
 * The fediverse's state in D1 (migrations/0001_fediverse.sql): followers, the remote actors'
 * keys, the Follow activities acted on, the events and the delivery log. Every write that must
 * happen once is one statement whose result says whether it did (`INSERT OR IGNORE`, a guarded
 * `UPDATE`), so two isolates or two cron runs never both act.
 */

export interface Follower {
  handle: string;
  follower: string;
  inbox: string;
  sharedInbox: string | null;
  domain: string;
  followId: string;
  since: string;
}

export interface RemoteActor {
  keyId: string;
  actor: string;
  pem: string;
  inbox: string;
  sharedInbox: string | null;
  fetched: number;
}

export type DeliveryState = "queued" | "sending" | "retry" | "sent" | "failed" | "dead";

/** How long a claimed delivery may stay `sending` before another attempt may take it (a consumer died). */
export const CLAIM_TIMEOUT_MS = 120_000;

export class FediverseDb {
  constructor(private readonly db: D1Database) {}

  async follow(f: Follower): Promise<void> {
    await this.db
      .prepare(
        `INSERT INTO followers (handle, follower, inbox, shared_inbox, domain, follow_id, since) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (handle, follower) DO UPDATE SET inbox = excluded.inbox, shared_inbox = excluded.shared_inbox, follow_id = excluded.follow_id`,
      )
      .bind(f.handle, f.follower, f.inbox, f.sharedInbox, f.domain, f.followId, f.since)
      .run();
  }

  /** Removes a follow: by the Follow's id, or of one of our actors. Returns how many went. */
  async unfollow(follower: string, by: { followId?: string; handle?: string }): Promise<number> {
    const result =
      by.handle !== undefined
        ? await this.db.prepare("DELETE FROM followers WHERE follower = ? AND handle = ?").bind(follower, by.handle).run()
        : await this.db
            .prepare("DELETE FROM followers WHERE follower = ? AND follow_id = ?")
            .bind(follower, by.followId ?? "")
            .run();
    return result.meta.changes;
  }

  /** A remote actor is gone: every follow of theirs, and their key. */
  async forget(actor: string): Promise<number> {
    const [follows] = await this.db.batch([
      this.db.prepare("DELETE FROM followers WHERE follower = ?").bind(actor),
      this.db.prepare("DELETE FROM remote_actors WHERE actor = ?").bind(actor),
    ]);
    return follows!.meta.changes;
  }

  async followerCount(handle: string): Promise<number> {
    const row = await this.db.prepare("SELECT count(*) AS n FROM followers WHERE handle = ?").bind(handle).first<{ n: number }>();
    return row?.n ?? 0;
  }

  /** The distinct inboxes to deliver to for one of our actors: each server's shared inbox once, else the follower's own. */
  async inboxesOf(handle: string): Promise<string[]> {
    const { results } = await this.db
      .prepare("SELECT DISTINCT coalesce(shared_inbox, inbox) AS target FROM followers WHERE handle = ? ORDER BY target")
      .bind(handle)
      .all<{ target: string }>();
    return results.map((r) => r.target);
  }

  async remoteActor(keyId: string): Promise<RemoteActor | undefined> {
    const row = await this.db
      .prepare("SELECT key_id, actor, pem, inbox, shared_inbox, fetched FROM remote_actors WHERE key_id = ?")
      .bind(keyId)
      .first<{ key_id: string; actor: string; pem: string; inbox: string; shared_inbox: string | null; fetched: number }>();
    return row
      ? { keyId: row.key_id, actor: row.actor, pem: row.pem, inbox: row.inbox, sharedInbox: row.shared_inbox, fetched: row.fetched }
      : undefined;
  }

  async rememberActor(a: RemoteActor): Promise<void> {
    await this.db
      .prepare("INSERT OR REPLACE INTO remote_actors (key_id, actor, pem, inbox, shared_inbox, fetched) VALUES (?, ?, ?, ?, ?, ?)")
      .bind(a.keyId, a.actor, a.pem, a.inbox, a.sharedInbox, a.fetched)
      .run();
  }

  /** Records a Follow as acted on; false when it already was (a replay). */
  async firstSight(activityId: string, now: number): Promise<boolean> {
    const result = await this.db
      .prepare("INSERT OR IGNORE INTO inbox_seen (activity_id, received) VALUES (?, ?)")
      .bind(activityId, now)
      .run();
    return result.meta.changes === 1;
  }

  /** Inserts the events not yet recorded; returns those that are new (each is fanned out once, by whoever inserted it). */
  async newEvents(events: readonly { id: string; kind: string; slug: string; at: number }[]): Promise<string[]> {
    if (events.length === 0) return [];
    const results = await this.db.batch(
      events.map((e) =>
        this.db
          .prepare("INSERT OR IGNORE INTO events (id, kind, slug, at) VALUES (?, ?, ?, ?) RETURNING id")
          .bind(e.id, e.kind, e.slug, e.at),
      ),
    );
    return results.flatMap((r) => (r.results as { id: string }[]).map((row) => row.id));
  }

  async markEnqueued(ids: readonly string[], now: number): Promise<void> {
    if (ids.length === 0) return;
    await this.db.batch(ids.map((id) => this.db.prepare("UPDATE events SET enqueued = ? WHERE id = ?").bind(now, id)));
  }

  /**
   * Events recorded but not yet marked as handed to the queue (the run that recorded them died
   * first, or is still at it), whose instant is before `before`. A run overlapping the one that
   * recorded an event may so enqueue its fan-out a second time: harmless, since a fan-out logs
   * each delivery once (`logDeliveries`) and enqueues only those it logged.
   */
  async stranded(before: number): Promise<{ id: string; kind: string; slug: string; at: number }[]> {
    const { results } = await this.db
      .prepare("SELECT id, kind, slug, at FROM events WHERE enqueued IS NULL AND at < ? ORDER BY at LIMIT 100")
      .bind(before)
      .all<{ id: string; kind: string; slug: string; at: number }>();
    return results;
  }

  /** Logs deliveries as queued; returns the targets that were not logged before (only those are enqueued). */
  async logDeliveries(activityId: string, handle: string, targets: readonly string[], now: number): Promise<string[]> {
    const fresh: string[] = [];
    for (let i = 0; i < targets.length; i += 50) {
      const chunk = targets.slice(i, i + 50);
      const results = await this.db.batch(
        chunk.map((t) =>
          this.db
            .prepare(
              "INSERT OR IGNORE INTO deliveries (activity_id, target, handle, state, updated) VALUES (?, ?, ?, 'queued', ?) RETURNING target",
            )
            .bind(activityId, t, handle, now),
        ),
      );
      for (const r of results) for (const row of r.results as { target: string }[]) fresh.push(row.target);
    }
    return fresh;
  }

  /**
   * Claims a delivery for one attempt: true for exactly one caller while it is queued or due
   * for a retry (or its last claim timed out); false once it is sent, failed, dead or in hand.
   */
  async claim(activityId: string, target: string, now: number): Promise<boolean> {
    const result = await this.db
      .prepare(
        `UPDATE deliveries SET state = 'sending', attempts = attempts + 1, updated = ?
         WHERE activity_id = ? AND target = ? AND (state IN ('queued', 'retry') OR (state = 'sending' AND updated < ?))`,
      )
      .bind(now, activityId, target, now - CLAIM_TIMEOUT_MS)
      .run();
    return result.meta.changes === 1;
  }

  async settle(activityId: string, target: string, state: DeliveryState, status: number, now: number): Promise<void> {
    await this.db
      .prepare("UPDATE deliveries SET state = ?, status = ?, updated = ? WHERE activity_id = ? AND target = ?")
      .bind(state, status, now, activityId, target)
      .run();
  }

  async deliveries(): Promise<{ activity_id: string; target: string; state: DeliveryState; attempts: number; status: number | null }[]> {
    const { results } = await this.db
      .prepare("SELECT activity_id, target, state, attempts, status FROM deliveries ORDER BY activity_id, target")
      .all<{ activity_id: string; target: string; state: DeliveryState; attempts: number; status: number | null }>();
    return results;
  }
}
