// The build's memo of record packs (src/content-build/pack-memo.ts): a rebuild makes only the
// packs whose records changed, and what it gives the Worker is byte for byte what a build
// without the memo gives; a record's photos are part of its key; a memo that lies is caught.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { workerOutputs } from "../../src/content-build/generated-module.js";
import { diskPackMemo, packDigest, recordKeys } from "../../src/content-build/pack-memo.js";
import { SettleError } from "../../src/content-build/settle.js";
import { siteFromVars } from "../../src/core/config.js";
import type { Article, Site } from "../../src/core/model.js";
import { pagesSite, RECORDS_PER_PACK } from "../../src/core/settled.js";
import { makeArticle } from "../helpers/fixtures.js";

const AT = Date.parse("2026-11-21T06:00:00Z");
const DAY = 86_400_000;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const memoDir = () => {
  const d = mkdtempSync(join(tmpdir(), "pack-memo-"));
  dirs.push(d);
  return d;
};

/** `n` settled articles a day apart, newest first, each with a parse key naming its content. */
function archive(n: number, edit: (i: number) => Partial<Article> = () => ({})): Article[] {
  return Array.from({ length: n }, (_, i) =>
    makeArticle({
      slug: `s-${i}`,
      id: `urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
      published: new Date(AT - (i + 10) * DAY).toISOString().replace(".000Z", "Z"),
      updated: new Date(AT - (i + 10) * DAY).toISOString().replace(".000Z", "Z"),
      bodyHtml: `<p>Body ${i}.</p>`,
      ...edit(i),
    }),
  );
}
// A parse key stands for the file's bytes: here, the article's own JSON.
const parseKeys = (articles: Article[]) => recordKeys(articles, (a) => JSON.stringify(a));
const build = (articles: Article[], dir?: string, site?: Site) => {
  const memo = dir === undefined ? undefined : diskPackMemo(dir, parseKeys(articles));
  const out = workerOutputs(articles, [], { at: AT, head: 10, folder: "archive-x", ...(memo && { memo }), ...(site && { site }) });
  memo?.save();
  return { ...out, hits: memo?.hits ?? 0 };
};
const served = (out: ReturnType<typeof build>) => ({
  module: out.module,
  files: out.settled.files.map((f) => [f.path, f.header, Buffer.from(f.bytes).toString("base64")]),
});

describe("the pack memo", () => {
  it("packs with pages are made for a site: another site, or none, makes every pack again", () => {
    const dir = memoDir();
    const list = archive(3 * RECORDS_PER_PACK);
    const here = siteFromVars({ BASE_URL: "https://news.example" });
    const there = siteFromVars({ BASE_URL: "https://elsewhere.example" });
    expect(build(list, dir, here).hits).toBe(0);
    expect(build(list, dir, here).hits).toBe(3);
    const moved = build(list, dir, there);
    expect(moved.hits).toBe(0);
    expect(served(moved)).toEqual(served(build(list, undefined, there)));
    expect(moved.settled.index.pages).toBe(pagesSite(there));
    expect(build(list, dir).hits).toBe(0);
    expect(build(list, dir).settled.index.pages).toBeUndefined();
  });

  it("a rebuild with one new article makes only the newest pack, and gives the Worker the same bytes as a build without the memo", () => {
    const dir = memoDir();
    const packs = 5;
    const old = archive(packs * RECORDS_PER_PACK - 1).slice(1);
    expect(build(old, dir).hits).toBe(0);
    // One more, newest: positions grow at the end, so only the last pack changes.
    const grown = archive(packs * RECORDS_PER_PACK - 1);
    const again = build(grown, dir);
    expect(again.hits).toBe(packs - 1);
    expect(served(again)).toEqual(served(build(grown)));
    // Unchanged: every pack is known.
    expect(build(grown, dir).hits).toBe(packs);
  });

  it("an edited article, or a new photo of it, makes its pack again; the version follows the served bytes", () => {
    const dir = memoDir();
    const base = archive(3 * RECORDS_PER_PACK);
    const first = build(base, dir);
    const edited = archive(3 * RECORDS_PER_PACK, (i) => (i === 0 ? { bodyHtml: "<p>Corrected.</p>" } : {}));
    const second = build(edited, dir);
    expect(second.hits).toBe(2);
    expect(served(second)).toEqual(served(build(edited)));
    expect(second.module).not.toBe(first.module);
    // The same text with a photo whose bytes (so its served name) changed: another record key.
    const photo = (hash: string) => archive(2, (i) => (i === 0 ? { bodyHtml: `<p><img src="/images/x.${hash}.jpg" alt="x"></p>` } : {}));
    const [a] = [...parseKeys(photo("0123456789abcdef")).values()];
    const [b] = [...parseKeys(photo("fedcba9876543210")).values()];
    expect(a).not.toBe(b);
    expect(a).toContain("x.0123456789abcdef.jpg");
  });

  it("a memo that names the wrong header for a pack is caught when its bytes are made, with a clear error", () => {
    const dir = memoDir();
    const articles = archive(RECORDS_PER_PACK);
    const keys = parseKeys(articles);
    const memo = diskPackMemo(dir, keys);
    memo.remember(
      packDigest(
        articles
          .slice()
          .reverse()
          .map((a) => keys.get(a)!),
      ),
      `${"x".repeat(43)}\n`,
    );
    memo.save();
    const out = build(articles, dir);
    expect(out.hits).toBe(1);
    expect(() => out.settled.files[0]!.bytes).toThrow(SettleError);
    expect(() => out.settled.files[0]!.bytes).toThrow(/build again with --no-cache/);
  });

  it("a damaged memo file is no memo", () => {
    const dir = memoDir();
    const articles = archive(RECORDS_PER_PACK * 2);
    build(articles, dir);
    writeFileSync(join(dir, "packs.json"), "{not json");
    expect(build(articles, dir).hits).toBe(0);
  });
});
