// Delivery through Miniflare's own Queues and D1, not the pool's message batches: the real
// Worker entry bundled over one fresh publication (scripts/bench/fanout.ts, the fan-out bench at a
// small size), its delivery queue's producer and consumer as wrangler.toml declares them, and
// five servers' shared inboxes on a local HTTP server. Two cron runs over the same minute; one
// inbox answers 500 twice before it accepts.
import { describe, expect, it } from "vitest";
import { fanout } from "../../scripts/bench/fanout.js";
import { tempFolders } from "../helpers/temp-folders.js";

const folders = tempFolders();

describe("one publication through the real queue", () => {
  it("reaches each server's shared inbox exactly once, after retries where an inbox failed, however many cron runs", async () => {
    const result = await fanout(folders.make("fanout-"), { servers: 5, followersPerServer: 3, cronRuns: 2, failing: { 0: [500, 500] } });
    expect(result).toMatchObject({ servers: 5, followers: 15, deliveredInboxes: 5, duplicates: 0, lost: 0, states: { sent: 5 } });
    // Five deliveries, two failed attempts before one of them: nothing else was sent.
    expect(result.attempts).toBe(7);
    // One fan-out message and five deliveries, two of them again: all through the queue's consumer.
    expect(result.messages).toBe(1 + 5 + 2);
  }, 120_000);
});
