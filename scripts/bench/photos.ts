/**
 * What the photos cost the build: `npx tsx scripts/bench/photos.ts [count] [width] [height]`.
 * Makes `count` camera-sized JPEGs with EXIF (GPS), then times the build's look at them
 * (src/content-build/build-photos.ts: read, re-encode without metadata, two smaller copies) with an
 * empty cache and again with the cache of the first run, as a rebuild meets them.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ImageProcessor, listImages } from "../../src/content-build/build-photos.js";
import { photo } from "../../tests/helpers/fixture-images.js";

const count = Number(process.argv[2] ?? 10);
const width = Number(process.argv[3] ?? 4000);
const height = Number(process.argv[4] ?? 3000);
const dir = mkdtempSync(join(tmpdir(), "photos-bench-"));
try {
  mkdirSync(join(dir, "images"));
  const base = await photo(width, height, "jpeg", { gps: true });
  // Each file different by one byte before the end marker, so none is a copy of another.
  for (let i = 0; i < count; i++)
    writeFileSync(join(dir, "images", `p${i}.jpg`), Buffer.concat([base.subarray(0, -2), Buffer.from([i & 0xff, 0xff, 0xd9])]));
  const { sources } = listImages(dir);
  for (const round of ["empty cache", "cache of the run before"]) {
    const processor = new ImageProcessor(join(dir, "cache"), "bench");
    const start = performance.now();
    for (const source of sources.values()) {
      const served = await processor.serve(source);
      if ("problem" in served) throw new Error(`${source.file} ${served.problem}`);
    }
    const ms = (performance.now() - start) / count;
    console.log(`${round}: ${ms.toFixed(1)} ms a photo (${count} JPEGs of ${width} × ${height}, ${base.length} bytes each; made ${processor.made}, reused ${processor.reused})`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
