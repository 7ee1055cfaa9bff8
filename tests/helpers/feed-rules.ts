/**
 * The W3C Feed Validation Service's rules (github.com/w3c/feedvalidator,
 * `src/feedvalidator/`) that can fire on what this service emits, re-stated so the tests
 * can run them offline. Each returned string names the validator's message class, so a
 * failure reads like the validator's own report. Errors and warnings alike count: the
 * target is zero of both; a warning we accept is passed in `allow`, by name and subject
 * (`ACCEPTED`), never dropped here.
 *
 * Restated (file of the validator in brackets):
 * - Namespaces [base.py]: UnknownNamespace (a declared URI the validator does not know,
 *   RFC 6721's tombstones among them), ReservedPrefix, NonstdPrefix.
 * - RSS channel [channel.py, rss.py]: MissingTitle, MissingLink, MissingDescription,
 *   DuplicateElement, NotBlank, ContainsHTML, BadCharacters, InvalidFullLink,
 *   InvalidLanguage, InvalidRFC2822Date, IncorrectDOW, ImplausibleDate, MissingAtomSelfLink.
 * - RSS image [image.py]: MissingTitle, MissingElement (url), MissingLink, InvalidWidth
 *   (> 144), InvalidHeight (> 400), ImageUrlFormat, ImageLinkDoesntMatch, ImageTitleDoesntMatch.
 * - RSS item [item.py]: MissingGuid, DuplicateValue, InvalidBooleanAttribute,
 *   ItemMustContainTitleOrDescription, DuplicateItemSemantics (author beside dc:creator),
 *   NeedDescriptionBeforeContent, and the HTML rules below for description and content:encoded.
 * - Links [link.py]: UnregisteredAtomLinkRel, SelfNotAtom, InvalidFullLink.
 * - Atom feed [feed.py]: MissingElement (id, title, updated), MissingSelf, DuplicateElement,
 *   DuplicateAtomLink (two alternates of one type and hreflang), ArchiveIncomplete,
 *   MissingCurrentInArchive, FeedRelInCompleteFeed, CurrentNotSelfInCompleteFeed.
 * - Atom entry [entry.py]: MissingElement (id, title, updated, author), DuplicateEntries,
 *   DuplicateUpdated (the same `updated` string as an earlier entry), MissingAlternateLink,
 *   MissingTextualContent, DuplicateAtomLink, category MissingAttribute (term).
 * - Dates [validators.py]: InvalidRFC3339Date, ImplausibleDate. Ids: InvalidUUID, InvalidTAG.
 * - HTML content [validators.py HTMLValidator]: NotHtml, SecurityRisk, SecurityRiskAttr,
 *   ContainsRelRef, BadCharacters.
 * - Media RSS [media.py]: UndefinedElement, InvalidMediaMedium, InvalidPositiveInteger (content
 *   width, height, fileSize; thumbnail width, height), InvalidMIMEAttribute, thumbnail MissingAttribute (url).
 *
 * Knowingly left out, because nothing here can produce them: LinkPastEnd (no `first`/`last`
 * links), MisplacedMetadata (feed metadata is always before the entries), the iTunes,
 * GeoRSS, OpenSearch, Dublin Core terms and RDF modules, SelfDoesntMatchLocation (depends on
 * the URL the validator fetched; the e2e tests assert the self links against the served
 * address instead), CharacterData and the RSS Profile's other typographic notes (the
 * renderers never write character references into plain-text elements), AvoidNamespacePrefix
 * (Atom documents use the default namespace), and every info-level message.
 */
import type { Element } from "@xmldom/xmldom";
import { parseFragment } from "parse5";
import { children, childText, parseXml } from "./validators.js";

const ATOM = "http://www.w3.org/2005/Atom";
const CONTENT = "http://purl.org/rss/1.0/modules/content/";
const DC = "http://purl.org/dc/elements/1.1/";
const FH = "http://purl.org/syndication/history/1.0";
// link.py `rfc5005`
const RFC5005_RELS = new Set(["current", "first", "last", "next", "next-archive", "prev-archive", "previous"]);

// validators.py: rfc2396_full, rfc2822_re, rfc3339, uuid_re, tag_re.
const FULL_URI = /^[a-zA-Z][0-9a-zA-Z+\-.]*:(\/\/)?[0-9a-zA-Z;/?:@&=+$.\-_!~*'()%,#]+$/;
const RFC2822 =
  /^(((Mon)|(Tue)|(Wed)|(Thu)|(Fri)|(Sat)|(Sun)), )?\d\d? ((Jan)|(Feb)|(Mar)|(Apr)|(May)|(Jun)|(Jul)|(Aug)|(Sep)|(Oct)|(Nov)|(Dec)) \d\d\d\d \d\d:\d\d(:\d\d)? (([+-]?\d\d[03]0)|(UT)|(GMT)|(EST)|(EDT)|(CST)|(CDT)|(MST)|(MDT)|(PST)|(PDT)|Z)$/;
const RFC3339 = /^\d\d\d\d-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d*)?(Z|([+-]\d\d:\d\d))$/;
const UUID_URN = /^[Uu][Rr][Nn]:[Uu][Uu][Ii][Dd]:[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{12}$/;
const TAG_URI =
  /^tag:([a-z0-9\-._]+?@)?[a-z0-9.-]+?,\d{4}(-\d{2}(-\d{2})?)?:[0-9a-zA-Z;/?:@&=+$.\-_!~*'()%,]*(#[0-9a-zA-Z;/?:@&=+$.\-_!~*'()%,]*)?$/;
const HTML_END_TAG = /<\/\w+>/; // nonhtml: ContainsHTML
const BAD_CHARACTERS = /[\u0080-\u009F\uFFFD]/; // eater: BadCharacters

// validators.py HTMLValidator.acceptable_elements / acceptable_attributes (the subset a
// newsroom article can contain; anything else is reported as SecurityRisk[Attr]).
const ACCEPTABLE_ELEMENTS = new Set(
  "a abbr acronym address area article aside audio b bdi big blockquote br button canvas caption center cite code col colgroup data dd del details dfn dir div dl dt em figcaption figure footer font header h1 h2 h3 h4 h5 h6 hgroup hr i img ins kbd label legend li main map mark menu meter nav ol output p picture pre progress q rp rt ruby s samp section small source span strike strong sub summary sup table tbody td template time tfoot th thead tr track tt u ul var video wbr".split(
    " ",
  ),
);
const ACCEPTABLE_ATTRIBUTES = new Set(
  "abbr align alt border cite class colspan datetime dir headers height href hreflang id lang loading rel rowspan scope sizes span src srcset start summary title type width".split(
    " ",
  ),
);

function uriProblems(where: string, value: string | null | undefined): string[] {
  if (!value) return [`NotBlank: ${where} is empty`];
  if (value.toLowerCase().startsWith("urn:uuid:")) return UUID_URN.test(value) ? [] : [`InvalidUUID: ${where} ${value}`];
  if (value.startsWith("tag:")) return TAG_URI.test(value) ? [] : [`InvalidTAG: ${where} ${value}`];
  if (!FULL_URI.test(value)) return [`InvalidFullLink: ${where} ${value}`];
  if (/^(https?|ftp):/.test(value) && !/^\w+:\/\/[^/]/.test(value)) return [`InvalidFullLink: ${where} ${value}`];
  return [];
}

/** The validator's "now": dates after it (plus ten minutes) are implausible. Tests at a fixed time set it. */
let validatorNow: () => number = Date.now;
export function atValidatorTime<T>(now: number, run: () => T): T {
  const saved = validatorNow;
  validatorNow = () => now;
  try {
    return run();
  } finally {
    validatorNow = saved;
  }
}

function implausible(ms: number): boolean {
  return ms < Date.UTC(1990, 0, 1) || ms > validatorNow() + 600_000;
}

// link.py: a rel is one of the IANA link relations or a full URI.
const REGISTERED_RELS = new Set(
  "alternate related self enclosure via current first last next previous prev-archive next-archive hub license replies edit payment".split(
    " ",
  ),
);
function relProblems(where: string, rel: string | null): string[] {
  if (rel === null || REGISTERED_RELS.has(rel) || FULL_URI.test(rel)) return [];
  return [`UnregisteredAtomLinkRel: ${where} ${rel}`];
}

const TOMBSTONES = "http://purl.org/atompub/tombstones/1.0";

/**
 * The warnings this project accepts, each with its reason: the validator predates RFC 6721
 * (2012) and warns on its namespace; the tombstones are what tell partners to take a
 * withdrawn story down. Pass as `allow`.
 */
export const ACCEPTED = [`UnknownNamespace: ${TOMBSTONES}`];

export interface RuleOptions {
  /** Problems accepted, exactly as reported (e.g. `ACCEPTED`). */
  allow?: readonly string[];
}

// base.py `namespaces`: the URIs the validator knows, with their standard prefixes (those a
// newsroom feed could use; the others are listed there too and would also be "known").
const KNOWN_NAMESPACES: Record<string, string> = {
  "http://backend.userland.com/creativeCommonsRssModule": "creativeCommons",
  "http://purl.org/rss/1.0/modules/content/": "content",
  "http://purl.org/dc/elements/1.1/": "dc",
  "http://purl.org/dc/terms/": "dcterms",
  "http://purl.org/syndication/history/1.0": "fh",
  "http://search.yahoo.com/mrss/": "media",
  "http://www.w3.org/2005/Atom": "atom",
  "http://www.w3.org/1999/xhtml": "xhtml",
  "http://www.w3.org/XML/1998/namespace": "xml",
  "http://purl.org/syndication/thread/1.0": "thr",
  "http://www.itunes.com/dtds/podcast-1.0.dtd": "itunes",
  "http://www.georss.org/georss": "georss",
  "http://wellformedweb.org/CommentAPI/": "wfw",
  "http://purl.org/rss/1.0/modules/slash/": "slash",
  "http://purl.org/rss/1.0/modules/syndication/": "sy",
};
const KNOWN_PREFIXES = new Map(Object.entries(KNOWN_NAMESPACES).map(([uri, prefix]) => [prefix, uri]));

/** base.py startPrefixMapping: every namespace declaration in the document. */
function namespaceProblems(xml: string): string[] {
  const out: string[] = [];
  for (const [, prefix = "", uri = ""] of xml.matchAll(/\sxmlns(?::([A-Za-z_][\w.-]*))?="([^"]*)"/g)) {
    if (prefix && KNOWN_PREFIXES.has(prefix)) {
      if (KNOWN_PREFIXES.get(prefix) !== uri) out.push(`ReservedPrefix: ${prefix} for ${uri}`);
    } else if (uri in KNOWN_NAMESPACES) {
      if (prefix && KNOWN_NAMESPACES[uri] !== prefix) out.push(`NonstdPrefix: ${prefix} for ${uri}`);
    } else if (uri !== "http://search.yahoo.com/mrss") out.push(`UnknownNamespace: ${uri}`);
  }
  return out;
}

function allowed(out: string[], options: RuleOptions): string[] {
  const allow = new Set(options.allow ?? []);
  return out.filter((problem) => !allow.has(problem));
}

/** link.py: a `self` link whose type is not a feed type. */
function selfNotAtom(where: string, link: Element): string[] {
  const type = link.getAttribute("type");
  if (link.getAttribute("rel") !== "self" || !type) return [];
  const media = type.split(";")[0]!.trim();
  return ["application/atom+xml", "application/rss+xml", "application/rdf+xml"].includes(media) ? [] : [`SelfNotAtom: ${where} ${type}`];
}

/** feed.py: two alternate links with the same type and hreflang. */
function duplicateAtomLinks(where: string, links: Element[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const link of links) {
    if ((link.getAttribute("rel") ?? "alternate") !== "alternate") continue;
    const key = `${link.getAttribute("type") ?? ""} ${link.getAttribute("hreflang") ?? ""}`;
    if (seen.has(key)) out.push(`DuplicateAtomLink: ${where} alternate ${key.trim()}`);
    seen.add(key);
  }
  return out;
}
const MEDIA = "http://search.yahoo.com/mrss/";
const MIME = /^[^\s()<>,;:\\"/[\]?=]+\/[^\s()<>,;:\\"/[\]?=]+(\s*;\s*[^\s()<>,;:\\"/[\]?=]+=("(\\"|[^"])*"|[^\s()<>,;:\\"/[\]?=]+))*$/;
// mediarss.py: the Media RSS elements the validator knows; any other is UndefinedElement
// (media:license among them, although Media RSS 1.5.1 defines it).
const MEDIA_ELEMENTS = new Set(
  "adult category content copyright credit description group hash keywords player rating restriction text thumbnail title".split(" "),
);

function rfc822Problems(where: string, value: string | undefined): string[] {
  if (value === undefined) return [];
  if (!RFC2822.test(value)) return [`InvalidRFC2822Date: ${where} ${value}`];
  const ms = Date.parse(value);
  const dow = new Date(ms).toUTCString().slice(0, 3);
  if (value.includes(",") && dow !== value.slice(0, 3)) return [`IncorrectDOW: ${where} ${value}`];
  return implausible(ms) ? [`ImplausibleDate: ${where} ${value}`] : [];
}

function rfc3339Problems(where: string, value: string | undefined): string[] {
  if (value === undefined) return [`MissingElement: ${where}`];
  if (!RFC3339.test(value)) return [`InvalidRFC3339Date: ${where} ${value}`];
  return implausible(Date.parse(value)) ? [`ImplausibleDate: ${where} ${value}`] : [];
}

function plainTextProblems(where: string, value: string | undefined): string[] {
  if (value === undefined) return [];
  const out: string[] = [];
  if (value.trim() === "") out.push(`NotBlank: ${where}`);
  if (HTML_END_TAG.test(value)) out.push(`ContainsHTML: ${where}`);
  if (BAD_CHARACTERS.test(value)) out.push(`BadCharacters: ${where}`);
  return out;
}

interface HtmlNode {
  nodeName: string;
  attrs?: { name: string; value: string }[];
  childNodes?: HtmlNode[];
}

/**
 * HTMLValidator: the fragment must parse as HTML5 without errors (html5lib, strict),
 * with safe elements and attributes. parse5 reports the tokenizer's parse errors, not
 * every tree-construction error html5lib does; vnu covers the pages' full HTML.
 */
export function htmlProblems(where: string, html: string | undefined): string[] {
  if (html === undefined) return [];
  const out: string[] = [];
  const fragment = parseFragment(html, {
    onParseError: (error) => out.push(`NotHtml: ${where}: ${error.code} at ${error.startLine}:${error.startCol}`),
  }) as unknown as HtmlNode;
  const visit = (node: HtmlNode) => {
    if (!node.nodeName.startsWith("#")) {
      if (!ACCEPTABLE_ELEMENTS.has(node.nodeName)) out.push(`SecurityRisk: ${where} contains <${node.nodeName}>`);
      for (const attr of node.attrs ?? []) {
        if (!ACCEPTABLE_ATTRIBUTES.has(attr.name) && !attr.name.startsWith("data-"))
          out.push(`SecurityRiskAttr: ${where} <${node.nodeName} ${attr.name}>`);
        if ((attr.name === "href" || attr.name === "src") && !/^\w+:/.test(attr.value))
          out.push(`ContainsRelRef: ${where} ${attr.name}="${attr.value}"`);
      }
    }
    for (const child of node.childNodes ?? []) visit(child);
  };
  visit(fragment);
  if (BAD_CHARACTERS.test(html)) out.push(`BadCharacters: ${where}`);
  return out;
}

/** Children in no namespace (RSS 2.0's own elements), or in `ns`. */
function own(parent: Element, name: string, ns?: string): Element[] {
  return children(parent, name).filter((e) => (ns === undefined ? !e.namespaceURI : e.namespaceURI === ns));
}

function ownText(parent: Element, name: string, ns?: string): string | undefined {
  const [el] = own(parent, name, ns);
  return el ? (el.textContent ?? "") : undefined;
}

function duplicateProblems(parent: Element, names: string[], where: string, ns?: string): string[] {
  return names.filter((name) => own(parent, name, ns).length > 1).map((name) => `DuplicateElement: ${where} has more than one <${name}>`);
}

/** Every W3C Feed Validator error or warning this module knows of, for an RSS 2.0 document. */
export function rssRuleProblems(xml: string, options: RuleOptions = {}): string[] {
  const out: string[] = namespaceProblems(xml);
  const rss = parseXml(xml).documentElement!;
  const channel = own(rss, "channel")[0];
  if (!channel) return ["MissingElement: channel"];
  if (ownText(channel, "title") === undefined) out.push("MissingTitle: channel");
  if (ownText(channel, "link") === undefined) out.push("MissingLink: channel");
  if (ownText(channel, "description") === undefined) out.push("MissingDescription: channel");
  // image.py
  for (const image of own(channel, "image")) {
    const url = ownText(image, "url");
    if (ownText(image, "title") === undefined) out.push("MissingTitle: channel/image");
    if (url === undefined) out.push("MissingElement: channel/image/url");
    if (ownText(image, "link") === undefined) out.push("MissingLink: channel/image");
    if (url !== undefined) {
      out.push(...uriProblems("channel/image/url", url));
      const extension = /\.(\w+)$/.exec(url)?.[1];
      if (extension !== undefined && !["jpg", "jpeg", "gif", "png"].includes(extension.toLowerCase()))
        out.push(`ImageUrlFormat: channel/image/url ${url}`);
    }
    for (const [name, limit, rule] of [
      ["width", 144, "InvalidWidth"],
      ["height", 400, "InvalidHeight"],
    ] as const) {
      const value = ownText(image, name);
      if (value !== undefined && (!/^\d+$/.test(value.trim()) || Number(value) <= 0 || Number(value) > limit))
        out.push(`${rule}: channel/image/${name} ${value}`);
    }
    if (ownText(image, "link") !== undefined && ownText(image, "link") !== ownText(channel, "link"))
      out.push("ImageLinkDoesntMatch: channel/image");
    if (ownText(image, "title") !== undefined && ownText(image, "title") !== ownText(channel, "title"))
      out.push("ImageTitleDoesntMatch: channel/image");
  }
  out.push(
    ...duplicateProblems(channel, ["title", "link", "description", "language", "lastBuildDate", "pubDate", "ttl", "docs"], "channel"),
  );
  out.push(
    ...plainTextProblems("channel/title", ownText(channel, "title")),
    ...plainTextProblems("channel/description", ownText(channel, "description")),
  );
  out.push(...uriProblems("channel/link", ownText(channel, "link")));
  if (ownText(channel, "docs") !== undefined) out.push(...uriProblems("channel/docs", ownText(channel, "docs")));
  if (!/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/.test(ownText(channel, "language") ?? "")) out.push("InvalidLanguage: channel/language");
  out.push(...rfc822Problems("channel/lastBuildDate", ownText(channel, "lastBuildDate")));
  for (const link of own(channel, "link", ATOM)) {
    out.push(...uriProblems(`atom:link[@rel=${link.getAttribute("rel")}]`, link.getAttribute("href")));
    out.push(...relProblems("atom:link", link.getAttribute("rel")));
    out.push(...selfNotAtom("channel/atom:link", link));
  }
  const self = own(channel, "link", ATOM).filter((l) => l.getAttribute("rel") === "self");
  if (self.length !== 1) out.push("MissingAtomSelfLink: channel");
  else out.push(...uriProblems("atom:link/@href", self[0]!.getAttribute("href")));

  const guids = new Set<string>();
  own(channel, "item").forEach((item, i) => {
    const where = `item[${i}]`;
    const guid = ownText(item, "guid");
    if (guid === undefined) out.push(`MissingGuid: ${where}`);
    else {
      if (guids.has(guid)) out.push(`DuplicateValue: ${where}/guid ${guid}`);
      guids.add(guid);
      const permalink = own(item, "guid")[0]!.getAttribute("isPermaLink");
      if (permalink !== "false" && permalink !== "true") out.push(`InvalidBooleanAttribute: ${where}/guid@isPermaLink`);
      out.push(...uriProblems(`${where}/guid`, guid));
    }
    if (ownText(item, "title") === undefined && ownText(item, "description") === undefined)
      out.push(`ItemMustContainTitleOrDescription: ${where}`);
    out.push(...duplicateProblems(item, ["title", "link", "description", "pubDate", "guid", "author", "comments", "source"], where));
    out.push(...duplicateProblems(item, ["encoded"], where, CONTENT));
    out.push(...plainTextProblems(`${where}/title`, ownText(item, "title")));
    out.push(...uriProblems(`${where}/link`, ownText(item, "link")));
    out.push(...rfc822Problems(`${where}/pubDate`, ownText(item, "pubDate")));
    for (const category of own(item, "category")) out.push(...plainTextProblems(`${where}/category`, category.textContent ?? ""));
    if (own(item, "author").length > 0 && own(item, "creator", DC).length > 0)
      out.push(`DuplicateItemSemantics: ${where} has author and dc:creator`);
    const names = Array.from(item.childNodes as unknown as ArrayLike<Element>)
      .filter((n) => n.nodeType === 1)
      .map((n) => n.localName);
    if (names.includes("encoded") && (!names.includes("description") || names.indexOf("description") > names.indexOf("encoded"))) {
      out.push(`NeedDescriptionBeforeContent: ${where}`);
    }
    out.push(...htmlProblems(`${where}/description`, ownText(item, "description")));
    out.push(...htmlProblems(`${where}/content:encoded`, ownText(item, "encoded", CONTENT)));
  });
  const media = parseXml(xml).getElementsByTagNameNS(MEDIA, "*");
  for (let i = 0; i < media.length; i++) {
    const element = media[i]!;
    if (!MEDIA_ELEMENTS.has(element.localName!)) out.push(`UndefinedElement: media:${element.localName}`);
    if (element.localName === "content") {
      const medium = element.getAttribute("medium");
      if (medium && !["image", "audio", "video", "document", "executable"].includes(medium)) out.push(`InvalidMediaMedium: ${medium}`);
      out.push(...uriProblems("media:content@url", element.getAttribute("url")));
      for (const size of ["width", "height", "fileSize"]) {
        const value = element.getAttribute(size);
        if (value !== null && value !== "" && !/^[1-9]\d*$/.test(value)) out.push(`InvalidPositiveInteger: media:content@${size}`);
      }
      // validators.py mime_re
      const type = element.getAttribute("type");
      if (type && !MIME.test(type)) out.push(`InvalidMIMEAttribute: media:content@type ${type}`);
    }
    // media.py media_thumbnail: a url (MissingAttribute without), positive integer sizes.
    if (element.localName === "thumbnail") {
      const url = element.getAttribute("url");
      if (!url) out.push("MissingAttribute: media:thumbnail@url");
      else out.push(...uriProblems("media:thumbnail@url", url));
      for (const size of ["width", "height"]) {
        const value = element.getAttribute(size);
        if (value !== null && value !== "" && !/^[1-9]\d*$/.test(value)) out.push(`InvalidPositiveInteger: media:thumbnail@${size}`);
      }
    }
    if (element.localName === "title" || element.localName === "description")
      out.push(...plainTextProblems(`media:${element.localName}`, element.textContent ?? ""));
    if (element.localName === "copyright" && element.getAttribute("url"))
      out.push(...uriProblems("media:copyright@url", element.getAttribute("url")));
  }
  if (BAD_CHARACTERS.test(xml)) out.push("BadCharacters: document");
  return allowed(out, options);
}

/** Every W3C Feed Validator error or warning this module knows of, for an Atom 1.0 document. */
export function atomRuleProblems(xml: string, options: RuleOptions = {}): string[] {
  const out: string[] = namespaceProblems(xml);
  const feed = parseXml(xml).documentElement!;
  if (feed.namespaceURI !== ATOM || feed.localName !== "feed") return ["UndefinedElement: root is not atom:feed"];
  for (const name of ["id", "title"]) if (childText(feed, name) === undefined) out.push(`MissingElement: feed/${name}`);
  if (childText(feed, "id") !== undefined) out.push(...uriProblems("feed/id", childText(feed, "id")));
  out.push(...rfc3339Problems("feed/updated", childText(feed, "updated")));
  out.push(...duplicateProblems(feed, ["id", "title", "subtitle", "updated", "rights", "icon", "logo"], "feed", ATOM));
  out.push(...plainTextProblems("feed/title", childText(feed, "title")));
  const links = children(feed, "link");
  if (!links.some((l) => l.getAttribute("rel") === "self")) out.push("MissingSelf: feed");
  for (const link of links) {
    out.push(...uriProblems(`feed/link[@rel=${link.getAttribute("rel")}]`, link.getAttribute("href")));
    out.push(...relProblems("feed/link", link.getAttribute("rel")));
    out.push(...selfNotAtom("feed/link", link));
  }
  out.push(...duplicateAtomLinks("feed", links));
  // feed.py, RFC 5005: archives have neighbours and a current link, or are complete;
  // a complete feed has no other RFC 5005 links, and its current link is itself.
  const rels = links.map((l) => l.getAttribute("rel"));
  const isArchive = children(feed, "archive", FH).length > 0;
  const isComplete = children(feed, "complete", FH).length > 0;
  if (isArchive && !isComplete) {
    if (!rels.includes("prev-archive") && !rels.includes("next-archive")) out.push("ArchiveIncomplete: feed");
    if (!rels.includes("current")) out.push("MissingCurrentInArchive: feed");
  }
  if (isComplete) {
    const selfs = links.filter((l) => l.getAttribute("rel") === "self").map((l) => l.getAttribute("href"));
    for (const link of links) {
      const rel = link.getAttribute("rel");
      if (rel === "current" && !selfs.includes(link.getAttribute("href"))) out.push("CurrentNotSelfInCompleteFeed: feed");
      else if (rel !== "current" && RFC5005_RELS.has(rel ?? "")) out.push(`FeedRelInCompleteFeed: feed ${rel}`);
    }
  }
  const updatedSeen = new Set<string>();
  const feedHasAuthor = children(feed, "author").length > 0;
  const ids = new Set<string>();
  children(feed, "entry").forEach((entry, i) => {
    const where = `entry[${i}]`;
    const id = childText(entry, "id");
    for (const name of ["id", "title"]) if (childText(entry, name) === undefined) out.push(`MissingElement: ${where}/${name}`);
    if (id !== undefined) out.push(...uriProblems(`${where}/id`, id));
    const updated = childText(entry, "updated")?.trim();
    if (updated !== undefined && updatedSeen.has(updated)) out.push(`DuplicateUpdated: ${where} ${updated}`);
    if (updated !== undefined) updatedSeen.add(updated);
    out.push(...duplicateAtomLinks(where, children(entry, "link")));
    if (id !== undefined && ids.has(id)) out.push(`DuplicateEntries: ${where} ${id}`);
    if (id !== undefined) ids.add(id);
    out.push(...duplicateProblems(entry, ["id", "title", "summary", "content", "published", "updated", "rights", "source"], where, ATOM));
    out.push(...plainTextProblems(`${where}/title`, childText(entry, "title")));
    out.push(...rfc3339Problems(`${where}/updated`, childText(entry, "updated")));
    if (childText(entry, "published") !== undefined) out.push(...rfc3339Problems(`${where}/published`, childText(entry, "published")));
    if (!feedHasAuthor && children(entry, "author").length === 0) out.push(`MissingElement: ${where}/author`);
    for (const author of children(entry, "author")) {
      if (childText(author, "name") === undefined) out.push(`MissingElement: ${where}/author/name`);
      if (childText(author, "uri") !== undefined) out.push(...uriProblems(`${where}/author/uri`, childText(author, "uri")));
    }
    for (const category of children(entry, "category")) {
      if (!category.getAttribute("term")) out.push(`MissingAttribute: ${where}/category@term`);
      if (category.hasAttribute("scheme")) out.push(...uriProblems(`${where}/category@scheme`, category.getAttribute("scheme")));
    }
    const alternate = children(entry, "link").filter((l) => (l.getAttribute("rel") ?? "alternate") === "alternate");
    if (alternate.length === 0 && children(entry, "content").length === 0) out.push(`MissingAlternateLink: ${where}`);
    for (const link of children(entry, "link")) out.push(...uriProblems(`${where}/link`, link.getAttribute("href")));
    const [content] = children(entry, "content");
    if (content && content.getAttribute("type") === "html") out.push(...htmlProblems(`${where}/content`, content.textContent ?? ""));
    if (!content && children(entry, "summary").length === 0) out.push(`MissingTextualContent: ${where}`);
  });
  // RFC 6721 tombstones: ref is the entry's id (a URI), when an RFC 3339 date.
  children(feed, "deleted-entry", TOMBSTONES).forEach((gone, i) => {
    out.push(...uriProblems(`at:deleted-entry[${i}]@ref`, gone.getAttribute("ref")));
    out.push(...rfc3339Problems(`at:deleted-entry[${i}]@when`, gone.getAttribute("when") ?? undefined));
    if (gone.getAttribute("ref") && ids.has(gone.getAttribute("ref")!))
      out.push(`DuplicateEntries: a tombstone and an entry share ${gone.getAttribute("ref")}`);
  });
  if (BAD_CHARACTERS.test(xml)) out.push("BadCharacters: document");
  return allowed(out, options);
}
