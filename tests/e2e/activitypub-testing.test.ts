// The actors checked by a third party: `activitypub-testing` (socialweb.coop's conformance
// tests, npm, Node 20) runs `test actor` against each kind of actor on `npm start`, with its own
// HTTP client and nothing but loopback. Every test that applies must pass; the ones that do
// not apply (no outbox POST, no liked/following collections, the inbox is POST only) say so.
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, inject, it } from "vitest";

const base = inject("baseUrl");
const BIN = resolve(import.meta.dirname, "../../node_modules/.bin/activitypub-testing");

/** The outcome of each test it ran, by slug. */
function testActor(url: string): Map<string, string> {
  const run = spawnSync(BIN, ["test", "actor", url], { encoding: "utf8", timeout: 50_000 });
  expect(run.status, run.stderr).toBe(0);
  const outcomes = new Map<string, string>();
  for (const line of run.stdout.split("\n")) {
    if (!line.startsWith("{")) continue; // it also prints "truncating string at …" notes
    const assertion = JSON.parse(line) as { result: { outcome: string }; test: { slug: string } };
    outcomes.set(assertion.test.slug, assertion.result.outcome);
  }
  return outcomes;
}

describe("activitypub-testing test actor", () => {
  // The real content's one article: its section World and its author Olena Marchenko are actors.
  it.each([
    ["the newsroom", "/actors/news"],
    ["a section", "/actors/world"],
    ["an author", "/actors/olena-marchenko"],
  ])(
    "%s (%s): every applicable test passes",
    (_kind, path) => {
      const outcomes = testActor(`${base}${path}`);
      expect([...outcomes].filter(([, outcome]) => outcome !== "passed" && outcome !== "inapplicable")).toEqual([]);
      for (const slug of [
        "actor-must-serve-as2-object-to-get",
        "actor-objects-must-have-inbox-outbox-properties",
        "outbox-must-be-an-orderedcollection",
        "followers-collection-must-be-a-collection",
      ])
        expect(outcomes.get(slug), slug).toBe("passed");
    },
    60_000,
  );
});
