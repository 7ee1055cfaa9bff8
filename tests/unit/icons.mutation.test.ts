import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { buildIcons, MIN_PNG_SOURCE } from "../../src/content-build/icons.js";
import { tempFolders } from "../helpers/temp-folders.js";

const folders = tempFolders();

/** A content folder whose site/ holds these files. */
function contentWith(site: Record<string, string | Buffer>): string {
  return folders.withFiles(
    { "site/": "", ...Object.fromEntries(Object.entries(site).map(([name, bytes]) => [`site/${name}`, bytes])) },
    "icons-",
  );
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
