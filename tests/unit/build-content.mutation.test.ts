import { describe, expect, it } from "vitest";
import { buildContent, newestFirst, parseArticle } from "../../src/content-build/build-content.js";
import { formatError } from "../../src/content-build/errors.js";
import { articleFile, makeArticle, validBody, validFields } from "../helpers/fixtures.js";
import { tempFolders } from "../helpers/temp-folders.js";

const FILE = "content/story.md";
const encode = (text: string) => new TextEncoder().encode(text);
const parse = (text: string | Uint8Array, slug = "story") => parseArticle(FILE, slug, typeof text === "string" ? encode(text) : text);
const messages = (result: { errors: Parameters<typeof formatError>[0][] }) => result.errors.map(formatError);

const folders = tempFolders();
const folder = (files: Record<string, string>) => folders.withFiles(files);
const story = (id: string, extra: Record<string, unknown> = {}) =>
  articleFile({ ...validFields(), id: `urn:uuid:00000000-0000-4000-8000-${id}`, ...extra });

describe("buildContent walks the folder", () => {
  it("in name order, whatever order the files were made in: the first name owns an id", () => {
    const dir = folder({ "zulu.md": story("000000000001"), "alpha.md": story("000000000001") });
    expect(buildContent(dir).errors.map(formatError)).toEqual([
      'content/zulu.md: id: "urn:uuid:00000000-0000-4000-8000-000000000001" is already the id of content/alpha.md; ids must be unique',
    ]);
  });

  it("skips the site/ folder, but not a file named site", () => {
    expect(buildContent(folder({ "site/": "", "a.md": story("000000000001") })).errors).toEqual([]);
    expect(buildContent(folder({ site: "x", "a.md": story("000000000001") })).errors.map(formatError)).toEqual([
      "content/site: file: is not an article; content/ holds only <slug>.md files, images/ and site/",
    ]);
  });
});

describe("newestFirst", () => {
  const a = makeArticle({ id: "urn:uuid:a", published: "2022-03-01T10:00:00Z" });
  const b = makeArticle({ id: "urn:uuid:b", published: "2022-03-01T10:00:00Z" });
  const later = makeArticle({ id: "urn:uuid:a", published: "2022-03-01T10:00:01Z" });

  it("orders by instant, newest first, then by id ascending; equal only for the same instant and id", () => {
    expect(newestFirst(later, a)).toBeLessThan(0);
    expect(newestFirst(a, later)).toBeGreaterThan(0);
    expect(newestFirst(a, b)).toBe(-1);
    expect(newestFirst(b, a)).toBe(1);
    expect(newestFirst(a, makeArticle({ id: "urn:uuid:a", published: "2022-03-01T12:00:00+02:00" }))).toBe(0);
  });
});

describe("parseArticle's caps", () => {
  it("allows a slug of 120 characters, not 121", () => {
    expect(parse(articleFile(), "a".repeat(120)).errors).toEqual([]);
    expect(messages(parse(articleFile(), "a".repeat(121)))).toEqual([`${FILE}: file name: is 121 characters long; at most 120`]);
  });

  it("allows a file of 2 MiB, not one byte more", () => {
    const file = articleFile();
    const pad = (size: number) => `${file}${" ".repeat(size - encode(file).length)}`;
    expect(parse(pad(2 * 1024 * 1024)).errors).toEqual([]);
    expect(parse(pad(2 * 1024 * 1024 + 1))).toEqual({
      draft: false,
      errors: [{ file: FILE, field: "file", reason: `is ${2 * 1024 * 1024 + 1} bytes; at most ${2 * 1024 * 1024}` }],
    });
  });

  it("allows front matter of 64 KiB, not one byte more", () => {
    const yaml = articleFile().split("---\n")[1]!;
    const front = (size: number) => `---\n${yaml}#${"x".repeat(size - encode(yaml).length - 1)}\n---\n\n${validBody}`;
    expect(parse(front(64 * 1024)).errors).toEqual([]);
    expect(messages(parse(front(64 * 1024 + 1)))).toEqual([`${FILE}: front matter: is larger than 65536 bytes`]);
  });

  it("names invalid UTF-8 at the very first byte", () => {
    expect(messages(parse(new Uint8Array([0xff, ...encode(articleFile())])))).toEqual([`${FILE}: file: invalid UTF-8 at byte 0`]);
  });

  it("refuses 50 YAML aliases, however small", () => {
    const aliases = `---\n${articleFile().split("---\n")[1]}x: &a t\ny: [${Array.from({ length: 50 }, () => "*a").join(", ")}]\n---\n\nBody.\n`;
    expect(messages(parse(aliases))).toEqual([`${FILE}: front matter: YAML: Excessive alias count indicates a resource exhaustion attack`]);
  });
});

describe("parseArticle's text", () => {
  it("reads old Mac line endings (CR alone) as line breaks", () => {
    const { errors, article } = parse(articleFile().replace(/\n/g, "\r"));
    expect(errors).toEqual([]);
    expect(article!.bodyHtml).toBe("<p>The lede of the story.</p>\n<h2>A subheading</h2>\n<p>More text.</p>\n");
  });

  it("keeps a U+FEFF that is not the byte-order mark", () => {
    const { errors, article } = parse(articleFile(validFields(), "Zero\uFEFFwidth.\n"));
    expect(errors).toEqual([]);
    expect(article!.bodyHtml).toBe("<p>Zero\uFEFFwidth.</p>\n");
  });

  it("checks the characters of field names too", () => {
    expect(messages(parse(articleFile().replace("title:", "ti\u0008tle:")))).toEqual([
      `${FILE}: ti\u0008tle: field name: U+0008 at offset 2 is not allowed in feeds (XML 1.0 §2.2)`,
      `${FILE}: title: is required`,
      `${FILE}: ti\u0008tle: is not a known field (check the spelling)`,
    ]);
  });

  it("reads a null field as a value of the wrong type, not as a mapping", () => {
    expect(messages(parse(articleFile({ ...validFields(), section: null })))).toEqual([`${FILE}: section: must be text, got null`]);
  });
});

describe("parseArticle's front matter block", () => {
  it("must open the file: a line before it means there is none", () => {
    expect(messages(parse(`Intro\n${articleFile()}`))).toEqual([
      `${FILE}: front matter: missing: the file must start with a "---" line, the YAML fields, and a closing "---" line`,
    ]);
  });

  it("may close at the very end of the file, leaving an empty body", () => {
    const text = articleFile().slice(0, articleFile().lastIndexOf("---\n") + 3);
    expect(text.endsWith("\n---")).toBe(true);
    expect(messages(parse(text))).toEqual([`${FILE}: body: is empty; an article needs text`]);
  });

  it("stops at a YAML warning (an unresolved tag) before reading the fields", () => {
    expect(messages(parse(articleFile({ ...validFields(), draft: "DRAFT" }).replace("draft: DRAFT", "draft: !flag yes")))).toEqual([
      `${FILE}: front matter: YAML line 7: Unresolved tag: !flag`,
    ]);
  });
});

describe("parseArticle stops a failed file with no article and no draft", () => {
  it.each([
    ["a YAML syntax error, reported alone", "---\ntitle: [unclosed\nid: x\n---\n\nBody.\n"],
    ["an unresolved YAML tag", articleFile().replace("title: A valid story", "title: !foo A valid story")],
    ["a body problem", articleFile(validFields(), "Lede with [a](javascript:x).\n")],
    ["a schema problem in a draft", articleFile({ ...validFields(), draft: true, title: "" })],
    ["a tag with no letter in a draft", articleFile({ ...validFields(), draft: true, tags: ["!!!"] })],
  ])("%s", (_what, text) => {
    const result = parse(text);
    expect(result.article).toBeUndefined();
    expect(result.draft).toBe(false);
    expect(result.errors.length).toBe(1);
  });

  it("needs no summary from the lede when the front matter gives one", () => {
    const { errors, article } = parse(articleFile({ ...validFields(), summary: "Given." }, "## Heading first\n\nText.\n"));
    expect(errors).toEqual([]);
    expect(article!.summary).toBe("Given.");
  });
});

describe("parseArticle's article", () => {
  it("has no key at all for an absent optional field", () => {
    const { article } = parse(articleFile());
    expect(article).toStrictEqual({
      slug: "story",
      id: "urn:uuid:22222222-2222-4222-8222-222222222222",
      title: "A valid story",
      summary: "The lede of the story.",
      published: "2022-03-01T19:40:00+02:00",
      updated: "2022-03-01T19:40:00+02:00",
      authors: [{ name: "Ada Reporter" }],
      tags: [],
      corrections: [],
      bodyHtml: "<p>The lede of the story.</p>\n<h2>A subheading</h2>\n<p>More text.</p>\n",
      ledeEnd: "<p>The lede of the story.</p>\n".length,
    });
  });

  it("carries every optional field given", () => {
    const { errors, article } = parse(
      articleFile({
        ...validFields(),
        section: "World",
        language: "fr",
        image: { caption: "C" },
        withdrawn: { at: "2022-03-05T00:00:00Z", reason: "Legal." },
        license: "CC-BY-4.0",
        republish_until: "2022-04-01T00:00:00Z",
      }),
    );
    expect(errors).toEqual([]);
    expect(article).toMatchObject({
      section: "World",
      language: "fr",
      image: { caption: "C", republishable: false },
      withdrawn: { at: "2022-03-05T00:00:00Z", reason: "Legal." },
      license: "CC-BY-4.0",
      republishUntil: "2022-04-01T00:00:00Z",
    });
  });

  it("is updated at the first written of equal instants: publication over a correction made at once", () => {
    const { article } = parse(articleFile({ ...validFields(), corrections: [{ at: "2022-03-01T17:40:00Z", text: "At once." }] }));
    expect(article!.updated).toBe("2022-03-01T19:40:00+02:00");
  });
});
