// Byte surgery on small image files: a segment, chunk or block put where a camera or an editing
// program would put it, with lengths and checksums kept right so that decoders still read the
// file (tests/unit/image-metadata.test.ts, tests/unit/images.test.ts).
import { crc32 } from "node:zlib";

// JPEG: segments after SOI.
export const jpegSegment = (marker: number, payload: Buffer) => {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
};
export const afterSoi = (jpeg: Buffer, ...segments: Buffer[]) => Buffer.concat([jpeg.subarray(0, 2), ...segments, jpeg.subarray(2)]);

// PNG: chunks after IHDR.
export const pngChunk = (type: string, data: Buffer) => {
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
};
export const IHDR_END = 8 + 25;
export const afterIhdr = (png: Buffer, chunk: Buffer) => Buffer.concat([png.subarray(0, IHDR_END), chunk, png.subarray(IHDR_END)]);

// GIF: extension blocks after the header and global colour table.
export const subBlocks = (data: Buffer) => {
  const parts: Buffer[] = [];
  for (let i = 0; i < data.length; i += 255) {
    const part = data.subarray(i, i + 255);
    parts.push(Buffer.from([part.length]), part);
  }
  return Buffer.concat([...parts, Buffer.from([0])]);
};
export const gifApplication = (id: string, data: Buffer) =>
  Buffer.concat([Buffer.from([0x21, 0xff, 11]), Buffer.from(id, "latin1"), subBlocks(data)]);
export const gifComment = (text: Buffer) => Buffer.concat([Buffer.from([0x21, 0xfe]), subBlocks(text)]);
export function afterGifHeader(gif: Buffer, block: Buffer): Buffer {
  const flags = gif[10]!;
  const at = 13 + (flags & 0x80 ? 3 * 2 ** ((flags & 7) + 1) : 0);
  return Buffer.concat([gif.subarray(0, at), block, gif.subarray(at)]);
}

// WebP: chunks after the first, with the RIFF size kept right.
export function webpWith(webp: Buffer, chunk: Buffer): Buffer {
  const out = Buffer.concat([webp, chunk]);
  out.writeUInt32LE(out.length - 8, 4);
  return out;
}
export const webpChunk = (type: string, data: Buffer) => {
  const head = Buffer.alloc(8);
  head.write(type, 0, "latin1");
  head.writeUInt32LE(data.length, 4);
  return Buffer.concat([head, data, Buffer.alloc(data.length & 1)]);
};
