// What a photo file holds beyond its pixels and colour profile, read from its own structure
// (src/content-build/image-metadata.ts): sharp's plain outputs hold nothing more; EXIF, XMP,
// comments, text chunks, unknown blocks, bytes after the end and truncated files all count.
// Each altered file is made by byte surgery on a tiny sharp output, and still decodes.
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { carriesMoreThanPixels } from "../../src/content-build/image-metadata.js";
import {
  afterGifHeader,
  afterIhdr,
  afterSoi,
  gifApplication,
  gifComment,
  IHDR_END,
  jpegSegment,
  pngChunk,
  webpChunk,
  webpWith,
} from "../helpers/image-bytes.js";

/** A tiny picture, as sharp would start any output. */
const tiny = () => sharp({ create: { width: 8, height: 6, channels: 3, background: "#336699" } });
const EXIF = { IFD0: { Artist: "Fixture camera" }, IFD3: { GPSLatitudeRef: "N", GPSLatitude: "46/1 12/1 30/1" } };
const TEXT = Buffer.from("Taken at 46.2N 6.1E by Fixture camera");

/** Sharp still reads these bytes, at the size they were made: what is tested is a real photo file. */
async function decodes(bytes: Buffer, animated = false): Promise<void> {
  const { info } = await sharp(bytes, { animated }).raw().toBuffer({ resolveWithObject: true });
  expect([info.width, info.height]).toEqual([8, animated ? 12 : 6]);
}

/**
 * A 32 × 8 grey baseline JPEG written by hand with a restart interval of one MCU, so that its
 * scan holds RST0–RST2: each 8 × 8 block is DC difference 0 then end-of-block, with one-code
 * Huffman tables ("0" for each), padded with ones to a byte (0x3f).
 */
function jpegWithRestarts(): Buffer {
  const oneCodeTable = (tableClass: number) => Buffer.from([tableClass, 1, ...Array(15).fill(0), 0]);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    jpegSegment(0xdb, Buffer.from([0, ...Array(64).fill(1)])),
    jpegSegment(0xc0, Buffer.from([8, 0, 8, 0, 32, 1, 1, 0x11, 0])),
    jpegSegment(0xc4, oneCodeTable(0x00)),
    jpegSegment(0xc4, oneCodeTable(0x10)),
    jpegSegment(0xdd, Buffer.from([0, 1])),
    jpegSegment(0xda, Buffer.from([1, 1, 0x00, 0, 63, 0])),
    Buffer.from([0x3f, 0xff, 0xd0, 0x3f, 0xff, 0xd1, 0x3f, 0xff, 0xd2, 0x3f]),
    Buffer.from([0xff, 0xd9]),
  ]);
}

/** Two 8 × 6 frames, looping: sharp writes a NETSCAPE2.0 block and a graphic control block per frame. */
async function animatedGif(): Promise<Buffer> {
  const frame = (background: string) =>
    sharp({ create: { width: 8, height: 6, channels: 3, background } })
      .png()
      .toBuffer();
  return sharp([await frame("#336699"), await frame("#996633")], { join: { animated: true } })
    .gif({ loop: 0 })
    .toBuffer();
}

describe("carriesMoreThanPixels: sharp's own outputs", () => {
  it.each([
    ["jpeg", "jpg", () => tiny().jpeg().toBuffer()],
    ["progressive jpeg (segments between its scans)", "jpg", () => tiny().jpeg({ progressive: true }).toBuffer()],
    ["mozjpeg (progressive, its own tables)", "jpg", () => tiny().jpeg({ mozjpeg: true }).toBuffer()],
    ["png", "png", () => tiny().png().toBuffer()],
    ["palette png with transparency (PLTE, tRNS)", "png", () => tiny().ensureAlpha(0.5).png({ palette: true }).toBuffer()],
    ["lossy webp", "webp", () => tiny().webp().toBuffer()],
    ["lossless webp", "webp", () => tiny().webp({ lossless: true }).toBuffer()],
    ["webp with alpha (VP8X, ALPH)", "webp", () => tiny().ensureAlpha(0.5).webp().toBuffer()],
    ["gif", "gif", () => tiny().gif().toBuffer()],
  ] as const)("plain %s: nothing more", async (_name, extension, make) => {
    const bytes = await make();
    expect(carriesMoreThanPixels(bytes, extension)).toBe(false);
  });

  it("a progressive JPEG is what the test says it is: several scans", async () => {
    const bytes = await tiny().jpeg({ progressive: true }).toBuffer();
    expect((await sharp(bytes).metadata()).isProgressive).toBe(true);
    let scans = 0;
    for (let i = bytes.indexOf(0xff); i >= 0; i = bytes.indexOf(0xff, i + 1)) if (bytes[i + 1] === 0xda) scans++;
    expect(scans).toBeGreaterThan(1);
  });

  it("an animated GIF (a looping block, a frame timing block per frame): nothing more", async () => {
    const gif = await animatedGif();
    expect((await sharp(gif, { animated: true }).metadata()).pages).toBe(2);
    expect(gif.includes(Buffer.from("NETSCAPE2.0"))).toBe(true);
    expect(carriesMoreThanPixels(gif, "gif")).toBe(false);
  });

  it("an animated WebP (VP8X, ANIM, ANMF): nothing more", async () => {
    const frame = (background: string) =>
      sharp({ create: { width: 8, height: 6, channels: 3, background } })
        .png()
        .toBuffer();
    const webp = await sharp([await frame("#336699"), await frame("#996633")], { join: { animated: true } })
      .webp()
      .toBuffer();
    expect((await sharp(webp, { animated: true }).metadata()).pages).toBe(2);
    expect(carriesMoreThanPixels(webp, "webp")).toBe(false);
  });

  it("a JPEG with restart markers in its scan (DRI, RST0–RST2): nothing more", async () => {
    const jpeg = jpegWithRestarts();
    const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([32, 8]);
    expect(data.every((v) => v === 128)).toBe(true);
    expect(carriesMoreThanPixels(jpeg, "jpg")).toBe(false);
  });

  it.each([
    ["jpeg", "jpg", () => tiny().withIccProfile("srgb").jpeg().toBuffer()],
    ["png", "png", () => tiny().withIccProfile("srgb").png().toBuffer()],
    ["webp", "webp", () => tiny().withIccProfile("srgb").webp().toBuffer()],
  ] as const)("a colour profile alone is part of the picture: %s", async (_name, extension, make) => {
    const bytes = await make();
    expect((await sharp(bytes).metadata()).icc).toBeDefined();
    expect(carriesMoreThanPixels(bytes, extension)).toBe(false);
  });

  it.each([
    ["jpeg with EXIF", "jpg", () => tiny().withExif(EXIF).jpeg().toBuffer()],
    ["png with EXIF", "png", () => tiny().withExif(EXIF).png().toBuffer()],
    ["webp with EXIF", "webp", () => tiny().withExif(EXIF).webp().toBuffer()],
    ["jpeg withMetadata", "jpg", () => tiny().withMetadata().jpeg().toBuffer()],
    ["png withMetadata", "png", () => tiny().withMetadata().png().toBuffer()],
    ["jpeg with XMP", "jpg", () => tiny().withXmp(`<x:xmpmeta xmlns:x="adobe:ns:meta/">${TEXT}</x:xmpmeta>`).jpeg().toBuffer()],
    ["webp with XMP", "webp", () => tiny().withXmp(`<x:xmpmeta xmlns:x="adobe:ns:meta/">${TEXT}</x:xmpmeta>`).webp().toBuffer()],
  ] as const)("%s: more", async (_name, extension, make) => {
    const bytes = await make();
    const meta = await sharp(bytes).metadata();
    expect(meta.exif ?? meta.xmp).toBeDefined();
    expect(carriesMoreThanPixels(bytes, extension)).toBe(true);
  });

  it("AVIF is always left to sharp's report of EXIF and XMP, which does see it", async () => {
    const plain = await tiny().avif({ effort: 0 }).toBuffer();
    const withExif = await tiny().withExif(EXIF).avif({ effort: 0 }).toBuffer();
    expect(carriesMoreThanPixels(plain, "avif")).toBe(false);
    expect(carriesMoreThanPixels(withExif, "avif")).toBe(false);
    expect((await sharp(withExif).metadata()).exif).toBeDefined();
    expect(carriesMoreThanPixels(Buffer.concat([plain, TEXT]), "avif")).toBe(false);
  });
});

describe("carriesMoreThanPixels: JPEG", () => {
  it.each([
    ["a comment (COM)", () => jpegSegment(0xfe, TEXT)],
    ["an APP1 segment (EXIF)", () => jpegSegment(0xe1, Buffer.concat([Buffer.from("Exif\0\0"), TEXT]))],
    ["an APP1 segment (XMP)", () => jpegSegment(0xe1, Buffer.concat([Buffer.from("http://ns.adobe.com/xap/1.0/\0"), TEXT]))],
    ["an APP13 segment (IPTC)", () => jpegSegment(0xed, Buffer.concat([Buffer.from("Photoshop 3.0\0"), TEXT]))],
    ["an APP2 segment that is not a colour profile", () => jpegSegment(0xe2, Buffer.concat([Buffer.from("MPF\0"), TEXT]))],
    ["an APP0 segment that is not JFIF", () => jpegSegment(0xe0, Buffer.concat([Buffer.from("JFXX\0"), TEXT]))],
  ])("with %s after SOI: more", async (_name, segment) => {
    const bytes = afterSoi(await tiny().jpeg().toBuffer(), segment());
    await decodes(bytes);
    expect(carriesMoreThanPixels(bytes, "jpg")).toBe(true);
  });

  it("a JFIF header (APP0) and an Adobe colour transform (APP14) of their usual length: nothing more", async () => {
    const jfif = jpegSegment(0xe0, Buffer.concat([Buffer.from("JFIF\0"), Buffer.from([1, 1, 0, 0, 1, 0, 1, 0, 0])]));
    const adobe = jpegSegment(0xee, Buffer.concat([Buffer.from("Adobe"), Buffer.from([0, 100, 0, 0, 0, 0, 1])]));
    const bytes = afterSoi(await tiny().jpeg().toBuffer(), jfif, adobe);
    await decodes(bytes);
    expect(carriesMoreThanPixels(bytes, "jpg")).toBe(false);
  });

  it("a comment between the tables and the frame of a progressive JPEG: more", async () => {
    const jpeg = await tiny().jpeg({ progressive: true }).toBuffer();
    const sof = jpeg.indexOf(Buffer.from([0xff, 0xc2]));
    const bytes = Buffer.concat([jpeg.subarray(0, sof), jpegSegment(0xfe, TEXT), jpeg.subarray(sof)]);
    await decodes(bytes);
    expect(carriesMoreThanPixels(bytes, "jpg")).toBe(true);
  });

  it("bytes after EOI: more (one byte is enough)", async () => {
    const jpeg = await tiny().jpeg().toBuffer();
    for (const tail of [TEXT, Buffer.from([0]), await tiny().jpeg().toBuffer()]) {
      expect(carriesMoreThanPixels(Buffer.concat([jpeg, tail]), "jpg")).toBe(true);
    }
  });

  it("a truncated file: more (no EOI, or cut inside a segment or its length)", async () => {
    const jpeg = await tiny().jpeg().toBuffer();
    for (const cut of [jpeg.length - 1, jpeg.length - 2, 40, 4, 3, 2, 1, 0]) {
      expect(carriesMoreThanPixels(jpeg.subarray(0, cut), "jpg"), `cut at ${cut}`).toBe(true);
    }
    const restarts = jpegWithRestarts();
    expect(carriesMoreThanPixels(restarts.subarray(0, restarts.length - 2), "jpg")).toBe(true);
  });

  it("not starting with SOI, or bytes between segments: more", async () => {
    const jpeg = await tiny().jpeg().toBuffer();
    expect(carriesMoreThanPixels(Buffer.concat([Buffer.from([0]), jpeg]), "jpg")).toBe(true);
    expect(carriesMoreThanPixels(afterSoi(jpeg, TEXT), "jpg")).toBe(true);
  });
});

describe("carriesMoreThanPixels: PNG", () => {
  it.each([
    ["tEXt", () => pngChunk("tEXt", Buffer.concat([Buffer.from("Comment\0"), TEXT]))],
    ["zTXt", () => pngChunk("zTXt", Buffer.concat([Buffer.from("Comment\0\0"), Buffer.from([0x78, 0x9c, 0x03, 0, 0, 0, 0, 1])]))],
    ["iTXt", () => pngChunk("iTXt", Buffer.concat([Buffer.from("Comment\0\0\0\0\0"), TEXT]))],
    ["eXIf", () => pngChunk("eXIf", Buffer.concat([Buffer.from("MM\0*\0\0\0\x08\0\0"), Buffer.alloc(4)]))],
    ["tIME", () => pngChunk("tIME", Buffer.from([0x07, 0xea, 3, 1, 9, 0, 0]))],
    ["an unknown ancillary chunk", () => pngChunk("prVt", TEXT)],
  ])("a %s chunk: more", async (_name, chunk) => {
    const bytes = afterIhdr(await tiny().png().toBuffer(), chunk());
    await decodes(bytes);
    expect(carriesMoreThanPixels(bytes, "png")).toBe(true);
  });

  it("gAMA, cHRM and pHYs chunks describe the pixels: nothing more", async () => {
    const gama = Buffer.alloc(4);
    gama.writeUInt32BE(45455);
    const phys = Buffer.from([0, 0, 0x0b, 0x13, 0, 0, 0x0b, 0x13, 1]);
    const bytes = afterIhdr(afterIhdr(await tiny().png().toBuffer(), pngChunk("gAMA", gama)), pngChunk("pHYs", phys));
    await decodes(bytes);
    expect(carriesMoreThanPixels(bytes, "png")).toBe(false);
  });

  it("bytes after IEND: more", async () => {
    const png = await tiny().png().toBuffer();
    expect(carriesMoreThanPixels(Buffer.concat([png, TEXT]), "png")).toBe(true);
    expect(carriesMoreThanPixels(Buffer.concat([png, Buffer.from([0])]), "png")).toBe(true);
  });

  it("a truncated file: more (no IEND, or cut inside a chunk)", async () => {
    const png = await tiny().png().toBuffer();
    for (const cut of [png.length - 12, png.length - 1, IHDR_END + 4, IHDR_END, 8, 0]) {
      expect(carriesMoreThanPixels(png.subarray(0, cut), "png"), `cut at ${cut}`).toBe(true);
    }
  });
});

describe("carriesMoreThanPixels: GIF", () => {
  it.each([
    [
      "an XMP application block",
      () => gifApplication("XMP DataXMP", Buffer.from(`<x:xmpmeta xmlns:x="adobe:ns:meta/">${TEXT}</x:xmpmeta>`)),
    ],
    ["a comment block", () => gifComment(TEXT)],
    ["a comment longer than one sub-block", () => gifComment(Buffer.concat(Array(10).fill(TEXT)))],
    ["an unknown application block", () => gifApplication("ICCRGBG1012", TEXT)],
  ])("with %s: more", async (_name, block) => {
    const bytes = afterGifHeader(await tiny().gif().toBuffer(), block());
    await decodes(bytes);
    expect(carriesMoreThanPixels(bytes, "gif")).toBe(true);
  });

  it("a comment before the trailer of an animated GIF: more", async () => {
    const gif = await animatedGif();
    const bytes = Buffer.concat([gif.subarray(0, -1), gifComment(TEXT), gif.subarray(-1)]);
    expect((await sharp(bytes, { animated: true }).metadata()).pages).toBe(2);
    expect(carriesMoreThanPixels(bytes, "gif")).toBe(true);
  });

  it("bytes after the trailer: more", async () => {
    const gif = await tiny().gif().toBuffer();
    expect(gif.at(-1)).toBe(0x3b);
    expect(carriesMoreThanPixels(Buffer.concat([gif, TEXT]), "gif")).toBe(true);
    expect(carriesMoreThanPixels(Buffer.concat([gif, Buffer.from([0x3b])]), "gif")).toBe(true);
  });

  it("a truncated file: more (no trailer, or cut inside a block)", async () => {
    const gif = await tiny().gif().toBuffer();
    for (const cut of [gif.length - 1, gif.length - 3, 20, 13, 0]) {
      expect(carriesMoreThanPixels(gif.subarray(0, cut), "gif"), `cut at ${cut}`).toBe(true);
    }
    const animated = await animatedGif();
    expect(carriesMoreThanPixels(animated.subarray(0, -1), "gif")).toBe(true);
  });
});

describe("carriesMoreThanPixels: WebP", () => {
  it("an EXIF or XMP chunk added to a plain one: more", async () => {
    const webp = await tiny().webp().toBuffer();
    expect(carriesMoreThanPixels(webpWith(webp, webpChunk("EXIF", TEXT)), "webp")).toBe(true);
    expect(carriesMoreThanPixels(webpWith(webp, webpChunk("XMP ", TEXT)), "webp")).toBe(true);
    expect(carriesMoreThanPixels(webpWith(webp, webpChunk("abcd", TEXT.subarray(1))), "webp")).toBe(true);
  });

  it("bytes beyond the RIFF size: more", async () => {
    const webp = await tiny().webp().toBuffer();
    expect(webp.readUInt32LE(4)).toBe(webp.length - 8);
    expect(carriesMoreThanPixels(Buffer.concat([webp, TEXT]), "webp")).toBe(true);
    expect(carriesMoreThanPixels(Buffer.concat([webp, Buffer.from([0])]), "webp")).toBe(true);
  });

  it("a truncated file (shorter than its RIFF size): more", async () => {
    const webp = await tiny().webp().toBuffer();
    for (const cut of [webp.length - 1, 20, 12, 8]) {
      expect(carriesMoreThanPixels(webp.subarray(0, cut), "webp"), `cut at ${cut}`).toBe(true);
    }
  });
});
