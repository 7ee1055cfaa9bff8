/**
 * Everything the content build reads from a content folder, checked together: the articles
 * (`build-content.ts`), the icons (`icons.ts`) and the photos the articles use (`images.ts`),
 * with every problem of all three. The CLI writes what it returns; tests build fixtures with it.
 */
import type { Article, BuiltFile } from "../core/model.js";
import { type BuildOptions, buildContentOnThreads } from "./build-content.js";
import { type ImageProcessor, listImages, resolveImages, type ServedImage } from "./build-photos.js";
import type { ContentError } from "./errors.js";
import { buildIcons } from "./icons.js";
import { recordKeys } from "./pack-memo.js";

export interface SiteBuild {
  /** Every article but the drafts, newest first, with its photos as served. Empty when there are errors. */
  articles: Article[];
  /** The file each article came from, as named in messages. */
  files: Map<Article, string>;
  /** With a parse cache: each article's record key (`pack-memo.ts`), its photos as served included. */
  keys: Map<Article, string>;
  drafts: string[];
  icons: BuiltFile[];
  /** The photos the articles use. */
  photos: ServedImage[];
  /** How many photos `images/` holds, used or not. */
  imageFiles: number;
  errors: ContentError[];
}

/**
 * Reads `dir` whole; `processor` looks at the photos (and keeps what it made in its cache). With
 * `threads` (more than one), many files to parse are parsed on that many threads (`parse-threads.ts`).
 */
export async function buildSite(
  dir: string,
  processor: ImageProcessor,
  options: BuildOptions & { threads?: number } = {},
): Promise<SiteBuild> {
  const displayDir = options.displayDir ?? "content";
  const content = await buildContentOnThreads(dir, options, options.threads ?? 1);
  const icons = await buildIcons(dir, displayDir);
  const listed = listImages(dir, displayDir);
  // With errors elsewhere, the photos of the articles that parsed are checked too: every problem at once.
  const checked = content.parsed ?? { articles: content.articles, files: content.files };
  const images = await resolveImages(checked.articles, checked.files, listed.sources, processor, displayDir);
  const errors = [...content.errors, ...icons.errors, ...listed.errors, ...images.errors];
  const failed = errors.length > 0;
  const articles = failed ? [] : images.articles;
  return {
    articles,
    files: new Map(articles.map((a, i) => [a, content.files.get(content.articles[i]!)!])),
    keys: recordKeys(articles, (_, i) => content.keys.get(content.articles[i]!)),
    drafts: content.drafts,
    icons: failed ? [] : icons.files,
    photos: failed ? [] : [...images.used.values()],
    imageFiles: listed.sources.size,
    errors,
  };
}
