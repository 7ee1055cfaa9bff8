// The offline W3C-rules check must catch what the W3C Feed Validator reports, or its
// silence on our feeds proves nothing.

import { describe, expect, it } from "vitest";
import { renderAtom } from "../../src/render/atom.js";
import { mainFeedSpec } from "../../src/render/feed-spec.js";
import { renderRss } from "../../src/render/rss.js";
import { ACCEPTED, atomRuleProblems, htmlProblems, rssRuleProblems } from "../helpers/feed-rules.js";
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

describe("every restated rule fires on a crafted bad input", () => {
  const entry = (xml: string) => xml.slice(xml.indexOf("<entry>"), xml.indexOf("</entry>") + 8);
  const twoEntries = (xml: string) => xml.replace("</entry>", `</entry>\n${entry(xml).replace("urn:uuid:1111", "urn:uuid:2222")}`);
  const ns = 'xmlns="http://www.w3.org/2005/Atom"';
  const rssCases: [rule: string, xml: string][] = [
    [
      "UnknownNamespace: http://purl.org/atompub/tombstones/1.0",
      rss().replace('<rss version="2.0"', '<rss version="2.0" xmlns:at="http://purl.org/atompub/tombstones/1.0"'),
    ],
    [
      "ReservedPrefix: dc for http://example.org/dc",
      rss().replace('xmlns:dc="http://purl.org/dc/elements/1.1/"', 'xmlns:dc="http://example.org/dc"'),
    ],
    [
      "NonstdPrefix: cc for http://backend.userland.com/creativeCommonsRssModule",
      rss().replace('<rss version="2.0"', '<rss version="2.0" xmlns:cc="http://backend.userland.com/creativeCommonsRssModule"'),
    ],
    ["MissingTitle: channel", rss().replace("<title>Test Newsroom</title>\n", "")],
    ["MissingLink: channel", rss().replace("<link>https://news.example/</link>\n", "")],
    ["MissingDescription: channel", rss().replace("<description>Fixture newsroom for the tests.</description>\n", "")],
    [
      "DuplicateElement: channel has more than one <language>",
      rss().replace("<language>en</language>", "<language>en</language><language>fr</language>"),
    ],
    ["NotBlank: channel/title", rss().replace("<title>Test Newsroom</title>", "<title> </title>")],
    ["BadCharacters: channel/description", rss().replace("Fixture newsroom", "Fixture \uFFFDnewsroom")],
    ["InvalidFullLink: channel/link", rss().replace("<link>https://news.example/</link>", "<link>news.example</link>")],
    ["InvalidLanguage: channel/language", rss().replace("<language>en</language>", "<language>English</language>")],
    [
      "InvalidRFC2822Date: channel/lastBuildDate",
      rss().replace("<lastBuildDate>Tue, 01 Mar 2022 17:40:00 GMT", "<lastBuildDate>2022-03-01"),
    ],
    ["ImplausibleDate: item[0]/pubDate", rss().replace("<pubDate>Tue, 01 Mar 2022", "<pubDate>Mon, 01 Mar 2100")],
    ["MissingTitle: channel/image", rss().replace("<title>Test Newsroom</title><link>", "<link>")],
    ["MissingElement: channel/image/url", rss().replace("<url>https://news.example/icon-144.png</url>", "")],
    ["MissingLink: channel/image", rss().replace("</title><link>https://news.example/</link><width>", "</title><width>")],
    ["InvalidWidth: channel/image/width 512", rss().replace("<width>144</width>", "<width>512</width>")],
    ["InvalidHeight: channel/image/height 401", rss().replace("<height>144</height>", "<height>401</height>")],
    ["ImageUrlFormat: channel/image/url https://news.example/icon.svg", rss().replace("icon-144.png", "icon.svg")],
    [
      "ImageLinkDoesntMatch: channel/image",
      rss().replace("</title><link>https://news.example/</link>", "</title><link>https://news.example/home</link>"),
    ],
    ["ImageTitleDoesntMatch: channel/image", rss().replace("<title>Test Newsroom</title><link>", "<title>Another</title><link>")],
    ["MissingAtomSelfLink: channel", rss().replace(/<atom:link [^>]+\/>\n/, "")],
    [
      "SelfNotAtom: channel/atom:link application/feed+json",
      rss().replace('rel="self" type="application/rss+xml"', 'rel="self" type="application/feed+json"'),
    ],
    [
      "UnregisteredAtomLinkRel: atom:link older",
      rss()
        .replace('rel="self" type', 'rel="self" type')
        .replace("</channel>", '<atom:link href="https://news.example/x" rel="older"/></channel>'),
    ],
    [
      "DuplicateValue: item[1]/guid",
      rss().replace("</item>", `</item>\n${rss().slice(rss().indexOf("<item>"), rss().indexOf("</item>") + 7)}`),
    ],
    ["InvalidBooleanAttribute: item[0]/guid@isPermaLink", rss().replace('isPermaLink="false"', 'isPermaLink="no"')],
    [
      "ItemMustContainTitleOrDescription: item[0]",
      rss().replace("<title>First story</title>\n", "").replace("<description>The first paragraph.</description>\n", ""),
    ],
    ["MissingGuid: item[0]", rss().replace(/<guid[^>]*>[^<]*<\/guid>\n/, "")],
    ["NotHtml: item[0]/content:encoded", rss().replace("&lt;/p&gt;\n&lt;p&gt;A", "&lt;/p&gt;\n&lt;p a a&gt;A")],
    ["SecurityRisk: item[0]/content:encoded contains <script>", rss().replace("and more.", "and &lt;script&gt;x&lt;/script&gt;")],
    ["SecurityRiskAttr: item[0]/content:encoded <a onclick>", rss().replace('&lt;a href="https', '&lt;a onclick="x()" href="https')],
    [
      'ContainsRelRef: item[0]/content:encoded href="/articles/other"',
      rss().replace('href="https://news.example/articles/other"', 'href="/articles/other"'),
    ],
    [
      "UndefinedElement: media:license",
      rss().replace("</item>", '<media:license xmlns:media="http://search.yahoo.com/mrss/">L</media:license></item>'),
    ],
    [
      "InvalidMediaMedium: picture",
      rss().replace(
        "</item>",
        '<media:content xmlns:media="http://search.yahoo.com/mrss/" url="https://e.example/a.jpg" medium="picture"/></item>',
      ),
    ],
    [
      "InvalidPositiveInteger: media:content@width",
      rss().replace(
        "</item>",
        '<media:content xmlns:media="http://search.yahoo.com/mrss/" url="https://e.example/a.jpg" width="0"/></item>',
      ),
    ],
    [
      "InvalidPositiveInteger: media:content@fileSize",
      rss().replace(
        "</item>",
        '<media:content xmlns:media="http://search.yahoo.com/mrss/" url="https://e.example/a.jpg" fileSize="-3"/></item>',
      ),
    ],
    [
      "InvalidMIMEAttribute: media:content@type",
      rss().replace(
        "</item>",
        '<media:content xmlns:media="http://search.yahoo.com/mrss/" url="https://e.example/a.jpg" type="jpeg"/></item>',
      ),
    ],
    [
      "MissingAttribute: media:thumbnail@url",
      rss().replace("</item>", '<media:thumbnail xmlns:media="http://search.yahoo.com/mrss/" width="64" height="64"/></item>'),
    ],
    [
      "InvalidFullLink: media:thumbnail@url",
      rss().replace("</item>", '<media:thumbnail xmlns:media="http://search.yahoo.com/mrss/" url="/a.jpg"/></item>'),
    ],
    [
      "InvalidPositiveInteger: media:thumbnail@height",
      rss().replace(
        "</item>",
        '<media:thumbnail xmlns:media="http://search.yahoo.com/mrss/" url="https://e.example/a.jpg" width="64" height="x"/></item>',
      ),
    ],
  ];
  it.each(rssCases)("RSS: %s", (rule, xml) => {
    expect(rssRuleProblems(xml).filter((p) => p.startsWith(rule))).not.toEqual([]);
  });

  const archive = (extra: string) =>
    atom()
      .replace(/<link rel="alternate" type="text\/html"[^>]+\/>/, `$&\n${extra}`)
      .replace(`<feed ${ns}`, `<feed ${ns} xmlns:fh="http://purl.org/syndication/history/1.0"`);
  const atomCases: [rule: string, xml: string][] = [
    [
      "UnknownNamespace: http://purl.org/atompub/tombstones/1.0",
      atom().replace(`<feed ${ns}`, `<feed ${ns} xmlns:at="http://purl.org/atompub/tombstones/1.0"`),
    ],
    ["MissingElement: feed/id", atom().replace("<id>urn:uuid:00000000-0000-4000-8000-000000000000</id>\n", "")],
    ["MissingElement: feed/title", atom().replace('<title type="text">Test Newsroom</title>\n', "")],
    ["MissingElement: feed/updated", atom().replace('<updated>2022-03-01T19:40:00+02:00</updated>\n<link rel="self"', '<link rel="self"')],
    ["MissingSelf: feed", atom().replace(/<link rel="self"[^>]+\/>\n/, "")],
    ["SelfNotAtom: feed/link text/html", atom().replace('rel="self" type="application/atom+xml"', 'rel="self" type="text/html"')],
    ["DuplicateElement: feed has more than one <icon>", atom().replace("</icon>", "</icon><icon>https://news.example/x.png</icon>")],
    [
      "DuplicateAtomLink: feed alternate text/html",
      atom().replace(
        /<link rel="alternate" type="text\/html"[^>]+\/>/,
        '$&<link rel="alternate" type="text/html" href="https://news.example/other"/>',
      ),
    ],
    [
      "ArchiveIncomplete: feed",
      archive('<link rel="current" type="application/atom+xml" href="https://news.example/atom.xml"/>\n<fh:archive/>'),
    ],
    [
      "MissingCurrentInArchive: feed",
      archive('<link rel="prev-archive" type="application/atom+xml" href="https://news.example/archive/1/atom.xml"/>\n<fh:archive/>'),
    ],
    [
      "FeedRelInCompleteFeed: feed prev-archive",
      archive('<link rel="prev-archive" type="application/atom+xml" href="https://news.example/archive/1/atom.xml"/>\n<fh:complete/>'),
    ],
    [
      "CurrentNotSelfInCompleteFeed: feed",
      archive('<link rel="current" type="application/atom+xml" href="https://news.example/elsewhere.xml"/>\n<fh:complete/>'),
    ],
    ["MissingElement: entry[0]/id", atom().replace("<id>urn:uuid:11111111-1111-4111-8111-111111111111</id>\n", "")],
    ["MissingElement: entry[0]/title", atom().replace('<title type="text">First story</title>\n', "")],
    [
      "MissingElement: entry[0]/updated",
      atom().replace("<updated>2022-03-01T19:40:00+02:00</updated>\n<author><name>Ada", "<author><name>Ada"),
    ],
    [
      "MissingElement: entry[0]/author",
      atom()
        .replace("<author><name>Test Newsroom</name><uri>https://news.example/</uri></author>\n", "")
        .replace("<author><name>Ada Reporter</name></author>\n", ""),
    ],
    ["DuplicateEntries: entry[1]", atom().replace("</entry>", `</entry>\n${entry(atom())}`)],
    ["DuplicateUpdated: entry[1] 2022-03-01T19:40:00+02:00", twoEntries(atom())],
    [
      "DuplicateAtomLink: entry[0] alternate text/html",
      atom().replace(/<link rel="alternate" type="text\/html" href="https:\/\/news.example\/articles[^>]+\/>/, "$&$&"),
    ],
    [
      "MissingAlternateLink: entry[0]",
      atom()
        .replace(/<link rel="alternate" type="text\/html" href="https:\/\/news.example\/articles[^>]+\/>\n/, "")
        .replace(/<content type="html">[\s\S]*?<\/content>\n/, ""),
    ],
    [
      "MissingTextualContent: entry[0]",
      atom()
        .replace(/<summary[^>]*>[^<]*<\/summary>\n/, "")
        .replace(/<content type="html">[\s\S]*?<\/content>\n/, ""),
    ],
    ["MissingAttribute: entry[0]/category@term", atom().replace('term="world" ', "")],
    ["InvalidRFC3339Date: entry[0]/published", atom().replace("<published>2022-03-01T19:40:00+02:00", "<published>2022-03-01")],
    [
      "ImplausibleDate: feed/updated",
      atom().replace("<updated>2022-03-01T19:40:00+02:00</updated>\n<link", "<updated>1980-01-01T00:00:00Z</updated>\n<link"),
    ],
    ["InvalidUUID: feed/id", atom().replace("urn:uuid:00000000-0000-4000-8000-000000000000", "urn:uuid:not-a-uuid")],
    ["InvalidTAG: entry[0]/id", atom().replace("urn:uuid:11111111-1111-4111-8111-111111111111", "tag:news.example:story")],
    ["InvalidFullLink: entry[0]/link", atom().replace('href="https://news.example/articles/first-story"', 'href="articles/first-story"')],
    [
      "UnregisteredAtomLinkRel: feed/link older",
      atom().replace(
        '<link rel="alternate" type="text/html" href="https://news.example/"/>',
        '$&<link rel="older" href="https://news.example/x"/>',
      ),
    ],
  ];
  it.each(atomCases)("Atom: %s", (rule, xml) => {
    expect(atomRuleProblems(xml).filter((p) => p.startsWith(rule))).not.toEqual([]);
  });

  it("accepts only what it is told to, exactly", () => {
    const tombstoned = atomCases[0]![1];
    expect(atomRuleProblems(tombstoned)).toEqual(["UnknownNamespace: http://purl.org/atompub/tombstones/1.0"]);
    expect(atomRuleProblems(tombstoned, { allow: ACCEPTED })).toEqual([]);
    expect(atomRuleProblems(tombstoned.replace("tombstones/1.0", "tombstones/2.0"), { allow: ACCEPTED })).toEqual([
      "UnknownNamespace: http://purl.org/atompub/tombstones/2.0",
    ]);
    // A complete feed whose current link is itself, and an archive with a neighbour and current, are fine.
    expect(
      atomRuleProblems(archive('<link rel="current" type="application/atom+xml" href="https://news.example/atom.xml"/>\n<fh:complete/>')),
    ).toEqual([]);
    expect(
      atomRuleProblems(
        archive(
          '<link rel="current" type="application/atom+xml" href="https://news.example/atom.xml"/>\n<link rel="next-archive" type="application/atom+xml" href="https://news.example/archive/2/atom.xml"/>\n<fh:archive/>',
        ),
      ),
    ).toEqual([]);
  });
});
