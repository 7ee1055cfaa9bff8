// Markdown → HTML at build time (src/content-build/markdown.ts): the HTML, the lede, and every
// body rule with its exact message.
import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../src/content-build/markdown.js";

const LINK_RULE = "must be absolute (https://…), mailto:, #fragment or root-relative (/…)";
const IMAGE_RULE = "must be absolute (https://…) or root-relative (/…)";

describe("renderMarkdown: the HTML and the lede", () => {
  it("splits off the first paragraph as the lede, its text read as a reader would (breaks as spaces, image alt)", () => {
    const body = renderMarkdown('Lede *with* `code` and ![alt text](/i.jpg "2x3")\nsoft  \nhard\n\n## Sub\n\nMore.\n');
    const lede = '<p>Lede <em>with</em> <code>code</code> and <img src="/i.jpg" alt="alt text" width="2" height="3">\nsoft<br>\nhard</p>\n';
    expect(body).toEqual({
      html: `${lede}<h2>Sub</h2>\n<p>More.</p>\n`,
      ledeEnd: lede.length,
      ledeText: "Lede with code and alt text soft hard",
      problems: [],
    });
  });

  it("has no lede when the body starts with something other than a paragraph", () => {
    expect(renderMarkdown("## Head first\n\nPara.\n")).toEqual({
      html: "<h2>Head first</h2>\n<p>Para.</p>\n",
      ledeEnd: 0,
      ledeText: undefined,
      problems: [],
    });
  });

  it("rejects an empty body", () => {
    expect(renderMarkdown("")).toEqual({ html: "", ledeEnd: 0, ledeText: undefined, problems: ["is empty; an article needs text"] });
  });

  it("keeps a single-paragraph body whole as its lede", () => {
    const body = renderMarkdown("Only this.");
    expect(body.html).toBe("<p>Only this.</p>\n");
    expect(body.ledeEnd).toBe("<p>Only this.</p>\n".length);
    expect(body.ledeText).toBe("Only this.");
  });
});

describe("renderMarkdown: links", () => {
  it("accepts http(s) with a host (any case), mailto:, #fragments and root-relative paths", () => {
    const body = renderMarkdown("[a](http://x.example/p) [b](HTTPS://X.example) [c](mailto:a@b.example) [d](#frag) [e](/root)");
    expect(body.problems).toEqual([]);
    expect(body.html).toBe(
      '<p><a href="http://x.example/p">a</a> <a href="HTTPS://X.example">b</a> <a href="mailto:a@b.example">c</a> <a href="#frag">d</a> <a href="/root">e</a></p>\n',
    );
  });

  it.each(["//evil.example", "relative", "javascript:x", "https:///x", "ftp://x.example", "data:text/html,x"])(
    "rejects the link %j",
    (href) => {
      expect(renderMarkdown(`Lede [a](${href}).`).problems).toEqual([`link "${href}" ${LINK_RULE}`]);
    },
  );

  it("reports a repeated problem once", () => {
    expect(renderMarkdown("[a](relative) and [b](relative)").problems).toEqual([`link "relative" ${LINK_RULE}`]);
  });
});

describe("renderMarkdown: images", () => {
  it("turns the WIDTHxHEIGHT title into width and height, and drops the title", () => {
    const body = renderMarkdown('![e](https://cdn.example/i.jpg "10x20")');
    expect(body.problems).toEqual([]);
    expect(body.html).toBe('<p><img src="https://cdn.example/i.jpg" alt="e" width="10" height="20" loading="lazy"></p>\n');
  });

  it.each(["//x.example/i.jpg", "relative.jpg", "mailto:a@b.example", "#frag"])("rejects the image source %j", (src) => {
    expect(renderMarkdown(`![a](${src} "1x1")`).problems).toEqual([`image "${src}" ${IMAGE_RULE}`]);
  });

  it.each([
    ['![](/i.jpg "1x1")', "no alt text"],
    ['![  ](/i.jpg "1x1")', "blank alt text"],
  ])("asks for alt text: %s (%s)", (markdown) => {
    expect(renderMarkdown(markdown).problems).toEqual(['image "/i.jpg" needs alt text, e.g. ![Delegates at the table](/i.jpg)']);
  });

  it.each([
    ['![d](/i.jpg "123456x1")', "a width of more than five digits"],
    ['![d](/i.jpg "1x1 ")', "junk after the size"],
    ['![d](/i.jpg "x1x1")', "junk before the size"],
    ['![d](/i.jpg "The ceiling")', "a title that is no size"],
  ])("takes a photo of ours with its size as the title or none: %s (%s)", (markdown) => {
    expect(renderMarkdown(markdown).problems).toEqual([
      'image "/i.jpg": its title is its size (e.g. "1600x900") or nothing, which reads the size from the file',
    ]);
  });

  it("leaves the size of a photo of ours to the file when no title gives it (the build reads it)", () => {
    const body = renderMarkdown("![c](/images/c.jpg)");
    expect(body.problems).toEqual([]);
    expect(body.html).toBe('<p><img src="/images/c.jpg" alt="c"></p>\n');
  });

  it("asks an image on another site for its size, and loads it lazily", () => {
    expect(renderMarkdown("![c](https://cdn.example/i.jpg)").problems).toEqual([
      'image "https://cdn.example/i.jpg" is on another site: give its size as the title, e.g. ![Delegates at the table](https://cdn.example/i.jpg "1600x900")',
    ]);
  });

  it("rejects an image with no source as not absolute", () => {
    expect(renderMarkdown("![]()").problems).toEqual([`image "" ${IMAGE_RULE}`]);
  });
});

describe("renderMarkdown: headings and tables, with the file's line numbers", () => {
  it("reserves # for the headline, naming the line counted from firstLine", () => {
    expect(renderMarkdown("Lede.\n\n# Big\n", 5).problems).toEqual(['line 7: "#" is the headline\'s level; use "##" for subheadings']);
    expect(renderMarkdown("# Big\n").problems).toEqual(['line 1: "#" is the headline\'s level; use "##" for subheadings']);
  });

  it("rejects column alignment, naming the table's first line once", () => {
    expect(renderMarkdown("Lede.\n\n| a | b |\n|:-|-:|\n| 1 | 2 |\n", 5).problems).toEqual([
      "line 7: table column alignment is not supported (it needs inline styles); remove the colons from the separator row",
    ]);
  });

  it("accepts a table without alignment", () => {
    const body = renderMarkdown("| a |\n|---|\n| 1 |\n");
    expect(body.problems).toEqual([]);
    expect(body.html).toBe("<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>1</td>\n</tr>\n</tbody>\n</table>\n");
  });

  it("shows raw HTML as text, so the allowlist has nothing to reject", () => {
    const body = renderMarkdown("A <script>x</script> b");
    expect(body.html).toBe("<p>A &lt;script&gt;x&lt;/script&gt; b</p>\n");
    expect(body.problems).toEqual([]);
  });
});
