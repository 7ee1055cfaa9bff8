// The catalog makes a facet's documents (a section's, tag's or author's listing page, feeds and
// fediverse actor) and the sitemap when one of them is first asked for, not with the epoch: a
// newsroom has thousands of tags. Asked for one at a time, each is the document the whole
// catalog, made at once, has at that key; a key no document has makes nothing.
import { describe, expect, it } from "vitest";
import type { Article } from "../../src/core/model.js";
import { type Document, Documents, makeCatalog, renderDocument } from "../../src/publishing/catalog.js";
import { Timeline } from "../../src/publishing/timeline.js";
import { testFediverseKeys } from "../helpers/fediverse.js";
import { makeArticle, makeSite } from "../helpers/fixtures.js";

const doc = (version: string): Document => ({
  lifetime: "asset",
  status: 200,
  contentType: "text/plain",
  render: () => version,
  changesAt: 0,
  version,
});

describe("Documents", () => {
  it("makes a later group once, on the first request for one of its keys or a key in one of its folders, and never for another key", () => {
    const documents = new Documents();
    let made = 0;
    documents.set("/eager", doc("eager"));
    documents.later(["/group", "webfinger:group"], () => {
      made++;
      return [
        ["/group", doc("page")],
        ["/group/feed.json", doc("feed")],
        ["webfinger:group", doc("webfinger")],
      ];
    });
    expect(documents.get("/eager")?.version).toBe("eager");
    expect(documents.get("/other")).toBeUndefined();
    expect(documents.get("/other/feed.json")).toBeUndefined();
    expect(made).toBe(0);
    expect(documents.get("/group/feed.json")?.version).toBe("feed");
    expect(made).toBe(1);
    expect(documents.get("webfinger:group")?.version).toBe("webfinger");
    expect(documents.get("/group/nothing.xml")).toBeUndefined();
    expect([...documents.keys()].sort()).toEqual(["/eager", "/group", "/group/feed.json", "webfinger:group"]);
    expect(made).toBe(1);
  });

  it("makes only the family member a key belongs to; iterating makes the rest, each once", () => {
    const documents = new Documents();
    const made: string[] = [];
    documents.family({
      find: (key) => /^\/f\/(a|b|c)(\/|$)/.exec(key)?.[1],
      make: (member) => {
        made.push(member);
        return [
          [`/f/${member}`, doc(member)],
          [`/f/${member}/rss.xml`, doc(`${member} rss`)],
        ];
      },
      members: () => ["a", "b", "c"],
    });
    expect(documents.get("/f/d")).toBeUndefined();
    expect(documents.get("/f/b/rss.xml")?.version).toBe("b rss");
    expect(documents.has("/f/b")).toBe(true);
    expect(made).toEqual(["b"]);
    expect([...documents].length).toBe(6);
    expect(made).toEqual(["b", "a", "c"]);
    expect([...documents].length).toBe(6);
    expect(made).toEqual(["b", "a", "c"]);
  });

  it("makes a member read from a store once, for every lookup while it is read; a failed read or a member the store lacks leaves nothing behind", async () => {
    const documents = new Documents();
    const stored = new Map([["a", "A"]]);
    let reads = 0;
    let failing = false;
    documents.family({
      find: (key) => /^\/s\/([a-z]+)(\/|$)/.exec(key)?.[1],
      make: async (member) => {
        reads++;
        await Promise.resolve();
        if (failing) throw new Error("storage down");
        const name = stored.get(member);
        return name === undefined ? undefined : [[`/s/${member}`, doc(name)]];
      },
      members: () => [],
    });
    failing = true;
    await expect(documents.lookup("/s/a")).rejects.toThrow("storage down");
    failing = false;
    const [one, two] = await Promise.all([documents.lookup("/s/a"), documents.lookup("/s/a")]);
    expect([one?.version, two?.version]).toEqual(["A", "A"]);
    expect(reads).toBe(2);
    // Made now: at once, with no read; `get` has it too.
    expect(documents.lookup("/s/a")).toBe(one);
    expect(documents.get("/s/a")).toBe(one);
    // A member the store lacks: nothing, and asked again, read again (nothing of it is kept).
    expect(await documents.lookup("/s/zz")).toBeUndefined();
    expect(await documents.lookup("/s/zz")).toBeUndefined();
    expect(reads).toBe(4);
    // `get` never waits for a read: what needs one is not there for it, nor in the iteration.
    expect(documents.get("/s/b")).toBeUndefined();
    expect([...documents.keys()]).toEqual(["/s/a"]);
  });

  it("makes a later group read from a store once; a failed read leaves it to be made by the next lookup", async () => {
    const documents = new Documents();
    let reads = 0;
    let failing = true;
    documents.later(["/map"], async () => {
      reads++;
      if (failing) throw new Error("storage down");
      return [["/map", doc("map")]];
    });
    await expect(documents.lookup("/map")).rejects.toThrow("storage down");
    failing = false;
    expect((await documents.lookup("/map"))?.version).toBe("map");
    expect(documents.lookup("/map")).toMatchObject({ version: "map" });
    expect(reads).toBe(2);
  });
});

/** What a client can tell of a document: everything but its version (an internal key) and its renderer. */
async function observed(document: Document | undefined) {
  if (document === undefined) return undefined;
  const { body } = await renderDocument(document);
  const { render: _render, ...rest } = document;
  return { ...rest, body: typeof body === "string" ? body : [...body].join(",") };
}

describe("the catalog's facets, made when first asked for", () => {
  const site = makeSite();
  const at = Date.UTC(2026, 5, 1, 12);
  const story = (i: number, extra: Partial<Article>) =>
    makeArticle({
      slug: `story-${i}`,
      id: `urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
      title: `Story ${i}`,
      published: new Date(at - i * 3_600_000).toISOString(),
      updated: new Date(at - i * 3_600_000).toISOString(),
      ...extra,
    });
  const articles = [
    // Scheduled: its tag and author have nothing published yet.
    story(-5, { section: "World", tags: ["Later"], authors: [{ name: "New Hire" }] }),
    story(1, { section: "World", tags: ["Alpha", "Côte d'Ivoire"], authors: [{ name: "Ada Reporter" }] }),
    story(2, { section: "Science", tags: ["Alpha"], authors: [{ name: "Bo Writer" }, { name: "Ada Reporter" }] }),
    story(3, {
      section: "Science",
      tags: ["Beta"],
      authors: [{ name: "Bo Writer" }],
      withdrawn: { at: new Date(at - 60_000).toISOString(), reason: "Withdrawn for a test." },
    }),
  ];
  const timeline = new Timeline(articles);
  const fediverse = { publicKeyPem: testFediverseKeys().publicKeyPem };
  const catalog = () => makeCatalog(site, timeline, timeline.viewAt(at), [], undefined, fediverse);
  const whole = [...catalog().documents];

  it("gives each facet's, actor's and sitemap's document alone what the whole catalog has", async () => {
    const lazy = whole
      .map(([key]) => key)
      .filter((key) => /^\/(sections|tags|authors|actors)\/|^webfinger:|^\/sitemap\.xml$/.test(key) && key !== "/actors/newsroom");
    expect(lazy).toEqual(
      expect.arrayContaining([
        "/tags/alpha",
        "/tags/cote-d-ivoire/feed.json",
        "/authors/ada-reporter/atom.xml",
        "/sections/science/rss.xml",
        "/actors/science/outbox/page/1",
        "webfinger:world",
        "/sitemap.xml",
      ]),
    );
    for (const key of lazy) {
      const alone = catalog().documents.get(key);
      expect(await observed(alone), key).toEqual(await observed(whole.find(([k]) => k === key)?.[1]));
    }
  });

  it("has no document for a facet with nothing published, or a key beside a facet's", () => {
    const documents = catalog().documents;
    for (const key of [
      "/tags/later",
      "/tags/later/feed.json",
      "/authors/new-hire",
      "/actors/new-hire",
      "/tags/alpha/nothing.xml",
      "/tags/alpha/feed.json/more",
      "/tags/",
      "/tags/nope",
      "/sitemaps/pages-1.xml",
    ])
      expect(documents.get(key), key).toBeUndefined();
    expect(whole.map(([key]) => key)).not.toContain("/tags/later");
  });
});
