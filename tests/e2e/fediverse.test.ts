// The fediverse from outside, on `npm start` (tests/e2e/serve.ts), as a Mastodon server would
// meet it: a fake remote server on loopback (scripts/fake-follower.ts, what `npm run fediverse --
// follow` runs) finds @news@<host> by WebFinger, follows it with a Follow signed by a third-party
// library, and receives the Accept through Miniflare's own queue and D1, verified by that
// library with the key it fetches from our actor. Undo removes the follow.
import { afterAll, describe, expect, inject, it } from "vitest";
import { type FakeFollower, startFakeFollower } from "../../scripts/fake-follower.js";
import { BROWSER_ACCEPT, MASTODON_ACCEPT } from "../helpers/fediverse.js";

const base = inject("baseUrl");
const host = new URL(base).host;
const followers: FakeFollower[] = [];
afterAll(async () => {
  for (const f of followers) await f.close();
});

const count = async () => ((await (await fetch(`${base}/actors/news/followers`)).json()) as { totalItems: number }).totalItems;

describe("following the newsroom from a fake remote server", () => {
  it("WebFinger finds @news@host; the Follow is accepted, the signed Accept arrives and verifies; Undo removes it", async () => {
    const webfinger = await fetch(`${base}/.well-known/webfinger?resource=${encodeURIComponent(`acct:news@${host}`)}`);
    expect(webfinger.status).toBe(200);
    expect(webfinger.headers.get("Content-Type")).toBe("application/jrd+json; charset=utf-8");

    const follower = await startFakeFollower({ name: "e2e-reader" });
    followers.push(follower);
    const before = await count();
    expect(await follower.follow(`@news@${host}`)).toBe(202);
    const accept = await follower.waitFor((d) => d.activity.type === "Accept");
    expect(accept).toMatchObject({
      inbox: "inbox",
      verified: true,
      activity: { actor: `${base}/actors/news`, object: { type: "Follow", actor: follower.actorId } },
    });
    expect(await count()).toBe(before + 1);

    expect(await follower.undo()).toBe(202);
    expect(await count()).toBe(before);
    // Exactly one Accept, however long one waits for a duplicate.
    await new Promise((r) => setTimeout(r, 2000));
    expect(follower.deliveries.filter((d) => d.activity.type === "Accept")).toHaveLength(1);
  }, 60_000);

  it("an article's URL answers ActivityStreams to Mastodon's Accept and HTML to a browser's, with Vary: Accept", async () => {
    const home = await (await fetch(`${base}/`)).text();
    const article = /href="(\/articles\/[^"]+)"/.exec(home)![1]!;
    const object = await fetch(`${base}${article}`, { headers: { Accept: MASTODON_ACCEPT } });
    expect(object.headers.get("Content-Type")).toBe("application/activity+json; charset=utf-8");
    expect(object.headers.get("Vary")).toContain("Accept");
    expect(await object.json()).toMatchObject({ type: "Article", id: `${base}${article}` });
    // The newsroom's outbox lists it (one page: the real content's feeds hold everything).
    const outbox = (await (await fetch(`${base}/actors/news/outbox`)).json()) as { first: string };
    const first = (await (await fetch(outbox.first)).json()) as { orderedItems: { type: string; object: { id: string } }[] };
    expect(first.orderedItems.map((i) => [i.type, i.object.id])).toContainEqual(["Create", `${base}${article}`]);
    const page = await fetch(`${base}${article}`, { headers: { Accept: BROWSER_ACCEPT } });
    expect(page.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
    expect(page.headers.get("Vary")).toBe("Accept, Accept-Encoding");
  });
});
