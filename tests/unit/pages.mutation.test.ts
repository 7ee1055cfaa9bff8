// The pages' remaining promises: the partners page documents every member of the
// `_syndication` item profile that its JSON Schema defines, and names the feeds to read by
// absolute address; an article page's Topics footer lists its tags and nothing else.
import { describe, expect, it } from "vitest";
import { syndicationSchema } from "../../src/publishing/syndication-schema.js";
import { renderArticlePage, renderPartnersPage } from "../../src/render/pages.js";
import { makeArticle, makeSite } from "../helpers/fixtures.js";
import { blockTexts } from "../helpers/html-text.js";

const site = makeSite();
const license = { spdx: "CC-BY-4.0", name: "CC BY 4.0", url: "https://creativecommons.org/licenses/by/4.0/", republishable: true };

interface Schema {
  $defs: Record<string, { properties: Record<string, { enum?: string[]; properties?: Record<string, unknown> }> }>;
}

/** The profile table's rows: the member names of each row, and its description's HTML. */
function profileRows(page: string): { names: string[]; description: string }[] {
  const tbody = page.slice(page.indexOf('<table class="fields">'), page.indexOf("</table>"));
  return [...tbody.matchAll(/<tr><th scope="row"><code>([^<]*)<\/code><\/th><td>(.*?)<\/td><\/tr>\n/g)].map((m) => ({
    names: m[1]!.split(", "),
    description: m[2]!,
  }));
}

describe("the partners page's profile table", () => {
  const schema = syndicationSchema("https://news.example/schemas/syndication-3.json", "https://news.example/partners", 3) as Schema;
  const item = schema.$defs.item!.properties;

  it("has one row per item member of the JSON Schema, in the schema's order", () => {
    const rows = profileRows(renderPartnersPage(site, { license }));
    expect(rows.flatMap((r) => r.names)).toEqual(Object.keys(item));
  });

  it("describes every member in words, naming each value of an enum and each member of an object", () => {
    const rows = profileRows(renderPartnersPage(site, { license }));
    const sub: Record<string, string[]> = {
      status: item.status!.enum!,
      license: Object.keys(schema.$defs.license!.properties),
      images: Object.keys(schema.$defs.image!.properties),
      corrections: ["date", "text"],
      withdrawn: Object.keys(item.withdrawn!.properties!),
    };
    for (const { names, description } of rows) {
      const text = blockTexts(`<p>${description}</p>`, ["p"])[0]!;
      expect(text.length, names.join()).toBeGreaterThan(1);
      expect(text, names.join()).toMatch(/\.$/);
      for (const member of sub[names[0]!] ?? []) expect(description, `${names[0]}.${member}`).toContain(`<code>${member}</code>`);
    }
    expect(rows.find((r) => r.names[0] === "version")!.description).toBe("3.");
  });
});

describe("the partners page's feeds", () => {
  it("names the newsroom feed, the updates feed and the facet feeds by absolute address", () => {
    const page = renderPartnersPage(site, { license });
    const list = page.slice(page.indexOf('<h2 id="feeds">'), page.indexOf("</dl>"));
    expect(list).toContain('<dd><a href="/feed.json">https://news.example/feed.json</a></dd>');
    expect(list).toContain('<dd><a href="/updates/feed.json">https://news.example/updates/feed.json</a></dd>');
    expect(list).toContain("<dd><code>https://news.example/sections/&lt;section&gt;/feed.json</code>, likewise");
    expect(page).toContain(
      'Its JSON Schema is at <a href="/schemas/syndication-3.json">https://news.example/schemas/syndication-3.json</a>;',
    );
  });
});

describe("an article page's Topics footer", () => {
  it("lists the tags only, not the section, which the kicker links", () => {
    const page = renderArticlePage(site, makeArticle({ section: "World", tags: ["Energy", "Q&A"] }));
    expect(page).toContain('<p class="kicker"><a href="/sections/world">World</a></p>');
    expect(page).toContain(
      '<footer class="tags"><h2>Topics</h2><ul><li><a href="/tags/energy">Energy</a></li><li><a href="/tags/q-a">Q&amp;A</a></li></ul></footer>',
    );
  });
});
