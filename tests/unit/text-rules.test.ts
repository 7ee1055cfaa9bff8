// Character-level content rules (src/content-build/text-rules.ts) and the error format
// (src/content-build/errors.ts), function by function, with the exact messages.
import { describe, expect, it } from "vitest";
import { fieldPath, formatError } from "../../src/content-build/errors.js";
import { forbiddenCharacter, invalidUtf8Offset, markupInPlainText } from "../../src/content-build/text-rules.js";

describe("invalidUtf8Offset (RFC 3629)", () => {
  it.each([
    [[], "nothing"],
    [[0x61, 0x7f], "ASCII up to U+007F"],
    [[0xc2, 0x80], "U+0080, the smallest two-byte form"],
    [[0xdf, 0xbf], "U+07FF, the largest two-byte form"],
    [[0xe0, 0xa0, 0x80], "U+0800, the smallest three-byte form"],
    [[0xed, 0x9f, 0xbf], "U+D7FF, just below the surrogates"],
    [[0xee, 0x80, 0x80], "U+E000, just above the surrogates"],
    [[0xef, 0xbf, 0xbf], "U+FFFF, the largest three-byte form"],
    [[0xf0, 0x90, 0x80, 0x80], "U+10000, the smallest four-byte form"],
    [[0xf4, 0x8f, 0xbf, 0xbf], "U+10FFFF, the last code point"],
    [[0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80], "é € 😀 in a row"],
  ])("accepts %j (%s)", (input, _what) => {
    expect(invalidUtf8Offset(new Uint8Array(input))).toBe(-1);
  });

  it.each([
    [[0x80], 0, "a lone continuation byte"],
    [[0xbf], 0, "the last continuation byte, alone"],
    [[0xc0, 0x80], 0, "overlong NUL (C0 80)"],
    [[0xc1, 0xbf], 0, "overlong two-byte form (C1)"],
    [[0xe0, 0x9f, 0xbf], 0, "overlong three-byte form"],
    [[0xed, 0xa0, 0x80], 0, "a CESU-8 surrogate (U+D800)"],
    [[0xed, 0xbf, 0xbf], 0, "the last surrogate (U+DFFF)"],
    [[0xf0, 0x8f, 0xbf, 0xbf], 0, "overlong four-byte form"],
    [[0xf4, 0x90, 0x80, 0x80], 0, "past U+10FFFF"],
    [[0xf5, 0x80, 0x80, 0x80], 0, "a lead byte F5"],
    [[0xff], 0, "FF"],
    [[0xc3, 0x41], 0, "a lead byte followed by ASCII"],
    [[0xc3, 0xc3, 0xa9], 0, "a lead byte followed by another lead byte"],
    [[0xe2, 0x82], 0, "a sequence cut short by the end"],
    [[0xf0, 0x9f, 0x98], 0, "a four-byte sequence cut short"],
    [[0x61, 0x62, 0xff], 2, "after two ASCII bytes"],
    [[0xc3, 0xa9, 0x80], 2, "after a two-byte character"],
    [[0xe2, 0x82, 0xac, 0xc3], 3, "after a three-byte character"],
    [[0xf0, 0x9f, 0x98, 0x80, 0x80], 4, "after a four-byte character"],
  ])("finds %j invalid at offset %i (%s)", (input, offset, _what) => {
    expect(invalidUtf8Offset(new Uint8Array(input))).toBe(offset);
  });
});

describe("forbiddenCharacter (XML 1.0 §2.2)", () => {
  it.each(["", "plain text", "tab\tline\nreturn\r", "\u007F", "\u00A0", "\uD7FF\uE000", "\uFFFC", "😀 \u{10FFFF}"])(
    "allows %j",
    (value) => {
      expect(forbiddenCharacter(value)).toBeUndefined();
    },
  );

  it.each([
    ["\u0000", "U+0000 at offset 0 is not allowed in feeds (XML 1.0 §2.2)"],
    ["ab\u0008", "U+0008 at offset 2 is not allowed in feeds (XML 1.0 §2.2)"],
    ["\u001B", "U+001B at offset 0 is not allowed in feeds (XML 1.0 §2.2)"],
    ["x\uFFFE", "U+FFFE at offset 1 is not allowed in feeds (XML 1.0 §2.2)"],
    ["\uFFFF", "U+FFFF at offset 0 is not allowed in feeds (XML 1.0 §2.2)"],
    ["a\uD800", "lone surrogate U+D800 at offset 1 is not allowed in feeds (XML 1.0 §2.2)"],
    ["\uDFFFb", "lone surrogate U+DFFF at offset 0 is not allowed in feeds (XML 1.0 §2.2)"],
    ["x\u0080", "U+0080 at offset 1 is a C1 control character, usually a mis-decoded Windows-1252 quote or dash"],
    ["\u0092", "U+0092 at offset 0 is a C1 control character, usually a mis-decoded Windows-1252 quote or dash"],
    ["xy\u009F", "U+009F at offset 2 is a C1 control character, usually a mis-decoded Windows-1252 quote or dash"],
    ["caf\uFFFD", "U+FFFD at offset 3 is a replacement character: the text was decoded wrongly before it got here"],
    ["\u0092\u0001", "U+0001 at offset 1 is not allowed in feeds (XML 1.0 §2.2)"],
  ])("rejects %j: %s", (value, message) => {
    expect(forbiddenCharacter(value)).toBe(message);
  });
});

describe("markupInPlainText", () => {
  it.each([
    ["a <b>bold</b> word", "<b>"],
    ["end </p>", "</p>"],
    ["line<br/>break", "<br/>"],
    ['see <a href="https://example.org">it</a>', '<a href="https://example.org">'],
    ["<h1 >", "<h1 >"],
    ["<my-tag>", "<my-tag>"],
    ["<H2>", "<H2>"],
  ])("finds the tag in %j", (value, tag) => {
    expect(markupInPlainText(value)).toBe(`contains "${tag}"; this field is plain text, not HTML`);
  });

  it.each(["Rates < 2% & rising > expected", "I <3 it", "<1a>", "a<>b", "<-x>", "x < y and y > z", ""])("finds none in %j", (value) => {
    expect(markupInPlainText(value)).toBeUndefined();
  });
});

describe("error format", () => {
  it.each([
    [[], "front matter"],
    [["title"], "title"],
    [["image", "width"], "image.width"],
    [["authors", 0, "name"], "authors[0].name"],
    [["corrections", 1], "corrections[1]"],
    [[0, "x"], "[0].x"],
  ] as [PropertyKey[], string][])("fieldPath %j is %j", (path, expected) => {
    expect(fieldPath(path)).toBe(expected);
  });

  it("prints file: field: reason", () => {
    expect(formatError({ file: "content/a.md", field: "title", reason: "is required" })).toBe("content/a.md: title: is required");
  });
});
