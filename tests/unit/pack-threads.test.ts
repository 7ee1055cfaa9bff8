// Making the record packs on a second thread (src/content-build/pack-threads.ts): settling with
// the pack thread gives the same files, byte for byte, and the same index as settling on one
// thread, whichever thread makes which pack; the packs it makes are staged as the build's own
// are; a pack too large for a static asset fails with the message settling in line gives.
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildContent } from "../../src/content-build/build-content.js";
import { ContentChangedError } from "../../src/content-build/errors.js";
import { packThreads } from "../../src/content-build/pack-threads.js";
import { diskParseCache } from "../../src/content-build/parse-cache.js";
import { ASSET_FILE_MAX_BYTES, type PackMaker, type SettledFile, SettleError, settle } from "../../src/content-build/settle.js";
import { stagingSpill } from "../../src/content-build/staging.js";
import { siteFromVars } from "../../src/core/config.js";
import type { Article } from "../../src/core/model.js";
import { RECORDS_PER_PACK, settledFiles } from "../../src/core/settled.js";
import { NEWS_WINDOW_MS } from "../../src/publishing/timeline.js";
import { articleFile, validFields } from "../helpers/fixtures.js";
import { tempFolders } from "../helpers/temp-folders.js";

const folders = tempFolders();
const T = Date.UTC(2026, 10, 21, 6, 0, 0);
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const isPack = (path: string) => dirname(path) === dirname(settledFiles.records(0));
const site = siteFromVars({ BASE_URL: "https://news.example", SITE_NAME: "Pages & Co" });

/** `n` settled articles an hour apart, newest first: withdrawals, updates, photos, languages, sections and tags. */
function articles(n: number, body: (i: number) => string = (i) => `<p>Body ${i} &amp; “quotes”.</p>`): Article[] {
  return Array.from({ length: n }, (_, i) => {
    const published = iso(T - NEWS_WINDOW_MS - (i + 1) * HOUR);
    return {
      slug: `a-${i}`,
      id: `urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
      title: `Article ${i} <& “co”>`,
      summary: `Summary ${i}.`,
      published,
      updated: i % 5 === 0 ? iso(T - NEWS_WINDOW_MS - HOUR / 2) : published,
      authors: [{ name: i % 3 === 0 ? "A. Writer" : "B. Writer" }],
      tags: [`T${i % 3}`, `T${i % 4}`],
      ...(i % 2 === 0 && { section: "World" }),
      ...(i % 4 === 1 && { language: "de" }),
      ...(i % 6 === 2 && { image: { src: "https://news.example/images/p.jpg", alt: `Photo ${i}`, width: 1200, height: 800 } }),
      corrections: [],
      bodyHtml: body(i),
      ledeEnd: 0,
      ...(i % 7 === 3 && { withdrawn: { at: iso(T - NEWS_WINDOW_MS - HOUR), reason: "Error." } }),
    };
  });
}

/** A settled archive whole: its index, and each file's path, header, bytes and whether it was staged. */
const whole = (s: ReturnType<typeof settle>) => ({
  index: s.index,
  files: s.files.map((f) => [f.path, f.header, Buffer.from(f.bytes).toString("base64"), f.staged !== undefined]),
});

/** Settles `list` as the CLI does: its packs staged in a fresh folder, with `maker` if given. */
function settled(list: Article[], maker?: (archiveDir: string, staging: string) => ReturnType<typeof packThreads>) {
  const base = folders.make("packs-");
  const archiveDir = join(base, "archive");
  const staging = join(base, "staging");
  mkdirSync(archiveDir);
  const thread = maker?.(archiveDir, staging);
  const result = settle(list, T, 10, "f", { site, spill: stagingSpill(archiveDir, staging, new Set()), maker: thread });
  return { result, thread, archiveDir, staging };
}

/** The error `run` throws (it must throw). */
function settleError(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error("it did not throw");
}

/** Settling `list` with the pack thread making every pack it is offered fails with the `inline` error's message. */
async function expectThreadedError(list: Article[], inline: Error): Promise<void> {
  const base = folders.make("packs-");
  const thread = packThreads({ site, archiveDir: join(base, "archive"), staging: join(base, "staging"), minPacks: 0, steal: false });
  expect(() =>
    settle(list, T, 10, "f", { site, spill: stagingSpill(join(base, "archive"), join(base, "staging"), new Set()), maker: thread }),
  ).toThrow(new SettleError(inline.message));
  await thread.close();
}

describe("making the packs on a second thread", () => {
  const list = articles(40 * RECORDS_PER_PACK + 3);

  it("makes the packs it is offered, the same bytes and index as settling on one thread", async () => {
    const alone = settled(list);
    // The settling thread makes none of the offered packs: the pack thread makes every other block.
    const shared = settled(list, (archiveDir, staging) => packThreads({ site, archiveDir, staging, minPacks: 0, steal: false }));
    // 41 packs in blocks of 8: the packs 8–15, 24–31 and 40.
    expect(shared.thread!.made).toBe(17);
    expect(whole(shared.result)).toEqual(whole(alone.result));
    // Its packs are staged where the settling thread stages its own.
    const staged = shared.result.files.filter((f) => f.staged !== undefined);
    expect(staged.length).toBe(41);
    for (const f of staged) expect(f.staged).toBe(join(shared.staging, f.path));
    // It did not fail.
    expect(await shared.thread!.close()).toBeUndefined();
  });

  it("makes here what the pack thread has not begun, the same bytes again", async () => {
    const shared = settled(list, (archiveDir, staging) => packThreads({ site, archiveDir, staging, minPacks: 0 }));
    expect(whole(shared.result)).toEqual(whole(settled(list).result));
    expect(shared.thread!.made).toBeLessThanOrEqual(17);
    await shared.thread!.close();
  });

  it("stages only the packs the archive's folder does not have", async () => {
    const first = settled(list);
    const again = settled(list, (archiveDir, staging) => {
      // The archive's folder has the first build's packs but one, which is different now.
      for (const f of first.result.files.filter((f) => isPack(f.path))) {
        mkdirSync(join(archiveDir, dirname(f.path)), { recursive: true });
        writeFileSync(join(archiveDir, f.path), f.bytes);
      }
      writeFileSync(join(archiveDir, settledFiles.records(9)), "stale");
      return packThreads({ site, archiveDir, staging, minPacks: 0, steal: false });
    });
    const packs = again.result.files.filter((f) => isPack(f.path));
    expect(packs.filter((f) => f.staged !== undefined).map((f) => f.path)).toEqual([settledFiles.records(9)]);
    expect(Buffer.from(readFileSync(join(again.staging, settledFiles.records(9))))).toEqual(
      Buffer.from(first.result.files.find((f) => f.path === settledFiles.records(9))!.bytes),
    );
    expect(existsSync(join(again.staging, settledFiles.records(8)))).toBe(false);
    expect(whole(again.result).index).toEqual(whole(first.result).index);
    await again.thread!.close();
  });

  it("starts no thread for fewer packs than its threshold", async () => {
    const few = settled(list, (archiveDir, staging) => packThreads({ site, archiveDir, staging, minPacks: 42 }));
    expect(few.thread!.made).toBe(0);
    expect(whole(few.result)).toEqual(whole(settled(list).result));
    await few.thread!.close();
  });

  it("fails a pack too large for a static asset with the message settling in line gives", async () => {
    const huge = "x".repeat(ASSET_FILE_MAX_BYTES / RECORDS_PER_PACK + 1024);
    // 16 packs, the oldest first: pack 8, the first the thread is offered, holds the articles 56 to 63 (newest first).
    const big = articles(16 * RECORDS_PER_PACK, (i) =>
      i >= 7 * RECORDS_PER_PACK && i < 8 * RECORDS_PER_PACK ? `<p>${huge}</p>` : "<p>Small.</p>",
    );
    const inline = settleError(() => settled(big));
    expect(inline).toBeInstanceOf(SettleError);
    await expectThreadedError(big, inline);
  });

  it("names the first pack too large in order, as settling in line does, when a later one of its own is too large too", async () => {
    const huge = "x".repeat(ASSET_FILE_MAX_BYTES / RECORDS_PER_PACK + 1024);
    // 17 packs: pack 8 (the thread's; articles 64 to 71, newest first) and pack 16 (the settling thread's, made after it: 0 to 7).
    const big = articles(17 * RECORDS_PER_PACK, (i) =>
      (i >= 8 * RECORDS_PER_PACK && i < 9 * RECORDS_PER_PACK) || i < RECORDS_PER_PACK ? `<p>${huge}</p>` : "<p>Small.</p>",
    );
    const inline = settleError(() => settled(big));
    expect(inline.message).toMatch(/^the articles "a-71", .* "a-64" make a stored file/);
    await expectThreadedError(big, inline);
  });

  it("names its own pack too large when a pack made elsewhere before it cannot be had for another reason", () => {
    const huge = "x".repeat(ASSET_FILE_MAX_BYTES / RECORDS_PER_PACK + 1024);
    // Pack 16 (articles 0 to 7) is too large; pack 8, made elsewhere, never comes (its maker stopped).
    const big = articles(17 * RECORDS_PER_PACK, (i) => (i < RECORDS_PER_PACK ? `<p>${huge}</p>` : "<p>Small.</p>"));
    const stopped: PackMaker = {
      plan: () => {},
      take: (path) =>
        path === settledFiles.records(8)
          ? ({
              path,
              get header(): string {
                throw new Error("the pack thread answered nothing");
              },
              get bytes(): Uint8Array {
                throw new Error("the pack thread answered nothing");
              },
              staged: undefined,
            } as SettledFile)
          : undefined,
    };
    expect(() => settle(big, T, 10, "f", { site, maker: stopped })).toThrow(/^the articles "a-7", .* "a-0" make a stored file/);
  });

  describe("with bodies the build cache left out (a build whose pack memo misses what the last one carried)", () => {
    // 17 packs: the thread is offered the packs 8 to 15, the settling thread makes 0 to 7 and 16.
    const count = 17 * RECORDS_PER_PACK;
    /** Every seventh story is withdrawn: its record has no body, so none is parsed for it. */
    const withdrawn = (k: number) => k % 7 === 0;
    /** The live stories in the settling thread's own packs, 0 to 7 and 16 (positions oldest first: story-(count − position)). */
    const settlingThreads = [...Array(count).keys()].filter((p) => p < 8 * RECORDS_PER_PACK || p >= 16 * RECORDS_PER_PACK);
    const settlingThreadsLive = settlingThreads.filter((p) => !withdrawn(count - p)).length;
    /** `count` article files, story-1 the newest, written a minute ago (the cache vouches for them by their stat). */
    function contentDir(): string {
      const dir = folders.make("content-");
      for (let k = 1; k <= count; k++) {
        const published = Date.UTC(2022, 2, 1) - k * HOUR;
        const fields = {
          ...validFields(),
          id: `urn:uuid:00000000-0000-4000-8000-${String(k).padStart(12, "0")}`,
          title: `Story ${k}`,
          published: iso(published),
          ...(withdrawn(k) && { withdrawn: { at: iso(published + HOUR / 2), reason: "Withdrawn." } }),
        };
        writeFileSync(join(dir, `story-${k}.md`), articleFile(fields, `The lede of story ${k}.\n\nMore of story ${k}.\n`));
      }
      const then = new Date(Date.now() - 60_000);
      for (const name of readdirSync(dir)) utimesSync(join(dir, name), then, then);
      return dir;
    }
    /** The articles of `dir` as a build finds them after one that kept none of their bodies. */
    function withoutBodies(dir: string) {
      const cacheDir = folders.make("cache-");
      const first = diskParseCache(cacheDir, "v1");
      buildContent(dir, { cache: first });
      first.save(() => false);
      const cache = diskParseCache(cacheDir, "v1");
      const { articles: found } = buildContent(dir, { cache });
      return { cache, found };
    }

    it("are parsed by the pack thread for its packs, not by the settling thread: the same bytes", async () => {
      const dir = contentDir();
      const { cache, found } = withoutBodies(dir);
      expect(cache.bodyReads).toBe(0);
      const shared = settled(found, (archiveDir, staging) =>
        packThreads({ site, archiveDir, staging, minPacks: 0, steal: false, bodySource: cache.bodySource }),
      );
      expect(shared.thread!.made).toBe(8);
      expect(whole(shared.result)).toEqual(whole(settled(buildContent(dir).articles).result));
      // The settling thread parsed the live bodies of its own 9 packs only.
      expect(cache.bodyReads).toBe(settlingThreadsLive);
      expect(settlingThreadsLive).toBeLessThan(9 * RECORDS_PER_PACK);
      expect(await shared.thread!.close()).toBeUndefined();
    });

    it("give the same bytes when the settling thread makes some of the offered packs itself", async () => {
      const dir = contentDir();
      const { cache, found } = withoutBodies(dir);
      const shared = settled(found, (archiveDir, staging) =>
        packThreads({ site, archiveDir, staging, minPacks: 0, bodySource: cache.bodySource }),
      );
      expect(whole(shared.result)).toEqual(whole(settled(buildContent(dir).articles).result));
      expect(await shared.thread!.close()).toBeUndefined();
    });

    it("are made in line when the pack thread fails on one for a reason of its own, the build whole and told", async () => {
      const dir = contentDir();
      const { cache, found } = withoutBodies(dir);
      // The newest live article of pack 8: a folder in its file's place for the thread alone (it cannot read it).
      const odd = found.find((a) => a.slug === `story-${count - 9 * RECORDS_PER_PACK + 1}`)!;
      const folder = folders.make("not-a-file-");
      const bodySource = (a: Article) => {
        const source = cache.bodySource(a);
        return source && a === odd ? { ...source, path: folder } : source;
      };
      const shared = settled(found, (archiveDir, staging) =>
        packThreads({ site, archiveDir, staging, minPacks: 0, steal: false, bodySource }),
      );
      expect(whole(shared.result)).toEqual(whole(settled(buildContent(dir).articles).result));
      expect((await shared.thread!.close())?.message).toMatch(/^the pack thread failed on .*: EISDIR/);
    });

    it("stop the build, naming the file, when one changed since the build read it", async () => {
      const dir = contentDir();
      const { cache, found } = withoutBodies(dir);
      // The oldest article of pack 8 (positions count over, oldest first): story-(count − 8 × 8).
      const changed = `story-${count - 8 * RECORDS_PER_PACK}.md`;
      writeFileSync(join(dir, changed), articleFile({ ...validFields(), title: "Changed" }));
      const base = folders.make("packs-");
      const thread = packThreads({
        site,
        archiveDir: join(base, "archive"),
        staging: join(base, "staging"),
        minPacks: 0,
        steal: false,
        bodySource: cache.bodySource,
      });
      expect(() =>
        settle(found, T, 10, "f", { site, spill: stagingSpill(join(base, "archive"), join(base, "staging"), new Set()), maker: thread }),
      ).toThrow(new ContentChangedError(`content/${changed} changed while the build was reading it: run the build again`));
      // Found by the pack thread: the settling thread parsed only its own packs' bodies.
      expect(cache.bodyReads).toBe(settlingThreadsLive);
      await thread.close();
    });
  });
});
