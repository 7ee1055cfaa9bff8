// Every ActivityStreams document the service serves, expanded as JSON-LD (jsonld.js in safe
// mode: a dropped value is an error; and no property may be one no context defines) with the two contexts from
// tests/schemas/jsonld/ and nothing else: no document loader fetch reaches the network. The
// expanded types and properties are the ActivityStreams, security and Mastodon IRIs that
// Mastodon and Fedify read.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import jsonld from "jsonld";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app/create-app.js";
import { newsroomArticles } from "../../src/generated/all-articles.js";
import { MASTODON_ACCEPT, testFediverseKeys } from "../helpers/fediverse.js";
import { CORRECTED, NOW, newsroomSite, WITHDRAWN } from "../helpers/newsroom.js";

const AS = "https://www.w3.org/ns/activitystreams#";
const SEC = "https://w3id.org/security#";
const contexts: Record<string, unknown> = {
  "https://www.w3.org/ns/activitystreams": JSON.parse(
    readFileSync(resolve(import.meta.dirname, "../schemas/jsonld/activitystreams.json"), "utf8"),
  ),
  "https://w3id.org/security/v1": JSON.parse(readFileSync(resolve(import.meta.dirname, "../schemas/jsonld/security-v1.json"), "utf8")),
};
const documentLoader = async (url: string) => {
  if (!(url in contexts)) throw new Error(`the test loads no other context than the two kept here: ${url}`);
  return { contextUrl: undefined, documentUrl: url, document: contexts[url] };
};

const app = createApp({
  content: { version: "t", files: [], articles: newsroomArticles },
  site: newsroomSite(),
  clock: () => NOW,
  fediverse: testFediverseKeys(),
});
type Expanded = Record<string, { "@id"?: string; "@value"?: unknown }[]> & { "@type"?: string[]; "@id"?: string };

async function expand(path: string): Promise<Expanded> {
  const response = await app.request(path, { headers: { Accept: MASTODON_ACCEPT } });
  expect(response.headers.get("Content-Type"), path).toBe("application/activity+json; charset=utf-8");
  const expanded = (await jsonld.expand(await response.json(), { documentLoader, safe: true } as never)) as unknown as Expanded[];
  expect(expanded, path).toHaveLength(1);
  // The ActivityStreams context maps every term it does not define to a blank node (`@vocab: "_:"`),
  // which safe mode keeps: a term no context defines shows up as a "_:" property.
  expect(undefinedTerms(expanded), path).toEqual([]);
  return expanded[0]!;
}

/** The properties of an expanded document (at any depth) that no context defined. */
function undefinedTerms(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(undefinedTerms);
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, inner]) => [...(key.startsWith("_:") ? [key] : []), ...undefinedTerms(inner)]);
}

describe("ActivityStreams documents expand as JSON-LD with their two contexts, losing nothing", () => {
  it.each([
    ["/actors/news", "Organization"],
    ["/actors/science", "Group"],
    ["/actors/kenji-sato", "Person"],
  ])("%s is an as:%s with its inbox, outbox, followers, key and Mastodon's terms", async (path, type) => {
    const actor = await expand(path);
    expect(actor["@type"]).toEqual([`${AS}${type}`]);
    for (const term of [
      "outbox",
      "followers",
      "preferredUsername",
      "name",
      "summary",
      "url",
      "icon",
      "image",
      "endpoints",
      "manuallyApprovesFollowers",
    ])
      expect(actor[`${AS}${term}`], term).toBeDefined();
    // ActivityPub's inbox is LDP's (the ActivityStreams context maps it there).
    expect(actor["http://www.w3.org/ns/ldp#inbox"]).toEqual([{ "@id": `https://news.example${path}/inbox` }]);
    expect(actor["http://joinmastodon.org/ns#discoverable"]).toEqual([{ "@value": true }]);
    const key = actor[`${SEC}publicKey`]![0] as unknown as Expanded;
    expect(key[`${SEC}publicKeyPem`]![0]!["@value"]).toBe(testFediverseKeys().publicKeyPem);
    expect(key[`${SEC}owner`]).toEqual([{ "@id": `https://news.example${path}` }]);
  });

  it("an article is an as:Article with its content, dates, attribution, audience, hashtags and photo", async () => {
    const article = await expand(`/articles/${CORRECTED}`);
    expect(article["@type"]).toEqual([`${AS}Article`]);
    for (const term of ["name", "summary", "content", "url", "attributedTo", "published", "updated", "to", "cc", "tag", "mediaType"])
      expect(article[`${AS}${term}`], term).toBeDefined();
    expect(article[`${AS}to`]).toEqual([{ "@id": `${AS}Public` }]);
    const tags = article[`${AS}tag`] as unknown as Expanded[];
    expect(new Set(tags.map((t) => t["@type"]![0]))).toEqual(new Set([`${AS}Hashtag`]));
    const withPhoto = newsroomArticles.find((a) => a.image?.src?.startsWith("/images/") && Date.parse(a.published) < NOW && !a.withdrawn)!;
    const photo = await expand(`/articles/${withPhoto.slug}`);
    expect((photo[`${AS}image`]![0] as unknown as Expanded)["@type"]).toEqual([`${AS}Image`]);
  });

  it("a withdrawn article is an as:Tombstone; outboxes are an OrderedCollection of OrderedCollectionPages of Creates", async () => {
    expect((await expand(`/articles/${WITHDRAWN.slug}`))["@type"]).toEqual([`${AS}Tombstone`]);
    const outbox = await expand("/actors/news/outbox");
    expect(outbox["@type"]).toEqual([`${AS}OrderedCollection`]);
    const first = new URL(outbox[`${AS}first`]![0]!["@id"]!).pathname;
    const page = await expand(first);
    expect(page["@type"]).toEqual([`${AS}OrderedCollectionPage`]);
    // orderedItems is as:items as an ordered list (the context's @container: @list).
    const items = page[`${AS}items`]![0]!["@list" as never] as unknown as Expanded[];
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) {
      expect(item["@type"]).toEqual([`${AS}Create`]);
      expect((item[`${AS}object`]![0] as unknown as Expanded)["@type"]).toEqual([`${AS}Article`]);
    }
  });
});
