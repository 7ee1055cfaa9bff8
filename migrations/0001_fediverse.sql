-- The fediverse's state (src/storage/fediverse-db.ts). D1, not KV: a follow must be seen by the
-- next delivery, and a delivery claimed once, which KV's eventual consistency cannot promise.

-- Who follows which of our actors. One row per (our handle, their actor).
CREATE TABLE followers (
  handle TEXT NOT NULL,
  follower TEXT NOT NULL,
  inbox TEXT NOT NULL,
  shared_inbox TEXT,
  domain TEXT NOT NULL,
  follow_id TEXT NOT NULL,
  since TEXT NOT NULL,
  PRIMARY KEY (handle, follower)
);
CREATE INDEX followers_by_follower ON followers (follower);

-- The keys (and inboxes) of remote actors, as their documents said when fetched (ms).
CREATE TABLE remote_actors (
  key_id TEXT PRIMARY KEY,
  actor TEXT NOT NULL,
  pem TEXT NOT NULL,
  inbox TEXT NOT NULL,
  shared_inbox TEXT,
  fetched INTEGER NOT NULL
);

-- Follow activities already acted on: a replayed one (after its Undo) changes nothing.
CREATE TABLE inbox_seen (
  activity_id TEXT PRIMARY KEY,
  received INTEGER NOT NULL
);

-- What the newsroom published, corrected or withdrew, once each: the cron run that inserts an
-- event fans it out; an overlapping run, a retry or another isolate finds it there.
CREATE TABLE events (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  slug TEXT NOT NULL,
  at INTEGER NOT NULL,
  enqueued INTEGER
);

-- The delivery log: one row per (activity, inbox) or (WebSub ping, topic); claimed before each
-- attempt so that no two consumers send one twice.
CREATE TABLE deliveries (
  activity_id TEXT NOT NULL,
  target TEXT NOT NULL,
  handle TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'retry', 'sent', 'failed', 'dead')),
  attempts INTEGER NOT NULL DEFAULT 0,
  status INTEGER,
  updated INTEGER NOT NULL,
  PRIMARY KEY (activity_id, target)
);
CREATE INDEX deliveries_by_state ON deliveries (state);
