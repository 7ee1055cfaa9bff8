// The newsroom's icon in every size, made at build time: the files, their real sizes
// (read from the PNG bytes, not from the table), and one bad source per rule.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { buildIcons } from "../../src/content-build/icons.js";
import { icons } from "../../src/core/urls.js";
import { icon as builtInIcon } from "../../src/render/assets.js";
import { articleFile, validFields } from "../helpers/fixtures.js";
import { tempFolders } from "../helpers/temp-folders.js";

const root = resolve(import.meta.dirname, "../..");
const folders = tempFolders();

/** A content folder whose site/ holds these files. */
function contentWith(site: Record<string, string | Buffer>): string {
  return folders.withFiles(
    { "site/": "", ...Object.fromEntries(Object.entries(site).map(([name, bytes]) => [`site/${name}`, bytes])) },
    "icons-",
  );
}

/** Width, height and colour type from a PNG's IHDR chunk (PNG spec §11.2.2). */
function pngHeader(bytes: Buffer) {
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(bytes.subarray(12, 16).toString("latin1")).toBe("IHDR");
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

const square = (size: number, fill = "#1c4f8a") =>
  sharp({ create: { width: size, height: size, channels: 4, background: fill } })
    .png()
    .toBuffer();

describe("icons", () => {
  it("from the built-in icon: every size a reader asks for, at its stated size, and the SVG itself", async () => {
    const { files, errors } = await buildIcons(folders.make("empty-"));
    expect(errors).toEqual([]);
    expect(files.map((f) => [f.path, f.contentType])).toEqual([
      ["/icon-512.png", "image/png"],
      ["/icon-144.png", "image/png"],
      ["/icon-64.png", "image/png"],
      ["/logo.png", "image/png"],
      ["/favicon.svg", "image/svg+xml; charset=utf-8"],
    ]);
    for (const spec of Object.values(icons)) {
      const file = files.find((f) => f.path === spec.path)!;
      expect(pngHeader(Buffer.from(file.base64, "base64")), spec.path).toEqual({ width: spec.width, height: spec.height });
    }
    // RSS 2.0's <image>: at most 144 wide and 400 high. JSON Feed's icon: square, 512 suggested.
    expect(icons.rss.width).toBeLessThanOrEqual(144);
    expect(icons.rss.height).toBeLessThanOrEqual(400);
    expect(icons.large).toMatchObject({ width: 512, height: 512 });
    // Atom's logo: twice as wide as high (RFC 4287 §4.2.8).
    expect(icons.logo.width).toBe(2 * icons.logo.height);
    expect(Buffer.from(files.at(-1)!.base64, "base64").toString("utf8")).toBe(builtInIcon);
  });

  it("draws the icon itself: the large PNG has the icon's colour in its middle, the logo's sides are transparent", async () => {
    const { files } = await buildIcons(folders.make("empty-"));
    const bytes = (path: string) => Buffer.from(files.find((f) => f.path === path)!.base64, "base64");
    const large = await sharp(bytes("/icon-512.png")).raw().toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) => [...large.data.subarray((y * 512 + x) * 4, (y * 512 + x) * 4 + 4)];
    expect(at(256, 40)).toEqual([0x8a, 0x1c, 0x1c, 255]); // the built-in icon's red
    const logo = await sharp(bytes("/logo.png")).raw().toBuffer({ resolveWithObject: true });
    expect(logo.info).toMatchObject({ width: 1024, height: 512, channels: 4 });
    expect(logo.data[(256 * 1024 + 10) * 4 + 3]).toBe(0); // transparent at the left edge
  });

  it("is the same bytes every time (stable ETags across builds)", async () => {
    const dir = folders.make("empty-");
    expect((await buildIcons(dir)).files).toEqual((await buildIcons(dir)).files);
  });

  it("from the newsroom's own PNG: its pixels, and an SVG favicon that wraps the small PNG", async () => {
    const dir = contentWith({ "icon.png": await square(600) });
    const { files, errors } = await buildIcons(dir);
    expect(errors).toEqual([]);
    const large = await sharp(Buffer.from(files[0]!.base64, "base64")).raw().toBuffer();
    expect([...large.subarray(0, 4)]).toEqual([0x1c, 0x4f, 0x8a, 255]);
    const svg = Buffer.from(files.find((f) => f.path === "/favicon.svg")!.base64, "base64").toString("utf8");
    const small = files.find((f) => f.path === icons.favicon.path)!.base64;
    expect(svg).toBe(
      `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><image width="64" height="64" href="data:image/png;base64,${small}"/></svg>\n`,
    );
  });

  it("from the newsroom's own SVG", async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#00ff00"/></svg>';
    const { files, errors } = await buildIcons(contentWith({ "icon.svg": svg }));
    expect(errors).toEqual([]);
    const large = await sharp(Buffer.from(files[0]!.base64, "base64")).raw().toBuffer();
    expect([...large.subarray(0, 4)]).toEqual([0, 255, 0, 255]);
    expect(Buffer.from(files.at(-1)!.base64, "base64").toString("utf8")).toBe(svg);
  });

  it.each([
    [
      "a PNG smaller than 512",
      async () => ({ "icon.png": await square(256) }),
      "content/site/icon.png: file: is 256 × 256; a PNG icon must be at least 512 × 512",
    ],
    [
      "a PNG that is not square",
      async () => ({
        "icon.png": await sharp({ create: { width: 800, height: 600, channels: 3, background: "#000" } })
          .png()
          .toBuffer(),
      }),
      "content/site/icon.png: file: must be square; it is 800 × 600",
    ],
    [
      "an SVG that is not square",
      async () => ({ "icon.svg": '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 20 10"><rect width="20" height="10"/></svg>' }),
      "content/site/icon.svg: file: must be square; it is 20 × 10",
    ],
    [
      "a file that is not an image",
      async () => ({ "icon.png": "not a picture" }),
      "content/site/icon.png: file: cannot be read as PNG: Input buffer contains unsupported image format",
    ],
    [
      "a JPEG named .png",
      async () => ({
        "icon.png": await sharp({ create: { width: 600, height: 600, channels: 3, background: "#000" } })
          .jpeg()
          .toBuffer(),
      }),
      "content/site/icon.png: file: is not a PNG file (it reads as jpeg)",
    ],
    [
      "both an SVG and a PNG",
      async () => ({ "icon.png": await square(600), "icon.svg": builtInIcon }),
      "content/site/icon.png: file: give one icon: icon.svg or icon.png, not both",
    ],
    [
      "a stray file",
      async () => ({ "logo.gif": "GIF89a" }),
      "content/site/logo.gif: file: is not used; content/site/ holds only icon.svg or icon.png",
    ],
  ])("rejects %s, naming the file", async (_name, files, message) => {
    const { files: built, errors } = await buildIcons(contentWith(await files()));
    expect(built).toEqual([]);
    expect(errors.map((e) => `${e.file}: ${e.field}: ${e.reason}`)).toEqual([message]);
  });

  it("a bad icon fails the build with its message, and nothing is written", async () => {
    const dir = contentWith({ "icon.png": await square(100) });
    writeFileSync(join(dir, "story.md"), articleFile(validFields()));
    const out = join(dir, "out.ts");
    const run = spawnSync(process.execPath, ["--import", "tsx", "src/content-build/cli.ts", "--content", dir, "--out", out], {
      cwd: root,
      encoding: "utf8",
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("icon.png: file: is 100 × 100; a PNG icon must be at least 512 × 512");
    expect(() => readFileSync(out)).toThrow(/ENOENT/);
  });
});
