/**
 * When each photo may be shown: a photo is public from the first publication of an article
 * that uses it, and before that only to partners, from the earliest `partners_from` of such
 * an article. Photos an article published by the build's cut-off uses are public for good and
 * are not listed, so the list holds only the photos of articles still to come: a handful,
 * whatever the size of the archive. The Worker reads it in `src/app/create-app.ts`.
 */

import type { Article, PhotoRelease } from "../core/model.js";
import { IMAGES_PREFIX, servedImage } from "../core/photo-names.js";
import { mayNamePhotos } from "./body-facts.js";

// Every URL in a src or srcset attribute of the body (the build wrote them: no entity but &amp;).
const ATTRIBUTE = /\b(?:src|srcset)="([^"]*)"/g;

/** The served names (paths within the image folder) of the photos an article shows. */
export function photoNames(article: Article): string[] {
  const urls: string[] = [];
  if (article.image?.src !== undefined) urls.push(article.image.src, ...(article.image.variants ?? []).map((v) => v.src));
  for (const [, value] of mayNamePhotos(article) ? article.bodyHtml.matchAll(ATTRIBUTE) : []) {
    // A srcset is "url 640w, url 1280w"; a src is one URL.
    for (const candidate of value!.split(",")) urls.push(candidate.trim().split(/\s+/)[0]!);
  }
  return servedNames(urls);
}

/** The served names (paths within the image folder) of these URLs, the photos' among them, once each. */
export function servedNames(urls: readonly string[]): string[] {
  const names = new Set<string>();
  for (const url of urls) {
    if (!url.startsWith(IMAGES_PREFIX)) continue;
    const served = servedImage(url);
    if (served !== undefined) names.add(served.name);
  }
  return [...names];
}

/**
 * The photos no article published at or before `at` (ms) uses, each with the first
 * publication of an article that does, and the earliest `partners_from` among them; `shown`
 * names photos articles not given here show already (the ones a build carried, all published).
 */
export function photoReleases(
  articles: readonly Article[],
  at: number,
  shown: ReadonlySet<string> = new Set(),
): Record<string, PhotoRelease> {
  // The earlier of two RFC 3339 instants, kept as the article wrote it.
  const earlier = (a: string | undefined, b: string | undefined) =>
    a === undefined ? b : b === undefined || Date.parse(a) <= Date.parse(b) ? a : b;
  const first = new Map<string, { published: string; partnersFrom: string | undefined }>();
  for (const article of articles) {
    for (const name of photoNames(article)) {
      const seen = first.get(name);
      first.set(name, {
        published: earlier(seen?.published, article.published)!,
        partnersFrom: earlier(seen?.partnersFrom, article.partnersFrom),
      });
    }
  }
  const out: Record<string, PhotoRelease> = {};
  for (const [name, { published, partnersFrom }] of [...first].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (Date.parse(published) <= at || shown.has(name)) continue;
    out[name] = { published, ...(partnersFrom !== undefined && Date.parse(partnersFrom) < Date.parse(published) && { partnersFrom }) };
  }
  return out;
}
