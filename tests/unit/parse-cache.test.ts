// The content build's cache (src/content-build/parse-cache.ts): a rebuild parses only changed files,
// gives the same articles and the same generated module byte for byte, and never uses an
// entry for any other input: another file's bytes, another code version, a damaged entry.
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildContent } from "../../src/content-build/build-content.js";
import { ContentChangedError, formatError } from "../../src/content-build/errors.js";
import { contentVersion, generatedModule } from "../../src/content-build/generated-module.js";
import { buildCodeVersion, diskParseCache } from "../../src/content-build/parse-cache.js";
import { articleFile, validFields } from "../helpers/fixtures.js";
import { tempFolders } from "../helpers/temp-folders.js";

const folders = tempFolders();
const temp = folders.make;
const story = (n: number, extra: Record<string, unknown> = {}) =>
  articleFile({ ...validFields(), id: `urn:uuid:00000000-0000-4000-8000-${String(n).padStart(12, "0")}`, title: `Story ${n}`, ...extra });
function content(count: number): string {
  const dir = temp("content-");
  for (let n = 1; n <= count; n++) writeFileSync(join(dir, `story-${n}.md`), story(n));
  return dir;
}
const moduleOf = (dir: string, cache?: ReturnType<typeof diskParseCache>) => {
  const result = buildContent(dir, cache ? { cache } : {});
  return { result, module: generatedModule(result.articles, [], contentVersion(result.articles, [])) };
};

/**
 * Files last written a minute ago: outside the two seconds before a build, where a write could
 * leave size and times unchanged.
 */
const age = (dir: string) => {
  const then = new Date(Date.now() - 60_000);
  for (const name of readdirSync(dir)) utimesSync(join(dir, name), then, then);
};
/** A build through a cache in `cacheDir`, saved after it as the CLI does. */
const built = (dir: string, cacheDir: string, version = "v1") => {
  const cache = diskParseCache(cacheDir, version);
  const out = moduleOf(dir, cache);
  cache.save();
  return { cache, ...out };
};
/** The keys of the whole parses kept in the cache's shards. */
const keptParses = (cacheDir: string) =>
  readdirSync(cacheDir)
    .filter((name) => name.startsWith("parse-"))
    .flatMap((name) => Object.keys(JSON.parse(readFileSync(join(cacheDir, name), "utf8")) as object));

describe("the build's parse cache", () => {
  it("parses every file once, then none: the same articles and the same module, byte for byte", () => {
    const dir = content(3);
    const cacheDir = temp("cache-");
    const plain = moduleOf(dir);
    const cold = built(dir, cacheDir);
    expect([cold.cache.hits, cold.cache.misses]).toEqual([0, 3]);
    expect(keptParses(cacheDir)).toHaveLength(3);
    const warm = built(dir, cacheDir);
    expect([warm.cache.hits, warm.cache.misses]).toEqual([3, 0]);
    expect(cold.module).toBe(plain.module);
    expect(warm.module).toBe(plain.module);
    expect(warm.result.articles).toEqual(plain.result.articles);
  });

  it("writes nothing until the build is saved, and few files: shards, not a file per article", () => {
    const dir = content(40);
    const cacheDir = temp("cache-");
    const cache = diskParseCache(cacheDir, "v1");
    moduleOf(dir, cache);
    expect(readdirSync(cacheDir)).toEqual([]);
    cache.save();
    const names = readdirSync(cacheDir);
    expect(keptParses(cacheDir)).toHaveLength(40);
    expect(names.every((name) => /^(?:files|meta-[0-9a-f]{2}|parse-[0-9a-f]{3})\.json$/.test(name))).toBe(true);
  });

  it("parses a changed file again and shows the change", () => {
    const dir = content(2);
    const cacheDir = temp("cache-");
    built(dir, cacheDir);
    writeFileSync(join(dir, "story-2.md"), story(2, { title: "Story two, corrected" }));
    const { cache, result } = built(dir, cacheDir);
    expect([cache.hits, cache.misses]).toEqual([1, 1]);
    expect(result.articles.map((a) => a.title).sort()).toEqual(["Story 1", "Story two, corrected"]);
  });

  it("keys on the file's name too: the same bytes under another name are another article", () => {
    const dir = content(1);
    const cacheDir = temp("cache-");
    built(dir, cacheDir);
    rmSync(join(dir, "story-1.md"));
    writeFileSync(join(dir, "renamed.md"), story(1));
    const { cache, result } = built(dir, cacheDir);
    expect(result.articles.map((a) => a.slug)).toEqual(["renamed"]);
    expect(cache.misses).toBe(1);
  });

  it("uses nothing from another code version", () => {
    const dir = content(2);
    const cacheDir = temp("cache-");
    built(dir, cacheDir, "v1");
    const { cache } = built(dir, cacheDir, "v2");
    expect([cache.hits, cache.misses]).toEqual([0, 2]);
  });

  it("treats a damaged parse as a miss and writes it again", () => {
    const dir = content(2);
    const cacheDir = temp("cache-");
    const plain = moduleOf(dir);
    built(dir, cacheDir);
    const shards = readdirSync(cacheDir).filter((name) => name.startsWith("parse-"));
    expect(shards).toHaveLength(2);
    writeFileSync(join(cacheDir, shards[0]!), '{"'); // truncated
    const [key] = Object.keys(JSON.parse(readFileSync(join(cacheDir, shards[1]!), "utf8")) as object);
    writeFileSync(join(cacheDir, shards[1]!), JSON.stringify({ [key!]: { draft: false, errors: [], article: null } }));
    // The articles without their bodies too (with them, the files, read again as just written, would be taken from there).
    for (const name of readdirSync(cacheDir)) if (name.startsWith("meta-")) writeFileSync(join(cacheDir, name), "[]");
    const again = built(dir, cacheDir);
    expect(again.module).toBe(plain.module);
    expect([again.cache.hits, again.cache.misses]).toEqual([0, 2]);
    expect(built(dir, cacheDir).cache.hits).toBe(2);
  });

  it("keeps no file with errors: it is parsed and reported every time", () => {
    const dir = content(1);
    writeFileSync(join(dir, "broken.md"), story(2, { published: "yesterday" }));
    const cacheDir = temp("cache-");
    for (let run = 0; run < 2; run++) {
      const { cache, result } = built(dir, cacheDir);
      expect(result.errors.map(formatError)).toEqual([expect.stringMatching(/^content\/broken\.md: published: /)]);
      expect([cache.hits, cache.misses]).toEqual(run === 0 ? [0, 2] : [1, 1]);
    }
    expect(keptParses(cacheDir)).toHaveLength(1);
  });

  it("removes what a build did not use", () => {
    const dir = content(3);
    const cacheDir = temp("cache-");
    built(dir, cacheDir);
    rmSync(join(dir, "story-3.md"));
    const cache = diskParseCache(cacheDir, "v1");
    moduleOf(dir, cache);
    expect(cache.prune()).toBeGreaterThanOrEqual(1);
    cache.save();
    expect(keptParses(cacheDir)).toHaveLength(2);
    expect(built(dir, cacheDir).cache.misses).toBe(0);
  });
});

describe("reading only what may have changed", () => {
  it("a rebuild reads no unchanged file, and gives the same module", () => {
    const dir = content(3);
    age(dir);
    const cacheDir = temp("cache-");
    const first = built(dir, cacheDir);
    expect(first.cache.reads).toBe(3);
    const second = built(dir, cacheDir);
    expect([second.cache.reads, second.cache.hits, second.cache.misses]).toEqual([0, 3, 0]);
    expect(second.module).toBe(first.module);
    expect(readdirSync(cacheDir)).toContain("files.json");
  });

  it("reads a file whose bytes changed, even with its size and modification time put back", () => {
    const dir = content(2);
    age(dir);
    const cacheDir = temp("cache-");
    built(dir, cacheDir);
    const path = join(dir, "story-2.md");
    const { atime, mtime, size } = statSync(path);
    // Same length, other bytes, the old modification time restored: only the change time tells.
    const changed = story(2, { title: "Story X" });
    expect(Buffer.byteLength(changed)).toBe(size);
    writeFileSync(path, changed);
    utimesSync(path, atime, mtime);
    const again = built(dir, cacheDir);
    expect(again.cache.reads).toBe(1);
    expect(again.result.articles.map((a) => a.title).sort()).toEqual(["Story 1", "Story X"]);
  });

  it("reads again a file written within two seconds before the last save, and any file when the list is damaged", () => {
    const dir = content(2);
    const cacheDir = temp("cache-");
    built(dir, cacheDir);
    // Just written: not vouched for.
    expect(built(dir, cacheDir).cache.reads).toBe(2);
    age(dir);
    built(dir, cacheDir);
    expect(built(dir, cacheDir).cache.reads).toBe(0);
    writeFileSync(join(cacheDir, "files.json"), "{");
    expect(built(dir, cacheDir).cache.reads).toBe(2);
  });

  it("a vouched-for file whose entry is gone is read and parsed again", () => {
    const dir = content(1);
    age(dir);
    const cacheDir = temp("cache-");
    const first = built(dir, cacheDir);
    for (const name of readdirSync(cacheDir)) if (name !== "files.json") rmSync(join(cacheDir, name));
    const again = built(dir, cacheDir);
    expect([again.cache.reads, again.cache.misses]).toEqual([1, 1]);
    expect(again.module).toBe(first.module);
  });
});

describe("a rebuild without the archive's text", () => {
  const parseWith = (dir: string, cacheDir: string, version = "v1") => {
    const cache = diskParseCache(cacheDir, version);
    const result = buildContent(dir, { cache });
    cache.save();
    return { cache, result };
  };
  /** `n` files a minute old, parsed once through a new cache, and their articles parsed without one. */
  const parsedOnce = (n: number) => {
    const dir = content(n);
    age(dir);
    const cacheDir = temp("cache-");
    const plain = buildContent(dir).articles;
    parseWith(dir, cacheDir);
    return { dir, cacheDir, plain };
  };

  it("takes unchanged articles from the shards and reads a body only when asked, the same article field for field", () => {
    const { dir, cacheDir, plain } = parsedOnce(3);
    expect(readdirSync(cacheDir).filter((name) => name.startsWith("meta-")).length).toBeGreaterThan(0);
    const { cache, result } = parseWith(dir, cacheDir);
    expect([cache.reads, cache.hits, cache.bodyReads]).toEqual([0, 3, 0]);
    // In the record's order, body included: the settled packs' bytes are the same.
    expect(result.articles.map((a) => JSON.stringify(a))).toEqual(plain.map((a) => JSON.stringify(a)));
    expect(cache.bodyReads).toBe(3);
    expect(result.articles[0]!.bodyHtml).toBe(plain[0]!.bodyHtml);
    expect(cache.bodyReads).toBe(3);
  });

  it("parses a body again from its file when its entry is gone, and a shard that is damaged is only a slower build", () => {
    const { dir, cacheDir, plain } = parsedOnce(2);
    for (const name of readdirSync(cacheDir)) if (name.startsWith("parse-")) rmSync(join(cacheDir, name));
    // As the CLI does: the bodies are asked for (settling, the module), then the cache is saved.
    const again = diskParseCache(cacheDir, "v1");
    const articles = buildContent(dir, { cache: again }).articles;
    expect(again.reads).toBe(0);
    expect(articles.map((a) => a.bodyHtml)).toEqual(plain.map((a) => a.bodyHtml));
    expect(again.reads).toBe(0);
    expect(again.bodyReads).toBe(2);
    again.save();
    for (const name of readdirSync(cacheDir)) if (name.startsWith("meta-")) writeFileSync(join(cacheDir, name), "{");
    const damaged = parseWith(dir, cacheDir);
    expect(damaged.cache.hits).toBe(2);
    expect(damaged.result.articles.map((a) => JSON.stringify(a))).toEqual(plain.map((a) => JSON.stringify(a)));
  });

  it("names a file that changed while the build was reading it, when its body is asked for", () => {
    const { dir, cacheDir } = parsedOnce(1);
    for (const name of readdirSync(cacheDir)) if (name.startsWith("parse-")) rmSync(join(cacheDir, name));
    const cache = diskParseCache(cacheDir, "v1");
    const [article] = buildContent(dir, { cache }).articles;
    // Edited after its article came from the cache, before its body was read (parsed again, as its parse is gone).
    writeFileSync(join(dir, "story-1.md"), story(1, { title: "Story one, edited" }));
    expect(() => article!.bodyHtml).toThrow(ContentChangedError);
    expect(() => article!.bodyHtml).toThrow("content/story-1.md changed while the build was reading it: run the build again");
  });

  it("takes a file read again with unchanged bytes (touched) from its article without its body, and names it if it changes before its body is read", () => {
    const { dir, cacheDir, plain } = parsedOnce(2);
    for (const name of readdirSync(cacheDir)) if (name.startsWith("parse-")) rmSync(join(cacheDir, name));
    // Touched now: the stat no longer vouches for either file, so both are read and hashed again.
    const now = new Date();
    for (const name of readdirSync(dir)) utimesSync(join(dir, name), now, now);
    const cache = diskParseCache(cacheDir, "v1");
    const [first, second] = buildContent(dir, { cache }).articles;
    expect({ hits: cache.hits, misses: cache.misses, reads: cache.reads, bodyReads: cache.bodyReads }).toEqual({
      hits: 2,
      misses: 0,
      reads: 2,
      bodyReads: 0,
    });
    expect(first!.bodyHtml).toBe(plain[0]!.bodyHtml);
    writeFileSync(join(dir, `${second!.slug}.md`), story(1, { title: "Edited" }));
    expect(() => second!.bodyHtml).toThrow(ContentChangedError);
  });

  it("rewrites a shard only when its keys change", () => {
    const { dir, cacheDir } = parsedOnce(2);
    const shards = () =>
      Object.fromEntries(
        readdirSync(cacheDir)
          .filter((n) => n.startsWith("meta-"))
          .map((n) => [n, statSync(join(cacheDir, n)).mtimeMs]),
      );
    const before = shards();
    const then = new Date(Date.now() - 30_000);
    for (const name of Object.keys(before)) utimesSync(join(cacheDir, name), then, then);
    const aged = shards();
    parseWith(dir, cacheDir);
    expect(shards()).toEqual(aged);
    writeFileSync(join(dir, "story-3.md"), story(3));
    parseWith(dir, cacheDir);
    expect(Object.values(shards()).some((mtime) => mtime > then.getTime() + 1000)).toBe(true);
  });

  it("a new code version reads and parses every file again, even one the list vouches for", () => {
    const dir = content(2);
    age(dir);
    const cacheDir = temp("cache-");
    parseWith(dir, cacheDir, "v1");
    expect(parseWith(dir, cacheDir, "v1").cache.reads).toBe(0);
    const before = keptParses(cacheDir);
    const next = diskParseCache(cacheDir, "v2");
    buildContent(dir, { cache: next });
    expect([next.reads, next.misses]).toEqual([2, 2]);
    // As the CLI does: only the new version's parses are kept (the old ones were not even read).
    next.prune();
    next.save();
    const after = keptParses(cacheDir);
    expect(after).toHaveLength(2);
    expect(after.some((key) => before.includes(key))).toBe(false);
    expect(parseWith(dir, cacheDir, "v2").cache.reads).toBe(0);
  });
});

describe("the build's code version", () => {
  it("changes with any source file under src/ but the generated ones, and with the lock file", () => {
    const root = temp("root-");
    mkdirSync(join(root, "src/content-build"), { recursive: true });
    mkdirSync(join(root, "src/generated"), { recursive: true });
    writeFileSync(join(root, "src/content-build/markdown.ts"), "export const a = 1;\n");
    writeFileSync(join(root, "src/model.ts"), "export type A = 1;\n");
    writeFileSync(join(root, "package-lock.json"), '{"lockfileVersion":3}\n');
    const base = buildCodeVersion(root);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(buildCodeVersion(root)).toBe(base);
    writeFileSync(join(root, "src/generated/content.ts"), "export const content = {};\n");
    writeFileSync(join(root, "README.md"), "Not code.\n");
    expect(buildCodeVersion(root)).toBe(base);
    writeFileSync(join(root, "src/content-build/markdown.ts"), "export const a = 2;\n");
    const edited = buildCodeVersion(root);
    expect(edited).not.toBe(base);
    writeFileSync(join(root, "package-lock.json"), '{"lockfileVersion":3,"packages":{}}\n');
    const locked = buildCodeVersion(root);
    expect(locked).not.toBe(edited);
    // A file's name is part of it: the same bytes moved are another version.
    rmSync(join(root, "src/model.ts"));
    writeFileSync(join(root, "src/content-build/model.ts"), "export type A = 1;\n");
    const moved = buildCodeVersion(root);
    expect(moved).not.toBe(locked);
    // Without a lock file (a checkout before `npm install`), still a version.
    rmSync(join(root, "package-lock.json"));
    expect(buildCodeVersion(root)).toMatch(/^[0-9a-f]{64}$/);
    expect(buildCodeVersion(root)).not.toBe(moved);
  });
});
