// The settled archive the build writes for the Worker's static assets (src/core/settled.ts): what
// is settled (only what can no longer change at the build's time, to the second), where
// records, slugs and sitemap entries go, the heads the script keeps, and the command
// writing, keeping and pruning the files.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ASSET_FILE_MAX_BYTES, frame, PrefixStale, SettleError, settle } from "../../src/content-build/settle.js";
import { siteFromVars } from "../../src/core/config.js";
import type { Article, SettledFacet } from "../../src/core/model.js";
import {
  FRAME_HEADER,
  type PackTable,
  pagesSite,
  RECORDS_PER_PACK,
  settledChange,
  settledFiles,
  slugBucket,
} from "../../src/core/settled.js";
import { NEWS_WINDOW_MS } from "../../src/publishing/timeline.js";
import { renderArticlePage } from "../../src/render/pages.js";
import { SITEMAP_FILE_URLS } from "../../src/render/sitemaps.js";
import { readSettledFile, withBodies } from "../helpers/bundle.js";
import { articleFile, validFields } from "../helpers/fixtures.js";
import { tempFolders } from "../helpers/temp-folders.js";

const root = resolve(import.meta.dirname, "../..");
const T = Date.UTC(2026, 10, 21, 6, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();
const HOUR = 3_600_000;

/** `n` articles one hour apart ending at `newest`, newest first, as the build orders them. */
function articles(n: number, newest = T - NEWS_WINDOW_MS - HOUR, extra: (i: number) => Partial<Article> = () => ({})): Article[] {
  return Array.from({ length: n }, (_, i) => {
    const published = iso(newest - i * HOUR);
    return {
      slug: `a-${i}`,
      id: `urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
      title: `Article ${i}`,
      summary: `Summary ${i}.`,
      published,
      updated: published,
      authors: [{ name: "A. Writer" }],
      tags: i % 2 === 0 ? ["Even"] : ["Odd", "Odd"],
      section: "World",
      corrections: [],
      bodyHtml: `<p>Body ${i}.</p>`,
      ledeEnd: 0,
      ...extra(i),
    };
  });
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes.subarray(FRAME_HEADER));
const fileOf = (s: ReturnType<typeof settle>, path: string) => s.files.find((f) => f.path === path);

describe("what is settled", () => {
  it("settles an article once its news window has ended, to the millisecond, and nothing newer than one that has not", () => {
    const [a] = articles(1, T);
    const at = (ms: number) => settle([a!], ms, 10, "f").index.count;
    expect(at(T + NEWS_WINDOW_MS - 1)).toBe(0);
    expect(at(T + NEWS_WINDOW_MS)).toBe(1);
    // The oldest articles up to the first that can still change: a withdrawal still to come keeps the rest moving.
    const list = articles(5);
    list[3] = { ...list[3]!, withdrawn: { at: iso(T + 1000), reason: "Court order." } };
    const s = settle(list, T, 10, "f");
    expect(s.index.count).toBe(1);
    expect(s.moving.map((x) => x.slug)).toEqual(["a-0", "a-1", "a-2", "a-3"]);
    // Withdrawn, it settles two days later (the news window's length), to the millisecond.
    expect(settle(list, T + 1000 + NEWS_WINDOW_MS - 1, 10, "f").index.count).toBe(1);
    expect(settle(list, T + 1000 + NEWS_WINDOW_MS, 10, "f").index.count).toBe(5);
  });

  it("keeps an article updated after the build, or scheduled, moving; never writes a moving article to any file", () => {
    const list = articles(3);
    list[2] = { ...list[2]!, updated: iso(T + 1), bodyHtml: "<p>Secret until later.</p>" };
    expect(settle(list, T, 10, "f").index.count).toBe(0);
    // Updated at the cut-off itself: settled.
    list[2] = { ...list[2]!, updated: iso(T) };
    expect(settle(list, T, 10, "f").index.count).toBe(3);
    const scheduled = [{ ...articles(1, T + HOUR)[0]!, slug: "later", bodyHtml: "<p>Embargoed words.</p>" }, ...articles(20)];
    const s = settle(scheduled, T, 10, "f");
    expect(s.index.count).toBe(20);
    expect(s.moving.map((x) => x.slug)).toEqual(["later"]);
    for (const file of s.files) {
      expect(text(file.bytes)).not.toContain("Embargoed");
      expect(text(file.bytes)).not.toContain('"later"');
    }
  });
});

describe("the settled files", () => {
  it("with a site, a pack stores each live record's page after the records: the page its record renders, and the fediverse's lines apart", () => {
    const site = siteFromVars({ BASE_URL: "https://news.example", SITE_NAME: "Pages & Co" });
    const list = articles(20, undefined, (i) =>
      i === 3 ? { withdrawn: { at: iso(T - NEWS_WINDOW_MS - 40 * HOUR), reason: "Court order." } } : {},
    );
    const s = settle(list, T, 10, "f", { site });
    expect(s.index.pages).toBe(pagesSite(site));
    expect(settle(list, T, 10, "f").index.pages).toBeUndefined();
    const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("base64url");
    let pages = 0;
    for (const f of s.files.filter((file) => file.path.startsWith("r/"))) {
      const payload = f.bytes.subarray(FRAME_HEADER);
      const tableEnd = payload.indexOf(0x0a);
      const table = JSON.parse(new TextDecoder().decode(payload.subarray(0, tableEnd))) as PackTable;
      // The pack's check line is the SHA-256 of its table's line, which names every byte after it.
      expect(f.header).toBe(`${sha(payload.subarray(0, tableEnd + 1))}\n`);
      let at = tableEnd + 1;
      const records = table.map(([length]) => {
        const record = JSON.parse(new TextDecoder().decode(payload.subarray(at, at + length))) as Article;
        at += length + 1;
        return record;
      });
      expect(at - 1).toBeLessThan(payload.length); // the records' last line ends with a line break before the pages
      for (const [i, entry] of table.entries()) {
        const page = entry[2];
        expect(page === undefined, records[i]!.slug).toBe(records[i]!.withdrawn !== undefined);
        if (page === undefined) continue;
        pages++;
        const [length, digest, insertAt, fediverseLength, fediverseDigest, changed, slug] = page;
        expect(slug).toBe(records[i]!.slug);
        const without = payload.subarray(at, at + length);
        const lines = payload.subarray(at + length, at + length + fediverseLength);
        at += length + fediverseLength;
        const decode = (b: Uint8Array) => new TextDecoder().decode(b);
        expect(decode(without)).toBe(renderArticlePage(site, records[i]!, false));
        const withLines = Buffer.concat([without.subarray(0, insertAt), lines, without.subarray(insertAt)]);
        expect(decode(withLines)).toBe(renderArticlePage(site, records[i]!, true));
        expect([digest, fediverseDigest]).toEqual([sha(without), sha(withLines)]);
        expect(changed).toBe(settledChange(records[i]!));
      }
      expect(at).toBe(payload.length);
    }
    expect(pages).toBe(19);
  });

  it("refuses articles that would make a pack larger than a static asset may be, naming them", () => {
    const huge = "x".repeat(ASSET_FILE_MAX_BYTES / 8 + 1024);
    const list = articles(9, undefined, (i) => (i === 0 ? {} : { bodyHtml: `<p>${huge}</p>` }));
    expect(() => settle(list, T, 10, "f")).toThrow(SettleError);
    expect(() => settle(list, T, 10, "f")).toThrow(
      /^the articles "a-8", "a-7", "a-6", "a-5", "a-4", "a-3", "a-2", "a-1" make a stored file of 25\.0 MiB, more than a static asset may be \(25 MiB\): shorten the longest of them$/,
    );
    expect(settle(list.slice(0, 5), T, 10, "f").files.length).toBeGreaterThan(0);
  });

  it("frames every file with the SHA-256 of its payload", () => {
    const bytes = frame("payload");
    // sha256("payload"), from openssl dgst -sha256 -binary | base64url
    expect(new TextDecoder().decode(bytes)).toBe("I59Z7VXnN8dxR89VrQwbAwttfudIp0JpUvm4UtWpNeU\npayload");
    expect(FRAME_HEADER).toBe(44);
  });

  it("puts the records of positions 8j…8j+7 in pack j, oldest first, a withdrawn one without its body", () => {
    const list = articles(20, undefined, (i) => (i === 15 ? { withdrawn: { at: iso(T - NEWS_WINDOW_MS - HOUR), reason: "Error." } } : {}));
    const s = settle(list, T, 10, "f");
    expect(s.index.count).toBe(20);
    const packs = s.files.filter((f) => f.path.startsWith("r/"));
    expect(packs.map((f) => f.path)).toEqual(["r/0", "r/1", "r/2"]);
    // A whole number of packs leaves no empty one behind.
    expect(
      settle(articles(16), T, 10, "f")
        .files.filter((f) => f.path.startsWith("r/"))
        .map((f) => f.path),
    ).toEqual(["r/0", "r/1"]);
    const records = packs.flatMap((f) =>
      text(f.bytes)
        .split("\n")
        .slice(1)
        .map((line) => JSON.parse(line) as Article),
    );
    expect(records.map((r) => r.slug)).toEqual(list.map((a) => a.slug).reverse());
    expect(records[20 - 1 - 15]).toMatchObject({ slug: "a-15", bodyHtml: "" });
    expect(records[0]).toEqual(list[19]);
    expect(RECORDS_PER_PACK).toBe(8);
    // Each pack's first line: every record's length in bytes and the SHA-256 of those bytes.
    for (const f of packs) {
      const [table, ...lines] = text(f.bytes).split("\n");
      expect(JSON.parse(table!)).toEqual(
        lines.map((line) => [Buffer.byteLength(line), createHash("sha256").update(line).digest("base64url")]),
      );
    }
  });

  it("finds every slug in its bucket, with about 64 slugs a bucket", () => {
    const list = articles(300);
    const s = settle(list, T, 10, "f");
    expect(s.index.buckets).toBe(8);
    for (const [pos, a] of [...list].reverse().entries()) {
      const bucket = JSON.parse(text(fileOf(s, settledFiles.slugs(slugBucket(a.slug, 8)))!.bytes)) as Record<string, number>;
      expect(bucket[a.slug]).toBe(pos);
    }
    expect(s.files.filter((f) => f.path.startsWith("s/"))).toHaveLength(8);
    expect(settle(articles(1), T, 10, "f").index.buckets).toBe(1);
    expect(settle(articles(64), T, 10, "f").index.buckets).toBe(1);
    expect(settle(articles(65), T, 10, "f").index.buckets).toBe(2);
  });

  it("cuts the live articles' sitemap entries into chunks of a sitemap file, oldest first, with their newest lastmod", () => {
    const list = articles(SITEMAP_FILE_URLS + 3, undefined, (i) =>
      i === 1
        ? { withdrawn: { at: iso(T - NEWS_WINDOW_MS - HOUR), reason: "Error." } }
        : i === SITEMAP_FILE_URLS + 2
          ? { updated: iso(T - 1) }
          : {},
    );
    const s = settle(list, T, 10, "f");
    expect(s.index.sitemap).toEqual([
      { count: SITEMAP_FILE_URLS, lastmod: iso(T - 1) },
      { count: 2, lastmod: list[0]!.published },
    ]);
    const second = JSON.parse(text(fileOf(s, settledFiles.sitemap(1))!.bytes));
    expect(second).toEqual([
      ["a-2", list[2]!.updated],
      ["a-0", list[0]!.updated],
    ]);
  });

  it("keeps the heads the moving documents merge with, and each facet's counts and newest members", () => {
    const list = articles(30, undefined, (i) =>
      i === 4
        ? { withdrawn: { at: iso(T - NEWS_WINDOW_MS - 5 * HOUR), reason: "Error." } }
        : i === 7
          ? { withdrawn: { at: iso(T - NEWS_WINDOW_MS - HOUR), reason: "Error." } }
          : {},
    );
    list[20] = { ...list[20]!, updated: iso(T - 2) };
    const settled = settle(list, T, 3, "f");
    const s = settled.index;
    const pos = (i: number) => 29 - i;
    expect(s).toMatchObject({ count: 30, live: 28, gone: 2, head: 3, folder: "f", at: T });
    expect(s.liveHead).toEqual([pos(0), pos(1), pos(2)]);
    expect(s.goneHead).toEqual([
      [pos(7), T - NEWS_WINDOW_MS - HOUR],
      [pos(4), T - NEWS_WINDOW_MS - 5 * HOUR],
    ]);
    expect(s.updatedHead.map(([p]) => p)).toEqual([pos(20), pos(0), pos(1)]);
    expect(s.changed).toBe(T - 2);
    expect(s.windowLeft).toBe(Date.parse(list[0]!.published) + NEWS_WINDOW_MS);
    // The sections are in the index; the tags and authors in the files, by bucket, and listed.
    expect(s.facets.map((f) => `${f.kind}/${f.slug}`)).toEqual(["sections/world"]);
    expect(s.facets[0]).toMatchObject({ live: 28, gone: 2 });
    expect(s.facetBuckets).toBe(1);
    const stored = JSON.parse(text(fileOf(settled, "f/0")!.bytes)) as Record<string, SettledFacet>;
    expect(Object.keys(stored).sort()).toEqual(["authors/a-writer", "tags/even", "tags/odd"]);
    // "Odd" twice in one article counts once.
    expect(stored["tags/odd"]).toMatchObject({
      kind: "tags",
      name: "Odd",
      live: 14,
      gone: 1,
      liveHead: [pos(1), pos(3), pos(5)],
      goneHead: [pos(7)],
    });
    expect(JSON.parse(text(fileOf(settled, "f/all")!.bytes))).toEqual([
      ["authors/a-writer", T - 2],
      ["tags/even", T - 2],
      ["tags/odd", stored["tags/odd"]!.changed],
    ]);
  });

  it("spreads the tags and authors over buckets of at most about 32, each facet in the bucket of its key", () => {
    const list = articles(40, undefined, (i) => ({ tags: [`Topic ${i}`, `Topic ${i + 1}`], authors: [{ name: `Writer ${i % 30}` }] }));
    const settled = settle(list, T, 5, "f");
    const { facetBuckets } = settled.index;
    // 41 topics and 30 writers: 71 facets, more than two buckets of 32.
    expect(facetBuckets).toBe(4);
    const keys: string[] = [];
    for (let b = 0; b < facetBuckets; b++) {
      const bucket = JSON.parse(text(fileOf(settled, `f/${b}`)!.bytes)) as Record<string, SettledFacet>;
      for (const key of Object.keys(bucket)) expect(slugBucket(key, facetBuckets), key).toBe(b);
      keys.push(...Object.keys(bucket));
    }
    expect(keys.length).toBe(71);
    expect((JSON.parse(text(fileOf(settled, "f/all")!.bytes)) as [string, number][]).map(([k]) => k)).toEqual(keys.sort());
    // Nothing but sections: no facet files.
    const plain = settle(
      articles(3, undefined, () => ({ tags: [], authors: [] })),
      T,
      5,
      "f",
    );
    expect(plain.index.facetBuckets).toBe(0);
    expect(plain.files.filter((f) => f.path.startsWith("f/"))).toEqual([]);
  });

  it("changes only the newest pack and chunk when an article is added, and is the same bytes for the same input", () => {
    const before = settle(articles(20), T, 10, "f");
    expect(settle(articles(20), T, 10, "f")).toEqual(before);
    const added = { ...articles(1, T - NEWS_WINDOW_MS)[0]!, slug: "added", id: "urn:uuid:00000000-0000-4000-8000-0000000000ff" };
    const after = settle([added, ...articles(20)], T, 10, "f");
    const changed = after.files.filter((f) => {
      const old = fileOf(before, f.path);
      return old === undefined || Buffer.compare(old.bytes, f.bytes) !== 0;
    });
    // And the bucket of its facets (their counts and heads), and the facets' list (their last change).
    expect(changed.map((f) => f.path)).toEqual(["r/2", "s/0", "m/0", "f/0", "f/all"]);
  });
});

describe("going on from the prefix the last build carried", () => {
  /**
   * What a settled archive is, whole: its index and each file's path and header (which names its
   * bytes), and the bytes of each but the packs of the first `kept` articles (a build that went on
   * from them has those packs on disk only).
   */
  const whole = (s: ReturnType<typeof settle>, kept = 0) => ({
    index: s.index,
    files: s.files.map((f, i) => [f.path, f.header, i < kept / RECORDS_PER_PACK ? null : Buffer.from(f.bytes)]),
  });
  // Articles an hour apart: withdrawals, tags named twice, a tag only the newest have, sections and two authors.
  const many = (n: number) =>
    articles(n, T - NEWS_WINDOW_MS - HOUR, (i) => ({
      // Withdrawals and updates at the same instants: the heads' order of ties too.
      ...(i % 7 === 3 && { withdrawn: { at: iso(T - NEWS_WINDOW_MS - (2 + (i % 2)) * HOUR), reason: "Error." } }),
      ...(i % 5 === 0 && { updated: iso(T - NEWS_WINDOW_MS - (2 + (i % 2)) * HOUR) }),
      tags: i < 4 ? ["Newest", `T${i % 3}`] : [`T${i % 3}`, `T${i % 4}`, `T${i % 3}`],
      section: i % 2 === 0 ? "World" : "Science",
      authors: [{ name: i % 3 === 0 ? "A. Writer" : "B. Writer" }],
    }));

  it("settles only the articles after it, into the same files and index as settling them all, at every cut", () => {
    const all = many(61);
    for (const [keptBefore, head] of [
      [0, 10],
      [5, 10],
      [20, 3],
      [45, 10],
      [61, 10],
    ] as const) {
      // The last build had the oldest articles but `keptBefore`, settled an hour before this one.
      const last = settle(all.slice(keptBefore), T - HOUR, head, "f");
      expect(last.carried.count % RECORDS_PER_PACK).toBe(0);
      expect(last.carried.count).toBe(Math.floor((61 - keptBefore) / RECORDS_PER_PACK) * RECORDS_PER_PACK);
      const carried = JSON.parse(JSON.stringify(last.carried));
      const after = all.slice(0, all.length - carried.count);
      const next = settle(after, T, head, "f", { from: carried });
      expect(whole(next, carried.count), `${keptBefore} newest not in the last build`).toEqual(
        whole(settle(all, T, head, "f"), carried.count),
      );
      expect(next.carried).toEqual(settle(all, T, head, "f").carried);
      // Ties in the heads as the Worker's catalog orders them: the newest published first among the
      // same withdrawal, the lower id first among the same update.
      const oldestFirst = all.slice().reverse();
      const gone = oldestFirst.flatMap((a, pos) => (a.withdrawn ? [[pos, Date.parse(a.withdrawn.at)] as [number, number]] : []));
      expect(next.index.goneHead).toEqual(gone.sort((x, y) => y[1] - x[1] || y[0] - x[0]).slice(0, head));
      const live = oldestFirst.flatMap((a, pos) => (a.withdrawn ? [] : [[pos, Date.parse(a.updated), a.id] as [number, number, string]]));
      expect(next.index.updatedHead).toEqual(live.sort((x, y) => y[1] - x[1] || (x[2] < y[2] ? -1 : 1)).slice(0, head));
      expect(next.carriedArticles).toEqual(after.slice(after.length - (next.carried.count - carried.count)).reverse());
    }
  });

  it("goes on with the pages' site and the packs' memo as settling them all does", () => {
    const site = siteFromVars({});
    const all = many(40);
    const made: Record<string, string> = {};
    const memo = (known: Record<string, string>) => ({
      keyOf: (a: Article) => `key of ${a.id}`,
      header: (digest: string) => known[digest],
      remember: (digest: string, header: string) => {
        made[digest] = header;
      },
    });
    const last = settle(all.slice(12), T - HOUR, 10, "f", { site, memo: memo({}) });
    const remembered = { ...made };
    for (const key of Object.keys(made)) delete made[key];
    const carried = JSON.parse(JSON.stringify(last.carried));
    const next = settle(all.slice(0, all.length - carried.count), T, 10, "f", { site, memo: memo(remembered), from: carried });
    expect(whole(next, carried.count)).toEqual(whole(settle(all, T, 10, "f", { site }), carried.count));
    // The carried packs are remembered for the build after, with their digests, as made ones are.
    for (const [header, digest] of carried.packs) expect(made[digest]).toBe(header);
  });

  it("cannot go on for another head, folder or site, an earlier cut-off, an article older than its newest, or a pack not on disk", () => {
    const all = many(30);
    const { carried } = settle(all.slice(6), T, 10, "f");
    const after = all.slice(0, all.length - carried.count);
    expect(() => settle(after, T, 9, "f", { from: carried })).toThrow(PrefixStale);
    expect(() => settle(after, T, 10, "g", { from: carried })).toThrow(PrefixStale);
    expect(() => settle(after, T, 10, "f", { from: carried, site: siteFromVars({}) })).toThrow(PrefixStale);
    expect(() => settle(after, T - 1, 10, "f", { from: carried })).toThrow(PrefixStale);
    const older = { ...all.at(-1)!, slug: "older", id: "urn:uuid:00000000-0000-4000-8000-0000000000ee" };
    expect(() => settle([...after, older], T, 10, "f", { from: carried })).toThrow(/"older" is older than/);
    const next = settle(after, T, 10, "f", { from: carried });
    expect(() => fileOf(next, "r/0")!.bytes).toThrow(PrefixStale);
    expect(fileOf(next, "r/0")!.header).toBe(fileOf(settle(all, T, 10, "f"), "r/0")!.header);
  });
});

describe("the build command's settled archive", () => {
  const temp = tempFolders();
  const folder = () => temp.make("settle-");
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

  it("writes the settled files beside the module, keeps what can change in the module, and rewrites only changed files", async () => {
    const content = folder();
    const out = join(folder(), "content.ts");
    const assets = out.replace(/\.ts$/, "-assets");
    write(content, "old", 1, "2026-11-01T00:00:00Z");
    write(content, "scheduled", 2, "2026-11-21T06:00:00Z");
    const first = run(content, out, "--settled", "2026-11-21T05:59:59Z");
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain("1 settled article(s) in 5 file(s)");
    expect(first.stdout).toContain("1 in the script");
    const archive = join(assets, "archive-content");
    expect(readdirSync(archive).sort()).toEqual(["f", "m", "r", "s"]);
    expect(readSettledFile(assets, "archive-content", "r/0")).toContain("<p>Story 1.</p>");
    const module = readFileSync(out, "utf8");
    expect(module).toContain("<p>Story 2.</p>");
    expect(module).not.toContain("<p>Story 1.</p>");
    const { content: bundle } = await import(`${out}?first`);
    expect(withBodies(bundle, assets).map((a) => a.bodyHtml)).toEqual(["<p>Story 2.</p>\n", "<p>Story 1.</p>\n"]);

    // Built again at the same instant: nothing is rewritten.
    const pack = join(archive, "r/0");
    const written = statSync(pack).mtimeMs;
    const again = run(content, out, "--settled", "2026-11-21T05:59:59Z");
    expect(again.stdout).toContain("(0 written; 1 pack(s) unchanged, from the build cache)");
    expect(statSync(pack).mtimeMs).toBe(written);
    // A pack the build cache knows but the folder lost is made again, the same bytes.
    const bytes = readFileSync(pack);
    rmSync(pack);
    const restored = run(content, out, "--settled", "2026-11-21T05:59:59Z");
    expect(restored.stdout).toContain("(1 written; 1 pack(s) unchanged, from the build cache)");
    expect(readFileSync(pack)).toEqual(bytes);

    // Once both are settled, both are stored; a file no build names any more is removed.
    writeFileSync(join(archive, "r/9"), "stale");
    // And anything else in the build's assets folder (an earlier layout's body packs).
    mkdirSync(join(assets, "packs"));
    writeFileSync(join(assets, "packs", "old.txt"), "stale");
    const second = run(content, out, "--settled", "2026-11-23T06:00:00Z");
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toContain("2 settled article(s)");
    expect(existsSync(join(archive, "r/9"))).toBe(false);
    expect(readdirSync(assets)).toEqual(["archive-content"]);
    expect(readFileSync(out, "utf8")).not.toContain("<p>Story 2.</p>");
    expect(readSettledFile(assets, "archive-content", "r/0")).toContain("<p>Story 2.</p>");
  });

  it("refuses a --settled that is not a date, and a --max-feed-size out of range", () => {
    const result = run(folder(), join(folder(), "content.ts"), "--settled", "soon");
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--settled: "soon" is not an RFC 3339 date-time');
    const size = run(folder(), join(folder(), "content.ts"), "--max-feed-size", "0");
    expect(size.status).toBe(2);
    expect(size.stderr).toContain('--max-feed-size: "0" must be a whole number from 1 to 1000');
  });
});
