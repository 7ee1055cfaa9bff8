// Sections, tags and authors whose names are not in Latin script: their addresses are
// percent-encoded in every document and answered when requested that way.
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app/create-app.js";
import { makeArticle, makeSite } from "../helpers/fixtures.js";

describe("a tag in Arabic script", () => {
  const article = makeArticle({ tags: ["ملف", "Côte d'Ivoire"], section: "Société" });
  const app = createApp({ content: { version: "t", files: [], articles: [article] }, site: makeSite(), clock: () => Date.UTC(2026, 0, 1) });

  it("is linked percent-encoded from the feeds and served at that address", async () => {
    const rss = await (await app.request("https://news.example/rss.xml")).text();
    expect(rss).toContain('<category domain="https://news.example/tags/%D9%85%D9%84%D9%81">ملف</category>');
    expect(rss).toContain(`<category domain="https://news.example/tags/cote-d-ivoire">Côte d'Ivoire</category>`);
    expect(rss).toContain('<category domain="https://news.example/sections/societe">Société</category>');
    const page = await app.request("https://news.example/tags/%D9%85%D9%84%D9%81");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(
      '<link rel="alternate" type="application/atom+xml" title="Test Newsroom: ملف (Atom)" href="https://news.example/tags/%D9%85%D9%84%D9%81/atom.xml">',
    );
    expect((await app.request("https://news.example/tags/%D9%85%D9%84%D9%81/feed.json")).status).toBe(200);
    const slash = await app.request("https://news.example/tags/%D9%85%D9%84%D9%81/");
    expect([slash.status, slash.headers.get("Location")]).toEqual([301, "/tags/%D9%85%D9%84%D9%81"]);
  });
});
