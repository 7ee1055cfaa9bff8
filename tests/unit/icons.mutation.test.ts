// The icon sources at their edges (src/content-build/icons.ts): hidden files are not sources, a
// PNG of exactly the minimum size is enough, an .svg that is not SVG is named as such, and
// the byte cap is inclusive.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterEach, describe, expect, it } from "vitest";
import { buildIcons, MIN_PNG_SOURCE } from "../../src/content-build/icons.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function contentWith(site: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), "icons-"));
  dirs.push(dir);
  mkdirSync(join(dir, "site"));
  for (const [name, bytes] of Object.entries(site)) writeFileSync(join(dir, "site", name), bytes);
  return dir;
}

const square = (size: number) =>
  sharp({ create: { width: size, height: size, channels: 4, background: "#1c4f8a" } })
    .png()
    .toBuffer();
const messages = (errors: { file: string; field: string; reason: string }[]) => errors.map((e) => `${e.file}: ${e.field}: ${e.reason}`);
const MAX_BYTES = 5 * 1024 * 1024;

describe("icon sources", () => {
  it("ignores hidden files (.DS_Store) beside the icon", async () => {
    const { files, errors } = await buildIcons(contentWith({ ".DS_Store": "junk", "icon.png": await square(MIN_PNG_SOURCE) }));
    expect(messages(errors)).toEqual([]);
    expect(files.map((f) => f.path)).toEqual(["/icon-512.png", "/icon-144.png", "/icon-64.png", "/logo.png", "/favicon.svg"]);
  });

  it(`accepts a PNG of exactly ${MIN_PNG_SOURCE} × ${MIN_PNG_SOURCE}`, async () => {
    const { errors } = await buildIcons(contentWith({ "icon.png": await square(MIN_PNG_SOURCE) }));
    expect(errors).toEqual([]);
  });

  it("names an icon.svg that holds a PNG, or nothing an image reader knows, as not SVG", async () => {
    expect(messages((await buildIcons(contentWith({ "icon.svg": await square(600) }))).errors)).toEqual([
      "content/site/icon.svg: file: is not an SVG file (it reads as png)",
    ]);
    const [garbage] = messages((await buildIcons(contentWith({ "icon.svg": "not a picture" }))).errors);
    expect(garbage).toMatch(/^content\/site\/icon\.svg: file: cannot be read as SVG: ./);
  });

  it("refuses a source over 5 MiB by its size, and reads one of exactly 5 MiB", async () => {
    const over = Buffer.alloc(MAX_BYTES + 1);
    expect(messages((await buildIcons(contentWith({ "icon.png": over }))).errors)).toEqual([
      `content/site/icon.png: file: is ${MAX_BYTES + 1} bytes; at most ${MAX_BYTES}`,
    ]);
    // Exactly at the cap it is read (and these zero bytes are then no PNG).
    const [atCap] = messages((await buildIcons(contentWith({ "icon.png": Buffer.alloc(MAX_BYTES) }))).errors);
    expect(atCap).toMatch(/^content\/site\/icon\.png: file: cannot be read as PNG: /);
  });
});
