// The offline W3C-rules check must catch what the W3C Feed Validator reports, or its
// silence on our feeds proves nothing.

import { describe, expect, it } from "vitest";
import { renderAtom } from "../../src/render/atom.js";
import { mainFeedSpec } from "../../src/render/feed-spec.js";
import { renderRss } from "../../src/render/rss.js";
import { atomRuleProblems, htmlProblems, rssRuleProblems } from "../helpers/feed-rules.js";
import { makeArticle, makeSite } from "../helpers/fixtures.js";

const rss = () => renderRss(makeSite(), mainFeedSpec(makeSite(), [makeArticle()]));
const atom = () => renderAtom(makeSite(), mainFeedSpec(makeSite(), [makeArticle()]));

describe("rssRuleProblems", () => {
  it("reports author beside dc:creator", () => {
    const xml = rss().replace("<dc:creator>", "<author>ada@news.example (Ada)</author>\n<dc:creator>");
    expect(rssRuleProblems(xml)).toEqual(["DuplicateItemSemantics: item[0] has author and dc:creator"]);
  });

  it("reports a missing self link, a missing guid and a bad date", () => {
    const xml = rss()
      .replace(/<atom:link [^>]+\/>\n/, "")
      .replace(/<guid[^>]*>[^<]*<\/guid>\n/, "")
      .replaceAll("Tue, 01 Mar 2022", "Mon, 01 Mar 2022");
    expect(rssRuleProblems(xml)).toEqual([
      "IncorrectDOW: channel/lastBuildDate Mon, 01 Mar 2022 17:40:00 GMT",
      "MissingAtomSelfLink: channel",
      "MissingGuid: item[0]",
      "IncorrectDOW: item[0]/pubDate Mon, 01 Mar 2022 17:40:00 GMT",
    ]);
  });

  it("reports content:encoded before description, and HTML in a title", () => {
    const xml = rss()
      .replace(/(<description>[^<]*<\/description>)\n(<content:encoded>[\s\S]*?<\/content:encoded>)/, "$2\n$1")
      .replace("<title>First story", "<title>First &lt;/b&gt; story");
    expect(rssRuleProblems(xml)).toEqual(["ContainsHTML: item[0]/title", "NeedDescriptionBeforeContent: item[0]"]);
  });
});

describe("atomRuleProblems", () => {
  it("reports a missing self link, a non-URI id and a zone-less date", () => {
    const xml = atom()
      .replace(/<link rel="self"[^>]+\/>\n/, "")
      .replace("<id>urn:uuid:11111111", "<id>my id ")
      .replace(
        "<updated>2022-03-01T19:40:00+02:00</updated>\n<author><name>Ada",
        "<updated>2022-03-01T19:40:00</updated>\n<author><name>Ada",
      );
    expect(atomRuleProblems(xml)).toEqual([
      "MissingSelf: feed",
      "InvalidFullLink: entry[0]/id my id -1111-4111-8111-111111111111",
      "InvalidRFC3339Date: entry[0]/updated 2022-03-01T19:40:00",
    ]);
  });

  it("reports a duplicated element", () => {
    expect(
      atomRuleProblems(
        atom().replace('<title type="text">First story</title>', '<title type="text">First story</title><title>Again</title>'),
      ),
    ).toEqual(["DuplicateElement: entry[0] has more than one <title>"]);
  });
});

describe("htmlProblems", () => {
  it("reports unsafe elements and attributes, relative links, and HTML parse errors", () => {
    expect(
      htmlProblems(
        "x",
        '<p onclick="a()">x</p><script>1</script><a href="/rel">r</a><iframe src="https://e.example/"></iframe><p title="a" title="b">x</p>',
      ),
    ).toEqual([
      expect.stringMatching(/^NotHtml: x: duplicate-attribute/),
      "SecurityRiskAttr: x <p onclick>",
      "SecurityRisk: x contains <script>",
      'ContainsRelRef: x href="/rel"',
      "SecurityRisk: x contains <iframe>",
    ]);
  });

  it("accepts the HTML the build produces", () => {
    expect(
      htmlProblems(
        "x",
        '<p>A <a href="https://e.example/">link</a>, <em>em</em>, <code>c</code>.</p>\n<h2>Sub</h2>\n<figure class="lead-image"><img src="https://e.example/i.jpg" alt="" width="1" height="1"><figcaption>Cap <span class="credit">Photo: X</span></figcaption></figure>\n',
      ),
    ).toEqual([]);
  });
});

describe("Media RSS rules", () => {
  it("report an element the validator's Media RSS module does not know, such as media:license", () => {
    const xml = rss().replace(
      "</item>",
      '<media:license xmlns:media="http://search.yahoo.com/mrss/" href="https://x.example/">L</media:license></item>',
    );
    expect(rssRuleProblems(xml)).toEqual(["UndefinedElement: media:license"]);
  });
});
