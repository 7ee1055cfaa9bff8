// One invalid fixture per front-matter rule, each asserting the exact message an
// editor sees: `content/<file>.md: <field>: <reason>`.
import { describe, expect, it } from "vitest";
import { parseArticle } from "../../src/content-build/build-content.js";
import { formatError } from "../../src/content-build/errors.js";
import { articleFile, validBody, validFields } from "../helpers/fixtures.js";

const FILE = "content/story.md";

function errorsFor(text: string | Uint8Array, slug = "story"): string[] {
  const bytes = typeof text === "string" ? new TextEncoder().encode(text) : text;
  return parseArticle(FILE, slug, bytes).errors.map(formatError);
}

function withFields(change: (fields: Record<string, unknown>) => void, body = validBody): string[] {
  const fields = validFields();
  change(fields);
  return errorsFor(articleFile(fields, body));
}

describe("a valid article", () => {
  it("parses with no errors and derives the summary from the lede", () => {
    const result = parseArticle(FILE, "story", new TextEncoder().encode(articleFile()));
    expect(result.errors).toEqual([]);
    expect(result.article).toMatchObject({
      slug: "story",
      id: "urn:uuid:22222222-2222-4222-8222-222222222222",
      summary: "The lede of the story.",
      updated: "2022-03-01T19:40:00+02:00",
      tags: [],
    });
    expect(result.article!.bodyHtml.slice(0, result.article!.ledeEnd)).toBe("<p>The lede of the story.</p>\n");
  });

  it("accepts a byte-order mark and CRLF line endings", () => {
    const text = `\uFEFF${articleFile().replace(/\n/g, "\r\n")}`;
    expect(errorsFor(text)).toEqual([]);
  });

  it("keeps comparison signs and ampersands in plain text", () => {
    expect(withFields((f) => (f.title = "Rates < 2% & rising > expected: Q&A <3"))).toEqual([]);
  });

  it("stores URLs in their ASCII form", () => {
    const fields = {
      ...validFields(),
      authors: [{ name: "Ada", url: "https://Bücher.example/über uns" }],
      image: { src: "/images/été.jpg", alt: "A", width: 1, height: 1 },
    };
    const { article } = parseArticle(FILE, "story", new TextEncoder().encode(articleFile(fields)));
    expect(article!.authors[0]!.url).toBe("https://xn--bcher-kva.example/%C3%BCber%20uns");
    expect(article!.image!.src).toBe("/images/%C3%A9t%C3%A9.jpg");
  });

  it("accepts an author given as a plain name, and a tag: URI id", () => {
    const errors = withFields((f) => {
      f.authors = ["Ada Reporter"];
      f.id = "tag:news.example,2022:story-1";
    });
    expect(errors).toEqual([]);
  });
});

// [rule, change to the fields, exact messages]
const fieldRules: [string, (f: Record<string, unknown>) => void, string[]][] = [
  ["title is required", (f) => delete f.title, [`${FILE}: title: is required`]],
  ["title is not blank", (f) => (f.title = "   "), [`${FILE}: title: must not be empty`]],
  ["title is text", (f) => (f.title = 123), [`${FILE}: title: must be text, got number 123`]],
  ["title has a length cap", (f) => (f.title = "x".repeat(301)), [`${FILE}: title: must be at most 300 characters`]],
  ["id is required", (f) => delete f.id, [`${FILE}: id: is required`]],
  [
    "id is a stable URI",
    (f) => (f.id = "my-story"),
    [`${FILE}: id: must be a stable urn:uuid: (lower case) or tag: URI (RFC 4151), e.g. urn:uuid:cd940d31-3c8f-476f-ab8b-6f15e0a365a0`],
  ],
  ["published is required", (f) => delete f.published, [`${FILE}: published: is required`]],
  [
    "published is not date-only",
    (f) => (f.published = "2022-03-01"),
    [`${FILE}: published: "2022-03-01" is a date only; write a full timestamp with offset, e.g. 2022-03-01T09:00:00+02:00`],
  ],
  [
    "published has an offset",
    (f) => (f.published = "2022-03-01T19:40:00"),
    [`${FILE}: published: "2022-03-01T19:40:00" has no time-zone offset; add Z or ±hh:mm, e.g. 2022-03-01T19:40:00+02:00`],
  ],
  [
    "published is RFC 3339",
    (f) => (f.published = "yesterday"),
    [`${FILE}: published: "yesterday" is not an RFC 3339 timestamp such as 2022-03-01T19:40:00+02:00`],
  ],
  [
    "published is a real date",
    (f) => (f.published = "2022-02-30T10:00:00Z"),
    [`${FILE}: published: "2022-02-30T10:00:00Z" is not a real date and time`],
  ],
  [
    "published has a real offset",
    (f) => (f.published = "2022-02-03T10:00:00+25:00"),
    [`${FILE}: published: "2022-02-03T10:00:00+25:00" has an impossible offset`],
  ],
  [
    "published is in a sane range",
    (f) => (f.published = "1970-01-01T00:00:00Z"),
    [`${FILE}: published: "1970-01-01T00:00:00Z" is outside the years 1990–2100`],
  ],
  [
    "published is a string, not a number",
    (f) => (f.published = 20220301),
    [`${FILE}: published: must be a quoted timestamp, got number 20220301`],
  ],
  [
    "updated is a timestamp too",
    (f) => (f.updated = "2022-03-02"),
    [`${FILE}: updated: "2022-03-02" is a date only; write a full timestamp with offset, e.g. 2022-03-02T09:00:00+02:00`],
  ],
  ["updated is not before published", (f) => (f.updated = "2022-03-01T17:00:00Z"), [`${FILE}: updated: is earlier than published`]],
  ["authors is required", (f) => delete f.authors, [`${FILE}: authors: is required`]],
  ["authors is a list", (f) => (f.authors = "Ada"), [`${FILE}: authors: must be a list`]],
  ["authors is not empty", (f) => (f.authors = []), [`${FILE}: authors: must name at least one author`]],
  ["an author has a name", (f) => (f.authors = [{ url: "https://news.example/ada" }]), [`${FILE}: authors[0].name: is required`]],
  [
    "an author e-mail is an address",
    (f) => (f.authors = [{ name: "Ada", email: "ada at example" }]),
    [`${FILE}: authors[0].email: must be an e-mail address`],
  ],
  [
    "an author url is absolute",
    (f) => (f.authors = [{ name: "Ada", url: "javascript:alert(1)" }]),
    [`${FILE}: authors[0].url: must be an absolute http(s) URL`],
  ],
  [
    "an author has no unknown fields",
    (f) => (f.authors = [{ name: "Ada", twitter: "@ada" }]),
    [`${FILE}: authors[0].twitter: is not a known field (check the spelling)`],
  ],
  ["summary is not blank", (f) => (f.summary = ""), [`${FILE}: summary: must not be empty`]],
  ["tags is a list", (f) => (f.tags = "World"), [`${FILE}: tags: must be a list`]],
  ["tags do not repeat", (f) => (f.tags = ["World", "world"]), [`${FILE}: tags: must not repeat a tag`]],
  ["a tag is not blank", (f) => (f.tags = ["World", " "]), [`${FILE}: tags[1]: must not be empty`]],
  ["language is BCP 47", (f) => (f.language = "English!"), [`${FILE}: language: must be a language tag such as en or en-GB (BCP 47)`]],
  [
    "an image with src has alt; a photo of ours has its size read from the file",
    (f) => (f.image = { src: "/images/a.jpg" }),
    [`${FILE}: image.alt: is required when src is given`],
  ],
  [
    "an image on another site has alt, width and height",
    (f) => (f.image = { src: "https://cdn.example/a.jpg" }),
    [
      `${FILE}: image.alt: is required when src is given`,
      `${FILE}: image.width: is required for an image on another site (for /images/… it is read from the file)`,
      `${FILE}: image.height: is required for an image on another site (for /images/… it is read from the file)`,
    ],
  ],
  [
    "an image src is not protocol-relative",
    (f) => (f.image = { src: "//evil.example/a.jpg", alt: "A", width: 10, height: 10 }),
    [`${FILE}: image.src: must be an absolute http(s) URL or a root-relative path such as /images/photo.jpg`],
  ],
  [
    "an image size is whole pixels",
    (f) => (f.image = { src: "/a.jpg", alt: "A", width: 12.5, height: 10 }),
    [`${FILE}: image.width: must be a whole number of pixels`],
  ],
  ["an image has something to show", (f) => (f.image = {}), [`${FILE}: image.src: is required unless a caption or credit is given`]],
  ["draft is a real boolean", (f) => (f.draft = "false"), [`${FILE}: draft: must be true or false (unquoted), got the text "false"`]],
  [
    "unknown fields are errors",
    (f) => (f.pubilshed = "2022-03-01T19:40:00+02:00"),
    [`${FILE}: pubilshed: is not a known field (check the spelling)`],
  ],
  [
    "no control characters",
    (f) => (f.title = "Bad\u0008title"),
    [`${FILE}: title: U+0008 at offset 3 is not allowed in feeds (XML 1.0 §2.2)`],
  ],
  [
    "no lone surrogates",
    (f) => (f.summary = "x\uD800y"),
    [`${FILE}: summary: lone surrogate U+D800 at offset 1 is not allowed in feeds (XML 1.0 §2.2)`],
  ],
  ["no U+FFFE", (f) => (f.tags = ["ok", "a\uFFFE"]), [`${FILE}: tags[1]: U+FFFE at offset 1 is not allowed in feeds (XML 1.0 §2.2)`]],
  [
    "no C1 control characters",
    (f) => (f.title = "It\u0092s"),
    [`${FILE}: title: U+0092 at offset 2 is a C1 control character, usually a mis-decoded Windows-1252 quote or dash`],
  ],
  [
    "no replacement characters",
    (f) => (f.summary = "Caf\uFFFD"),
    [`${FILE}: summary: U+FFFD at offset 3 is a replacement character: the text was decoded wrongly before it got here`],
  ],
  ["no HTML in a title", (f) => (f.title = "A <b>bold</b> claim"), [`${FILE}: title: contains "<b>"; this field is plain text, not HTML`]],
  [
    "no HTML in an author name",
    (f) => (f.authors = ["Ada <br/>"]),
    [`${FILE}: authors[0].name: contains "<br/>"; this field is plain text, not HTML`],
  ],
];

describe("front-matter rules", () => {
  it.each(fieldRules)("%s", (_rule, change, expected) => {
    expect(withFields(change)).toEqual(expected);
  });
});

describe("file, YAML and body rules", () => {
  it("rejects a file name that is not a slug", () => {
    expect(errorsFor(articleFile(), "Bad_Name")).toEqual([
      `${FILE}: file name: "Bad_Name" is not a slug: use lower-case letters, digits and single hyphens`,
    ]);
  });

  it("rejects an empty file", () => {
    expect(errorsFor("")).toEqual([`${FILE}: file: is empty`]);
  });

  it("rejects invalid UTF-8, naming the byte offset", () => {
    const good = new TextEncoder().encode(articleFile());
    const bytes = new Uint8Array([...good.slice(0, 10), 0xed, 0xa0, 0x80, ...good.slice(10)]); // CESU-8 surrogate
    expect(errorsFor(bytes)).toEqual([`${FILE}: file: invalid UTF-8 at byte 10`]);
  });

  it("requires front matter", () => {
    expect(errorsFor("Just text.\n")).toEqual([
      `${FILE}: front matter: missing: the file must start with a "---" line, the YAML fields, and a closing "---" line`,
    ]);
  });

  it("reports YAML syntax errors with their line", () => {
    expect(errorsFor("---\ntitle: [unclosed\nid: x\n---\n\nBody.\n")[0]).toMatch(/^content\/story\.md: front matter: YAML line \d+: /);
  });

  it("rejects duplicate keys", () => {
    const text = articleFile().replace("title: A valid story", "title: A valid story\ntitle: Again");
    expect(errorsFor(text)).toEqual([`${FILE}: front matter: YAML line 4: Map keys must be unique`]);
  });

  it("rejects alias bombs", () => {
    const bomb = [
      "a: &a [x, x, x, x, x, x, x, x, x, x]",
      ...Array.from(
        { length: 8 },
        (_, i) =>
          `${"bcdefghi"[i]}: &${"bcdefghi"[i]} [*${"abcdefgh"[i]}, *${"abcdefgh"[i]}, *${"abcdefgh"[i]}, *${"abcdefgh"[i]}, *${"abcdefgh"[i]}, *${"abcdefgh"[i]}, *${"abcdefgh"[i]}, *${"abcdefgh"[i]}, *${"abcdefgh"[i]}, *${"abcdefgh"[i]}]`,
      ),
    ];
    const errors = errorsFor(`---\n${bomb.join("\n")}\n---\n\nBody.\n`);
    expect(errors).toEqual([expect.stringMatching(/^content\/story\.md: front matter: YAML: .*alias/i)]);
  });

  it("does not coerce YAML 1.1 booleans or dates", () => {
    const text = `${articleFile().replace("published: 2022-03-01T19:40:00+02:00", "published: 2022-03-01")}`;
    const errors = errorsFor(text.replace("---\n\n", "draft: no\n---\n\n"));
    expect(errors).toEqual([
      `${FILE}: published: "2022-03-01" is a date only; write a full timestamp with offset, e.g. 2022-03-01T09:00:00+02:00`,
      `${FILE}: draft: must be true or false (unquoted), got the text "no"`,
    ]);
  });

  it("rejects unsafe and relative links in the body", () => {
    const body = "Lede with [a](javascript:alert(1)), [b](other.html), [c](//evil.example) and ![d](data:image/png;base64,xx).\n";
    expect(withFields(() => {}, body)).toEqual([
      `${FILE}: body: link "javascript:alert(1)" must be absolute (https://…), mailto:, #fragment or root-relative (/…)`,
      `${FILE}: body: link "other.html" must be absolute (https://…), mailto:, #fragment or root-relative (/…)`,
      `${FILE}: body: link "//evil.example" must be absolute (https://…), mailto:, #fragment or root-relative (/…)`,
      `${FILE}: body: image "data:image/png;base64,xx" must be absolute (https://…) or root-relative (/…)`,
    ]);
  });

  it("keeps raw HTML in Markdown as text", () => {
    const result = parseArticle(
      FILE,
      "story",
      new TextEncoder().encode(articleFile(validFields(), "Lede <script>alert(1)</script> <img src=x onerror=alert(1)>\n")),
    );
    expect(result.errors).toEqual([]);
    expect(result.article!.bodyHtml).toBe("<p>Lede &lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt;</p>\n");
  });

  it("reserves # for the headline", () => {
    expect(withFields(() => {}, "Lede.\n\n# Another headline\n")).toEqual([
      `${FILE}: body: line 11: "#" is the headline's level; use "##" for subheadings`,
    ]);
  });

  it("rejects an empty body", () => {
    expect(withFields(() => {}, "\n")).toEqual([`${FILE}: body: is empty; an article needs text`]);
  });

  it("needs a summary when the body does not start with a paragraph", () => {
    expect(withFields(() => {}, "## Heading first\n\nText.\n")).toEqual([
      `${FILE}: summary: is required when the body does not start with a paragraph`,
    ]);
  });

  it("rejects a NUL byte in the body", () => {
    expect(withFields(() => {}, "Lede\u0000.\n")).toEqual([`${FILE}: body: U+0000 at offset 5 is not allowed in feeds (XML 1.0 §2.2)`]);
  });

  it("reports every problem in a file at once", () => {
    const errors = withFields((f) => {
      delete f.title;
      f.published = "2022-03-01";
      f.tpyo = 1;
    }, "Lede with [x](javascript:void(0)).\n");
    expect(errors).toHaveLength(4);
    expect(errors.map((e) => e.split(": ")[1])).toEqual(["title", "published", "tpyo", "body"]);
  });
});

describe("corrections and withdrawals", () => {
  const correction = (at: string, text = "An earlier version misstated the figure.") => ({ at, text });

  it("a correction makes the article updated at the correction's time, unless updated says later", () => {
    const fields = { ...validFields(), corrections: [correction("2022-03-02T08:00:00Z")] };
    const { article, errors } = parseArticle(FILE, "story", new TextEncoder().encode(articleFile(fields)));
    expect(errors).toEqual([]);
    expect(article!.updated).toBe("2022-03-02T08:00:00Z");
    expect(article!.corrections).toEqual([correction("2022-03-02T08:00:00Z")]);
  });

  it("rejects a correction before publication, out of order, after updated, or without text", () => {
    expect(withFields((f) => (f.corrections = [correction("2022-02-01T08:00:00Z")]))).toEqual([
      "content/story.md: corrections[0].at: is earlier than published",
    ]);
    expect(withFields((f) => (f.corrections = [correction("2022-03-05T08:00:00Z"), correction("2022-03-04T08:00:00Z")]))).toEqual([
      "content/story.md: corrections[1].at: is earlier than the correction before it; list corrections oldest first",
    ]);
    expect(
      withFields((f) => {
        f.updated = "2022-03-02T00:00:00Z";
        f.corrections = [correction("2022-03-03T08:00:00Z")];
      }),
    ).toEqual(["content/story.md: updated: is earlier than corrections[0].at; a correction updates the article"]);
    expect(withFields((f) => (f.corrections = [{ at: "2022-03-03T08:00:00Z" }]))).toEqual([
      "content/story.md: corrections[0].text: is required",
    ]);
    expect(withFields((f) => (f.corrections = "fixed a typo"))).toEqual([
      "content/story.md: corrections: must be a list of corrections, each with at and text",
    ]);
  });

  it("accepts a withdrawal with a time and a reason, and rejects one before publication or without a reason", () => {
    expect(withFields((f) => (f.withdrawn = { at: "2022-03-05T08:00:00Z", reason: "Legal reasons." }))).toEqual([]);
    expect(withFields((f) => (f.withdrawn = { at: "2022-02-05T08:00:00Z", reason: "Legal reasons." }))).toEqual([
      "content/story.md: withdrawn.at: is earlier than published",
    ]);
    expect(withFields((f) => (f.withdrawn = { at: "2022-03-05T08:00:00Z" }))).toEqual(["content/story.md: withdrawn.reason: is required"]);
    expect(withFields((f) => (f.withdrawn = true))).toEqual(["content/story.md: withdrawn: must be a mapping with at and reason"]);
  });

  it("shares an article with partners from partners_from, which must be a timestamp before published, on a live article", () => {
    // published is 2022-03-01T19:40:00+02:00, i.e. 17:40:00Z.
    const { article, errors } = parseArticle(
      FILE,
      "story",
      new TextEncoder().encode(articleFile({ ...validFields(), partners_from: "2022-03-01T06:00:00Z" })),
    );
    expect(errors).toEqual([]);
    expect(article!.partnersFrom).toBe("2022-03-01T06:00:00Z");
    expect(parseArticle(FILE, "story", new TextEncoder().encode(articleFile())).article!.partnersFrom).toBeUndefined();
    const later = "must be earlier than published: partners see the article from then until published, under embargo";
    expect(withFields((f) => (f.partners_from = "2022-03-01T17:40:00Z"))).toEqual([`${FILE}: partners_from: ${later}`]);
    expect(withFields((f) => (f.partners_from = "2022-03-02T08:00:00Z"))).toEqual([`${FILE}: partners_from: ${later}`]);
    expect(
      withFields((f) => {
        f.partners_from = "2022-03-01T06:00:00Z";
        f.draft = true;
      }),
    ).toEqual([`${FILE}: partners_from: is not allowed on a draft: a draft is shown to no one, partners included`]);
    expect(
      withFields((f) => {
        f.partners_from = "2022-03-01T06:00:00Z";
        f.withdrawn = { at: "2022-03-05T08:00:00Z", reason: "Legal reasons." };
      }),
    ).toEqual([`${FILE}: partners_from: is not allowed on a withdrawn article: it must not be shared early`]);
    const bad = withFields((f) => (f.partners_from = "tomorrow morning"));
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatch(/^content\/story\.md: partners_from: /);
  });

  it("rejects a section, tag or author name with no letter or digit to make an address from", () => {
    expect(withFields((f) => (f.tags = ["!!!"]))).toEqual([
      'content/story.md: tags[0]: "!!!" needs at least one letter or digit to make its address from',
    ]);
  });
});
