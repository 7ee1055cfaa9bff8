/**
 * The newsroom's icon, in every size a reader or browser asks for, made at build time
 * with sharp (libvips, whose prebuilt binary ships in its npm package) from one source:
 * `content/site/icon.svg` or `content/site/icon.png` (square; a PNG at least 512 px), or
 * the built-in icon when there is neither.
 *
 * Why rasters: JSON Feed 1.1 asks for a large square `icon` (512 × 512 suggested) and a
 * small `favicon`, and many readers cannot draw SVG; RSS 2.0's `<image>` must be a GIF,
 * JPEG or PNG of at most 144 × 400; Atom's `<logo>` should be twice as wide as high
 * (RFC 4287 §4.2.8).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import type { BuiltFile } from "../core/model.js";
import { ICON_FILES } from "../core/urls.js";
import { mediaTypes } from "../http/media-types.js";
import { icon as builtInIcon } from "../render/assets.js";
import type { ContentError } from "./errors.js";

/** The smallest PNG source accepted: the largest size made from it. */
export const MIN_PNG_SOURCE = 512;
const MAX_SOURCE_BYTES = 5 * 1024 * 1024;
const SOURCES = ["icon.svg", "icon.png"];

export interface IconResult {
  files: BuiltFile[];
  errors: ContentError[];
}

const PNG = "image/png";

/** Every icon file the service serves, from `<contentDir>/site/`; errors name the file. */
export async function buildIcons(contentDir: string, displayDir = "content"): Promise<IconResult> {
  const dir = join(contentDir, "site");
  const shown = `${displayDir}/site`;
  const errors: ContentError[] = [];
  const present = existsSync(dir) && statSync(dir).isDirectory() ? readdirSync(dir).filter((name) => !name.startsWith(".")) : [];
  for (const name of present) {
    if (!SOURCES.includes(name))
      errors.push({ file: `${shown}/${name}`, field: "file", reason: `is not used; ${shown}/ holds only icon.svg or icon.png` });
  }
  const sources = SOURCES.filter((name) => present.includes(name));
  if (sources.length > 1)
    errors.push({ file: `${shown}/icon.png`, field: "file", reason: "give one icon: icon.svg or icon.png, not both" });
  if (errors.length > 0) return { files: [], errors };

  const name = sources[0];
  const file = name ? `${shown}/${name}` : "the built-in icon";
  const bytes = name ? readFileSync(join(dir, name)) : Buffer.from(builtInIcon);
  const fail = (reason: string): IconResult => ({ files: [], errors: [{ file, field: "file", reason }] });
  if (bytes.length > MAX_SOURCE_BYTES) return fail(`is ${bytes.length} bytes; at most ${MAX_SOURCE_BYTES}`);

  const isSvg = name === undefined || name.endsWith(".svg");
  let width: number | undefined;
  let height: number | undefined;
  try {
    const meta = await sharp(bytes).metadata();
    if (meta.format !== (isSvg ? "svg" : "png")) return fail(`is not ${isSvg ? "an SVG" : "a PNG"} file (it reads as ${meta.format})`);
    ({ width, height } = meta);
  } catch (error) {
    return fail(`cannot be read as ${isSvg ? "SVG" : "PNG"}: ${(error as Error).message}`);
  }
  if (!width || !height) return fail("has no size");
  if (width !== height) return fail(`must be square; it is ${width} × ${height}`);
  if (!isSvg && width < MIN_PNG_SOURCE)
    return fail(`is ${width} × ${height}; a PNG icon must be at least ${MIN_PNG_SOURCE} × ${MIN_PNG_SOURCE}`);

  // An SVG is rasterised at the density that gives each size directly (sharp/librsvg).
  const raster = (size: number) => sharp(bytes, isSvg ? { density: Math.min(72 * (size / width!), 100_000) } : {}).resize(size, size);
  const files: BuiltFile[] = [];
  try {
    for (const f of ICON_FILES) {
      let image = raster(f.height);
      if (f.width !== f.height) {
        // The logo: the icon centred on a transparent 2:1 canvas.
        const pad = (f.width - f.height) / 2;
        image = sharp(await image.png().toBuffer()).extend({ left: pad, right: pad, background: { r: 0, g: 0, b: 0, alpha: 0 } });
      }
      const png = await image.png({ compressionLevel: 9 }).toBuffer();
      files.push({ path: f.path, contentType: PNG, base64: png.toString("base64") });
    }
  } catch (error) {
    return fail(`cannot be drawn: ${(error as Error).message}`);
  }
  // The SVG favicon: the source itself, or the 64 px raster wrapped in an SVG when the source is a PNG.
  const favicon = ICON_FILES.find((f) => f.role === "favicon")!;
  const svg = isSvg
    ? bytes.toString("utf8")
    : `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${favicon.width} ${favicon.height}"><image width="${favicon.width}" height="${favicon.height}" href="data:image/png;base64,${files.find((f) => f.path === favicon.path)!.base64}"/></svg>\n`;
  files.push({ path: "/favicon.svg", contentType: mediaTypes.svg, base64: Buffer.from(svg).toString("base64") });
  return { files, errors: [] };
}
