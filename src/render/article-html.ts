/**
 * The full HTML of an article as feeds and pages carry it: the lede, the lead image's
 * figure (caption and credit even without the file), then the rest of the body.
 */
import type { Article, LeadImage, Site } from "../model.js";
import { absolutizeHtml, resolveUrl } from "../urls.js";
import { html, type SafeHtml } from "./html.js";

/** The lead image as a `<figure>`; without `src` only the caption and credit remain. */
export function figureHtml(site: Site, image: LeadImage): SafeHtml {
  const src = image.src === undefined ? undefined : resolveUrl(site, image.src);
  return html`<figure class="lead-image">${
    src !== undefined && html`<img src="${src}" alt="${image.alt}" width="${image.width}" height="${image.height}">`
  }${
    (image.caption !== undefined || image.credit !== undefined) &&
    html`<figcaption>${image.caption}${image.caption !== undefined && image.credit !== undefined && " "}${
      image.credit !== undefined && html`<span class="credit">Photo: ${image.credit}</span>`
    }</figcaption>`
  }</figure>`;
}

/** Lede, figure and body, with every URL absolute (feeds are read far from the site). */
export function articleContentHtml(site: Site, article: Article): string {
  const body = absolutizeHtml(site, article.bodyHtml);
  if (!article.image) return body;
  const figure = figureHtml(site, article.image).value;
  return `${body.slice(0, article.ledeEnd) + figure}\n${body.slice(article.ledeEnd)}`;
}

/** The newest `site.feedSize` articles (the input is already newest first). */
export function feedItems(site: Site, articles: readonly Article[]): readonly Article[] {
  return articles.slice(0, site.feedSize);
}

/**
 * The feed's own updated time: the newest `updated` of its items, never "now", so that
 * identical content gives identical bytes. The Unix epoch for a feed with no items.
 */
export function feedUpdated(items: readonly Article[]): string {
  let newest: string | undefined;
  for (const item of items) if (newest === undefined || Date.parse(item.updated) > Date.parse(newest)) newest = item.updated;
  return newest ?? "1970-01-01T00:00:00Z";
}
