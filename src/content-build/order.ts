/** The build's order of articles, shared by the build and the settled archive it carries. */
import type { Article } from "../core/model.js";

/** Newest published first; ties broken by id so the order never depends on the file system. */
export function newestFirst(a: Pick<Article, "published" | "id">, b: Pick<Article, "published" | "id">): number {
  return Date.parse(b.published) - Date.parse(a.published) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
