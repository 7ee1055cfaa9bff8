/**
 * RSS 2.0 (https://www.rssboard.org/rss-specification) with the RSS Advisory Board's
 * profile: `content:encoded` for full content, `dc:creator` per author, `atom:link
 * rel="self"`, a non-permalink guid; RFC 5005 paging (`atom:link` prev-archive,
 * next-archive, current; `fh:archive`, `fh:complete`) and a WebSub hub link.
 *
 * No `<author>`: RSS 2.0 defines it as one e-mail address, so a name-only byline is
 * invalid there; a second `<author>` in an item is invalid too; and the W3C Feed
 * Validator warns ("DuplicateItemSemantics") when an item has both `<author>` and
 * `dc:creator`. `dc:creator` carries every byline, with or without an e-mail.
 *
 * RSS has no tombstones: a withdrawn article simply leaves the feed (Atom and JSON Feed
 * say why).
 *
 * Rights: `<copyright>` for the channel, `creativeCommons:license` (the Creative Commons
 * RSS module) on the channel and each item under a CC licence, and the lead image in
 * Media RSS with `media:credit` and `media:copyright` (whose `url` is the licence, or the
 * partners page's image terms when the photo may not be republished). Not `media:license`:
 * the W3C Feed Validator's Media RSS module does not know it and reports it as undefined.
 */
import type { Article, LeadImage, Site } from "../core/model.js";
import { absoluteUrl, type FeedPaths, feedPath, icons, paths, resolveUrl } from "../core/urls.js";
import { articleContentHtml, categories } from "./article-html.js";
import { epochMs, imfFixdate } from "./dates.js";
import type { FeedFormat, FeedRenderOptions, FeedSpec } from "./feed-spec.js";
import { namespaces, specUpdated } from "./feed-spec.js";
import { articleLicense, imageRepublishable, rightsStatement, siteLicense } from "./syndication.js";
import { xmlAttr, xmlElement, xmlText } from "./xml.js";

/** RSS 2.0 as a feed format (listed in `src/render/feed-formats.ts`). */
export const rssFormat: FeedFormat = {
  file: "rss.xml",
  mediaType: "application/rss+xml",
  label: "RSS",
  hint: "works in every reader; pick this if unsure",
  render: renderRss,
};

export function renderRss(site: Site, spec: FeedSpec, options: FeedRenderOptions = {}): string {
  const history = spec.history;
  const usesFh = spec.complete === true || history?.archive === true;
  const channelLicense = siteLicense(site);
  const usesCc = channelLicense.republishable || spec.items.some((a) => articleLicense(site, a).republishable);
  const usesMedia = spec.items.some((a) => a.image !== undefined);
  const ns = [
    ["atom", namespaces.atom],
    ["content", namespaces.content],
    ["dc", namespaces.dc],
    ...(usesFh ? [["fh", namespaces.fh]] : []),
    ...(usesCc ? [["creativeCommons", namespaces.creativeCommons]] : []),
    ...(usesMedia ? [["media", namespaces.media]] : []),
  ];
  const link = (rel: string, feed: FeedPaths | undefined) =>
    feed ? `<atom:link href="${xmlAttr(absoluteUrl(site, feedPath(feed, rssFormat)))}" rel="${rel}" type="${rssFormat.mediaType}"/>` : "";
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<rss version="2.0" ${ns.map(([prefix, uri]) => `xmlns:${prefix}="${uri}"`).join(" ")}>`,
    "<channel>",
    xmlElement("title", spec.title),
    xmlElement("link", absoluteUrl(site, spec.paths.html)),
    xmlElement("description", spec.description),
    xmlElement("language", site.language),
    xmlElement("copyright", rightsStatement(site, undefined)),
    channelLicense.republishable ? xmlElement("creativeCommons:license", channelLicense.url) : "",
    spec.items.length > 0 ? xmlElement("lastBuildDate", imfFixdate(epochMs(specUpdated(spec)))) : "",
    // RSS 2.0 §<image>: a GIF, JPEG or PNG of at most 144 × 400, with the channel's own title and link.
    `<image>${xmlElement("url", absoluteUrl(site, icons.rss.path))}${xmlElement("title", spec.title)}${xmlElement("link", absoluteUrl(site, spec.paths.html))}<width>${icons.rss.width}</width><height>${icons.rss.height}</height></image>`,
    xmlElement("docs", "https://www.rssboard.org/rss-specification"),
    options.ttlMinutes === undefined || !spec.subscription ? "" : xmlElement("ttl", String(options.ttlMinutes)),
    link("self", spec.paths),
    spec.subscription && site.hub !== undefined ? `<atom:link href="${xmlAttr(site.hub)}" rel="hub"/>` : "",
    link("current", history?.archive ? history.current : undefined),
    link("prev-archive", history?.prev),
    link("next-archive", history?.next),
    history?.archive ? "<fh:archive/>" : "",
    spec.complete ? "<fh:complete/>" : "",
    ...spec.items.map((article) => renderItem(site, article)),
    "</channel>",
    "</rss>",
  ];
  return `${lines.filter((line) => line !== "").join("\n")}\n`;
}

function renderItem(site: Site, article: Article): string {
  const license = articleLicense(site, article);
  const parts = [
    "<item>",
    xmlElement("title", article.title),
    xmlElement("link", absoluteUrl(site, paths.article(article.slug))),
    `<guid isPermaLink="false">${xmlText(article.id)}</guid>`,
    xmlElement("pubDate", imfFixdate(epochMs(article.published))),
    xmlElement("description", article.summary),
    xmlElement("content:encoded", articleContentHtml(site, article)),
    ...article.authors.map((author) => xmlElement("dc:creator", author.name)),
    ...categories(site, article).map((c) => `<category domain="${xmlAttr(c.url)}">${xmlText(c.name)}</category>`),
    license.republishable ? xmlElement("creativeCommons:license", license.url) : "",
    article.image ? mediaImage(site, article.image, imageRepublishable(site, article)) : "",
    "</item>",
  ];
  return parts.filter((part) => part !== "").join("\n");
}

/** The smallest copy of one of our photos as its Media RSS thumbnail (the photo itself when it has none). */
function thumbnail(site: Site, image: LeadImage): string {
  // Only for our own photos, whose copies the build made: another site's image is not ours to thumbnail.
  if (image.type === undefined || !image.width || !image.height) return "";
  const small = image.variants?.[0] ?? { src: image.src!, width: image.width, height: image.height };
  return `<media:thumbnail url="${xmlAttr(resolveUrl(site, small.src))}" width="${small.width}" height="${small.height}"/>`;
}

/** The lead image in Media RSS; without a file, only its credit. */
function mediaImage(site: Site, image: LeadImage, republishable: boolean): string {
  const credit = xmlElement("media:credit", image.credit);
  if (image.src === undefined) return credit;
  // The url is where the image terms are spelt out for partners.
  const terms = `<media:copyright url="${xmlAttr(absoluteUrl(site, `${paths.partners}#images`))}">${xmlText(
    republishable
      ? `May be republished with the article, credited "Photo: ${image.credit ?? site.name}".`
      : "Not licensed for republication.",
  )}</media:copyright>`;
  return [
    `<media:content url="${xmlAttr(resolveUrl(site, image.src))}"${image.type ? ` type="${image.type}"` : ""} medium="image"${
      image.bytes ? ` fileSize="${image.bytes}"` : ""
    }${image.width ? ` width="${image.width}"` : ""}${image.height ? ` height="${image.height}"` : ""}>`,
    thumbnail(site, image),
    xmlElement("media:title", image.alt),
    xmlElement("media:description", image.caption),
    credit,
    terms,
    "</media:content>",
  ]
    .filter((part) => part !== "")
    .join("\n");
}
