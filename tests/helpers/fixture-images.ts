/**
 * Real, small photos for the tests: a deterministic picture (gradients and a grid, so that
 * orientation and resizing are visible) encoded by sharp. `npx tsx tests/helpers/fixture-images.ts`
 * writes the newsroom fixture's photos (tests/fixtures/newsroom/images/), which are committed.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import sharp from "sharp";

export interface PhotoOptions {
  /** EXIF orientation (1–8): the pixels are stored turned, as a camera held sideways does. */
  orientation?: number;
  /** Where it was taken: written as EXIF GPS, which the service must never pass on. */
  gps?: boolean;
}

/** A picture `width` × `height` as stored (before any EXIF orientation), in `format`. */
export async function photo(
  width: number,
  height: number,
  format: "jpeg" | "png" | "webp" | "avif" | "gif",
  options: PhotoOptions = {},
): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  // A fixed pseudo-random grain, as a photo has: its bytes then grow with its pixels, as a photo's do.
  // Not in a PNG (a drawing, not a photo), which stays small.
  let seed = 12345;
  const grain = () => {
    if (format === "png") return 0;
    seed = (seed * 1103515245 + 12345) >>> 0;
    return (seed >>> 24) % 24;
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const grid = x % 80 < 4 || y % 80 < 4 ? 60 : 0;
      raw[i] = Math.round((x / width) * 180) + grid + grain();
      raw[i + 1] = Math.round((y / height) * 160) + grid + grain();
      raw[i + 2] = 110 + grid + grain();
    }
  }
  let image = sharp(raw, { raw: { width, height, channels: 3 } });
  if (options.orientation !== undefined || options.gps) {
    image = image.withMetadata({ ...(options.orientation !== undefined && { orientation: options.orientation }) });
    if (options.gps)
      image = image.withExif({ IFD0: { Artist: "Fixture camera" }, IFD3: { GPSLatitudeRef: "N", GPSLatitude: "46/1 12/1 30/1" } });
  }
  return image[format](format === "jpeg" ? { quality: 70 } : format === "avif" ? { effort: 0 } : {}).toBuffer();
}

/** The newsroom fixture's photos. */
export const NEWSROOM_PHOTOS: Record<string, () => Promise<Buffer>> = {
  // The lead image of orchestra-returns-to-restored-hall, as a camera wrote it: with its position.
  "concert-hall.jpg": () => photo(1600, 900, "jpeg", { gps: true }),
  // Its body image, stored on its side (800 × 1200 with orientation 6): shown 1200 × 800.
  "concert-hall-ceiling.jpg": () => photo(800, 1200, "jpeg", { orientation: 6 }),
  // The lead image of library-opens-night-reading-room, whose front matter gives no size; a flat
  // drawing, whose 640 px copy would take more bytes than it, so none is made.
  "reading-room.png": () => photo(960, 640, "png"),
  // A body image of comet-visible-this-week, smaller than any copy: served as it is.
  "comet.webp": () => photo(600, 400, "webp"),
  // The lead image of mars-samples-arrive, which partners see before it is published: no page
  // or feed names it, and it is served to no one but a partner, until then.
  "mars-capsule.jpg": () => photo(1200, 800, "jpeg"),
};

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const dir = resolve(import.meta.dirname, "../fixtures/newsroom/images");
  mkdirSync(dir, { recursive: true });
  for (const [name, make] of Object.entries(NEWSROOM_PHOTOS)) {
    const bytes = await make();
    writeFileSync(join(dir, name), bytes);
    console.log(`${name}: ${bytes.length} bytes`);
  }
}
