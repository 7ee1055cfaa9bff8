/**
 * What the build needs to know of an article's body without reading it. A rebuild takes most
 * articles from the parse cache without their bodies (`parse-cache.ts`: a body is read from its
 * entry only when something asks for it), and the photo steps ask of every article whether its
 * body may name a photo; the cache records the answer beside the article, so an article whose
 * body names none is never read for it.
 */
import type { Article } from "../core/model.js";

/**
 * Whether this body may name a photo (false: it names none). A `src` or `srcset` attribute is the
 * only way a body the build wrote names one; two substring searches find either (and a few more:
 * a "may" may be wrong only the safe way), about ten times faster than a regular expression with
 * a word boundary, which took 1.3 s of a full build at 100,000 articles.
 */
export const bodyNamesPhotos = (bodyHtml: string): boolean => bodyHtml.includes('src="') || bodyHtml.includes('srcset="');

const known = new WeakMap<Article, boolean>();

/** Records what the cache knows of an article whose body it has not read. */
export function knowBody(article: Article, namesPhotos: boolean): void {
  known.set(article, namesPhotos);
}

/**
 * Whether the article's body may name a photo: as recorded, or from the body itself, then
 * recorded (three steps of a build ask it of every article: 2.2 s of a full build at 100,000
 * articles in a CPU profile, when each searched the body anew).
 */
export function mayNamePhotos(article: Article): boolean {
  let names = known.get(article);
  if (names === undefined) {
    names = bodyNamesPhotos(article.bodyHtml);
    known.set(article, names);
  }
  return names;
}

/**
 * An article's fields, in their order, with `body` in its body's place; its own body is not read
 * (an article the cache gave without it is not made to parse it): a withdrawn article's record,
 * a record offered to the pack thread, a meta shard's article on disk.
 */
export function withBody<B>(article: object, body: B): Omit<Article, "bodyHtml"> & { bodyHtml: B } {
  const fields = article as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const field of Object.keys(fields)) copy[field] = field === "bodyHtml" ? body : fields[field];
  return copy as Omit<Article, "bodyHtml"> & { bodyHtml: B };
}
