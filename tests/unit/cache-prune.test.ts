// The build caches of content folders that are gone (src/content-build/parse-cache.ts,
// `pruneGoneCaches`): each build notes which folder its caches are for, and removes the parses,
// pack memo, carry and photos' cache of every noted folder that no longer exists.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { contentCacheDir, imageCacheDir, pruneGoneCaches } from "../../src/content-build/parse-cache.js";
import { articleFile, validFields } from "../helpers/fixtures.js";
import { tempFolders } from "../helpers/temp-folders.js";

const temp = tempFolders();
const repository = resolve(import.meta.dirname, "../..");

/** The cache folders of `contentDir` under `root`, each made with a file in it. */
function cachesOf(root: string, contentDir: string): string[] {
  const { key, dir, packs } = contentCacheDir(root, contentDir);
  const dirs = [dir, packs, imageCacheDir(root, key)];
  for (const d of dirs) {
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, "entry"), "x");
  }
  return dirs;
}

describe("the caches of content folders that are gone", () => {
  it("are removed, and only those: a folder that exists, and a cache made before the notes, keep theirs", () => {
    const root = temp.make("cache-root-");
    const [a, b] = [temp.make("content-a-"), temp.make("content-b-")];
    expect(pruneGoneCaches(root, a)).toEqual({ removed: [], failure: undefined });
    const ofA = cachesOf(root, a);
    // A lock left by a build of it that died.
    writeFileSync(`${contentCacheDir(root, a).dir}.lock`, "1\n");
    ofA.push(`${contentCacheDir(root, a).dir}.lock`);
    const ofB = cachesOf(root, b);
    const base = join(root, "node_modules/.cache/newsroom-content");
    expect(readFileSync(join(base, `${contentCacheDir(root, a).key}.for`), "utf8")).toBe(a);
    // Both folders exist: nothing goes.
    expect(pruneGoneCaches(root, b)).toEqual({ removed: [], failure: undefined });
    for (const d of [...ofA, ...ofB]) expect(existsSync(d)).toBe(true);
    const unnoted = join(base, "0123456789abcdef");
    mkdirSync(unnoted);
    rmSync(a, { recursive: true });
    expect(pruneGoneCaches(root, b)).toEqual({ removed: [contentCacheDir(root, a).key], failure: undefined });
    for (const d of ofA) expect(existsSync(d)).toBe(false);
    expect(existsSync(join(base, `${contentCacheDir(root, a).key}.for`))).toBe(false);
    for (const d of ofB) expect(existsSync(d)).toBe(true);
    expect(existsSync(unnoted)).toBe(true);
    // The build's own folder is never pruned, even when it is the one that is gone.
    rmSync(b, { recursive: true });
    expect(pruneGoneCaches(root, b)).toEqual({ removed: [], failure: undefined });
  });

  it("are noted by every build (the CLI) for its own content folder", () => {
    const content = temp.make("content-");
    writeFileSync(join(content, "story.md"), articleFile({ ...validFields(), published: "2026-11-01T00:00:00Z" }, "Story.\n"));
    const run = spawnSync(
      process.execPath,
      ["--import", "tsx", "src/content-build/cli.ts", "--content", content, "--out", join(temp.make("out-"), "content.ts"), "--no-pages"],
      { cwd: repository, encoding: "utf8" },
    );
    expect(run.status, run.stderr).toBe(0);
    const note = join(repository, "node_modules/.cache/newsroom-content", `${contentCacheDir(repository, content).key}.for`);
    // Removed with the folder by the next build after this test (pruning itself is the test above's).
    expect(readFileSync(note, "utf8")).toBe(content);
  });

  it("never fail a build: a note that cannot be written is given back, nothing removed", () => {
    const root = temp.make("cache-root-");
    // A file where the cache folder would be: nothing can be written under it.
    mkdirSync(join(root, "node_modules"));
    writeFileSync(join(root, "node_modules/.cache"), "");
    const tidied = pruneGoneCaches(root, temp.make("content-"));
    expect(tidied.removed).toEqual([]);
    expect(tidied.failure?.message).toMatch(/ENOTDIR|EEXIST/);
  });

  it("leave what is not a cache's note, and a folder that is there but cannot be looked at", () => {
    const root = temp.make("cache-root-");
    const content = temp.make("content-");
    const base = join(root, "node_modules/.cache/newsroom-content");
    mkdirSync(base, { recursive: true });
    // A stray ".for": its key would be "", the whole cache folder.
    writeFileSync(join(base, ".for"), "/nowhere/at/all");
    mkdirSync(join(base, "keep-me"));
    // A link to a folder that is gone: not known to be gone.
    const linked = join(temp.make("links-"), "gone");
    symlinkSync(join(temp.make("target-parent-"), "missing"), linked);
    writeFileSync(join(base, "fedcba9876543210.for"), linked);
    mkdirSync(join(base, "fedcba9876543210"));
    expect(pruneGoneCaches(root, content).removed).toEqual([]);
    for (const name of [".for", "keep-me", "fedcba9876543210"]) expect(existsSync(join(base, name))).toBe(true);
  });
});
