// Markdown bodies and the allowlist at their edges (src/content-build/markdown.ts, sanitize.ts,
// text-rules.ts): a header-only aligned table, markup only the allowlist catches, a lede
// read as a reader would, attribute values the allowlist must see whole, and bytes that
// would be valid UTF-8 lead bytes only under a looser reading of RFC 3629.
import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../src/content-build/markdown.js";
import { unsafeMarkup } from "../../src/content-build/sanitize.js";
import { invalidUtf8Offset } from "../../src/content-build/text-rules.js";

const ALIGNMENT = "table column alignment is not supported (it needs inline styles); remove the colons from the separator row";

describe("renderMarkdown", () => {
  it("rejects the alignment of a table that has only a header row", () => {
    expect(renderMarkdown("Lede.\n\n| A | B |\n|:--|--:|\n", 5).problems).toEqual([`line 7: ${ALIGNMENT}`]);
  });

  it("runs the allowlist over what Markdown made: a fence's info string becomes a class it does not allow", () => {
    const { html, problems } = renderMarkdown("Lede.\n\n```{.evil}\ncode\n```\n");
    expect(html).toContain('<code class="language-{.evil}">');
    expect(problems).toEqual(['class="language-{.evil}" is not allowed on <code>']);
  });

  it("reads the lede's text trimmed, as a reader sees it", () => {
    expect(renderMarkdown("`  x  ` is code.\n\nMore.\n").ledeText).toBe("x  is code.");
  });
});

describe("unsafeMarkup", () => {
  it("allows a code class only of the exact form language-<name>", () => {
    expect(unsafeMarkup('<pre><code class="language-c++">x</code></pre>')).toEqual([]);
    expect(unsafeMarkup('<code class="xlanguage-js">x</code>')).toEqual(['class="xlanguage-js" is not allowed on <code>']);
    expect(unsafeMarkup('<code class="language-js onclick">x</code>')).toEqual(['class="language-js onclick" is not allowed on <code>']);
  });

  it("treats a URL attribute without a value as an empty, unsafe URL", () => {
    expect(unsafeMarkup("<a href>x</a>")).toEqual(['<a href=""> is not a safe URL']);
  });
});

describe("invalidUtf8Offset: bytes that lead no sequence", () => {
  it.each([
    [[0xc1, 0x80, 0x80, 0x80], "C1, which only an overlong form would use"],
    [[0x81, 0x80, 0x80, 0x80], "a continuation byte where a lead byte should be"],
    [[0xbf, 0x80], "a continuation byte followed by another"],
    [[0x9f, 0xbf], "a continuation byte whose low bits would make a two-byte form"],
    [[0xf8, 0x90, 0x80, 0x80], "F8, a five-byte lead of the old RFC 2279"],
    [[0xfc, 0x84, 0x80, 0x80, 0x80, 0x80], "FC, a six-byte lead of the old RFC 2279"],
  ])("%j is invalid at its first byte (%s)", (input) => {
    expect(invalidUtf8Offset(new Uint8Array(input))).toBe(0);
  });
});
