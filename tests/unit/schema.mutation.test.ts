// Front-matter rules at their edges (src/content-build/schema.ts): RFC 3339's ranges for each
// field of a timestamp, the bounds of the "not earlier than" rules (equal is allowed),
// URL forms, image rules, and the wording of type errors for each kind of YAML value.
import { describe, expect, it } from "vitest";
import { parseArticle } from "../../src/content-build/build-content.js";
import { formatError } from "../../src/content-build/errors.js";
import { frontMatterSchema, timestampProblem } from "../../src/content-build/schema.js";
import { articleFile, validFields } from "../helpers/fixtures.js";

const FILE = "content/story.md";
const PUBLISHED = "2022-03-01T19:40:00+02:00"; // validFields()

function parse(change: (fields: Record<string, unknown>) => void = () => {}) {
  const fields = validFields();
  change(fields);
  return parseArticle(FILE, "story", new TextEncoder().encode(articleFile(fields)));
}
const errors = (change: (fields: Record<string, unknown>) => void) => parse(change).errors.map(formatError);

describe("timestampProblem: RFC 3339 §5.6 ranges", () => {
  it.each([
    "2022-01-01T00:00:00Z",
    "2022-12-31T23:59:59Z",
    "2024-02-29T12:00:00Z",
    "2022-03-01T19:40:00+23:59",
    "2022-03-01T19:40:00-23:59",
    "2022-03-01T19:40:00.123456789+02:00",
    "1990-01-01T00:00:00Z",
    "2100-12-31T23:59:59Z",
  ])("accepts %s", (value) => {
    expect(timestampProblem(value)).toBeUndefined();
  });

  it.each([
    "2022-00-10T10:00:00Z",
    "2022-13-10T10:00:00Z",
    "2022-03-00T10:00:00Z",
    "2022-04-31T10:00:00Z",
    "2023-02-29T10:00:00Z",
    "2022-03-01T24:00:00Z",
    "2022-03-01T10:60:00Z",
    "2022-03-01T10:00:60Z",
  ])("rejects the impossible %s", (value) => {
    expect(timestampProblem(value)).toBe(`"${value}" is not a real date and time`);
  });

  it.each(["2022-03-01T10:00:00+24:00", "2022-03-01T10:00:00-05:60", "2022-03-01T10:00:00+00:99"])("rejects the offset of %s", (value) => {
    expect(timestampProblem(value)).toBe(`"${value}" has an impossible offset`);
  });

  it.each(["1989-12-31T23:59:59Z", "2101-01-01T00:00:00Z"])("rejects %s, outside 1990–2100", (value) => {
    expect(timestampProblem(value)).toBe(`"${value}" is outside the years 1990–2100`);
  });

  it("suggests the full timestamp for a zone-less one, with seconds, a T and an offset", () => {
    expect(timestampProblem("2022-03-01 19:40")).toBe(
      '"2022-03-01 19:40" has no time-zone offset; add Z or ±hh:mm, e.g. 2022-03-01T19:40:00+02:00',
    );
    expect(timestampProblem("2022-03-01T19:40:05.5")).toBe(
      '"2022-03-01T19:40:05.5" has no time-zone offset; add Z or ±hh:mm, e.g. 2022-03-01T19:40:05.5+02:00',
    );
  });
});

describe("times that may equal publication", () => {
  it("accepts updated, a correction and a withdrawal at the very instant of publication, and two corrections at once", () => {
    expect(
      errors((f) => {
        f.updated = PUBLISHED;
        f.corrections = [
          { at: PUBLISHED, text: "First." },
          { at: PUBLISHED, text: "Second." },
        ];
        f.withdrawn = { at: PUBLISHED, reason: "Legal." };
      }),
    ).toEqual([]);
  });

  it("accepts a correction at the very instant of updated, and one without updated (which it then sets)", () => {
    expect(
      errors((f) => {
        f.updated = "2022-03-02T08:00:00Z";
        f.corrections = [{ at: "2022-03-02T08:00:00Z", text: "Fixed." }];
      }),
    ).toEqual([]);
    const { errors: none, article } = parse((f) => (f.corrections = [{ at: "2022-03-02T08:00:00Z", text: "Fixed." }]));
    expect(none).toEqual([]);
    expect(article!.updated).toBe("2022-03-02T08:00:00Z");
  });

  it("requires republish_until to be later than publication", () => {
    expect(errors((f) => (f.republish_until = PUBLISHED))).toEqual([`${FILE}: republish_until: must be later than published`]);
    expect(errors((f) => (f.republish_until = "2022-02-01T00:00:00Z"))).toEqual([`${FILE}: republish_until: must be later than published`]);
    const { errors: none, article } = parse((f) => (f.republish_until = "2022-03-01T17:40:01Z"));
    expect(none).toEqual([]);
    expect(article!.republishUntil).toBe("2022-03-01T17:40:01Z");
  });
});

describe("URLs", () => {
  it("accepts http and https author URLs, and no other scheme that merely contains one", () => {
    expect(errors((f) => (f.authors = [{ name: "Ada", url: "http://news.example/ada" }]))).toEqual([]);
    expect(errors((f) => (f.authors = [{ name: "Ada", url: "feed:https://news.example/ada" }]))).toEqual([
      `${FILE}: authors[0].url: must be an absolute http(s) URL`,
    ]);
  });

  it("keeps an absolute image URL whole, host and all, and accepts plain http", () => {
    const { errors: none, article } = parse(
      (f) => (f.image = { src: "https://cdn.example/photos/a.jpg?w=1#x", alt: "A", width: 1, height: 1 }),
    );
    expect(none).toEqual([]);
    expect(article!.image!.src).toBe("https://cdn.example/photos/a.jpg?w=1#x");
    expect(parse((f) => (f.image = { src: "http://cdn.example/a.jpg", alt: "A", width: 1, height: 1 })).article!.image!.src).toBe(
      "http://cdn.example/a.jpg",
    );
  });

  it.each(["/images/a b.jpg", "feed:https://cdn.example/a.jpg", "https:///a.jpg"])("rejects the image src %s", (src) => {
    expect(errors((f) => (f.image = { src, alt: "A", width: 1, height: 1 }))).toEqual([
      `${FILE}: image.src: must be an absolute http(s) URL or a root-relative path such as /images/photo.jpg`,
    ]);
  });
});

describe("images", () => {
  it("without a file, a caption alone or a credit alone is enough", () => {
    expect(errors((f) => (f.image = { caption: "The talks." }))).toEqual([]);
    expect(errors((f) => (f.image = { credit: "Agency" }))).toEqual([]);
  });

  it("names what a size or the republishable flag was instead", () => {
    expect(errors((f) => (f.image = { src: "/a.jpg", alt: "A", width: "12", height: 1 }))).toEqual([
      `${FILE}: image.width: must be a number, got the text "12"`,
    ]);
    expect(errors((f) => (f.image = { caption: "C", republishable: "yes" }))).toEqual([
      `${FILE}: image.republishable: must be true or false (unquoted), got the text "yes"`,
    ]);
  });
});

describe("type errors name the kind of value found", () => {
  it.each([
    [null, "null"],
    [["a"], "a list"],
    [{ a: 1 }, "a mapping"],
    [true, "boolean true"],
    [12, "number 12"],
  ])("title %j: got %s", (value, described) => {
    expect(errors((f) => (f.title = value))).toEqual([`${FILE}: title: must be text, got ${described}`]);
  });

  it("an id that is not text", () => {
    expect(errors((f) => (f.id = 123))).toEqual([`${FILE}: id: must be text`]);
  });

  it("front matter that is empty, or not a mapping", () => {
    const text = (yaml: string) => parseArticle(FILE, "story", new TextEncoder().encode(`---\n${yaml}---\n\nBody.\n`)).errors;
    expect(text("# nothing yet\n").map(formatError)).toEqual([`${FILE}: front matter: is empty; expected fields such as title and id`]);
    expect(text("- a\n- b\n").map(formatError)).toEqual([`${FILE}: front matter: must be a mapping of fields`]);
    expect(text("just text\n").map(formatError)).toEqual([`${FILE}: front matter: must be a mapping of fields`]);
  });
});

describe("the schema's issues", () => {
  it("reports its own rules as zod custom issues, with the field's path", () => {
    const result = frontMatterSchema.safeParse({
      ...validFields(),
      title: "A <b>bold</b> claim",
      published: "2022-03-01",
      image: { src: "https://cdn.example/a.jpg", alt: "A", width: 1 },
    });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map(({ code, path }) => `${code} ${path.join(".")}`)).toEqual([
      "custom title",
      "custom published",
      "custom image.height",
    ]);
    const times = frontMatterSchema.safeParse({
      ...validFields(),
      updated: "2022-02-01T00:00:00Z",
      corrections: [
        { at: "2022-02-01T00:00:00Z", text: "Before." },
        { at: "2022-03-05T00:00:00Z", text: "Later." },
        { at: "2022-03-04T00:00:00Z", text: "Out of order." },
      ],
      republish_until: "2022-02-01T00:00:00Z",
      withdrawn: { at: "2022-02-01T00:00:00Z", reason: "Legal." },
    });
    expect(times.error!.issues.map(({ code, path }) => `${code} ${path.join(".")}`)).toEqual([
      "custom updated",
      "custom corrections.0.at",
      "custom updated",
      "custom corrections.2.at",
      "custom republish_until",
      "custom withdrawn.at",
    ]);
    const noImage = frontMatterSchema.safeParse({ ...validFields(), image: {} });
    expect(noImage.error!.issues.map(({ code, path }) => `${code} ${path.join(".")}`)).toEqual(["custom image.src"]);
  });
});
