/**
 * What a partner needs to republish an article lawfully: its licence, the attribution to
 * print, its images with credits and whether each may be republished, and how long
 * republication is allowed. One source for JSON Feed's `_syndication`, RSS `copyright`,
 * Creative Commons and Media RSS elements, Atom `rights`, and the pages.
 */
import { allRightsReserved, LICENSES, type License } from "../core/licenses.js";
import type { ArticleMeta, Site } from "../core/model.js";
import { absoluteUrl, paths, resolveUrl } from "../core/urls.js";
import { html } from "./html.js";

/**
 * Version of the `_syndication` profile every JSON Feed carries (the public feeds and the
 * partner feed); bumped only for incompatible changes, and the old versions' schemas stay served:
 * 1. the public feeds' first profile;
 * 2. the partner feed's: version 1 plus the status `embargoed` with `embargo_until` (a new
 *    version, not a new optional member: a client of version 1 would take an embargoed item,
 *    which is not withdrawn, for one it may publish);
 * 3. version 2 plus `ninjs`, each item's IPTC ninjs document (version 1 and 2 allow no other member).
 */
export const SYNDICATION_VERSION = 3;
export type SyndicationVersion = 1 | 2 | typeof SYNDICATION_VERSION;

/** The licence of the newsroom's content when an article names none. */
export function siteLicense(site: Site): License {
  return LICENSES[site.license] ?? allRightsReserved(absoluteUrl(site, `${paths.partners}#licence`));
}

/** The licence an article carries: its own, or the newsroom's. */
export function articleLicense(site: Site, article: ArticleMeta): License {
  return (article.license !== undefined && LICENSES[article.license]) || siteLicense(site);
}

/**
 * A short rights statement: the newsroom's ("© Meridian Wire. Licensed under …: <url>"),
 * or an article's, which names its year ("© Meridian Wire, 2022. All rights reserved.").
 */
export function rightsStatement(site: Site, article: ArticleMeta | undefined): string {
  const license = article ? articleLicense(site, article) : siteLicense(site);
  const owner = article ? `© ${site.name}, ${article.published.slice(0, 4)}` : `© ${site.name}`;
  return license.republishable ? `${owner}. Licensed under ${license.name}: ${license.url}` : `${owner}. All rights reserved.`;
}

/** The credit line a republisher must print, as plain text and as HTML. */
export function attribution(site: Site, article: ArticleMeta): { text: string; html: string } {
  const url = absoluteUrl(site, paths.article(article.slug));
  const license = articleLicense(site, article);
  const text = license.republishable
    ? `This article was originally published by ${site.name} at ${url} and is republished under ${license.name} (${license.url}).`
    : `This article was originally published by ${site.name} at ${url}.`;
  const markup = license.republishable
    ? html`<p>This article was originally published by <a href="${url}">${site.name}</a> and is republished under <a href="${license.url}" rel="license">${license.name}</a>.</p>`
    : html`<p>This article was originally published by <a href="${url}">${site.name}</a>.</p>`;
  return { text, html: markup.value };
}

export interface SyndicationImage {
  /** Absent when only the caption and credit are known (no file yet). */
  url?: string;
  width?: number;
  height?: number;
  /** Media type, for the photos the newsroom serves itself. */
  type?: string;
  alt?: string;
  caption?: string;
  /** As it must be printed, e.g. "Photo: Shutterstock". */
  credit?: string;
  /** Only when the editor said so and the article itself may be republished. */
  republishable: boolean;
}

/** Whether partners may republish the lead image: the editor said so, and the article's licence allows it. */
export function imageRepublishable(site: Site, article: ArticleMeta): boolean {
  return article.image?.republishable === true && articleLicense(site, article).republishable;
}

/** The article's images as a partner sees them (the lead image). */
export function syndicationImages(site: Site, article: ArticleMeta): SyndicationImage[] {
  const image = article.image;
  if (!image) return [];
  return [
    {
      ...(image.src !== undefined && { url: resolveUrl(site, image.src) }),
      ...(image.width !== undefined && { width: image.width }),
      ...(image.height !== undefined && { height: image.height }),
      ...(image.type !== undefined && { type: image.type }),
      ...(image.alt !== undefined && { alt: image.alt }),
      ...(image.caption !== undefined && { caption: image.caption }),
      ...(image.credit !== undefined && { credit: `Photo: ${image.credit}` }),
      republishable: imageRepublishable(site, article),
    },
  ];
}
