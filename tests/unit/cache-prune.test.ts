// The build caches of content folders that are gone (src/content-build/parse-cache.ts,
// `pruneGoneCaches`): each build notes which folder its caches are for, and removes the parses,
// pack memo, carry and photos' cache of every noted folder that no longer exists.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
    expect(pruneGoneCaches(root, a)).toEqual([]);
    const ofA = cachesOf(root, a);
    const ofB = cachesOf(root, b);
    const base = join(root, "node_modules/.cache/newsroom-content");
    expect(readFileSync(join(base, `${contentCacheDir(root, a).key}.for`), "utf8")).toBe(a);
    // Both folders exist: nothing goes.
    expect(pruneGoneCaches(root, b)).toEqual([]);
    for (const d of [...ofA, ...ofB]) expect(existsSync(d)).toBe(true);
    const unnoted = join(base, "0123456789abcdef");
    mkdirSync(unnoted);
    rmSync(a, { recursive: true });
    expect(pruneGoneCaches(root, b)).toEqual([contentCacheDir(root, a).key]);
    for (const d of ofA) expect(existsSync(d)).toBe(false);
    expect(existsSync(join(base, `${contentCacheDir(root, a).key}.for`))).toBe(false);
    for (const d of ofB) expect(existsSync(d)).toBe(true);
    expect(existsSync(unnoted)).toBe(true);
    // The build's own folder is never pruned, even when it is the one that is gone.
    rmSync(b, { recursive: true });
    expect(pruneGoneCaches(root, b)).toEqual([]);
  });

  it("go when the next build runs (the CLI), whatever content it builds", () => {
    const run = (content: string) =>
      spawnSync(
        process.execPath,
        ["--import", "tsx", "src/content-build/cli.ts", "--content", content, "--out", join(temp.make("out-"), "content.ts"), "--no-pages"],
        { cwd: repository, encoding: "utf8" },
      );
    const content = () => {
      const dir = temp.make("content-");
      writeFileSync(join(dir, "story.md"), articleFile({ ...validFields(), published: "2026-11-01T00:00:00Z" }, "Story.\n"));
      return dir;
    };
    const gone = content();
    const first = run(gone);
    expect(first.status, first.stderr).toBe(0);
    const { dir, key } = contentCacheDir(repository, gone);
    expect(existsSync(dir)).toBe(true);
    expect(existsSync(imageCacheDir(repository, key))).toBe(true);
    rmSync(gone, { recursive: true });
    const next = run(content());
    expect(next.status, next.stderr).toBe(0);
    expect(existsSync(dir)).toBe(false);
    expect(existsSync(imageCacheDir(repository, key))).toBe(false);
  });
});
