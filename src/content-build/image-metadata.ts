/**
 * Whether a photo file carries anything but its pixels and its colour profile: EXIF (GPS
 * position, camera serial), XMP, IPTC, comments, text chunks, unknown blocks, or bytes after
 * its end. Read from the file's own structure (JPEG segments, PNG chunks, GIF blocks, WebP
 * chunks), not from what a decoder chooses to report, so nothing a reader could find is missed.
 * A file that carries anything more is re-encoded without it (`images.ts`); AVIF (an ISO box
 * tree) is left to sharp's report of EXIF and XMP.
 */
import type { ImageExtension } from "../core/photo-names.js";

/** JPEG markers that hold pixels or how to decode them (SOFn, DHT, DQT, DRI, SOS, RSTn, EOI). */
function jpegCodingMarker(m: number): boolean {
  return (m >= 0xc0 && m <= 0xcf && m !== 0xc8) || m === 0xdb || m === 0xdd || m === 0xda;
}

function ascii(bytes: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(start, start + length));
}

function jpegCarriesMore(b: Uint8Array): boolean {
  if (b[0] !== 0xff || b[1] !== 0xd8) return true;
  let i = 2;
  let inScan = false;
  while (i < b.length) {
    if (b[i] !== 0xff) {
      if (!inScan) return true;
      i++;
      continue;
    }
    const m = b[i + 1];
    if (m === undefined) return true;
    // Inside entropy-coded data: a stuffed zero, a restart marker, or fill bytes.
    if (m === 0x00 || (m >= 0xd0 && m <= 0xd7) || m === 0xff) {
      if (!inScan) return true;
      i += m === 0xff ? 1 : 2;
      continue;
    }
    if (m === 0xd9) return i + 2 < b.length; // EOI: nothing may follow
    if (i + 3 >= b.length) return true;
    const length = (b[i + 2]! << 8) | b[i + 3]!;
    const isJfif = m === 0xe0 && ascii(b, i + 4, 4) === "JFIF";
    const isIcc = m === 0xe2 && ascii(b, i + 4, 11) === "ICC_PROFILE";
    const isAdobe = m === 0xee && ascii(b, i + 4, 5) === "Adobe";
    if (!jpegCodingMarker(m) && !isJfif && !isIcc && !isAdobe) return true;
    i += 2 + length;
    inScan = m === 0xda;
  }
  return true; // no EOI
}

const PNG_PIXEL_CHUNKS = new Set([
  "IHDR",
  "PLTE",
  "IDAT",
  "IEND",
  "tRNS",
  "cHRM",
  "gAMA",
  "iCCP",
  "sBIT",
  "sRGB",
  "bKGD",
  "pHYs",
  "acTL",
  "fcTL",
  "fdAT",
]);

function pngCarriesMore(b: Uint8Array): boolean {
  let i = 8;
  while (i + 8 <= b.length) {
    const length = ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
    const type = ascii(b, i + 4, 4);
    if (!PNG_PIXEL_CHUNKS.has(type)) return true;
    i += 12 + length;
    if (type === "IEND") return i !== b.length; // bytes after it, or IEND itself cut short
  }
  return true; // no IEND
}

function gifCarriesMore(b: Uint8Array): boolean {
  const subBlocks = (start: number) => {
    let i = start;
    while (i < b.length && b[i] !== 0) i += 1 + b[i]!;
    return i + 1;
  };
  const flags = b[10] ?? 0;
  let i = 13 + (flags & 0x80 ? 3 * 2 ** ((flags & 7) + 1) : 0);
  while (i < b.length) {
    const block = b[i];
    if (block === 0x3b) return i + 1 < b.length; // trailer: nothing may follow
    if (block === 0x2c) {
      const local = b[i + 9] ?? 0;
      i = subBlocks(i + 10 + (local & 0x80 ? 3 * 2 ** ((local & 7) + 1) : 0) + 1);
    } else if (block === 0x21) {
      const label = b[i + 1];
      // Graphic control (frame timing) and the looping application block are part of the picture.
      const looping = label === 0xff && ["NETSCAPE2.0", "ANIMEXTS1.0"].includes(ascii(b, i + 3, 11));
      if (label !== 0xf9 && !looping) return true;
      i = subBlocks(i + 2);
    } else return true;
  }
  return true; // no trailer
}

const WEBP_PIXEL_CHUNKS = new Set(["VP8 ", "VP8L", "VP8X", "ALPH", "ANIM", "ANMF", "ICCP"]);

function webpCarriesMore(b: Uint8Array): boolean {
  const end = 8 + ((b[4]! | (b[5]! << 8) | (b[6]! << 16) | (b[7]! << 24)) >>> 0 || 0);
  let i = 12;
  while (i + 8 <= Math.min(end, b.length)) {
    const type = ascii(b, i, 4);
    if (!WEBP_PIXEL_CHUNKS.has(type)) return true;
    const length = (b[i + 4]! | (b[i + 5]! << 8) | (b[i + 6]! << 16) | (b[i + 7]! << 24)) >>> 0;
    i += 8 + length + (length & 1);
  }
  return end !== b.length;
}

/** Whether `bytes` (a file that decodes as `extension`) holds more than pixels and a colour profile. */
export function carriesMoreThanPixels(bytes: Uint8Array, extension: ImageExtension): boolean {
  switch (extension) {
    case "jpg":
      return jpegCarriesMore(bytes);
    case "png":
      return pngCarriesMore(bytes);
    case "gif":
      return gifCarriesMore(bytes);
    case "webp":
      return webpCarriesMore(bytes);
    case "avif":
      return false;
  }
}
