// What a build carries to the next (src/content-build/carry.ts): a rebuild with the carried
// settled prefix reads only the other files, and its outputs are byte for byte those of a build
// that reads every file; whenever it cannot go on from what was carried, it reads every file.
import { spawnSync } from "node:child_process";
import { cpSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { Carried } from "../../src/content-build/carry.js";
import { contentCacheDir } from "../../src/content-build/parse-cache.js";
import { articleFile } from "../helpers/fixtures.js";
import { tempFolders } from "../helpers/temp-folders.js";

const root = resolve(import.meta.dirname, "../..");
const fixture = join(root, "tests/fixtures/newsroom");
const SETTLED = "2026-12-01T00:00:00Z";
const temp = tempFolders();

const run = (content: string, out: string, ...args: string[]) =>
  spawnSync(
    process.execPath,
    [
      "--import",
      "tsx",
      "src/content-build/cli.ts",
      "--content",
      content,
      "--out",
      out,
      ...(args.includes("--settled") ? [] : ["--settled", SETTLED]),
      ...args,
    ],
    { cwd: root, encoding: "utf8" },
  );

/** Every file under `dir`, by its path inside it, with its bytes. */
function tree(dir: string, at = ""): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(join(dir, at)).sort()) {
    const path = join(at, name);
    if (statSync(join(dir, path)).isDirectory()) Object.assign(files, tree(dir, path));
    else files[path] = readFileSync(join(dir, path)).toString("base64");
  }
  return files;
}

/**
 * A copy of the newsroom fixture, its files' modification times an hour back (so the parse cache
 * vouches for each by its stat after one build: its racy window is two seconds), built once with
 * its cache, which carries its settled prefix.
 */
function builtNewsroom(aged = true): { content: string; out: string; carried: () => Carried } {
  const content = join(temp.make("carry-"), "content");
  cpSync(fixture, content, { recursive: true });
  const then = new Date(Date.now() - 3_600_000);
  if (aged) for (const name of readdirSync(content, { recursive: true }) as string[]) utimesSync(join(content, name), then, then);
  const out = join(temp.make("carry-out-"), "content.ts");
  const first = run(content, out);
  expect(first.status, first.stderr).toBe(0);
  const carried = () => JSON.parse(readFileSync(join(contentCacheDir(root, content).packs, "carried.json"), "utf8")) as Carried;
  expect(carried().prefix.count).toBe(32);
  return { content, out, carried };
}

/** Builds `content` with its cache into `out`, and without any cache elsewhere: the same exit, errors and files. */
function expectSameAsReadingAll(content: string, out: string, ...args: string[]): { stdout: string } {
  const cached = run(content, out, ...args);
  const full = join(temp.make("carry-full-"), "content.ts");
  const all = run(content, full, "--no-cache", ...args);
  expect(cached.status, cached.stderr).toBe(all.status);
  expect(cached.stderr.replace(/^.*\r/gm, "")).toBe(all.stderr.replace(/^.*\r/gm, ""));
  if (all.status === 0) {
    expect(readFileSync(out, "utf8")).toBe(readFileSync(full, "utf8"));
    expect(tree(out.replace(/\.ts$/, "-assets"))).toEqual(tree(full.replace(/\.ts$/, "-assets")));
  }
  return cached;
}

const story = (id: string, published: string, fields: Record<string, unknown> = {}) =>
  articleFile({ id, title: "A new story", published, authors: [{ name: "Ada Reporter" }], ...fields }, "The lede of the new story.\n");
const NEW_ID = "urn:uuid:99999999-9999-4999-8999-999999999999";

describe("a build that goes on from what the last one carried", () => {
  it("reads only the files after the carried prefix, and makes the same files as reading every file", () => {
    const { content, out, carried } = builtNewsroom();
    writeFileSync(join(content, "a-new-story.md"), story(NEW_ID, "2026-11-30T12:00:00Z"));
    const next = expectSameAsReadingAll(content, out);
    expect(next.stdout).toContain("32 carried in the settled archive from the last build, neither parsed nor looked up");
    expect(next.stdout).toContain("4 carried from the last build");
    expect(next.stdout).toMatch(/^Built 36 article\(s\), 1 draft\(s\) left out/);
    // Unchanged, again: carried, the same files.
    expect(expectSameAsReadingAll(content, out).stdout).toContain("32 carried in the settled archive");
    // What it carries names the photos its articles show, by the URL written and the one served.
    expect(carried().photos.length).toBeGreaterThan(0);
    for (const [url, served] of carried().photos) {
      expect(url).toMatch(/^\/images\/[a-z-]+\.[a-z]+$/);
      expect(served).toMatch(/^\/images\/[a-z-]+\.[0-9a-z]+\.[a-z]+( \/images\/[a-z-]+-\d+w\.[0-9a-z]+\.[a-z]+)*$/);
    }
  });

  it("keeps in the parse cache the bodies of the articles it did not carry, and of the carried ones that name a photo", () => {
    const { content, carried } = builtNewsroom();
    const { dir } = contentCacheDir(root, content);
    const shards = (prefix: string) =>
      Object.assign(
        {},
        ...readdirSync(dir)
          .filter((name) => name.startsWith(prefix))
          .map((name) => JSON.parse(readFileSync(join(dir, name), "utf8"))),
      );
    const bodies = shards("parse-") as Record<string, unknown>;
    const metas = shards("meta-") as Record<string, { photos: boolean }>;
    const seen = JSON.parse(readFileSync(join(dir, "files.json"), "utf8")).files as Record<string, string[]>;
    const inPrefix = new Set(carried().files);
    const kinds = new Set<string>();
    for (const [file, entry] of Object.entries(seen)) {
      const key = entry[4]!;
      const photos = metas[key]!.photos;
      kinds.add(`${inPrefix.has(file)} ${photos}`);
      expect(Object.hasOwn(bodies, key), file).toBe(!inPrefix.has(file) || photos);
    }
    // Carried with and without a photo, and not carried.
    expect([...kinds].sort()).toEqual(["false false", "true false", "true true"]);
  });

  it("reads the carried files the parse cache cannot vouch for by their stat (written just before the last build), and carries them", () => {
    const { content, out } = builtNewsroom(false);
    writeFileSync(join(content, "a-new-story.md"), story(NEW_ID, "2026-11-30T12:00:00Z"));
    const next = expectSameAsReadingAll(content, out);
    expect(next.stdout).toContain("32 carried in the settled archive from the last build");
    expect(next.stdout).toMatch(/Parsed 1 file\(s\); 4 unchanged, from the build cache \(.*\), 0 of them without reading them/);
  });

  it("reads every file when a carried one changed", () => {
    const { content, out, carried } = builtNewsroom();
    const edited = join(content, carried().files[0]!.split("/").at(-1)!);
    writeFileSync(edited, readFileSync(edited, "utf8").replace(/\n---\n/, "\n---\n\nAn added first line.\n"));
    expect(expectSameAsReadingAll(content, out).stdout).not.toContain("carried in");
  });

  it("reads every file when a new article is older than the carried ones' newest", () => {
    const { content, out } = builtNewsroom();
    writeFileSync(join(content, "an-old-story.md"), story(NEW_ID, "2020-01-01T00:00:00Z"));
    expect(expectSameAsReadingAll(content, out).stdout).not.toContain("carried in");
  });

  it("reads every file for a cut-off earlier than the carried one's", () => {
    const { content, out } = builtNewsroom();
    expect(expectSameAsReadingAll(content, out, "--settled", "2026-11-30T00:00:00Z").stdout).not.toContain("carried in");
  });

  it("fails as reading every file does when a new file takes a carried id", () => {
    const { content, out, carried } = builtNewsroom();
    writeFileSync(join(content, "a-new-story.md"), story(carried().ids[0]!, "2026-11-30T12:00:00Z"));
    expect(expectSameAsReadingAll(content, out).stdout).toBe("");
  });

  it("fails as reading every file does when a new article spells a carried tag otherwise", () => {
    const { content, out, carried } = builtNewsroom();
    const [, tag] = carried().prefix.facets.find(([key]) => key.startsWith("tags/"))!;
    writeFileSync(join(content, "a-new-story.md"), story(NEW_ID, "2026-11-30T13:00:00Z", { tags: [tag.name.toUpperCase()] }));
    expect(expectSameAsReadingAll(content, out).stdout).toBe("");
  });

  it("fails as reading every file does when a new article's section would take a carried author's fediverse handle", () => {
    const { content, out, carried } = builtNewsroom();
    const [, author] = carried().prefix.facets.find(([key]) => key.startsWith("authors/"))!;
    writeFileSync(join(content, "a-new-story.md"), story(NEW_ID, "2026-11-30T13:00:00Z", { section: author.name }));
    const result = expectSameAsReadingAll(content, out);
    expect(result.stdout).toBe("");
  });

  it("reads every file when a carried photo was replaced", () => {
    const { content, out, carried } = builtNewsroom();
    const [url] = carried().photos[0]!;
    const photo = join(content, url);
    const other = readdirSync(join(content, "images")).find((name) => name !== url.split("/").at(-1) && name.endsWith(photo.slice(-4)));
    expect(other).toBeDefined();
    writeFileSync(photo, readFileSync(join(content, "images", other!)));
    expect(expectSameAsReadingAll(content, out).stdout).not.toContain("carried in");
  });

  it("reads every file when a carried pack was damaged on disk, and repairs it", () => {
    const { content, out } = builtNewsroom();
    const pack = join(out.replace(/\.ts$/, "-assets"), "archive-content", "r", "0");
    writeFileSync(pack, "damaged");
    expect(expectSameAsReadingAll(content, out).stdout).not.toContain("carried in");
    expect(readFileSync(pack, "utf8")).not.toBe("damaged");
  });

  it("reads every file when what was carried was changed since the build wrote it (valid, but its digest differs), and carries anew", () => {
    const { content, out, carried } = builtNewsroom();
    const file = join(contentCacheDir(root, content).packs, "carried.json");
    const edited = carried();
    // What the front page shows of a settled article, changed: trusted, it would be served.
    const card = edited.prefix.liveCards[0] as unknown as Record<string, unknown>;
    const field = Object.keys(card).find((key) => typeof card[key] === "string")!;
    card[field] = `${card[field]} (edited)`;
    writeFileSync(file, JSON.stringify(edited));
    expect(expectSameAsReadingAll(content, out).stdout).not.toContain("carried in");
    expect(readFileSync(file, "utf8")).not.toContain("(edited)");
    expect(carried().prefix.count).toBe(32);
  });

  it("reads every file when what was carried is damaged, and carries anew", () => {
    const { content, out, carried } = builtNewsroom();
    writeFileSync(join(contentCacheDir(root, content).packs, "carried.json"), "{");
    expect(expectSameAsReadingAll(content, out).stdout).not.toContain("carried in");
    expect(carried().prefix.count).toBe(32);
  });
});

// A frame's header is the SHA-256 of its table or payload: a change after it keeps the header, so
// a build that trusted headers alone would keep such a file, and the Worker would refuse its records.
describe("a build whose archive's files changed on disk after their header", () => {
  const archiveOf = (out: string) => join(out.replace(/\.ts$/, "-assets"), "archive-content");
  /** `file` with one byte near its end changed: the same size, the header intact. */
  function damage(file: string): Buffer {
    const bytes = readFileSync(file);
    const damaged = Buffer.from(bytes);
    damaged[damaged.length - 2]! ^= 0x20;
    writeFileSync(file, damaged);
    return bytes;
  }

  it("reads every file when a carried pack was changed after its header, and writes it again", () => {
    const { content, out } = builtNewsroom();
    const pack = join(archiveOf(out), "r", "0");
    const bytes = damage(pack);
    const rebuilt = expectSameAsReadingAll(content, out);
    expect(rebuilt.stdout).not.toContain("carried in");
    expect(rebuilt.stdout).toContain("1 of them changed on disk since the last build");
    expect(readFileSync(pack)).toEqual(bytes);
  });

  it("writes again a slug bucket cut short, still going on from what was carried", () => {
    const { content, out } = builtNewsroom();
    const bucket = join(archiveOf(out), "s", "0");
    const bytes = readFileSync(bucket);
    writeFileSync(bucket, bytes.subarray(0, bytes.length - 10));
    const rebuilt = expectSameAsReadingAll(content, out);
    expect(rebuilt.stdout).toContain("carried in");
    expect(rebuilt.stdout).toContain("1 of them changed on disk since the last build");
    expect(readFileSync(bucket)).toEqual(bytes);
    // Noted as it is now: the next build rewrites nothing.
    expect(run(content, out).stdout).toContain("(0 written;");
  });

  it("with --no-cache, writes again every file whose bytes are not the ones made, whatever its size and time", () => {
    const { content, out } = builtNewsroom();
    const pack = join(archiveOf(out), "r", "0");
    const { atime, mtime } = statSync(pack);
    const bytes = damage(pack);
    utimesSync(pack, atime, mtime);
    const repaired = run(content, out, "--no-cache");
    expect(repaired.status, repaired.stderr).toBe(0);
    expect(readFileSync(pack)).toEqual(bytes);
    // It noted the file as it wrote it: the next build with the cache takes it, and writes nothing.
    expect(run(content, out).stdout).toContain("(0 written;");
  });
});
