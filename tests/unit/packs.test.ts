// The body packs the build writes for the Worker's static assets: what goes in (only what
// is public at the build's time), where the boundaries fall, names that are the bytes'
// hash, and the command writing, keeping and pruning the files.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PACK_ARTICLES, PACK_MAX_BYTES, packBodies, packName } from "../../src/content-build/packs.js";
import type { Article, StoredArticle } from "../../src/model.js";
import { withBodies } from "../helpers/bundle.js";
import { articleFile, validFields } from "../helpers/fixtures.js";

const root = resolve(import.meta.dirname, "../..");
const T = Date.UTC(2026, 10, 21, 6, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();

/** `n` articles one hour apart ending at `newest`, newest first, as the build orders them. */
function articles(n: number, newest = T, body = (i: number) => `<p>Body ${i}.</p>`): Article[] {
  return Array.from({ length: n }, (_, i) => {
    const published = iso(newest - i * 3_600_000);
    return {
      slug: `a-${i}`,
      id: `urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
      title: `Article ${i}`,
      summary: `Summary ${i}.`,
      published,
      updated: published,
      authors: [{ name: "A. Writer" }],
      tags: [],
      corrections: [],
      bodyHtml: body(i),
      ledeEnd: 0,
    };
  });
}

const stored = (a: unknown): a is StoredArticle => typeof a === "object" && a !== null && "body" in a;

describe("packBodies", () => {
  it("stores an article published at the cut-off, and keeps one a second later in the script (T−1 s, T, T+1 s)", () => {
    const [at] = articles(1, T);
    expect(stored(packBodies([at!], T - 1000).articles[0])).toBe(false);
    expect(stored(packBodies([at!], T).articles[0])).toBe(true);
    expect(stored(packBodies([at!], T + 1000).articles[0])).toBe(true);
    // Kept in the script, it is the article itself, body and all.
    expect(packBodies([at!], T - 1000).articles[0]).toBe(at);
    expect(packBodies([at!], T - 1000).packs).toEqual([]);
  });

  it("keeps no body of an article withdrawn by the cut-off, and stores one whose withdrawal is still to come", () => {
    const [a] = articles(1, T - 86_400_000);
    const withdrawn = { ...a!, withdrawn: { at: iso(T), reason: "Withdrawn." } };
    const gone = packBodies([withdrawn], T);
    expect(gone.packs).toEqual([]);
    expect(gone.articles[0]).toEqual({ ...withdrawn, bodyHtml: "" });
    const before = packBodies([withdrawn], T - 1000);
    expect(before.packs).toHaveLength(1);
    expect(stored(before.articles[0])).toBe(true);
  });

  it("keeps the body of a scheduled article whose withdrawal is scheduled too, inline in the module", () => {
    const [a] = articles(1, T + 3_600_000);
    const both = { ...a!, withdrawn: { at: iso(T + 7_200_000), reason: "Withdrawn." } };
    const { articles: bundled, packs } = packBodies([both], T);
    expect(packs).toEqual([]);
    expect(bundled).toEqual([both]);
  });

  it(`packs ${PACK_ARTICLES} articles a file, oldest first, each body exactly where its reference says`, () => {
    const list = articles(PACK_ARTICLES * 2 + 3);
    const { articles: bundled, packs } = packBodies(list, T);
    expect(packs).toHaveLength(3);
    const texts = new Map(packs.map((p) => [p.name, new TextDecoder().decode(p.bytes)]));
    // The oldest eight are in the first pack, in order.
    const oldest = bundled.at(-1) as StoredArticle;
    expect(oldest.body).toEqual({ pack: packs[0]!.name, start: 0, end: list.at(-1)!.bodyHtml.length });
    for (const [i, entry] of bundled.entries()) {
      expect(stored(entry)).toBe(true);
      const { body, ...meta } = entry as StoredArticle;
      const { bodyHtml, ...expected } = list[i]!;
      expect(meta).toEqual(expected);
      expect(texts.get(body.pack)!.slice(body.start, body.end)).toBe(bodyHtml);
    }
    // The newest pack holds the newest three.
    expect(new Set(bundled.slice(0, 3).map((a) => (a as StoredArticle).body.pack))).toEqual(new Set([packs[2]!.name]));
  });

  it("names each pack by the SHA-256 of its bytes", () => {
    for (const pack of packBodies(articles(10), T).packs) {
      expect(pack.name).toBe(`${createHash("sha256").update(pack.bytes).digest("base64url")}.txt`);
      expect(packName(pack.bytes)).toBe(pack.name);
    }
  });

  it("changes only the newest pack when an article is added, and only its own when one is edited", () => {
    const list = articles(20, T);
    const names = packBodies(list, T).packs.map((p) => p.name);
    const added = packBodies(
      [...articles(1, T + 3_600_000).map((a) => ({ ...a, slug: "new", id: "urn:uuid:new" })), ...list],
      T + 3_600_000,
    );
    expect(added.packs.map((p) => p.name).slice(0, 2)).toEqual(names.slice(0, 2));
    expect(added.packs.at(-1)!.name).not.toBe(names.at(-1));
    const edited = list.map((a, i) => (i === 19 ? { ...a, bodyHtml: "<p>A much longer body than before, edited.</p>" } : a));
    const after = packBodies(edited, T).packs.map((p) => p.name);
    expect(after[0]).not.toBe(names[0]);
    expect(after.slice(1)).toEqual(names.slice(1));
  });

  it("closes a pack before it passes the size limit; a body larger than the limit is a pack alone", () => {
    const big = "x".repeat(PACK_MAX_BYTES / 2);
    const list = articles(3, T, (i) => (i === 1 ? `<p>${"y".repeat(PACK_MAX_BYTES)}</p>` : `<p>${big}</p>`));
    const { packs } = packBodies(list, T);
    expect(packs.map((p) => p.bytes.length)).toEqual([big.length + 7, PACK_MAX_BYTES + 7, big.length + 7]);
  });

  it("lets a pack reach the size limit exactly: only passing it closes the pack", () => {
    // Two bodies of 7 bytes of markup each plus text that sum to exactly PACK_MAX_BYTES.
    const half = PACK_MAX_BYTES / 2 - 7;
    const exact = packBodies(
      articles(2, T, () => `<p>${"x".repeat(half)}</p>`),
      T,
    ).packs;
    expect(exact.map((p) => p.bytes.length)).toEqual([PACK_MAX_BYTES]);
    const over = packBodies(
      articles(2, T, (i) => `<p>${"x".repeat(half + i)}</p>`),
      T,
    ).packs;
    expect(over.map((p) => p.bytes.length)).toEqual([PACK_MAX_BYTES / 2 + 1, PACK_MAX_BYTES / 2]);
  });

  it("counts the limit in UTF-8 bytes and the references in UTF-16 code units", () => {
    const list = articles(2, T, (i) => `<p>${i ? "🗞️ עברית" : "مرحبا"}</p>`);
    const { articles: bundled, packs } = packBodies(list, T);
    const text = new TextDecoder().decode(packs[0]!.bytes);
    for (const [i, entry] of bundled.entries()) {
      const { body } = entry as StoredArticle;
      expect(text.slice(body.start, body.end)).toBe(list[i]!.bodyHtml);
    }
  });
});

describe("the build command's packs", () => {
  const dirs: string[] = [];
  const folder = () => {
    const dir = mkdtempSync(join(tmpdir(), "packs-"));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const run = (content: string, out: string, ...args: string[]) =>
    spawnSync(process.execPath, ["--import", "tsx", "src/content-build/cli.ts", "--content", content, "--out", out, ...args], {
      cwd: root,
      encoding: "utf8",
    });
  const write = (dir: string, slug: string, n: number, published: string) =>
    writeFileSync(
      join(dir, `${slug}.md`),
      articleFile({ ...validFields(), id: `urn:uuid:00000000-0000-4000-8000-${String(n).padStart(12, "0")}`, published }, `Story ${n}.\n`),
    );

  it("writes the packs beside the module, keeps the scheduled body in the module, and prunes packs no longer named", async () => {
    const content = folder();
    const out = join(folder(), "content.ts");
    write(content, "old", 1, "2026-11-01T00:00:00Z");
    write(content, "scheduled", 2, "2026-11-21T06:00:00Z");
    const first = run(content, out, "--settled", "2026-11-21T05:59:59Z");
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain("1 body pack(s)");
    const packDir = join(out.replace(/\.ts$/, "-assets"), "packs");
    const [pack] = readdirSync(packDir);
    expect(readFileSync(join(packDir, pack!), "utf8")).toContain("Story 1.");
    expect(readFileSync(join(packDir, pack!), "utf8")).not.toContain("Story 2.");
    const module = readFileSync(out, "utf8");
    // (The summaries, "Story 1." and "Story 2.", are in the module's index either way.)
    expect(module).toContain("<p>Story 2.</p>");
    expect(module).not.toContain("<p>Story 1.</p>");
    const { content: bundle } = await import(`${out}?first`);
    expect(withBodies(bundle, join(out.replace(/\.ts$/, "-assets"))).map((a) => a.bodyHtml)).toEqual([
      "<p>Story 2.</p>\n",
      "<p>Story 1.</p>\n",
    ]);

    // Once both are public, both are stored; the first pack is replaced and removed.
    const second = run(content, out, "--settled", "2026-11-21T06:00:00Z");
    expect(second.status, second.stderr).toBe(0);
    const after = readdirSync(packDir);
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(pack);
    expect(existsSync(join(packDir, pack!))).toBe(false);
    expect(readFileSync(out, "utf8")).not.toContain("<p>Story 2.</p>");
  });

  it("refuses a --settled that is not a date", () => {
    const result = run(folder(), join(folder(), "content.ts"), "--settled", "soon");
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--settled: "soon" is not an RFC 3339 date-time');
  });
});
