/**
 * Everything the content build reads from a content folder, checked together: the articles
 * (`build-content.ts`), the icons (`icons.ts`) and the photos the articles use (`images.ts`),
 * with every problem of all three. The CLI writes what it returns; tests build fixtures with it.
 */
import type { Article, BuiltFile } from "../core/model.js";
import { type BuildOptions, buildContentOnThreads } from "./build-content.js";
import { type ImageProcessor, listImages, resolveImages, type ServedImage, servedUrls } from "./build-photos.js";
import type { Carried } from "./carry.js";
import type { ContentError } from "./errors.js";
import { buildIcons } from "./icons.js";
import { recordKeys } from "./pack-memo.js";
import { servedNames } from "./photo-releases.js";
import { PrefixStale } from "./settle.js";

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
  /** The photos the articles use by the URL the editor wrote, and the URLs each article that shows photos wrote. */
  photoUrls: { served: Map<string, ServedImage>; byArticle: Map<Article, string[]> };
  errors: ContentError[];
  /**
   * When what the last build carried was taken (`BuildOptions.carried`, `carry.ts`): `articles`
   * are the others only, and `photos` include the carried articles'; `public` names the served
   * files of those (published before the build, so public for good).
   */
  carried?: { from: Carried; public: Set<string> };
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
  // What the last build carried cannot be gone on from: the caller builds again without it (the CLI, with a fresh cache and image processor).
  if (content.carryFailed) throw new PrefixStale("an article read beside the carried ones collides with them, is older, or has an error");
  const icons = await buildIcons(dir, displayDir);
  const listed = listImages(dir, displayDir);
  // With errors elsewhere, the photos of the articles that parsed are checked too: every problem at once.
  const checked = content.parsed ?? { articles: content.articles, files: content.files };
  const images = await resolveImages(checked.articles, checked.files, listed.sources, processor, displayDir);
  const errors = [...content.errors, ...icons.errors, ...listed.errors, ...images.errors];
  const failed = errors.length > 0;
  if (failed && content.carried) throw new PrefixStale("with carried articles, the build's errors are given by a build of every article");
  const articles = failed ? [] : images.articles;
  const served = new Map(images.used);
  const carriedPhotos = new Set<string>();
  // The carried articles' photos, each still served as their records were made with.
  for (const [url, names] of content.carried?.photos ?? []) {
    const source = listed.sources.get(url);
    const photo = served.get(url) ?? (source && (await processor.serve(source)));
    if (photo === undefined || "problem" in photo || servedUrls(photo).join(" ") !== names)
      throw new PrefixStale(`${url} is not served as the carried articles' records name it`);
    served.set(url, photo);
    for (const name of servedNames(servedUrls(photo))) carriedPhotos.add(name);
  }
  return {
    articles,
    files: new Map(articles.map((a, i) => [a, content.files.get(content.articles[i]!)!])),
    keys: recordKeys(articles, (_, i) => content.keys.get(content.articles[i]!)),
    drafts: content.drafts,
    icons: failed ? [] : icons.files,
    photos: failed ? [] : [...served.values()],
    imageFiles: listed.sources.size,
    photoUrls: { served, byArticle: images.urls },
    errors,
    ...(content.carried && { carried: { from: content.carried, public: carriedPhotos } }),
  };
}
