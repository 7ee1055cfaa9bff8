// The article's full HTML at its edges (src/render/article-html.ts): the lead image's
// figure with each combination of file, caption and credit, and the corrections notice
// for one correction and for several.
import { describe, expect, it } from "vitest";
import { articleContentHtml, correctionsHtml, figureHtml } from "../../src/render/article-html.js";
import { makeArticle, makeSite } from "../helpers/fixtures.js";

const site = makeSite();
const img = '<img src="https://news.example/a.jpg" alt="Alt" width="3" height="2">';

describe("figureHtml", () => {
  it.each([
    [
      "file, caption and credit",
      { caption: "The talks.", credit: "Agency" },
      '<figcaption>The talks. <span class="credit">Photo: Agency</span></figcaption>',
    ],
    ["file and caption", { caption: "The talks." }, "<figcaption>The talks.</figcaption>"],
    ["file and credit", { credit: "Agency" }, '<figcaption><span class="credit">Photo: Agency</span></figcaption>'],
    ["the file alone", {}, ""],
  ])("with %s", (_what, extra, caption) => {
    expect(figureHtml(site, { src: "/a.jpg", alt: "Alt", width: 3, height: 2, ...extra }).value).toBe(
      `<figure class="lead-image">${img}${caption}</figure>`,
    );
  });

  it("without a file, keeps the caption and credit alone, and keeps an absolute src as it is", () => {
    expect(figureHtml(site, { caption: "C", credit: "D" }).value).toBe(
      '<figure class="lead-image"><figcaption>C <span class="credit">Photo: D</span></figcaption></figure>',
    );
    expect(figureHtml(site, { src: "https://cdn.example/b.jpg", alt: "B", width: 1, height: 1 }).value).toBe(
      '<figure class="lead-image"><img src="https://cdn.example/b.jpg" alt="B" width="1" height="1"></figure>',
    );
  });
});

describe("correctionsHtml", () => {
  it("heads one correction in the singular, and lists it with its date", () => {
    expect(correctionsHtml([{ at: "2022-03-02T10:00:00+02:00", text: "Fixed the figure." }]).value).toBe(
      [
        '<section class="corrections">',
        "<h2>Correction</h2>",
        "<ul>",
        '<li><time datetime="2022-03-02T10:00:00+02:00">2 March 2022</time>: Fixed the figure.</li>',
        "</ul>",
        "</section>",
        "",
      ].join("\n"),
    );
  });

  it("heads several in the plural, oldest first as given, text escaped", () => {
    const html = correctionsHtml([
      { at: "2022-03-02T10:00:00Z", text: "First." },
      { at: "2022-03-04T10:00:00Z", text: "A <b> & c." },
    ]).value;
    expect(html).toContain("<h2>Corrections</h2>");
    expect(html).toContain(
      '<ul>\n<li><time datetime="2022-03-02T10:00:00Z">2 March 2022</time>: First.</li>\n<li><time datetime="2022-03-04T10:00:00Z">4 March 2022</time>: A &lt;b&gt; &amp; c.</li>\n</ul>',
    );
  });
});

describe("articleContentHtml", () => {
  it("puts the figure after the lede, and the corrections at the end", () => {
    const article = makeArticle({
      image: { credit: "Agency" },
      corrections: [{ at: "2022-03-02T10:00:00Z", text: "Fixed." }],
    });
    expect(articleContentHtml(site, article)).toBe(
      [
        "<p>The first paragraph.</p>",
        '<figure class="lead-image"><figcaption><span class="credit">Photo: Agency</span></figcaption></figure>',
        '<p>A <a href="https://news.example/articles/other">link</a> and more.</p>',
        '<section class="corrections">',
        "<h2>Correction</h2>",
        "<ul>",
        '<li><time datetime="2022-03-02T10:00:00Z">2 March 2022</time>: Fixed.</li>',
        "</ul>",
        "</section>",
        "",
      ].join("\n"),
    );
  });
});
