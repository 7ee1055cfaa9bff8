/**
 * The newsroom's photos: `content/images/` → the files the Worker serves (`src/core/photo-names.ts`),
 * and the facts every renderer needs, read from the files with sharp (libvips; its prebuilt
 * binary ships in its npm package).
 *
 * - Formats: JPEG, PNG, WebP, AVIF and GIF, checked against the bytes, not only the
 *   extension. SVG is refused: it can carry script, and a sanitised copy is a second SVG
 *   parser to trust; export a PNG or WebP instead.
 * - Limits: at most `MAX_IMAGE_BYTES` a file and `MAX_IMAGE_PIXELS`, each side at most
 *   `MAX_IMAGE_SIDE` (what front matter allows).
 * - What is served: the file itself when it carries nothing but pixels (and a colour
 *   profile); a file with EXIF, XMP or IPTC metadata (GPS position, camera serial, editing
 *   history, comments, text chunks: anything `image-metadata.ts` finds beyond pixels and a
 *   colour profile) is re-encoded upright without it, at high quality. Smaller copies
 *   (`VARIANT_WIDTHS`, never as wide as the file, and only when they take fewer bytes) are
 *   made in the same format for `srcset`; not for GIF or animated files (resizing them is
 *   slow and loses frames).
 * - Photos in `images/` that no article uses are neither read nor served (the report counts them).
 * - An article's local image (front matter `image.src`, Markdown `![alt](/images/…)`) must be
 *   such a file; a width or height the editor wrote must agree with it, and may be left out.
 *
 * Made files are kept in `cacheDir` by content (a rebuild reads and encodes only new or
 * changed photos, known by path, size and modification time) and copied into the assets by
 * the CLI only when the whole build succeeds.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import sharp from "sharp";
import type { Article, ImageVariant, LeadImage } from "../core/model.js";
import {
  IMAGE_NAME_PART,
  IMAGE_TYPES,
  IMAGES_PREFIX,
  type ImageExtension,
  servedImageName,
  srcsetAttributes,
} from "../core/photo-names.js";
import { mayNamePhotos } from "./body-facts.js";
import type { ContentError } from "./errors.js";
import { copyAtomically, removeAllBut, writeAtomically } from "./files.js";
import { carriesMoreThanPixels } from "./image-metadata.js";

export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
export const MAX_IMAGE_PIXELS = 50_000_000;
export const MAX_IMAGE_SIDE = 20_000;
/** The widths of the smaller copies, for phones and for readers' columns. */
export const VARIANT_WIDTHS = [640, 1280] as const;

const EXTENSIONS: Record<string, ImageExtension> = { jpg: "jpg", jpeg: "jpg", png: "png", webp: "webp", avif: "avif", gif: "gif" };
/** What sharp's `metadata().format` says for each (AVIF is HEIF with AV1 compression). */
const SHARP_FORMATS: Record<ImageExtension, string> = { jpg: "jpeg", png: "png", webp: "webp", avif: "heif", gif: "gif" };
const FORMAT_NAMES: Record<string, string> = { jpeg: "JPEG", png: "PNG", webp: "WebP", heif: "HEIF", gif: "GIF", svg: "SVG", tiff: "TIFF" };
const FILE_NAME = new RegExp(`^${IMAGE_NAME_PART}\\.[A-Za-z]+$`);
const FOLDER_NAME = new RegExp(`^${IMAGE_NAME_PART}$`);
const MAX_PATH = 200;

/** A photo in `content/images/`. */
export interface SourceImage {
  /** As the editor sees it: `content/images/2026/geneva.jpg`. */
  file: string;
  path: string;
  /** The path within `images/` without its extension: `2026/geneva`. */
  stem: string;
  extension: ImageExtension;
}

/** What the service serves for one photo. */
export interface ServedImage {
  /** Root-relative URL of the full-size file. */
  src: string;
  width: number;
  height: number;
  type: string;
  bytes: number;
  variants: ImageVariant[];
  /** Every file to serve: its path in the image folder and its copy in the cache. */
  files: { name: string; cached: string }[];
}

/** The URLs a photo is served at: the full-size file and its smaller copies. */
export const servedUrls = (photo: ServedImage): string[] => [photo.src, ...photo.variants.map((v) => v.src)];

/**
 * The photos under `<contentDir>/images/`, by the root-relative URL an article names them
 * with (`/images/2026/geneva.jpg`), and a problem for every entry that is not one.
 */
export function listImages(contentDir: string, displayDir = "content"): { sources: Map<string, SourceImage>; errors: ContentError[] } {
  const sources = new Map<string, SourceImage>();
  const errors: ContentError[] = [];
  const root = join(contentDir, "images");
  if (!existsSync(root)) return { sources, errors };
  const walk = (dir: string, rel: string) => {
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith(".")) continue;
      const path = join(dir, name);
      const relPath = rel + name;
      const file = `${displayDir}/images/${relPath}`;
      if (statSync(path).isDirectory()) {
        if (!FOLDER_NAME.test(name)) errors.push({ file, field: "file", reason: nameProblem("folder") });
        else walk(path, `${relPath}/`);
        continue;
      }
      const dot = name.lastIndexOf(".");
      const extension = EXTENSIONS[name.slice(dot + 1).toLowerCase()];
      if (dot < 0 || extension === undefined) {
        const svg = name.toLowerCase().endsWith(".svg");
        errors.push({
          file,
          field: "file",
          reason: svg
            ? "SVG is not served (it can carry script): export the picture as PNG or WebP"
            : "is not an image the service serves: use JPEG (.jpg), PNG, WebP, AVIF or GIF",
        });
      } else if (!FILE_NAME.test(name)) errors.push({ file, field: "file", reason: nameProblem("file") });
      else if (relPath.length > MAX_PATH)
        errors.push({ file, field: "file", reason: `has a path of ${relPath.length} characters; at most ${MAX_PATH}` });
      else sources.set(IMAGES_PREFIX + relPath, { file, path, stem: relPath.slice(0, relPath.length - name.length + dot), extension });
    }
  };
  walk(root, "");
  return { sources, errors };
}

function nameProblem(what: "file" | "folder"): string {
  return `is not a name the service can serve at a plain URL: rename the ${what} with letters, digits, - and _ only${
    what === "file" ? " before its extension (no spaces, no other dots)" : ""
  }`;
}

/** The facts of a photo, kept between builds. */
interface Facts {
  key: string;
  served: ServedImage | { problem: string };
}

/** How a photo is looked at and made into the files the service serves, with a memory of earlier builds. */
export class ImageProcessor {
  /** Photos read and encoded by this build; photos found in the cache. */
  made = 0;
  reused = 0;
  private readonly facts: string;
  private readonly store: string;
  private readonly used = new Set<string>();
  private readonly usedFiles = new Set<string>();

  /** `cacheDir` holds the made files (by content) and each photo's facts; `version` is the build code's. */
  constructor(
    cacheDir: string,
    private readonly version: string,
  ) {
    this.facts = join(cacheDir, "facts");
    this.store = join(cacheDir, "files");
    mkdirSync(this.facts, { recursive: true });
    mkdirSync(this.store, { recursive: true });
  }

  /** What is served for `source`, or why it cannot be. */
  async serve(source: SourceImage): Promise<ServedImage | { problem: string }> {
    const stat = statSync(source.path);
    const key = createHash("sha256").update(`${this.version}\0${source.path}\0${stat.size}\0${stat.mtimeMs}`).digest("hex");
    const factsFile = join(this.facts, `${key}.json`);
    this.used.add(`${key}.json`);
    try {
      const kept = JSON.parse(readFileSync(factsFile, "utf8")) as Facts;
      const served = kept.served;
      if (kept.key === key && ("problem" in served || served.files.every((f) => existsSync(join(this.store, f.cached))))) {
        this.reused++;
        this.keepFiles(served);
        return served;
      }
    } catch {
      // Missing or damaged: look at the photo again.
    }
    this.made++;
    const served =
      stat.size > MAX_IMAGE_BYTES ? { problem: `is ${stat.size} bytes; at most ${MAX_IMAGE_BYTES} (10 MiB)` } : await this.make(source);
    writeAtomically(factsFile, JSON.stringify({ key, served } satisfies Facts));
    this.keepFiles(served);
    return served;
  }

  /** Copies the files of these photos into `dir` (the assets' image folder) where missing; the number copied. */
  publish(dir: string, images: readonly ServedImage[]): number {
    let copied = 0;
    for (const image of images) {
      for (const file of image.files) {
        const target = join(dir, file.name);
        if (existsSync(target)) continue;
        mkdirSync(dirname(target), { recursive: true });
        copyAtomically(join(this.store, file.cached), target);
        copied++;
      }
    }
    return copied;
  }

  /** Removes from `dir` every file that is not one of these photos', and the folders left empty. */
  removeOthers(dir: string, images: readonly ServedImage[]): void {
    if (!existsSync(dir)) return;
    pruneTree(dir, "", new Set(images.flatMap((image) => image.files.map((f) => f.name))));
  }

  /** Removes from the cache what this build did not use. */
  prune(): void {
    removeAllBut(this.facts, this.used);
    removeAllBut(this.store, this.usedFiles);
  }

  private keepFiles(served: ServedImage | { problem: string }): void {
    if ("files" in served) for (const f of served.files) this.usedFiles.add(f.cached);
  }

  private async make(source: SourceImage): Promise<ServedImage | { problem: string }> {
    const bytes = readFileSync(source.path);
    let meta: sharp.Metadata;
    try {
      meta = await sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS }).metadata();
    } catch (error) {
      const message = (error as Error).message;
      if (/pixel limit/.test(message)) return { problem: `has more than ${MAX_IMAGE_PIXELS.toLocaleString("en")} pixels; at most that` };
      return { problem: `is not a readable image (${message})` };
    }
    const expected = SHARP_FORMATS[source.extension];
    const avifOk = source.extension !== "avif" || meta.compression === "av1";
    if (meta.format !== expected || !avifOk) {
      const actual = meta.format === "heif" && meta.compression !== "av1" ? "HEIC" : (FORMAT_NAMES[meta.format] ?? meta.format);
      return { problem: `is a ${actual} file, not the ${source.extension.toUpperCase()} its name says: convert it, or rename it` };
    }
    const { width, height } = meta.autoOrient;
    if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE)
      return { problem: `is ${width} × ${height} pixels; at most ${MAX_IMAGE_SIDE} on each side` };
    const animated = (meta.pages ?? 1) > 1;
    // Anything but pixels and a colour profile goes: EXIF (with GPS), XMP, IPTC, comments, text.
    const carriesMetadata =
      (meta.orientation ?? 1) > 1 ||
      meta.exif !== undefined ||
      meta.xmp !== undefined ||
      meta.iptc !== undefined ||
      carriesMoreThanPixels(bytes, source.extension);
    const files: ServedImage["files"] = [];
    const keep = (stem: string, data: Uint8Array) => {
      const hash = createHash("sha256").update(data).digest("hex");
      const cached = `${hash}.${source.extension}`;
      const path = join(this.store, cached);
      if (!existsSync(path)) writeAtomically(path, data);
      const name = servedImageName(stem, hash, source.extension);
      files.push({ name, cached });
      return `${IMAGES_PREFIX}${name}`;
    };
    const open = () => sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS, animated }).rotate();
    let full: Uint8Array = bytes;
    try {
      if (carriesMetadata) full = await encode(open(), source.extension, "full");
      const src = keep(source.stem, full);
      const variants: ImageVariant[] = [];
      if (source.extension !== "gif" && !animated) {
        for (const w of VARIANT_WIDTHS.filter((w) => w < width)) {
          const { data, info } = await encode(open().resize({ width: w }), source.extension, "variant", true);
          // A smaller picture in more bytes (a flat PNG) saves nothing: no copy.
          if (data.length >= full.length) continue;
          variants.push({ src: keep(`${source.stem}-${w}w`, data), width: info.width, height: info.height });
        }
      }
      return { src, width, height, type: IMAGE_TYPES[source.extension], bytes: full.length, variants, files };
    } catch (error) {
      return { problem: `could not be converted (${(error as Error).message})` };
    }
  }
}

function encode(image: sharp.Sharp, extension: ImageExtension, use: "full" | "variant"): Promise<Buffer>;
function encode(
  image: sharp.Sharp,
  extension: ImageExtension,
  use: "full" | "variant",
  info: true,
): Promise<{ data: Buffer; info: sharp.OutputInfo }>;
function encode(image: sharp.Sharp, extension: ImageExtension, use: "full" | "variant", info?: true) {
  const full = use === "full";
  const out =
    extension === "jpg"
      ? image.jpeg({ quality: full ? 90 : 80 })
      : extension === "png"
        ? image.png({ compressionLevel: 9 })
        : extension === "webp"
          ? image.webp({ quality: full ? 90 : 80 })
          : extension === "avif"
            ? image.avif({ quality: full ? 70 : 55, effort: 2 })
            : image.gif();
  return info ? out.toBuffer({ resolveWithObject: true }) : out.toBuffer();
}

/** Removes every file under `dir` whose path (relative to the image folder) is not in `keep`, and folders left empty. */
function pruneTree(dir: string, rel: string, keep: ReadonlySet<string>): boolean {
  let kept = false;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const folder = statSync(path).isDirectory();
    if (folder ? pruneTree(path, `${rel}${name}/`, keep) : keep.has(rel + name)) kept = true;
    else rmSync(path, { recursive: true, force: true });
  }
  return kept;
}

/** Where an article names a local photo: its field for messages, the URL it wrote and the size it stated. */
interface Reference {
  field: string;
  src: string;
  width?: number;
  height?: number;
}

const BODY_IMAGE = /<img src="([^"]*)" alt="([^"]*)"(?: width="(\d+)" height="(\d+)")?>/g;

function references(article: Article): Reference[] {
  const refs: Reference[] = [];
  const lead = article.image;
  if (lead?.src?.startsWith("/"))
    refs.push({
      field: "image.src",
      src: lead.src,
      ...(lead.width !== undefined && { width: lead.width }),
      ...(lead.height !== undefined && { height: lead.height }),
    });
  if (!mayNamePhotos(article)) return refs;
  for (const [, src = "", , w, h] of article.bodyHtml.matchAll(BODY_IMAGE)) {
    if (src.startsWith("/"))
      refs.push({ field: "body", src: decodeHtml(src), ...(w !== undefined && { width: Number(w), height: Number(h) }) });
  }
  return refs;
}

const decodeHtml = (s: string) => s.replaceAll("&quot;", '"').replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&");

export interface ImageResult {
  /** The articles with their local images replaced by what is served (same order). */
  articles: Article[];
  /** Every photo an article uses, by the URL the editor wrote. */
  used: Map<string, ServedImage>;
  /** The URLs each article that shows photos wrote for them (the article as returned). */
  urls: Map<Article, string[]>;
  errors: ContentError[];
}

/**
 * Resolves every local image of these articles: each must be a photo of `sources` that the
 * processor can serve, at the size the article states (if it states one). Each photo is looked
 * at once however many articles use it.
 */
export async function resolveImages(
  articles: readonly Article[],
  files: ReadonlyMap<Article, string>,
  sources: ReadonlyMap<string, SourceImage>,
  processor: ImageProcessor,
  displayDir = "content",
): Promise<ImageResult> {
  const errors: ContentError[] = [];
  const used = new Map<string, ServedImage>();
  const urls = new Map<Article, string[]>();
  const looked = new Map<string, ServedImage | { problem: string }>();
  const out: Article[] = [];
  for (const article of articles) {
    const file = files.get(article) ?? article.slug;
    const refs = references(article);
    let ok = true;
    const seen = new Set<string>();
    for (const ref of refs) {
      const problem = await check(ref);
      if (problem === undefined) continue;
      ok = false;
      // One line per problem: the same bad photo twice in an article is one thing to fix.
      const key = `${problem.field}\0${problem.reason}`;
      if (!seen.has(key)) errors.push({ file, field: problem.field, reason: problem.reason });
      seen.add(key);
    }
    if (ok && refs.length > 0) {
      const served = withServed(article, used);
      urls.set(served, [...new Set(refs.map((ref) => ref.src))]);
      out.push(served);
    } else out.push(article);
  }
  return errors.length > 0 ? { articles: [], used: new Map(), urls: new Map(), errors } : { articles: out, used, urls, errors };

  async function check(ref: Reference): Promise<{ field: string; reason: string } | undefined> {
    if (!ref.src.startsWith(IMAGES_PREFIX) || ref.src.includes("?") || ref.src.includes("#")) {
      return {
        field: ref.field,
        reason: `"${ref.src}": a root-relative image must be a photo in ${displayDir}/images/, named /images/<file>`,
      };
    }
    const source = sources.get(ref.src);
    if (!source) return { field: ref.field, reason: `"${ref.src}" is not a file: there is no ${displayDir}${ref.src}` };
    let served = looked.get(ref.src);
    if (served === undefined) {
      served = await processor.serve(source);
      looked.set(ref.src, served);
    }
    if ("problem" in served) return { field: ref.field, reason: `${source.file} ${served.problem}` };
    used.set(ref.src, served);
    if ((ref.width !== undefined && ref.width !== served.width) || (ref.height !== undefined && ref.height !== served.height)) {
      const stated = ref.field === "body" ? `"${ref.width}x${ref.height}"` : undefined;
      const field = ref.field === "body" ? "body" : ref.width !== undefined && ref.width !== served.width ? "image.width" : "image.height";
      const value = stated ?? (field === "image.width" ? ref.width : ref.height);
      return {
        field,
        reason: `${value} does not match ${source.file}, which is ${served.width} × ${served.height} pixels${
          ref.field === "body" ? "" : " as displayed"
        }; leave the size out and it is read from the file`,
      };
    }
    return undefined;
  }
}

/** The article with each local image replaced by the served one (`used` holds them all). */
function withServed(article: Article, used: ReadonlyMap<string, ServedImage>): Article {
  const next: Article = { ...article };
  const lead = article.image;
  if (lead?.src !== undefined && used.has(lead.src)) {
    const served = used.get(lead.src)!;
    const image: LeadImage = {
      ...lead,
      src: served.src,
      width: served.width,
      height: served.height,
      type: served.type,
      bytes: served.bytes,
      ...(served.variants.length > 0 && { variants: served.variants }),
    };
    next.image = image;
  }
  const rewrite = (html: string) =>
    html.replace(BODY_IMAGE, (tag, src: string, alt: string) => {
      const served = used.get(decodeHtml(src));
      if (!served) return tag;
      return `<img src="${served.src}" alt="${alt}" width="${served.width}" height="${served.height}" loading="lazy"${srcsetAttributes(served)}>`;
    });
  const body = rewrite(article.bodyHtml);
  if (body !== article.bodyHtml) {
    // The end of the lede moves when an image in it was rewritten.
    next.ledeEnd = rewrite(article.bodyHtml.slice(0, article.ledeEnd)).length;
    next.bodyHtml = body;
  }
  return next;
}
