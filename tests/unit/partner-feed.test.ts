// The partners' feed as a partner's validator sees it: JSON Feed 1.1 and the version 3
// syndication profile the service serves, while an article is embargoed and once it is
// published; and the profile rejects what it must (an embargoed item without its instant, an
// embargoed item under version 1).
import { createHash } from "node:crypto";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { unstable_readConfig } from "wrangler";
import { createApp } from "../../src/app/create-app.js";
import { PARTNER_RETRY_AFTER_SECONDS, partnersFromSecret } from "../../src/app/partner-feed.js";
import { PARTNER_REQUESTS_PER_MINUTE } from "../../src/core/partner-keys.js";
import { buildFixtureSite } from "../helpers/build-site.js";
import { newsroomSite, SCHEDULED } from "../helpers/newsroom.js";
import { PARTNERS, testPartnerKeys } from "../helpers/partners.js";
import { jsonFeedErrors, syndicationValidator } from "../helpers/validators.js";

const built = await buildFixtureSite(resolve(import.meta.dirname, "../fixtures/newsroom"));
const partners = partnersFromSecret(testPartnerKeys((t) => createHash("sha256").update(t).digest("hex")));
const B = "https://news.example";

async function fetchAt(at: number) {
  const app = createApp({
    content: { version: "fixture", files: built.icons, articles: built.articles },
    site: newsroomSite(),
    clock: () => at,
    partners,
  });
  const get = async (path: string, headers: HeadersInit = {}) => {
    const r = await app.request(`${B}${path}`, { headers });
    return { status: r.status, type: r.headers.get("Content-Type"), body: await r.text() };
  };
  return {
    partner: JSON.parse((await get("/partners/feed.json", { Authorization: `Bearer ${PARTNERS.bugle.token}` })).body),
    public: JSON.parse((await get("/feed.json")).body),
    v1: syndicationValidator((await get("/schemas/syndication-1.json")).body),
    v3: await get("/schemas/syndication-3.json"),
  };
}

describe("the partner feed against the schemas", () => {
  it("while embargoed and once published: JSON Feed 1.1, and every item and the feed valid against syndication-3", async () => {
    expect(built.errors).toEqual([]);
    for (const [at, status] of [
      [SCHEDULED.partnersFrom, "embargoed"],
      [SCHEDULED.at - 1000, "embargoed"],
      [SCHEDULED.at, "published"],
    ] as const) {
      const { partner, v3 } = await fetchAt(at);
      expect(v3.type).toBe("application/schema+json; charset=utf-8");
      const validate = syndicationValidator(v3.body);
      expect(jsonFeedErrors(partner), String(at)).toEqual([]);
      expect(partner._syndication.schema).toBe(`${B}/schemas/syndication-3.json`);
      expect(validate(partner._syndication, "feed")).toEqual([]);
      for (const item of partner.items) expect(validate(item), item.id).toEqual([]);
      const shared = partner.items.find((i: { id: string }) => i.id === SCHEDULED.id);
      expect(shared._syndication.status).toBe(status);
      if (status === "embargoed") {
        expect(shared._syndication.embargo_until).toBe(new Date(SCHEDULED.at).toISOString().replace(".000Z", "Z"));
        // Its ninjs document is the partners' copy until then.
        expect(shared._syndication.ninjs).toBe(`${B}/partners/articles/${SCHEDULED.slug}.ninjs.json`);
      } else {
        expect(shared._syndication).not.toHaveProperty("embargo_until");
        expect(shared._syndication.ninjs).toBe(`${B}/articles/${SCHEDULED.slug}.ninjs.json`);
      }
    }
  });

  it("version 3 requires embargo_until on an embargoed item and allows it on no other; version 1 knows no embargo", async () => {
    const { partner, public: pub, v1, v3 } = await fetchAt(SCHEDULED.partnersFrom);
    const validate = syndicationValidator(v3.body);
    const embargoed = partner.items.find((i: { id: string }) => i.id === SCHEDULED.id);
    const { embargo_until: _until, ...without } = embargoed._syndication;
    expect(validate({ ...embargoed, _syndication: without })).not.toEqual([]);
    const published = partner.items.find((i: { _syndication: { status: string } }) => i._syndication.status === "published");
    expect(
      validate({ ...published, _syndication: { ...published._syndication, embargo_until: embargoed._syndication.embargo_until } }),
    ).not.toEqual([]);
    expect(v1({ ...embargoed, _syndication: { ...embargoed._syndication, version: 1 } })).not.toEqual([]);
    // The public feed is the same version, valid against it, with nothing of the article.
    expect(pub._syndication.version).toBe(3);
    for (const item of pub.items) expect(validate(item), item.id).toEqual([]);
    expect(JSON.stringify(pub)).not.toContain(SCHEDULED.slug);
  });
});

it("the rate limit in wrangler.toml is the one /partners states and 429's Retry-After implies", () => {
  const config = unstable_readConfig({ config: resolve(import.meta.dirname, "../../wrangler.toml") });
  const limit = config.ratelimits.find((r: { name: string }) => r.name === "PARTNER_RATE_LIMIT");
  expect(limit?.simple).toEqual({ limit: PARTNER_REQUESTS_PER_MINUTE, period: 60 });
  expect(PARTNER_RETRY_AFTER_SECONDS).toBe(limit?.simple.period);
});
