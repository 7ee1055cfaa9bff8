// The newsroom's photos at build time (src/content-build/build-photos.ts): what each article's
// local image becomes (served name, real size, smaller copies), what is served (never EXIF),
// the cache between builds, and one bad fixture per rule, each failing the whole build.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { deflateSync } from "node:zlib";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { buildContent } from "../../src/content-build/build-content.js";
import {
  ImageProcessor,
  listImages,
  MAX_IMAGE_BYTES,
  MAX_IMAGE_SIDE,
  resolveImages,
  type ServedImage,
  VARIANT_WIDTHS,
} from "../../src/content-build/build-photos.js";
import { buildSite } from "../../src/content-build/build-site.js";
import { formatError } from "../../src/content-build/errors.js";
import { IMAGE_SIZES, IMAGES_PREFIX } from "../../src/core/photo-names.js";
import { photo } from "../helpers/fixture-images.js";
import { articleFile, validBody, validFields } from "../helpers/fixtures.js";
import { afterGifHeader, afterIhdr, afterSoi, gifApplication, jpegSegment, pngChunk } from "../helpers/image-bytes.js";
import { tempFolders } from "../helpers/temp-folders.js";

const folders = tempFolders();

/** A content folder holding these files; `images/` is always there (list a subfolder before its files). */
const folder = (files: Record<string, string | Uint8Array>) => folders.withFiles({ "images/": "", ...files }, "images-");

/** An article file: story `n` (its own id and time) with these extra front-matter fields. */
function story(n: number, extra: Record<string, unknown> = {}, body: string = validBody): string {
  const id = `urn:uuid:00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
  return articleFile({ ...validFields(), id, published: `2026-03-0${n}T09:00:00Z`, ...extra }, body);
}

/** Front matter naming a local photo as its lead image. */
const lead = (src: string, extra: Record<string, unknown> = {}) => ({ image: { src, alt: "Delegates at the table", ...extra } });

const processorIn = (cacheDir: string) => new ImageProcessor(cacheDir, "test");

/** `dir` built with a fresh cache. */
async function build(dir: string) {
  const processor = processorIn(folders.make("image-cache-"));
  return { processor, site: await buildSite(dir, processor) };
}

/** The messages of a build that must fail, which returns nothing to serve. */
async function failure(files: Record<string, string | Uint8Array>): Promise<string[]> {
  const { site } = await build(folder(files));
  expect(site.articles).toEqual([]);
  expect(site.photos).toEqual([]);
  expect(site.icons).toEqual([]);
  return site.errors.map(formatError);
}

/** The served files of these photos, copied as the CLI copies them, by served URL. */
function published(processor: ImageProcessor, photos: readonly ServedImage[]): Map<string, Buffer> {
  const dir = folders.make("served-images-");
  processor.publish(dir, photos);
  const names = photos.flatMap((p) => p.files.map((f) => f.name));
  return new Map(names.map((name) => [IMAGES_PREFIX + name, readFileSync(join(dir, name))]));
}

/** The served photo named `name` (`geneva`, or `plain.png` for one of several extensions). */
function served(site: { photos: ServedImage[] }, name: string): ServedImage {
  const [stem, extension] = name.split(".");
  return site.photos.find(
    (p) => p.src.startsWith(`${IMAGES_PREFIX}${stem}.`) && (extension === undefined || p.src.endsWith(`.${extension}`)),
  )!;
}
const hex16 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex").slice(0, 16);

/** A PNG of only a header (IHDR, an empty IDAT, IEND): sharp reads its size without pixels to decode. */
function pngHeaderOnly(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth; colour type 0 (grey)
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", ihdr),
    pngChunk("IDAT", deflateSync(Buffer.alloc(0))),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

describe("listImages", () => {
  it("names each photo by the URL an article writes, with its stem and served extension; skips dotfiles", async () => {
    const bytes = await photo(8, 8, "jpeg");
    const dir = folder({ "images/2026/": "", "images/2026/geneva.jpg": bytes, "images/Scan_01.JPEG": bytes, "images/.DS_Store": "junk" });
    const { sources, errors } = listImages(dir);
    expect(errors).toEqual([]);
    expect([...sources.entries()]).toEqual([
      [
        "/images/2026/geneva.jpg",
        { file: "content/images/2026/geneva.jpg", path: join(dir, "images/2026/geneva.jpg"), stem: "2026/geneva", extension: "jpg" },
      ],
      [
        "/images/Scan_01.JPEG",
        { file: "content/images/Scan_01.JPEG", path: join(dir, "images/Scan_01.JPEG"), stem: "Scan_01", extension: "jpg" },
      ],
    ]);
    expect(listImages(dir, "newsroom").sources.get("/images/2026/geneva.jpg")?.file).toBe("newsroom/images/2026/geneva.jpg");
  });

  it("no images/ folder: no photos and no problems", () => {
    expect(listImages(folders.make("no-images-"))).toEqual({ sources: new Map(), errors: [] });
  });

  it("a path longer than 200 characters is refused", () => {
    const long = "a".repeat(200);
    const { sources, errors } = listImages(folder({ [`images/${long}/`]: "", [`images/${long}/x.png`]: "" }));
    expect(sources.size).toBe(0);
    expect(errors.map(formatError)).toEqual([`content/images/${long}/x.png: file: has a path of 206 characters; at most 200`]);
  });
});

describe("photos: what an article's image becomes", () => {
  it("a lead image without a size gets the file's size, type, bytes and copies, at a name made of its bytes", async () => {
    const dir = folder({
      "images/geneva.jpg": await photo(1600, 900, "jpeg", { gps: true }),
      "a.md": story(1, lead("/images/geneva.jpg")),
    });
    const { processor, site } = await build(dir);
    expect(site.errors).toEqual([]);
    expect(site.imageFiles).toBe(1);
    const image = site.articles[0]!.image!;
    expect(image.src).toMatch(/^\/images\/geneva\.[0-9a-f]{16}\.jpg$/);
    const files = published(processor, site.photos);
    const full = files.get(image.src!)!;
    expect(image).toEqual({
      src: image.src,
      alt: "Delegates at the table",
      republishable: false,
      width: 1600,
      height: 900,
      type: "image/jpeg",
      bytes: full.length,
      variants: [
        { src: expect.stringMatching(/^\/images\/geneva-640w\.[0-9a-f]{16}\.jpg$/), width: 640, height: 360 },
        { src: expect.stringMatching(/^\/images\/geneva-1280w\.[0-9a-f]{16}\.jpg$/), width: 1280, height: 720 },
      ],
    });
    const { alt: _alt, republishable: _republishable, ...facts } = image;
    expect(site.photos).toEqual([{ ...facts, files: expect.any(Array) }]);
    // Every served name carries the first 16 hex digits of its own bytes' SHA-256, at the size it says.
    expect([...files.keys()].sort()).toEqual([image.src, ...image.variants!.map((v) => v.src)].sort());
    for (const [src, bytes] of files) {
      expect(src).toContain(`.${hex16(bytes)}.jpg`);
      const meta = await sharp(bytes).metadata();
      const stated = src === image.src ? image : image.variants!.find((v) => v.src === src)!;
      expect([meta.format, meta.width, meta.height], src).toEqual(["jpeg", stated.width, stated.height]);
      expect(bytes.length).toBeLessThanOrEqual(full.length);
    }
  });

  it("a size the editor states that agrees with the file is accepted", async () => {
    const dir = folder({
      "images/x.png": await photo(300, 200, "png"),
      "a.md": story(1, lead("/images/x.png", { width: 300, height: 200 })),
    });
    const { site } = await build(dir);
    expect(site.errors).toEqual([]);
    expect(site.articles[0]!.image).toMatchObject({ width: 300, height: 200, type: "image/png" });
  });

  it.each([
    [1600, [...VARIANT_WIDTHS]],
    [700, [640]],
    [640, []],
    [600, []],
  ])("a %i-wide photo gets copies %j (never as wide as the file)", async (width, widths) => {
    // Re-encoded (it carries GPS) at a quality its copies beat by far in bytes: only the widths decide.
    const dir = folder({ "images/x.webp": await photo(width, 400, "webp", { gps: true }), "a.md": story(1, lead("/images/x.webp")) });
    const { site } = await build(dir);
    expect(site.errors).toEqual([]);
    const image = site.articles[0]!.image!;
    expect(image.variants?.map((v) => v.width) ?? []).toEqual(widths);
    expect(image.variants?.map((v) => v.height)).toEqual(widths.length > 0 ? widths.map((w) => Math.round((400 * w) / width)) : undefined);
  });

  it("a copy that would take as many bytes as the file is not made", async () => {
    // A drawing-like PNG (no grain) compresses so well that its smaller copies take more bytes.
    const png = await photo(1600, 400, "png");
    const dir = folder({ "images/x.png": png, "a.md": story(1, lead("/images/x.png")) });
    const { processor, site } = await build(dir);
    expect(site.errors).toEqual([]);
    const image = site.articles[0]!.image!;
    expect(image).toMatchObject({ width: 1600, height: 400, bytes: png.length });
    expect(image.variants).toBeUndefined();
    expect([...published(processor, site.photos).keys()]).toEqual([image.src]);
  });

  it("EXIF orientation 6: a photo stored 800 × 1200 is 1200 × 800, served upright without EXIF", async () => {
    const source = await photo(800, 1200, "jpeg", { orientation: 6 });
    expect(await sharp(source).metadata()).toMatchObject({ width: 800, height: 1200, orientation: 6 });
    const { processor, site } = await build(folder({ "images/hall.jpg": source, "a.md": story(1, lead("/images/hall.jpg")) }));
    expect(site.errors).toEqual([]);
    const image = site.articles[0]!.image!;
    expect(image).toMatchObject({ width: 1200, height: 800, variants: [{ width: 640, height: 427 }] });
    const files = published(processor, site.photos);
    for (const [src, bytes] of files) {
      const meta = await sharp(bytes).metadata();
      expect(meta.exif, src).toBeUndefined();
      expect(meta.orientation, src).toBeUndefined();
      expect([meta.width, meta.height], src).toEqual(src === image.src ? [1200, 800] : [640, 427]);
    }
    // Turned, not only relabelled: the stored picture's red grows left to right; orientation 6 (90° clockwise)
    // puts its left edge at the top, so the served picture's red grows top to bottom.
    const { data, info } = await sharp(files.get(image.src!)!).raw().toBuffer({ resolveWithObject: true });
    expect(info).toMatchObject({ width: 1200, height: 800 });
    const red = (x: number, y: number) => data[(y * info.width + x) * info.channels]!;
    expect(red(600, 790)).toBeGreaterThan(red(600, 10) + 100);
  });

  it("states the stored size of a turned photo: the message gives the size as displayed", async () => {
    const errors = await failure({
      "images/hall.jpg": await photo(800, 1200, "jpeg", { orientation: 6 }),
      "a.md": story(1, lead("/images/hall.jpg", { width: 800, height: 1200 })),
    });
    expect(errors).toEqual([
      "content/a.md: image.width: 800 does not match content/images/hall.jpg, which is 1200 × 800 pixels as displayed; leave the size out and it is read from the file",
    ]);
  });

  it("a JPEG with GPS EXIF is served without any EXIF; a plain PNG or JPEG is served byte for byte", async () => {
    const gps = await photo(600, 400, "jpeg", { gps: true });
    expect((await sharp(gps).metadata()).exif).toBeDefined();
    const png = await photo(300, 200, "png");
    const jpeg = await photo(300, 200, "jpeg");
    const dir = folder({
      "images/gps.jpg": gps,
      "images/plain.png": png,
      "images/plain.jpg": jpeg,
      "a.md": story(1, lead("/images/gps.jpg"), "Lede.\n\n![A chart](/images/plain.png)\n\n![A view](/images/plain.jpg)\n"),
    });
    const { processor, site } = await build(dir);
    expect(site.errors).toEqual([]);
    const files = published(processor, site.photos);
    const gpsServed = files.get(served(site, "gps").src)!;
    expect(gpsServed.equals(gps)).toBe(false);
    const meta = await sharp(gpsServed).metadata();
    expect([meta.exif, meta.xmp, meta.iptc, meta.width, meta.height]).toEqual([undefined, undefined, undefined, 600, 400]);
    expect(gpsServed.includes(Buffer.from("Fixture camera"))).toBe(false);
    expect(served(site, "plain.png").src).toBe(`/images/plain.${hex16(png)}.png`);
    expect(files.get(served(site, "plain.png").src)!.equals(png)).toBe(true);
    expect(served(site, "plain.jpg").src).toBe(`/images/plain.${hex16(jpeg)}.jpg`);
    expect(files.get(served(site, "plain.jpg").src)!.equals(jpeg)).toBe(true);
  });

  it.each([
    ["GIF wider than a copy", "gif", "gif", "image/gif", 660, 40],
    ["WebP", "webp", "webp", "image/webp", 64, 48],
    ["AVIF", "avif", "avif", "image/avif", 64, 48],
    ["JPEG named .jpeg", "jpeg", "jpeg", "image/jpeg", 64, 48],
  ] as const)("%s is accepted", async (_name, format, extension, type, width, height) => {
    const bytes = await photo(width, height, format);
    const dir = folder({ [`images/x.${extension}`]: bytes, "a.md": story(1, lead(`/images/x.${extension}`)) });
    const { processor, site } = await build(dir);
    expect(site.errors).toEqual([]);
    const image = site.articles[0]!.image!;
    const servedExtension = extension === "jpeg" ? "jpg" : extension;
    expect(image).toMatchObject({ src: `/images/x.${hex16(bytes)}.${servedExtension}`, width, height, type, bytes: bytes.length });
    // No copies: GIF is never resized (it loses frames), the others are narrower than 640.
    expect(image.variants).toBeUndefined();
    expect(published(processor, site.photos).get(image.src!)!.equals(bytes)).toBe(true);
  });

  it("body images get the served src, their size, lazy loading and a srcset; the lede still ends after its paragraph", async () => {
    const body = [
      "The talks resumed ![Delegates at the table](/images/geneva.jpg) on Wednesday.",
      "",
      "## In the hall",
      "",
      '![A comet](/images/comet.webp "600x400")',
      "",
    ].join("\n");
    const dir = folder({
      "images/geneva.jpg": await photo(1600, 900, "jpeg", { gps: true }),
      "images/comet.webp": await photo(600, 400, "webp"),
      "a.md": story(1, {}, body),
    });
    const { site } = await build(dir);
    expect(site.errors).toEqual([]);
    const article = site.articles[0]!;
    const geneva = served(site, "geneva");
    const comet = served(site, "comet");
    expect(geneva.variants).toHaveLength(2);
    expect(comet.variants).toEqual([]);
    const srcset = `${geneva.variants[0]!.src} 640w, ${geneva.variants[1]!.src} 1280w, ${geneva.src} 1600w`;
    const ledeHtml = `<p>The talks resumed <img src="${geneva.src}" alt="Delegates at the table" width="1600" height="900" loading="lazy" srcset="${srcset}" sizes="${IMAGE_SIZES}"> on Wednesday.</p>\n`;
    expect(article.bodyHtml).toBe(
      `${ledeHtml}<h2>In the hall</h2>\n<p><img src="${comet.src}" alt="A comet" width="600" height="400" loading="lazy"></p>\n`,
    );
    expect(article.bodyHtml.slice(0, article.ledeEnd)).toBe(ledeHtml);
    expect(article.image).toBeUndefined();
  });

  it("a photo used by two articles is looked at once", async () => {
    const dir = folder({
      "images/geneva.jpg": await photo(300, 200, "jpeg"),
      "a.md": story(1, lead("/images/geneva.jpg")),
      "b.md": story(2, {}, "Lede.\n\n![Delegates](/images/geneva.jpg)\n"),
    });
    const { processor, site } = await build(dir);
    expect(site.errors).toEqual([]);
    expect([processor.made, processor.reused]).toEqual([1, 0]);
    expect(site.photos).toHaveLength(1);
    expect(site.articles.map((a) => a.slug)).toEqual(["b", "a"]);
    expect(site.articles[1]!.image!.src).toBe(site.photos[0]!.src);
    expect(site.articles[0]!.bodyHtml).toContain(
      `<img src="${site.photos[0]!.src}" alt="Delegates" width="300" height="200" loading="lazy">`,
    );
  });

  it("resolveImages: the used photos by the URL the editor wrote, and nothing when one is wrong", async () => {
    const dir = folder({
      "images/geneva.jpg": await photo(300, 200, "jpeg"),
      "a.md": story(1, lead("/images/geneva.jpg")),
      "b.md": story(2, lead("/images/gone.jpg")),
    });
    const content = buildContent(dir);
    expect(content.errors).toEqual([]);
    const { sources } = listImages(dir);
    const processor = processorIn(folders.make("image-cache-"));
    const good = content.articles.filter((a) => a.slug === "a");
    const ok = await resolveImages(good, content.files, sources, processor);
    expect(ok.errors).toEqual([]);
    expect([...ok.used.keys()]).toEqual(["/images/geneva.jpg"]);
    expect(ok.articles[0]!.image!.src).toBe(ok.used.get("/images/geneva.jpg")!.src);
    // An article the caller did not name a file for is named by its slug.
    const bad = await resolveImages(content.articles, new Map(), sources, processor);
    expect(bad.articles).toEqual([]);
    expect(bad.used).toEqual(new Map());
    expect(bad.errors.map(formatError)).toEqual(['b: image.src: "/images/gone.jpg" is not a file: there is no content/images/gone.jpg']);
  });
});

describe("photos: the cache between builds", () => {
  async function site() {
    return folder({
      "images/geneva.jpg": await photo(1600, 900, "jpeg", { gps: true }),
      "images/comet.webp": await photo(600, 400, "webp"),
      "a.md": story(1, lead("/images/geneva.jpg"), "Lede.\n\n![A comet](/images/comet.webp)\n"),
    });
  }

  it("a second build reuses every photo and gives the same articles", async () => {
    const dir = await site();
    const cache = folders.make("image-cache-");
    const first = processorIn(cache);
    const one = await buildSite(dir, first);
    expect(one.errors).toEqual([]);
    expect([first.made, first.reused]).toEqual([2, 0]);
    const second = processorIn(cache);
    const two = await buildSite(dir, second);
    expect([second.made, second.reused]).toEqual([0, 2]);
    expect(two.articles).toEqual(one.articles);
    expect(two.photos).toEqual(one.photos);
    // Another version of the build code looks again, and finds the same.
    const other = new ImageProcessor(cache, "other");
    expect((await buildSite(dir, other)).articles).toEqual(one.articles);
    expect([other.made, other.reused]).toEqual([2, 0]);
  });

  it("a changed photo, or a made file missing from the cache, is looked at again", async () => {
    const dir = await site();
    const cache = folders.make("image-cache-");
    const one = await buildSite(dir, processorIn(cache));
    writeFileSync(join(dir, "images/comet.webp"), await photo(500, 400, "webp"));
    const changed = processorIn(cache);
    const two = await buildSite(dir, changed);
    expect([changed.made, changed.reused]).toEqual([1, 1]);
    expect(served(two, "comet").src).not.toBe(served(one, "comet").src);
    expect(served(two, "comet").width).toBe(500);
    for (const name of readdirSync(join(cache, "files"))) rmSync(join(cache, "files", name));
    const emptied = processorIn(cache);
    const three = await buildSite(dir, emptied);
    expect([emptied.made, emptied.reused]).toEqual([2, 0]);
    expect(three.articles).toEqual(two.articles);
  });
});

describe("photos: one bad fixture per rule, and the build returns nothing", () => {
  const good = () => story(1);

  it.each([
    ["a text file", "notes.txt", "is not an image the service serves: use JPEG (.jpg), PNG, WebP, AVIF or GIF"],
    ["a TIFF", "scan.tiff", "is not an image the service serves: use JPEG (.jpg), PNG, WebP, AVIF or GIF"],
    ["a file without extension", "README", "is not an image the service serves: use JPEG (.jpg), PNG, WebP, AVIF or GIF"],
    ["an SVG", "logo.svg", "SVG is not served (it can carry script): export the picture as PNG or WebP"],
    ["an SVG in capitals", "LOGO.SVG", "SVG is not served (it can carry script): export the picture as PNG or WebP"],
  ])("%s in images/", async (_name, file, reason) => {
    const bytes = file.endsWith(".tiff")
      ? await sharp({ create: { width: 4, height: 4, channels: 3, background: "#000" } })
          .tiff()
          .toBuffer()
      : '<svg xmlns="http://www.w3.org/2000/svg"/>';
    expect(await failure({ [`images/${file}`]: bytes, "a.md": good() })).toEqual([`content/images/${file}: file: ${reason}`]);
  });

  const fileName =
    "is not a name the service can serve at a plain URL: rename the file with letters, digits, - and _ only before its extension (no spaces, no other dots)";
  it.each([
    ["a space", "my photo.jpg"],
    ["an extra dot", "geneva.2026.jpg"],
    ["a leading dash", "-geneva.jpg"],
  ])("a file name with %s", async (_name, file) => {
    expect(await failure({ [`images/${file}`]: await photo(8, 8, "jpeg"), "a.md": good() })).toEqual([
      `content/images/${file}: file: ${fileName}`,
    ]);
  });

  it("a folder name with a space, whose photos are not looked at", async () => {
    expect(await failure({ "images/my trip/": "", "images/my trip/x.jpg": "not even a photo", "a.md": good() })).toEqual([
      "content/images/my trip: file: is not a name the service can serve at a plain URL: rename the folder with letters, digits, - and _ only",
    ]);
  });

  it("problems in the articles and in images/ are reported together, articles first", async () => {
    expect(await failure({ "images/notes.txt": "", "images/a b.png": "", "b.md": story(2, { title: "" }) })).toEqual([
      "content/b.md: title: must not be empty",
      `content/images/a b.png: file: ${fileName}`,
      "content/images/notes.txt: file: is not an image the service serves: use JPEG (.jpg), PNG, WebP, AVIF or GIF",
    ]);
  });

  it("problems in images/ and in an article's image are reported together", async () => {
    expect(await failure({ "images/notes.txt": "", "a.md": story(1, lead("/images/missing.jpg")) })).toEqual([
      "content/images/notes.txt: file: is not an image the service serves: use JPEG (.jpg), PNG, WebP, AVIF or GIF",
      'content/a.md: image.src: "/images/missing.jpg" is not a file: there is no content/images/missing.jpg',
    ]);
  });

  it.each([
    [
      "a lead image that is not in images/",
      async () => ({ "a.md": story(1, lead("/images/missing.jpg")) }),
      'content/a.md: image.src: "/images/missing.jpg" is not a file: there is no content/images/missing.jpg',
    ],
    [
      "a body image that is not in images/",
      async () => ({ "a.md": story(1, {}, "Lede.\n\n![Gone](/images/2026/missing.png)\n") }),
      'content/a.md: body: "/images/2026/missing.png" is not a file: there is no content/images/2026/missing.png',
    ],
    [
      "a lead image root-relative outside /images/",
      async () => ({ "a.md": story(1, lead("/media/x.jpg")), "images/x.jpg": await photo(8, 8, "jpeg") }),
      'content/a.md: image.src: "/media/x.jpg": a root-relative image must be a photo in content/images/, named /images/<file>',
    ],
    [
      "a body image root-relative outside /images/",
      async () => ({ "a.md": story(1, {}, "Lede.\n\n![X](/media/x.jpg)\n") }),
      'content/a.md: body: "/media/x.jpg": a root-relative image must be a photo in content/images/, named /images/<file>',
    ],
    [
      "a lead image with a query",
      async () => ({ "a.md": story(1, lead("/images/x.jpg?v=2")), "images/x.jpg": await photo(8, 8, "jpeg") }),
      'content/a.md: image.src: "/images/x.jpg?v=2": a root-relative image must be a photo in content/images/, named /images/<file>',
    ],
    [
      "an unreadable image",
      async () => ({
        "images/x.jpg": Buffer.from(Array.from({ length: 256 }, (_, i) => (i * 37 + 11) % 256)),
        "a.md": story(1, lead("/images/x.jpg")),
      }),
      "content/a.md: image.src: content/images/x.jpg is not a readable image (Input buffer contains unsupported image format)",
    ],
    [
      "a PNG named .jpg",
      async () => ({ "images/x.jpg": await photo(8, 8, "png"), "a.md": story(1, lead("/images/x.jpg")) }),
      "content/a.md: image.src: content/images/x.jpg is a PNG file, not the JPG its name says: convert it, or rename it",
    ],
    [
      "a JPEG named .webp",
      async () => ({ "images/x.webp": await photo(8, 8, "jpeg"), "a.md": story(1, {}, "Lede.\n\n![X](/images/x.webp)\n") }),
      "content/a.md: body: content/images/x.webp is a JPEG file, not the WEBP its name says: convert it, or rename it",
    ],
    [
      "a stated width that disagrees",
      async () => ({
        "images/x.jpg": await photo(800, 600, "jpeg"),
        "a.md": story(1, lead("/images/x.jpg", { width: 1600, height: 600 })),
      }),
      "content/a.md: image.width: 1600 does not match content/images/x.jpg, which is 800 × 600 pixels as displayed; leave the size out and it is read from the file",
    ],
    [
      "a stated height that disagrees",
      async () => ({ "images/x.jpg": await photo(800, 600, "jpeg"), "a.md": story(1, lead("/images/x.jpg", { height: 900 })) }),
      "content/a.md: image.height: 900 does not match content/images/x.jpg, which is 800 × 600 pixels as displayed; leave the size out and it is read from the file",
    ],
    [
      "a body image whose stated size disagrees",
      async () => ({ "images/x.jpg": await photo(800, 600, "jpeg"), "a.md": story(1, {}, 'Lede.\n\n![X](/images/x.jpg "10x10")\n') }),
      'content/a.md: body: "10x10" does not match content/images/x.jpg, which is 800 × 600 pixels; leave the size out and it is read from the file',
    ],
    [
      "a file over 10 MiB",
      async () => {
        const small = await photo(8, 8, "jpeg");
        return {
          "images/x.jpg": Buffer.concat([small, Buffer.alloc(MAX_IMAGE_BYTES + 1 - small.length)]),
          "a.md": story(1, lead("/images/x.jpg")),
        };
      },
      "content/a.md: image.src: content/images/x.jpg is 10485761 bytes; at most 10485760 (10 MiB)",
    ],
    [
      "a photo wider than 20000 pixels",
      async () => ({ "images/x.png": await photo(MAX_IMAGE_SIDE + 1, 1, "png"), "a.md": story(1, lead("/images/x.png")) }),
      "content/a.md: image.src: content/images/x.png is 20001 × 1 pixels; at most 20000 on each side",
    ],
    [
      "a photo taller than 20000 pixels (its header only)",
      async () => ({ "images/x.png": pngHeaderOnly(2, MAX_IMAGE_SIDE + 1), "a.md": story(1, lead("/images/x.png")) }),
      "content/a.md: image.src: content/images/x.png is 2 × 20001 pixels; at most 20000 on each side",
    ],
    [
      "a photo of more than 50 million pixels (its header only)",
      async () => ({ "images/x.png": pngHeaderOnly(10_000, 5_001), "a.md": story(1, lead("/images/x.png")) }),
      "content/a.md: image.src: content/images/x.png has more than 50,000,000 pixels; at most that",
    ],
  ])("%s", async (_name, files, message) => {
    expect(await failure({ ...(await files()), "z.md": story(9) })).toEqual([message]);
  });

  it("a file of exactly 10 MiB is accepted", async () => {
    const small = await photo(8, 8, "jpeg");
    const big = Buffer.concat([small, Buffer.alloc(MAX_IMAGE_BYTES - small.length)]);
    const { site } = await build(folder({ "images/x.jpg": big, "a.md": story(1, lead("/images/x.jpg")) }));
    expect(site.errors).toEqual([]);
    // Accepted; the padding after the picture's end is not passed on (the photo is re-encoded without it).
    expect(site.articles[0]!.image).toMatchObject({ width: 8, height: 8 });
    expect(site.articles[0]!.image!.bytes).toBeLessThan(1000);
  });

  it("a bad photo fails the whole build, named in every article that uses it", async () => {
    const errors = await failure({
      "images/x.jpg": await photo(8, 8, "png"),
      "images/y.jpg": await photo(8, 8, "jpeg"),
      "a.md": story(1, lead("/images/x.jpg")),
      "b.md": story(2, {}, "Lede.\n\n![X](/images/x.jpg)\n"),
      "c.md": story(3, lead("/images/y.jpg")),
    });
    // In the order of the articles, newest first.
    expect(errors).toEqual([
      "content/b.md: body: content/images/x.jpg is a PNG file, not the JPG its name says: convert it, or rename it",
      "content/a.md: image.src: content/images/x.jpg is a PNG file, not the JPG its name says: convert it, or rename it",
    ]);
  });
});

describe("photos: what a file carries beyond its pixels is never served", () => {
  const text = "Taken at 46.2N 6.1E by Fixture camera";
  const withPngText = (png: Buffer) => afterIhdr(png, pngChunk("tEXt", Buffer.from(`Comment\0${text}`, "latin1")));
  const withJpegComment = (jpeg: Buffer) => afterSoi(jpeg, jpegSegment(0xfe, Buffer.from(text, "latin1")));
  const withGifXmp = (gif: Buffer) =>
    afterGifHeader(gif, gifApplication("XMP DataXMP", Buffer.from(`<x:xmpmeta xmlns:x="adobe:ns:meta/">${text}</x:xmpmeta>`, "latin1")));

  it.each([
    ["a PNG with a text chunk", "png", withPngText],
    ["a JPEG with a comment", "jpeg", withJpegComment],
    ["a GIF with an XMP block", "gif", withGifXmp],
  ] as const)("%s is re-encoded without it, at its own size", async (_name, format, add) => {
    const bytes = add(await photo(120, 80, format));
    expect(bytes.includes(Buffer.from(text))).toBe(true);
    const extension = format === "jpeg" ? "jpg" : format;
    const dir = folder({ [`images/x.${extension}`]: bytes, "a.md": story(1, lead(`/images/x.${extension}`)) });
    const { processor, site } = await build(dir);
    expect(site.errors).toEqual([]);
    const image = site.articles[0]!.image!;
    const file = published(processor, site.photos).get(image.src!)!;
    expect(file.includes(Buffer.from(text))).toBe(false);
    expect(image).toMatchObject({ width: 120, height: 80, bytes: file.length });
    expect(image.src).toBe(`/images/x.${hex16(file)}.${extension}`);
    const meta = await sharp(file).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual([format, 120, 80]);
  });
});

describe("photos: how problems are reported", () => {
  it("a photo's problem is reported even when another article has errors of its own", async () => {
    expect(await failure({ "a.md": story(1, lead("/images/missing.jpg")), "b.md": story(2, { title: "" }) })).toEqual([
      "content/b.md: title: must not be empty",
      'content/a.md: image.src: "/images/missing.jpg" is not a file: there is no content/images/missing.jpg',
    ]);
  });

  it("an article that names the same missing photo twice gets one line for it", async () => {
    const body = "Lede.\n\n![One](/images/gone.png)\n\nMore.\n\n![Again](/images/gone.png)\n";
    expect(await failure({ "a.md": story(1, {}, body) })).toEqual([
      'content/a.md: body: "/images/gone.png" is not a file: there is no content/images/gone.png',
    ]);
  });

  it("messages name the content folder as the editor gave it", async () => {
    const dir = folder({ "images/notes.txt": "", "a.md": story(1, lead("/images/missing.jpg")) });
    const site = await buildSite(dir, processorIn(folders.make("image-cache-")), { displayDir: "newsroom/content" });
    expect(site.errors.map(formatError)).toEqual([
      "newsroom/content/images/notes.txt: file: is not an image the service serves: use JPEG (.jpg), PNG, WebP, AVIF or GIF",
      'newsroom/content/a.md: image.src: "/images/missing.jpg" is not a file: there is no newsroom/content/images/missing.jpg',
    ]);
  });
});
