/**
 * When each photo may be shown: a photo is public from the first publication of an article
 * that uses it, and before that only to partners, from the earliest `partners_from` of such
 * an article. Photos an article published by the build's cut-off uses are public for good and
 * are not listed, so the list holds only the photos of articles still to come: a handful,
 * whatever the size of the archive. The Worker reads it in `src/app.ts`.
 */
import { IMAGES_PREFIX, servedImage } from "../images.js";
import type { Article, PhotoRelease } from "../model.js";

// Every URL in a src or srcset attribute of the body (the build wrote them: no entity but &amp;).
const ATTRIBUTE = /\b(?:src|srcset)="([^"]*)"/g;

/** The served names (paths within the image folder) of the photos an article shows. */
export function photoNames(article: Article): string[] {
  const urls: string[] = [];
  if (article.image?.src !== undefined) urls.push(article.image.src, ...(article.image.variants ?? []).map((v) => v.src));
  for (const [, value] of article.bodyHtml.matchAll(ATTRIBUTE)) {
    // A srcset is "url 640w, url 1280w"; a src is one URL.
    for (const candidate of value!.split(",")) urls.push(candidate.trim().split(/\s+/)[0]!);
  }
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
 * publication of an article that does, and the earliest `partners_from` among them.
 */
export function photoReleases(articles: readonly Article[], at: number): Record<string, PhotoRelease> {
  const first = new Map<string, { published: number; partnersFrom?: number }>();
  for (const article of articles) {
    const published = Date.parse(article.published);
    const partnersFrom = article.partnersFrom === undefined ? undefined : Date.parse(article.partnersFrom);
    for (const name of photoNames(article)) {
      const seen = first.get(name);
      const earliestShare = [seen?.partnersFrom, partnersFrom].filter((t): t is number => t !== undefined);
      first.set(name, {
        published: Math.min(seen?.published ?? Number.POSITIVE_INFINITY, published),
        ...(earliestShare.length > 0 && { partnersFrom: Math.min(...earliestShare) }),
      });
    }
  }
  const out: Record<string, PhotoRelease> = {};
  for (const [name, release] of [...first].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (release.published <= at) continue;
    out[name] = {
      published: iso(release.published),
      ...(release.partnersFrom !== undefined && release.partnersFrom < release.published && { partnersFrom: iso(release.partnersFrom) }),
    };
  }
  return out;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");
