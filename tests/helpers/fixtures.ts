/** Test fixtures, built by functions so every test gets fresh objects. */
import { stringify } from "yaml";
import type { Article, Site } from "../../src/core/model.js";

export function makeSite(overrides: Partial<Site> = {}): Site {
  return {
    baseUrl: "https://news.example",
    name: "Test Newsroom",
    description: "Fixture newsroom for the tests.",
    language: "en",
    id: "urn:uuid:00000000-0000-4000-8000-000000000000",
    feedSize: 50,
    license: "CC-BY-ND-4.0",
    handle: "news",
    ...overrides,
  };
}

export function makeArticle(overrides: Partial<Article> = {}): Article {
  return {
    slug: "first-story",
    id: "urn:uuid:11111111-1111-4111-8111-111111111111",
    title: "First story",
    summary: "The first paragraph.",
    published: "2022-03-01T19:40:00+02:00",
    updated: "2022-03-01T19:40:00+02:00",
    authors: [{ name: "Ada Reporter" }],
    tags: ["World"],
    corrections: [],
    bodyHtml: '<p>The first paragraph.</p>\n<p>A <a href="/articles/other">link</a> and more.</p>\n',
    ledeEnd: "<p>The first paragraph.</p>\n".length,
    ...overrides,
  };
}

/** A realistic article using every field the content model has, as the build would produce it. */
export function makeRichArticle(): Article {
  return makeArticle({
    slug: "rich-story",
    id: "tag:news.example,2022-03-02:rich-story",
    title: "Talks resume in Geneva – “cautious optimism” on both sides",
    summary: "Negotiators met for six hours on Wednesday.",
    published: "2022-03-02T11:15:00+01:00",
    updated: "2022-03-02T16:05:30+01:00",
    authors: [{ name: "Ada Reporter", url: "https://news.example/people/ada", email: "ada@news.example" }, { name: "Bo Writer" }],
    tags: ["Diplomacy", "Switzerland"],
    section: "World",
    language: "en-GB",
    image: {
      src: "/images/geneva.jpg",
      alt: "Delegates at the table",
      width: 1600,
      height: 900,
      caption: "The talks in Geneva.",
      credit: "Agency",
    },
    bodyHtml:
      '<p>Negotiators met for six hours on Wednesday.</p>\n<h2>What was agreed</h2>\n<ul>\n<li>A <a href="https://example.org/a?x=1&amp;y=2">ceasefire</a> plan</li>\n<li>Another <em>round</em> of <code>talks</code></li>\n</ul>\n<blockquote>\n<p>“We are not there yet.”</p>\n</blockquote>\n<p>See <a href="/articles/first-story">our earlier report</a>.</p>\n',
    ledeEnd: "<p>Negotiators met for six hours on Wednesday.</p>\n".length,
  });
}

/**
 * Everything that has broken feeds before: markup characters, `]]>` and `<![CDATA[`,
 * control characters (which the build rejects, so they can only come from a bug),
 * a lone surrogate, emoji, right-to-left text, and an e-mail author.
 */
export function makeAdversarialArticle(): Article {
  const nasty = `Tom & "Jerry" <b>bold</b> it's ]]> <![CDATA[ x ]]>`;
  return makeArticle({
    slug: "adversarial",
    id: "tag:news.example,2022:adversarial&<>",
    title: `${nasty}\u0008\u000B\uD800 🗞️ — مرحبا بالعالم`,
    summary: `Summary with ${nasty} and emoji 🇺🇦 and עברית`,
    published: "2022-03-02T08:00:00.250Z",
    updated: "2022-03-03T09:30:00-05:00",
    authors: [{ name: `O'Brien & <Sons>`, email: "obrien@news.example", url: "https://news.example/people/o?a=1&b=2" }, { name: "نور" }],
    tags: ["Q&A", `"quoted"`, "ملف"],
    language: "ar",
    image: {
      src: "/images/a&b.jpg",
      alt: `Alt "text" & <more>`,
      width: 1600,
      height: 900,
      caption: "Caption <i>not markup</i>",
      credit: "Agency & Co",
    },
    bodyHtml: '<p>Body with &lt;script&gt;alert(1)&lt;/script&gt; as text, ]]&gt; and an emoji 🙂.</p>\n<p dir="rtl">نص عربي</p>\n',
    ledeEnd: "<p>Body with &lt;script&gt;alert(1)&lt;/script&gt; as text, ]]&gt; and an emoji 🙂.</p>\n".length,
  });
}

/** Front-matter fields of a valid article file. */
export function validFields(): Record<string, unknown> {
  return {
    id: "urn:uuid:22222222-2222-4222-8222-222222222222",
    title: "A valid story",
    published: "2022-03-01T19:40:00+02:00",
    authors: [{ name: "Ada Reporter" }],
  };
}

export const validBody = "The lede of the story.\n\n## A subheading\n\nMore text.\n";

/** The text of a Markdown article file with the given fields (serialised as YAML). */
export function articleFile(fields: Record<string, unknown> = validFields(), body: string = validBody): string {
  return `---\n${stringify(fields)}---\n\n${body}`;
}
