// Parsing on threads (src/content-build/parse-threads.ts): a build whose files are parsed ahead
// on worker threads gives what the build in line gives, errors and all, with or without the
// parse cache, and parses on threads only the files the cache cannot vouch for.
import { readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  type BuildResult,
  buildContent,
  buildContentOnThreads,
  type ParsedArticle,
  parseArticle,
} from "../../src/content-build/build-content.js";
import { formatError } from "../../src/content-build/errors.js";
import { diskParseCache } from "../../src/content-build/parse-cache.js";
import { parseAhead } from "../../src/content-build/parse-threads.js";
import { articleFile, validFields } from "../helpers/fixtures.js";
import { tempFolders } from "../helpers/temp-folders.js";

const folders = tempFolders();
const id = (n: number) => `urn:uuid:00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const story = (n: number, extra: Record<string, unknown> = {}) =>
  articleFile({ ...validFields(), id: id(n), title: `Story ${n}`, ...extra });

/** 40 articles, a draft, and three bad files: a schema error, broken YAML, a duplicate id. */
function newsroom(): string {
  const dir = folders.make("threads-");
  for (let n = 1; n <= 40; n++) writeFileSync(join(dir, `story-${n}.md`), story(n, { tags: [`Tag ${n % 7}`] }));
  writeFileSync(join(dir, "draft.md"), story(41, { draft: true }));
  writeFileSync(join(dir, "bad-date.md"), story(42, { published: "yesterday" }));
  writeFileSync(join(dir, "bad-yaml.md"), "---\ntitle: [unclosed\n---\n\nBody.\n");
  writeFileSync(join(dir, "twin.md"), story(3));
  return dir;
}

/** What a build gives, as plain data (the articles with their files, the errors as the editor reads them). */
const outcome = (result: BuildResult) => ({
  articles: (result.errors.length > 0 ? result.parsed!.articles : result.articles).map((a) => ({ ...a })),
  files: [...(result.parsed?.files ?? result.files).values()],
  drafts: result.drafts,
  errors: result.errors.map(formatError),
});

/** Files last written a minute ago, outside the cache's racy window. */
const age = (dir: string) => {
  const then = new Date(Date.now() - 60_000);
  for (const name of readdirSync(dir)) utimesSync(join(dir, name), then, then);
};

describe("parsing on threads", () => {
  it("parses every file on the threads, each as parseArticle does, for the bytes read", async () => {
    const dir = newsroom();
    const names = readdirSync(dir).sort();
    const jobs = names.map((name) => ({ file: `content/${name}`, slug: name.slice(0, -3), path: join(dir, name) }));
    const done: number[] = [];
    const ahead = await parseAhead<ParsedArticle>(jobs, 2, (n) => done.push(n));
    expect(ahead.size).toBe(names.length);
    expect(done.at(-1)).toBe(names.length);
    for (const job of jobs) {
      const bytes = ahead.bytes(job.file)!;
      expect(Buffer.from(bytes).equals(readFileSync(job.path))).toBe(true);
      // Other bytes (the same content, read again) are not the ones parsed: the build parses them itself.
      expect(ahead.take(job.file, readFileSync(job.path))).toBeUndefined();
      expect(ahead.take(job.file, bytes)).toEqual(parseArticle(job.file, job.slug, bytes));
      expect(ahead.take(job.file, bytes)).toBeUndefined();
    }
  });

  it("gives the build in line's articles, drafts and errors, in the same order", async () => {
    const dir = newsroom();
    const inLine = outcome(buildContent(dir));
    expect(inLine.errors.length).toBeGreaterThanOrEqual(3);
    expect(outcome(await buildContentOnThreads(dir, {}, 2, 1))).toEqual(inLine);
  });

  it("gives the same clean build, bodies included", async () => {
    const dir = folders.make("threads-clean-");
    for (let n = 1; n <= 30; n++) writeFileSync(join(dir, `s-${n}.md`), story(n, { section: n % 2 ? "World" : "Science" }));
    const inLine = buildContent(dir);
    const threaded = await buildContentOnThreads(dir, {}, 3, 1);
    expect(threaded.errors).toEqual([]);
    expect(threaded.articles).toEqual(inLine.articles);
    expect(threaded.articles.map((a) => a.bodyHtml)).toEqual(inLine.articles.map((a) => a.bodyHtml));
  });

  it("with the cache, parses ahead only the files it cannot vouch for, and keeps their parses", async () => {
    const dir = newsroom();
    const cacheDir = folders.make("threads-cache-");
    age(dir);
    const first = diskParseCache(cacheDir, "v1");
    const firstOutcome = outcome(await buildContentOnThreads(dir, { cache: first }, 2, 1));
    first.save();
    expect(first.misses).toBe(44);
    // One file edited: the rest come from the cache unread, and the result is the build in line's.
    writeFileSync(join(dir, "story-5.md"), story(5, { title: "Story 5, corrected" }));
    const second = diskParseCache(cacheDir, "v1");
    const secondOutcome = outcome(await buildContentOnThreads(dir, { cache: second }, 2, 1));
    // The two files with errors are parsed every time (only clean parses are kept; the twin's own parse
    // is clean, its duplicate id an error across files), and story-5 anew.
    expect({ misses: second.misses, reads: second.reads }).toEqual({ misses: 3, reads: 3 });
    expect(secondOutcome).toEqual(outcome(buildContent(dir)));
    expect(secondOutcome.articles.find((a) => a.slug === "story-5")!.title).toBe("Story 5, corrected");
    expect(firstOutcome.articles.find((a) => a.slug === "story-5")!.title).toBe("Story 5");
  });

  it("takes a file read again with the same bytes from its article in the cache, parsing it nowhere", async () => {
    const dir = newsroom();
    const cacheDir = folders.make("threads-touched-");
    age(dir);
    const first = diskParseCache(cacheDir, "v1");
    await buildContentOnThreads(dir, { cache: first }, 2, 1);
    first.save();
    // Every file touched (as a checkout or a copy does): none can be vouched for by its stat; and
    // the whole parses gone, so only the articles without their bodies (the meta shards) are left.
    const later = new Date();
    for (const name of readdirSync(dir)) utimesSync(join(dir, name), later, later);
    for (const name of readdirSync(cacheDir)) if (name.startsWith("parse-")) rmSync(join(cacheDir, name));
    const second = diskParseCache(cacheDir, "v1");
    const result = outcome(await buildContentOnThreads(dir, { cache: second }, 2, 1));
    // Read again and found by their bytes' keys: parsed are only the two files with errors (never kept).
    expect({ misses: second.misses, reads: second.reads }).toEqual({ misses: 2, reads: 44 });
    // The 40 articles' bodies, asked for, are parsed again from the files (their parses are gone), and equal the build in line's.
    expect(result).toEqual(outcome(buildContent(dir)));
    expect(second.bodyReads).toBe(40);
  });

  it("reads but does not parse on the threads a file it is told is not wanted", async () => {
    const dir = newsroom();
    const names = readdirSync(dir).sort();
    const jobs = names.map((name) => ({ file: `content/${name}`, slug: name.slice(0, -3), path: join(dir, name) }));
    const ahead = await parseAhead<ParsedArticle>(jobs, 2, undefined, (file) => file !== "content/story-7.md");
    const bytes = ahead.bytes("content/story-7.md")!;
    expect(Buffer.from(bytes).equals(readFileSync(join(dir, "story-7.md")))).toBe(true);
    expect(ahead.take("content/story-7.md", bytes)).toBeUndefined();
    const other = ahead.bytes("content/story-8.md")!;
    expect(ahead.take("content/story-8.md", other)).toEqual(parseArticle("content/story-8.md", "story-8", other));
  });

  it("parses in line below the threshold, and with one thread", async () => {
    const dir = newsroom();
    expect(outcome(await buildContentOnThreads(dir, {}, 2))).toEqual(outcome(buildContent(dir)));
    expect(outcome(await buildContentOnThreads(dir, {}, 1, 1))).toEqual(outcome(buildContent(dir)));
  });
});
