// The content build over fixture folders, and the CLI's contract: every error at once,
// exit code 1, nothing written.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { buildContent } from "../../src/content-build/build-content.js";
import { formatError } from "../../src/content-build/errors.js";
import type { ContentBundle } from "../../src/core/model.js";
import { withBodies } from "../helpers/bundle.js";
import { articleFile, validFields } from "../helpers/fixtures.js";
import { tempFolders } from "../helpers/temp-folders.js";

const root = resolve(import.meta.dirname, "../..");
const folders = tempFolders();
/** A fresh content folder holding the given files. */
const folder = (files: Record<string, string>) => folders.withFiles(files);

function story(id: string, published: string, extra: Record<string, unknown> = {}): string {
  return articleFile({ ...validFields(), id: `urn:uuid:${id}`, published, ...extra });
}

function runCli(contentDir: string, outFile: string) {
  return spawnSync(process.execPath, ["--import", "tsx", "src/content-build/cli.ts", "--content", contentDir, "--out", outFile], {
    cwd: root,
    encoding: "utf8",
  });
}

describe("buildContent", () => {
  it("orders articles newest first, leaves drafts out and ignores dotfiles", () => {
    const dir = folder({
      "older.md": story("00000000-0000-4000-8000-000000000001", "2022-03-01T10:00:00+02:00"),
      "newer.md": story("00000000-0000-4000-8000-000000000002", "2022-03-01T09:00:00Z"),
      "wip.md": story("00000000-0000-4000-8000-000000000003", "2022-03-05T09:00:00Z", { draft: true }),
      ".DS_Store": "junk",
    });
    const result = buildContent(dir);
    expect(result.errors).toEqual([]);
    // 09:00Z is later than 10:00+02:00 (08:00Z): order follows the instant, not the text.
    expect(result.articles.map((a) => a.slug)).toEqual(["newer", "older"]);
    expect(result.drafts).toEqual(["content/wip.md"]);
  });

  it("breaks ties in time by id, so the order never depends on the file system", () => {
    const dir = folder({
      "b.md": story("00000000-0000-4000-8000-00000000000a", "2022-03-01T09:00:00Z"),
      "a.md": story("00000000-0000-4000-8000-00000000000b", "2022-03-01T09:00:00Z"),
    });
    expect(buildContent(dir).articles.map((a) => a.slug)).toEqual(["b", "a"]);
  });

  it("reports every error in every file at once, and returns no articles", () => {
    const dir = folder({
      "good.md": story("00000000-0000-4000-8000-000000000001", "2022-03-01T09:00:00Z"),
      "bad-date.md": story("00000000-0000-4000-8000-000000000002", "2022-03-01"),
      "no-title.md": articleFile({ ...validFields(), id: "urn:uuid:00000000-0000-4000-8000-000000000003", title: undefined }),
      "notes.txt": "not an article",
      "drafts/": "",
    });
    const result = buildContent(dir);
    expect(result.articles).toEqual([]);
    expect(result.errors.map(formatError)).toEqual([
      'content/bad-date.md: published: "2022-03-01" is a date only; write a full timestamp with offset, e.g. 2022-03-01T09:00:00+02:00',
      "content/drafts: file: is not an article; content/ holds only <slug>.md files, images/ and site/",
      "content/no-title.md: title: is required",
      "content/notes.txt: file: is not an article; content/ holds only <slug>.md files, images/ and site/",
    ]);
  });

  it("rejects an id used twice, naming both files", () => {
    const dir = folder({
      "first.md": story("00000000-0000-4000-8000-000000000001", "2022-03-01T09:00:00Z"),
      "second.md": story("00000000-0000-4000-8000-000000000001", "2022-03-02T09:00:00Z"),
    });
    expect(buildContent(dir).errors.map(formatError)).toEqual([
      'content/second.md: id: "urn:uuid:00000000-0000-4000-8000-000000000001" is already the id of content/first.md; ids must be unique',
    ]);
  });

  it("is deterministic: the same folder gives the same result", () => {
    const files = {
      "a.md": story("00000000-0000-4000-8000-000000000001", "2022-03-01T09:00:00Z", { tags: ["x", "y"] }),
      "b.md": story("00000000-0000-4000-8000-000000000002", "2022-03-02T09:00:00Z"),
    };
    expect(JSON.stringify(buildContent(folder(files)))).toBe(JSON.stringify(buildContent(folder(files))));
  });
});

describe("the build command", () => {
  it("writes the generated module for valid content", async () => {
    const dir = folder({ "story.md": story("00000000-0000-4000-8000-000000000001", "2022-03-01T09:00:00Z") });
    const out = join(folder({}), "content.ts");
    const run = runCli(dir, out);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("Built 1 article(s), 0 draft(s) left out");
    // The module is what the Worker imports: load it and compare with the build's own result.
    const { content } = (await import(out)) as { content: ContentBundle };
    expect(content.version).toMatch(/^[0-9a-f]{64}$/);
    expect(withBodies(content, join(dirname(out), "content-assets"))).toEqual(buildContent(dir).articles);
  });

  it("round-trips every body exactly through the generated module (emoji, RTL, U+2028, quotes)", async () => {
    const body = (text: string) => `${text}\n\n## Sub\n\nMore "quoted" text with \\ backslash.\n`;
    const dir = folder({
      "a.md": articleFile({ ...validFields(), id: "urn:uuid:00000000-0000-4000-8000-00000000000a" }, body("Emoji 🗞️🇺🇦 first")),
      "b.md": articleFile(
        { ...validFields(), id: "urn:uuid:00000000-0000-4000-8000-00000000000b", published: "2022-03-02T10:00:00Z" },
        body("עברית and مرحبا"),
      ),
      "c.md": articleFile(
        { ...validFields(), id: "urn:uuid:00000000-0000-4000-8000-00000000000c", published: "2022-03-03T10:00:00Z" },
        body("Line\u2028separator"),
      ),
    });
    const out = join(folder({}), "content.ts");
    expect(runCli(dir, out).status).toBe(0);
    const { content } = (await import(out)) as { content: ContentBundle };
    const read = withBodies(content, join(dirname(out), "content-assets"));
    expect(read.map((a) => a.bodyHtml)).toEqual(buildContent(dir).articles.map((a) => a.bodyHtml));
    expect(read).toEqual(buildContent(dir).articles);
  });

  it("fails with exit code 1, prints every error, and writes nothing", () => {
    const dir = folder({
      "one.md": story("00000000-0000-4000-8000-000000000001", "2022-03-01T09:00:00"),
      "two.md": articleFile({ ...validFields(), authors: [] }),
    });
    const out = join(folder({}), "content.ts");
    const run = runCli(dir, out);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('content/one.md: published: "2022-03-01T09:00:00" has no time-zone offset');
    expect(run.stderr).toContain("content/two.md: authors: must name at least one author");
    expect(run.stderr).toContain("2 error(s) in content/; nothing was written.");
    expect(existsSync(out)).toBe(false);
  });

  it("leaves an earlier good build untouched when the content turns bad", () => {
    const out = join(folder({}), "content.ts");
    writeFileSync(out, "// previous build\n");
    const run = runCli(folder({ "bad.md": "no front matter" }), out);
    expect(run.status).toBe(1);
    expect(readFileSync(out, "utf8")).toBe("// previous build\n");
  });
});

describe("facet addresses", () => {
  it("names both files when two spellings of a tag would share one address", () => {
    const dir = folder({
      "a.md": story("00000000-0000-4000-8000-0000000000a1", "2022-03-01T09:00:00Z", { tags: ["U.S."] }),
      "b.md": story("00000000-0000-4000-8000-0000000000b2", "2022-03-02T09:00:00Z", { tags: ["Energy", "U S"] }),
    });
    expect(buildContent(dir).errors.map(formatError)).toEqual([
      'content/b.md: tags[1]: "U S" and "U.S." (content/a.md) would share the address /tags/u-s; spell them the same',
    ]);
  });

  it("refuses two actors with one fediverse handle: a section and an author, or a section and the newsroom", () => {
    const dir = folder({
      "a.md": story("00000000-0000-4000-8000-0000000000a1", "2022-03-01T09:00:00Z", { section: "Science" }),
      "b.md": story("00000000-0000-4000-8000-0000000000b2", "2022-03-02T09:00:00Z", { authors: [{ name: "Science" }] }),
      "c.md": story("00000000-0000-4000-8000-0000000000c3", "2022-03-03T09:00:00Z", { section: "News" }),
      // A tag is no actor: it may share a section's slug.
      "d.md": story("00000000-0000-4000-8000-0000000000d4", "2022-03-04T09:00:00Z", { section: "Science", tags: ["Science", "News"] }),
    });
    expect(buildContent(dir).errors.map(formatError)).toEqual([
      'content/b.md: authors[0].name: the author "Science" and the section "Science" (content/a.md) would share the fediverse handle @science; rename one',
      'content/c.md: section: "News" would have the fediverse handle @news, which is the newsroom\'s own (src/core/config.ts handle); rename one',
    ]);
  });

  it("keeps scheduled and withdrawn articles in the bundle and reports them, drafts out", () => {
    const dir = folder({
      "now.md": story("00000000-0000-4000-8000-0000000000c1", "2022-03-01T09:00:00Z"),
      "later.md": story("00000000-0000-4000-8000-0000000000c2", "2099-01-01T09:00:00Z"),
      "gone.md": story("00000000-0000-4000-8000-0000000000c3", "2022-03-01T08:00:00Z", {
        withdrawn: { at: "2022-03-02T08:00:00Z", reason: "Withdrawn for legal reasons." },
      }),
      "wip.md": story("00000000-0000-4000-8000-0000000000c4", "2022-03-01T08:00:00Z", { draft: true }),
    });
    const out = join(folders.make("out-"), "out.ts");
    const run = runCli(dir, out);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("Articles: 1 live, 1 scheduled, 1 withdrawn (410), 1 draft(s) left out.");
    expect(run.stdout).toMatch(/Scheduled: content\/later\.md appears at 2099-01-01T09:00:00Z \(in \d+ days\)\./);
    // One live article and one tombstone fit in the live feeds, which are then complete: no archive.
    expect(run.stdout).toContain(
      "Serving now: 1 article pages, 9 feed documents, 1 authors pages, 1 front page, 2 sitemaps, 2 other files, 5 icons, 1 partners pages, 3 schemas.",
    );
    const module = readFileSync(out, "utf8");
    expect(module).toContain("urn:uuid:00000000-0000-4000-8000-0000000000c2");
    expect(module).not.toContain("urn:uuid:00000000-0000-4000-8000-0000000000c4");
  });
});
