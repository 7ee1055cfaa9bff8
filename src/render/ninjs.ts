/**
 * IPTC ninjs 3.1 (News in JSON, https://iptc.org/standards/ninjs/): one document per article, the
 * industry's own format that newsroom systems (Superdesk, wire ingest) read. Pure, like the feed
 * renderers; the field-by-field mapping is in docs/partners.md.
 *
 * Served as `application/json` with the schema as its `profile` parameter: IPTC's 3.1 schema and
 * its documentation name no media type of their own.
 */
import { slugify } from "../core/ids.js";
import type { Article, ArticleMeta, Site } from "../core/model.js";
import { absoluteUrl, paths, resolveUrl } from "../core/urls.js";
import { articleContentHtml } from "./article-html.js";
import { articleLicense, attribution, rightsStatement } from "./syndication.js";

/** The schema's `$id`, which the documents name as their profile. */
export const NINJS_SCHEMA = "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json";
export const NINJS_MEDIA_TYPE = `application/json; profile="${NINJS_SCHEMA}"`;

export type PubStatus = "usable" | "withheld" | "canceled";
export type Ninjs = Record<string, unknown>;

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

/**
 * The text of the build's HTML (which has only text markup): blocks become paragraphs, tags go,
 * character references are decoded.
 */
export function htmlToText(markup: string): string {
  return markup
    .replace(/<\/(p|h[1-6]|li|figcaption|blockquote|pre|tr)>/g, "\n\n")
    .replace(/<br\s*\/?>/g, "\n")
    .replace(/<[^>]*>/g, "")
    .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref: string) => {
      if (ref[0] === "#")
        return String.fromCodePoint(ref[1] === "x" || ref[1] === "X" ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1)));
      return ENTITIES[ref.toLowerCase()] ?? whole;
    })
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

const words = (text: string) => (text.match(/\S+/g) ?? []).length;

/** The article's address and slug, beside its stable id (`uri`). */
function altIds(site: Site, article: ArticleMeta) {
  return [
    { role: "canonicalUrl", value: absoluteUrl(site, paths.article(article.slug)) },
    { role: "slug", value: article.slug },
  ];
}

/** The lead photo as an associated picture with every size served. */
function leadPhoto(site: Site, article: ArticleMeta): Ninjs | undefined {
  const image = article.image;
  if (image?.src === undefined) return undefined;
  const href = resolveUrl(site, image.src);
  const original = {
    name: "original",
    href,
    ...(image.width !== undefined && { width: image.width }),
    ...(image.height !== undefined && { height: image.height }),
    ...(image.type !== undefined && { contentType: image.type }),
    ...(image.bytes !== undefined && { sizeInBytes: image.bytes }),
  };
  const smaller = (image.variants ?? []).map((v) => ({
    name: `${v.width}w`,
    href: resolveUrl(site, v.src),
    width: v.width,
    height: v.height,
    ...(image.type !== undefined && { contentType: image.type }),
  }));
  return {
    name: "leadImage",
    rel: "leadImage",
    uri: href,
    type: "picture",
    ...(image.caption !== undefined && { headlines: [{ role: "caption", contentType: "text/plain", value: image.caption }] }),
    ...(image.alt !== undefined && { descriptions: [{ role: "alt", contentType: "text/plain", value: image.alt }] }),
    ...(image.credit !== undefined && { by: image.credit, copyrightHolder: image.credit }),
    // The newsroom's terms for the photo: republishable with the article only when the editor said so.
    usageTerms:
      image.republishable === true && articleLicense(site, article).republishable
        ? "May be republished with this article, credited."
        : "Not for republication: use the text without this photo.",
    renditions: [original, ...smaller],
  };
}

/**
 * An article as a ninjs 3.1 document. `pubStatus`: `usable` once published, `withheld` for a
 * partner before then (with `embargoedUntil`), `canceled` once withdrawn (with the notice only).
 */
export function ninjsDocument(site: Site, article: Article, pubStatus: PubStatus): Ninjs {
  const language = article.language ?? site.language;
  const headline = { role: "main", contentType: "text/plain", value: article.title };
  if (pubStatus === "canceled") {
    const withdrawn = article.withdrawn!;
    return {
      uri: article.id,
      type: "text",
      representationType: "partial",
      pubStatus,
      firstCreated: article.published,
      versionCreated: withdrawn.at,
      language,
      headlines: [headline],
      descriptions: [{ role: "withdrawal", contentType: "text/plain", value: withdrawn.reason }],
      altIds: altIds(site, article),
    };
  }
  const license = articleLicense(site, article);
  const contentHtml = articleContentHtml(site, article);
  const text = htmlToText(contentHtml);
  const photo = leadPhoto(site, article);
  const subjects = [
    ...(article.section === undefined
      ? []
      : [{ name: article.section, rel: "section", uri: absoluteUrl(site, paths.facet("sections", slugify(article.section))) }]),
    ...article.tags.map((tag) => ({ name: tag, rel: "tag", uri: absoluteUrl(site, paths.facet("tags", slugify(tag))) })),
  ];
  return {
    uri: article.id,
    type: "text",
    representationType: "full",
    pubStatus,
    ...(pubStatus === "withheld" && { embargoedUntil: article.published }),
    firstCreated: article.published,
    versionCreated: article.updated,
    contentCreated: article.published,
    language,
    headlines: [headline],
    descriptions: [
      { role: "summary", contentType: "text/plain", value: article.summary },
      ...article.corrections.map((c) => ({ role: "correction", contentType: "text/plain", value: `${c.at}: ${c.text}` })),
    ],
    bodies: [
      { role: "main", contentType: "text/html", charCount: contentHtml.length, wordCount: words(text), value: contentHtml },
      { role: "main", contentType: "text/plain", charCount: text.length, wordCount: words(text), value: text },
    ],
    by: article.authors.map((a) => a.name).join(", "),
    people: article.authors.map((a) => ({ name: a.name, rel: "author", uri: absoluteUrl(site, paths.facet("authors", slugify(a.name))) })),
    ...(subjects.length > 0 && { subjects }),
    copyrightHolder: site.name,
    copyrightNotice: rightsStatement(site, article),
    usageTerms: attribution(site, article).text,
    rightsInfo: { linkedRights: license.url },
    ...(photo && { associations: [photo] }),
    altIds: altIds(site, article),
  };
}
