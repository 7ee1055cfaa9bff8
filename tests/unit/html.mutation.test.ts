// The HTML template and JSON-LD serialisation (src/render/html.ts) at their edges: absent
// values render as nothing, SafeHtml is a string wherever one is expected, and the JSON
// in a script block has neither forbidden characters nor raw line or paragraph separators.
import { describe, expect, it } from "vitest";
import { html, jsonForScript, jsonStringReplacer, raw } from "../../src/render/html.js";

describe("html", () => {
  it("renders undefined, null and false as nothing, and 0 as 0", () => {
    expect(html`<p>${undefined}|${null}|${false}|${0}</p>`.value).toBe("<p>|||0</p>");
  });

  it("is a string wherever one is expected (template literals, String, concatenation)", () => {
    const safe = html`<p>${"a & b"}</p>`;
    expect(String(safe)).toBe("<p>a &amp; b</p>");
    expect(`${raw("<br>")}`).toBe("<br>");
    expect(`x${html`<i>${"<"}</i>`}`).toBe("x<i>&lt;</i>");
  });
});

describe("jsonForScript", () => {
  it("escapes <, U+2028 and U+2029 so the block cannot end early or break a JavaScript parser", () => {
    const out = jsonForScript({ t: "</script>\u2028\u2029" }).value;
    expect(out).toBe('{"t":"\\u003c/script>\\u2028\\u2029"}');
    expect(JSON.parse(out)).toEqual({ t: "</script>\u2028\u2029" });
  });

  it("drops the characters XML 1.0 forbids from every string, at any depth, and leaves other values alone", () => {
    expect(jsonForScript({ a: "x\u0008y", b: ["\uFFFE", 1, true, null] }).value).toBe('{"a":"xy","b":["",1,true,null]}');
    expect(jsonStringReplacer("k", "a\u0000b")).toBe("ab");
    expect(jsonStringReplacer("k", 5)).toBe(5);
  });
});
