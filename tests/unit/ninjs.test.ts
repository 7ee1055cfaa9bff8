// IPTC ninjs 3.1 documents (src/render/ninjs.ts), served at /articles/<slug>.ninjs.json through
// `createApp` with a fake clock: every one of the newsroom fixture's validates against IPTC's
// schema with two independent validators (Ajv 2020 with ajv-formats; Debian's python3-jsonschema),
// the mapping field by field on one article, and the clock:
// nothing before `published`, `canceled` with 410 once withdrawn.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app/create-app.js";
import { partnersFromSecret } from "../../src/app/partner-feed.js";
import { contentArticles, newsroomArticles } from "../../src/generated/all-articles.js";
import { htmlToText, NINJS_MEDIA_TYPE } from "../../src/render/ninjs.js";
import { makeSite } from "../helpers/fixtures.js";
import { NOW, newsroomSite, SCHEDULED, WITHDRAWN } from "../helpers/newsroom.js";
import { PARTNERS, testPartnerKeys } from "../helpers/partners.js";
import { ninjsErrors, ninjsPythonErrors } from "../helpers/validators.js";

const BASE = "https://news.example";
const partners = partnersFromSecret(testPartnerKeys((t) => createHash("sha256").update(t).digest("hex")));
const appAt = (now: number, articles = newsroomArticles, site = newsroomSite()) =>
  createApp({ content: { version: "t", files: [], articles }, site, clock: () => now, partners });
const app = appAt(NOW);
// biome-ignore lint/suspicious/noExplicitAny: the tests read JSON documents of every shape.
const ninjs = async (slug: string, on = app) => (await on.request(`/articles/${slug}.ninjs.json`)).json() as Promise<Record<string, any>>;

describe("ninjs documents", () => {
  it("every visible article of the newsroom fixture, and the seed article, validates against the ninjs 3.1 schema", async () => {
    const visible = newsroomArticles.filter((a) => Date.parse(a.published) <= NOW);
    expect(visible.length).toBeGreaterThan(30);
    const documents: Record<string, unknown> = {};
    for (const a of visible) {
      const response = await app.request(`/articles/${a.slug}.ninjs.json`);
      expect(response.status, a.slug).toBe(a.withdrawn && Date.parse(a.withdrawn.at) <= NOW ? 410 : 200);
      expect(response.headers.get("Content-Type")).toBe(`${NINJS_MEDIA_TYPE}; charset=utf-8`);
      expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
      documents[a.slug] = await response.json();
      expect(ninjsErrors(documents[a.slug]), a.slug).toEqual([]);
    }
    const seed = contentArticles[0]!;
    const seedApp = appAt(Date.parse(seed.published) + 1000, contentArticles, makeSite());
    documents[seed.slug] = await ninjs(seed.slug, seedApp);
    expect(ninjsErrors(documents[seed.slug])).toEqual([]);
    // The second validator, on the same documents.
    expect(ninjsPythonErrors(documents)).toEqual([]);
  });

  it("both validators refuse what the schema forbids (a wrong status, a misspelt rendition field, a uri that is no URI)", async () => {
    const slug = newsroomArticles.find((x) => x.image?.src?.startsWith("/images/") && Date.parse(x.published) <= NOW && !x.withdrawn)!.slug;
    const good = await ninjs(slug);
    const bad = {
      status: { ...good, pubStatus: "published" },
      rendition: { ...good, associations: [{ ...good.associations[0], renditions: [{ name: "original", sizeinbytes: 1 }] }] },
      uri: { ...good, uri: "not a uri at all" },
    };
    for (const [name, document] of Object.entries(bad)) expect(ninjsErrors(document), name).not.toEqual([]);
    const python = ninjsPythonErrors(bad);
    for (const name of Object.keys(bad))
      expect(
        python.some((line) => line.startsWith(`${name}:`)),
        `${name}: ${python.join("; ")}`,
      ).toBe(true);
  });

  it("maps an article field by field", async () => {
    const a = newsroomArticles.find(
      (x) => x.image?.variants && x.corrections.length === 0 && Date.parse(x.published) <= NOW && !x.withdrawn,
    )!;
    const doc = await ninjs(a.slug);
    const html = doc.bodies[0].value as string;
    expect(doc).toEqual({
      uri: a.id,
      type: "text",
      representationType: "full",
      pubStatus: "usable",
      firstCreated: a.published,
      versionCreated: a.updated,
      contentCreated: a.published,
      language: a.language ?? "en",
      headlines: [{ role: "main", contentType: "text/plain", value: a.title }],
      descriptions: [{ role: "summary", contentType: "text/plain", value: a.summary }],
      bodies: [
        { role: "main", contentType: "text/html", charCount: html.length, wordCount: expect.any(Number), value: html },
        {
          role: "main",
          contentType: "text/plain",
          charCount: htmlToText(html).length,
          wordCount: expect.any(Number),
          value: htmlToText(html),
        },
      ],
      by: a.authors.map((x) => x.name).join(", "),
      people: a.authors.map((x) => ({ name: x.name, rel: "author", uri: expect.stringMatching(/^https:\/\/news\.example\/authors\//) })),
      subjects: [
        { name: a.section, rel: "section", uri: expect.stringMatching(/^https:\/\/news\.example\/sections\//) },
        ...a.tags.map((t) => ({ name: t, rel: "tag", uri: expect.stringMatching(/^https:\/\/news\.example\/tags\//) })),
      ],
      copyrightHolder: "Meridian Wire",
      copyrightNotice: expect.stringMatching(/^© Meridian Wire, \d{4}\./),
      usageTerms: expect.stringContaining(`${BASE}/articles/${a.slug}`),
      rightsInfo: { linkedRights: expect.stringMatching(/^https:\/\//) },
      associations: [
        {
          name: "leadImage",
          rel: "leadImage",
          uri: `${BASE}${a.image!.src}`,
          type: "picture",
          headlines: [{ role: "caption", contentType: "text/plain", value: a.image!.caption }],
          descriptions: [{ role: "alt", contentType: "text/plain", value: a.image!.alt }],
          by: a.image!.credit,
          copyrightHolder: a.image!.credit,
          usageTerms: a.image!.republishable
            ? "May be republished with this article, credited."
            : "Not for republication: use the text without this photo.",
          renditions: [
            {
              name: "original",
              href: `${BASE}${a.image!.src}`,
              width: a.image!.width,
              height: a.image!.height,
              contentType: a.image!.type,
              sizeInBytes: a.image!.bytes,
            },
            ...a.image!.variants!.map((v) => ({
              name: `${v.width}w`,
              href: `${BASE}${v.src}`,
              width: v.width,
              height: v.height,
              contentType: a.image!.type,
            })),
          ],
        },
      ],
      altIds: [
        { role: "canonicalUrl", value: `${BASE}/articles/${a.slug}` },
        { role: "slug", value: a.slug },
      ],
    });
    expect(html).not.toMatch(/ (href|src)="\//);
    expect(htmlToText(html)).not.toMatch(/<|&amp;/);
  });

  it("a correction is in the descriptions and makes a new version", async () => {
    const corrected = newsroomArticles.find((x) => x.corrections.length > 0 && Date.parse(x.published) <= NOW && !x.withdrawn)!;
    const doc = await ninjs(corrected.slug);
    expect(doc.versionCreated).toBe(corrected.updated);
    expect(doc.descriptions.slice(1)).toEqual(
      corrected.corrections.map((c) => ({ role: "correction", contentType: "text/plain", value: `${c.at}: ${c.text}` })),
    );
  });

  it("nothing before its second; canceled with 410 once withdrawn", async () => {
    expect((await appAt(SCHEDULED.at - 1000).request(`/articles/${SCHEDULED.slug}.ninjs.json`)).status).toBe(404);
    expect((await appAt(SCHEDULED.at).request(`/articles/${SCHEDULED.slug}.ninjs.json`)).status).toBe(200);
    const gone = await app.request(`/articles/${WITHDRAWN.slug}.ninjs.json`);
    expect(gone.status).toBe(410);
    const doc = (await gone.json()) as Record<string, unknown>;
    expect(doc).toMatchObject({ pubStatus: "canceled", representationType: "partial" });
    expect(doc).not.toHaveProperty("bodies");
  });

  it("is held: an ETag, a 304 for it, HEAD without a body; no other suffix or path is one", async () => {
    const slug = newsroomArticles.find((x) => Date.parse(x.published) <= NOW && !x.withdrawn)!.slug;
    const first = await app.request(`/articles/${slug}.ninjs.json`);
    expect((await app.request(`/articles/${slug}.ninjs.json`, { headers: { "If-None-Match": first.headers.get("ETag")! } })).status).toBe(
      304,
    );
    expect(await (await app.request(`/articles/${slug}.ninjs.json`, { method: "HEAD" })).text()).toBe("");
    for (const path of [`/articles/${slug}.json`, `/articles/${slug}.ninjs.json/`, `/articles/${slug}.NINJS.json`, "/articles/.ninjs.json"])
      expect((await app.request(path)).status, path).not.toBe(200);
  });

  it("every JSON Feed item links its document, which answers: 200, or 410 for a withdrawn one", async () => {
    const feed = (await (await app.request("/updates/feed.json")).json()) as {
      items: { url: string; _syndication: { ninjs: string; status: string } }[];
    };
    expect(feed.items.length).toBeGreaterThan(5);
    for (const item of feed.items) {
      expect(item._syndication.ninjs).toBe(`${item.url}.ninjs.json`);
      const r = await app.request(item._syndication.ninjs);
      expect(r.status, item.url).toBe(item._syndication.status === "withdrawn" ? 410 : 200);
    }
  });

  it("under embargo, for a partner: withheld with embargoedUntil, valid with both validators, otherwise the document it becomes", async () => {
    const partner = { headers: { Authorization: `Bearer ${PARTNERS.bugle.token}` } };
    const path = `/partners/articles/${SCHEDULED.slug}.ninjs.json`;
    const early = appAt(SCHEDULED.partnersFrom);
    const withheld = (await (await early.request(path, partner)).json()) as Record<string, unknown>;
    expect(withheld).toMatchObject({ pubStatus: "withheld", embargoedUntil: "2026-11-21T06:00:00Z", uri: SCHEDULED.id });
    expect(ninjsErrors(withheld)).toEqual([]);
    expect(ninjsPythonErrors({ withheld })).toEqual([]);
    // The partner feed links it.
    const feed = (await (await early.request("/partners/feed.json", partner)).json()) as {
      items: { id: string; _syndication: { ninjs: string } }[];
    };
    expect(feed.items.find((i) => i.id === SCHEDULED.id)!._syndication.ninjs).toBe(`${BASE}${path}`);
    // At published: the partner is sent to the public document, usable, and otherwise the same.
    const later = appAt(SCHEDULED.at);
    const moved = await later.request(path, partner);
    expect(moved.status).toBe(308);
    expect(moved.headers.get("Location")).toBe(`${BASE}/articles/${SCHEDULED.slug}.ninjs.json`);
    const usable = await ninjs(SCHEDULED.slug, later);
    const { embargoedUntil: _until, ...rest } = withheld;
    expect(usable).toEqual({ ...rest, pubStatus: "usable" });
  });

  it("npm run ninjs validates documents with both validators, and fails naming what is wrong", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ninjs-cli-"));
    try {
      const good = await ninjs(newsroomArticles.find((x) => Date.parse(x.published) <= NOW && !x.withdrawn)!.slug);
      writeFileSync(join(dir, "good.json"), JSON.stringify(good));
      writeFileSync(join(dir, "bad.json"), JSON.stringify({ ...good, pubStatus: "published" }));
      const run = (...files: string[]) =>
        spawnSync(process.execPath, ["--import", "tsx", "scripts/ninjs.ts", ...files.map((f) => join(dir, f))], {
          cwd: resolve(import.meta.dirname, "../.."),
          encoding: "utf8",
        });
      const ok = run("good.json");
      expect(ok.status, ok.stderr).toBe(0);
      expect(ok.stdout).toBe(`${join(dir, "good.json")}: pubStatus usable; valid ninjs 3.1 (Ajv 2020, python3-jsonschema)\n`);
      const bad = run("good.json", "bad.json");
      expect(bad.status).toBe(1);
      expect(bad.stdout).toContain(`${join(dir, "bad.json")}: Ajv: /pubStatus must be equal to one of the allowed values`);
      expect(bad.stdout).toMatch(new RegExp(`${join(dir, "bad.json")}: python3-jsonschema: /pubStatus '.*' is not one of`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
