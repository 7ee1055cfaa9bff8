/**
 * The full HTML of an article as feeds and pages carry it: the lede, the lead image's
 * figure (caption and credit even without the file), then the rest of the body.
 */
import { slugify } from "../core/ids.js";
import type { Article, ArticleMeta, Correction, LeadImage, Site } from "../core/model.js";
import { IMAGE_SIZES, srcset } from "../core/photo-names.js";
import { absoluteUrl, absolutizeHtml, paths, resolveUrl } from "../core/urls.js";
import { displayDate } from "./dates.js";
import { html, type SafeHtml } from "./html.js";

/** The lead image as a `<figure>`; without `src` only the caption and credit remain. */
export function figureHtml(site: Site, image: LeadImage): SafeHtml {
  const src = image.src === undefined ? undefined : resolveUrl(site, image.src);
  // Above the fold: loaded at once (no loading="lazy"); the smaller copies for narrow screens.
  const candidates =
    src === undefined
      ? undefined
      : srcset({ src: image.src!, width: image.width!, ...(image.variants && { variants: image.variants }) }, (u) => resolveUrl(site, u));
  return html`<figure class="lead-image">${
    src !== undefined &&
    html`<img src="${src}" alt="${image.alt}" width="${image.width}" height="${image.height}"${
      candidates !== undefined && html` srcset="${candidates}" sizes="${IMAGE_SIZES}"`
    }>`
  }${
    (image.caption !== undefined || image.credit !== undefined) &&
    html`<figcaption>${image.caption}${image.caption !== undefined && image.credit !== undefined && " "}${
      image.credit !== undefined && html`<span class="credit">Photo: ${image.credit}</span>`
    }</figcaption>`
  }</figure>`;
}

/** The corrections notice that ends a corrected article, in feeds and on its page alike. */
export function correctionsHtml(corrections: readonly Correction[]): SafeHtml {
  return html`<section class="corrections">
<h2>${corrections.length === 1 ? "Correction" : "Corrections"}</h2>
<ul>
${corrections.map(
  (c) => html`<li><time datetime="${c.at}">${displayDate(c.at)}</time>: ${c.text}</li>
`,
)}</ul>
</section>
`;
}

/** Lede, figure, body and corrections, with every URL absolute (feeds are read far from the site). */
export function articleContentHtml(site: Site, article: Article): string {
  let body = absolutizeHtml(site, article.bodyHtml);
  if (article.image) {
    const figure = figureHtml(site, article.image).value;
    body = `${body.slice(0, article.ledeEnd) + figure}\n${body.slice(article.ledeEnd)}`;
  }
  return article.corrections.length > 0 ? body + correctionsHtml(article.corrections).value : body;
}

/** A section or tag of an article, with the address of its listing page and feeds. */
export interface Category {
  kind: "sections" | "tags";
  name: string;
  slug: string;
  /** The taxonomy: `https://news.example/tags/` (Atom `scheme`). */
  scheme: string;
  /** The listing page, `scheme` + `slug` (RSS `domain`), which autodiscovers its feeds. */
  url: string;
}

/** The article's section (first) and tags as categories. */
export function categories(site: Site, article: ArticleMeta): Category[] {
  const make = (kind: Category["kind"], name: string): Category => {
    const slug = slugify(name);
    return { kind, name, slug, scheme: absoluteUrl(site, `/${kind}/`), url: absoluteUrl(site, paths.facet(kind, slug)) };
  };
  return [...(article.section === undefined ? [] : [make("sections", article.section)]), ...article.tags.map((t) => make("tags", t))];
}
