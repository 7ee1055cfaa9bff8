/** The module the build writes for the Worker to import: `src/generated/content.ts`. */
import { createHash } from "node:crypto";
import type { Article, BuiltFile, PhotoRelease, SettledIndex, Site } from "../core/model.js";
import type { PackMemo } from "./pack-memo.js";
import { photoReleases } from "./photo-releases.js";
import { type PackMaker, type Settled, type SettledFile, type SettledPrefix, settle } from "./settle.js";

/**
 * The content version: the SHA-256 of the articles and files, so caches can tell builds
 * apart. Hashed one article at a time (one JSON text a line; JSON never holds a raw line
 * break): the whole archive as one string would pass V8's longest string (about 512 MiB)
 * near 100,000 articles.
 */
export function contentVersion(articles: readonly Article[], files: readonly BuiltFile[]): string {
  const hash = createHash("sha256");
  for (const article of articles) hash.update(`${JSON.stringify(article)}\n`);
  hash.update("files\n");
  for (const file of files) hash.update(`${JSON.stringify(file)}\n`);
  return hash.digest("hex");
}

/**
 * The version of what the Worker receives: the moving articles, the files, the settled index,
 * the photo releases and folder (the module), and each settled file by its path and frame
 * header (the SHA-256 of its payload). Any change to a served byte changes it, and it costs
 * the moving articles' JSON and a line per stored file, not a pass over the whole archive.
 */
export function outputsVersion(
  settled: Settled,
  files: readonly BuiltFile[],
  releases: Record<string, PhotoRelease>,
  imageFolder?: string,
): string {
  const hash = createHash("sha256").update("outputs 1\n");
  for (const article of settled.moving) hash.update(`${JSON.stringify(article)}\n`);
  hash.update(`${JSON.stringify({ files, index: settled.index, releases, imageFolder: imageFolder ?? null })}\n`);
  for (const file of settled.files) hash.update(`${file.path} ${file.header}`);
  return hash.digest("hex");
}

/** How the build lays out the settled archive. */
export interface SettleOptions {
  /** The build's cut-off (ms): what cannot change after it is settled. */
  at: number;
  /** The largest FEED_SIZE the Worker may be run with (the length of each head list). */
  head: number;
  /** The settled archive's folder in the assets. */
  folder: string;
  /** The photos' folder in the assets, when the articles use any. */
  imageFolder?: string;
  /** The packs the last build made (`pack-memo.ts`), so unchanged ones are not made again. */
  memo?: PackMemo;
  /**
   * The site to render the settled live articles' pages for, stored beside their records
   * (`SettledIndex.pages`): the one the deployment's vars give. Without it, none is stored.
   */
  site?: Site;
  /** Where each made record pack goes at once (`settle`'s `spill`), so memory does not hold them all. */
  spill?: (file: SettledFile) => SettledFile;
  /** Makes some of the packs elsewhere (`settle`'s `maker`: the CLI's pack thread). */
  maker?: PackMaker;
  /**
   * What the last build carried, when `articles` are only the ones after it (`carry.ts`): its
   * settled prefix, and the served names of its articles' photos.
   */
  carried?: { prefix: SettledPrefix; photos: ReadonlySet<string> };
}

/**
 * What a build gives the Worker: the settled archive's files (static assets) and the module
 * that carries the moving articles and the settled archive's index.
 */
export function workerOutputs(
  articles: readonly Article[],
  files: readonly BuiltFile[],
  options: SettleOptions,
): { settled: Settled; module: string } {
  const settled = settle(articles, options.at, options.head, options.folder, { ...options, from: options.carried?.prefix });
  const releases = photoReleases(articles, options.at, options.carried?.photos);
  const version = outputsVersion(settled, files, releases, options.imageFolder);
  return { settled, module: generatedModule(settled.moving, files, version, settled.index, options.imageFolder, releases) };
}

/**
 * The generated module's text for these articles (the moving ones, with their bodies), files
 * and settled index.
 *
 * Start-up cost matters (Cloudflare allows 1 s, and every isolate pays it): the article
 * index (everything but the bodies) is one JSON string parsed at start-up, which V8 does
 * faster than it compiles an object literal; the bodies are one plain string literal that
 * is never parsed, and each `bodyHtml` is a slice of it, which V8 makes without copying. Measured on 1,000 synthetic articles: 9 ms of module evaluation
 * against 22 ms for parsing everything as JSON.
 */
export function generatedModule(
  articles: readonly Article[],
  files: readonly BuiltFile[],
  // The version of the articles as given; the build passes the one of all its articles.
  version = contentVersion(articles, files),
  settled?: SettledIndex,
  imageFolder?: string,
  releases: Record<string, PhotoRelease> = {},
): string {
  let bodies = "";
  const index = articles.map((article) => {
    const { bodyHtml, ...meta } = article;
    const start = bodies.length;
    bodies += bodyHtml;
    return { ...meta, inline: [start, bodies.length] };
  });
  return [
    "// Generated by `npm run build:content` from content/*.md. Do not edit; do not commit.",
    'import type { ArticleMeta, ContentBundle } from "../core/model.js";',
    "",
    `const index: (ArticleMeta & { inline: [number, number] })[] = JSON.parse(${JSON.stringify(JSON.stringify(index))});`,
    `const bodies = ${JSON.stringify(bodies)};`,
    "",
    "export const content: ContentBundle = {",
    `  version: ${JSON.stringify(version)},`,
    `  files: ${JSON.stringify(files)},`,
    "  articles: index.map(({ inline, ...article }) => ({ ...article, bodyHtml: bodies.slice(inline[0], inline[1]) })),",
    ...(settled ? [`  settled: JSON.parse(${JSON.stringify(JSON.stringify(settled))}),`] : []),
    ...(imageFolder !== undefined ? [`  imageFolder: ${JSON.stringify(imageFolder)},`] : []),
    ...(Object.keys(releases).length > 0 ? [`  photoReleases: ${JSON.stringify(releases)},`] : []),
    "};",
    "",
  ].join("\n");
}
