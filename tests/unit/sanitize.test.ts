// The allowlist partners republish on: what the build lets into an article body.
import { describe, expect, it } from "vitest";
import { parseArticle } from "../../src/content-build/build-content.js";
import { formatError } from "../../src/content-build/errors.js";
import { unsafeMarkup } from "../../src/content-build/sanitize.js";
import { articleFile } from "../helpers/fixtures.js";

describe("the body allowlist", () => {
  it("lets through everything Markdown makes", () => {
    const html =
      '<h2>Sub</h2>\n<p>A <a href="https://x.example/?a=1&amp;b=2" title="t">link</a>, <em>em</em>, <strong>b</strong>, <code>c</code>, <s>s</s>.</p>\n<ol start="3"><li>x</li></ol><blockquote><p>q</p></blockquote><pre><code class="language-ts">x</code></pre><hr><img src="/i.jpg" alt="A" width="1" height="2"><table><thead><tr><th>a</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table><br>';
    expect(unsafeMarkup(html)).toEqual([]);
  });

  it.each([
    ["<script>alert(1)</script>", "<script> is not allowed in an article"],
    ["<style>p{}</style>", "<style> is not allowed in an article"],
    ['<iframe src="https://x.example"></iframe>', "<iframe> is not allowed in an article"],
    ['<p onclick="x()">a</p>', "the onclick attribute of <p> is not allowed in an article"],
    ['<p style="color:red">a</p>', "the style attribute of <p> is not allowed in an article"],
    ['<a href="javascript:alert(1)">a</a>', '<a href="javascript:alert(1)"> is not a safe URL'],
    ['<img src="//tracker.example/p.gif" alt="" width="1" height="1">', '<img src="//tracker.example/p.gif"> is not a safe URL'],
    ['<code class="x">a</code>', 'class="x" is not allowed on <code>'],
  ])("rejects %s", (html, problem) => {
    expect(unsafeMarkup(html)).toEqual([problem]);
  });

  it("makes an editor give every body image alt text and a size (read from our own photos), and rejects aligned tables", () => {
    const errors = (body: string) =>
      parseArticle("content/story.md", "story", new TextEncoder().encode(articleFile(undefined, body))).errors.map(formatError);
    expect(errors('Lede.\n\n![Delegates](/images/a.jpg "1600x900")\n')).toEqual([]);
    expect(errors("Lede.\n\n![Delegates](/images/a.jpg)\n")).toEqual([]);
    expect(errors("Lede.\n\n![](/images/a.jpg)\n")).toEqual([
      'content/story.md: body: image "/images/a.jpg" needs alt text, e.g. ![Delegates at the table](/images/a.jpg)',
    ]);
    expect(errors("Lede.\n\n![Delegates](https://cdn.example/a.jpg)\n")).toEqual([
      'content/story.md: body: image "https://cdn.example/a.jpg" is on another site: give its size as the title, e.g. ![Delegates at the table](https://cdn.example/a.jpg "1600x900")',
    ]);
    expect(errors("Lede.\n\n| a | b |\n|--:|---|\n| 1 | 2 |\n")).toEqual([
      "content/story.md: body: line 11: table column alignment is not supported (it needs inline styles); remove the colons from the separator row",
    ]);
  });
});
