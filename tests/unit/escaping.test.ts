// The one XML and one HTML escaping module, against everything that has broken feeds.
import { describe, expect, it } from "vitest";
import { escapeHtml, html, jsonForScript, raw } from "../../src/render/html.js";
import { xmlAttr, xmlText } from "../../src/render/xml.js";
import { parseXml, xmlErrors } from "../helpers/validators.js";

const NASTY = `& < > " ' ]]> <![CDATA[ x`;

describe("xmlText and xmlAttr", () => {
  it("escape markup characters", () => {
    expect(xmlText(NASTY)).toBe("&amp; &lt; &gt; \" ' ]]&gt; &lt;![CDATA[ x");
    expect(xmlAttr(NASTY)).toBe("&amp; &lt; &gt; &quot; &apos; ]]&gt; &lt;![CDATA[ x");
  });

  it("drop characters XML 1.0 forbids, keep tab, newline and carriage return", () => {
    expect(xmlText("a\u0000b\u0008c\u000Bd\u000Ce\u001Ff\uFFFEg\uFFFFh\tI\nJ\rK")).toBe("abcdefgh\tI\nJ\rK");
    expect(xmlText("lone \uD800 high and \uDC00 low")).toBe("lone  high and  low");
  });

  it("keep emoji (astral characters) and right-to-left text intact", () => {
    const text = "🗞️ 🇺🇦 مرحبا بالعالم עברית";
    expect(xmlText(text)).toBe(text);
  });

  it("round-trip through a strict XML parser exactly", () => {
    const value = `${NASTY} 🗞️ مرحبا`;
    const doc = `<?xml version="1.0" encoding="utf-8"?><r a="${xmlAttr(value)}">${xmlText(value)}</r>`;
    expect(xmlErrors(doc)).toEqual([]);
    const root = parseXml(doc).documentElement!;
    expect(root.textContent).toBe(value);
    expect(root.getAttribute("a")).toBe(value);
  });
});

describe("escapeHtml and the html template", () => {
  it("escape text and both quote styles", () => {
    expect(escapeHtml(NASTY)).toBe("&amp; &lt; &gt; &quot; &#39; ]]&gt; &lt;![CDATA[ x");
  });

  it("escape every interpolation but keep SafeHtml and literals", () => {
    const out = html`<p title="${`"><script>`}">${"<b>"}${raw("<i>ok</i>")}${["<", raw("&amp;")]}${undefined}${false}${3}</p>`;
    expect(out.value).toBe('<p title="&quot;&gt;&lt;script&gt;">&lt;b&gt;<i>ok</i>&lt;&amp;3</p>');
  });

  it("drop control characters and lone surrogates, keep emoji and RTL", () => {
    expect(escapeHtml("a\u0001b\uD800c 🙂 שלום")).toBe("abc 🙂 שלום");
  });
});

describe("jsonForScript", () => {
  it("cannot close or comment out its script block", () => {
    const out = jsonForScript({ headline: "</script><script>alert(1)</script><!-- \u2028" }).value;
    expect(out).not.toContain("<");
    expect(JSON.parse(out)).toEqual({ headline: "</script><script>alert(1)</script><!-- \u2028" });
  });
});
