// The content build's progress line (src/content-build/progress.ts): silent off a terminal and for
// the first second, then rewritten in place at most every 100 ms, erased at the end.
import { describe, expect, it } from "vitest";
import { buildContent } from "../../src/content-build/build-content.js";
import { PROGRESS_AFTER_MS, PROGRESS_EVERY_MS, progressLine } from "../../src/content-build/progress.js";
import { tempFolders } from "../helpers/temp-folders.js";

const folders = tempFolders();

/** What a progress line writes for these updates: each waits `ms` on a fake clock from `start`, then reports `done` of `total`. */
function written(steps: { ms: number; done: number; total: number }[], { isTTY = true, start = 1000 } = {}): string[] {
  let t = start;
  const out: string[] = [];
  const progress = progressLine({ isTTY, write: (text: string) => out.push(text) }, "Reading content/", () => t);
  for (const { ms, done, total } of steps) {
    t += ms;
    progress.update(done, total);
  }
  progress.end();
  return out;
}

describe("progress line", () => {
  it("writes nothing when the stream is not a terminal, however long the build", () => {
    const steps = Array.from({ length: 100 }, (_, i) => ({ ms: 1000, done: i + 1, total: 100 }));
    expect(written(steps, { isTTY: false, start: 0 })).toEqual([]);
  });

  it("writes nothing for a build that ends within the first second", () => {
    expect(written([{ ms: PROGRESS_AFTER_MS - 1, done: 5, total: 10 }], { start: 5000 })).toEqual([]);
  });

  it("after a second, rewrites one line in place at most every 100 ms, always the last file, and erases it", () => {
    const total = 20_000;
    expect(
      written([
        { ms: PROGRESS_AFTER_MS, done: 12_345, total },
        { ms: PROGRESS_EVERY_MS - 1, done: 12_346, total }, // too soon
        { ms: 1, done: 12_347, total },
        { ms: 1, done: 20_000, total }, // the last is always shown
      ]),
    ).toEqual([
      "\r\x1b[KReading content/: 12,345 of 20,000 files",
      "\r\x1b[KReading content/: 12,347 of 20,000 files",
      "\r\x1b[KReading content/: 20,000 of 20,000 files",
      "\r\x1b[K",
    ]);
  });

  it("is told of every entry of the content folder by the build, in order", () => {
    const dir = folders.withFiles({ "a.md": "x", "b.md": "x", ".hidden": "x", "c.txt": "x" });
    const calls: [number, number][] = [];
    buildContent(dir, { onProgress: (done, total) => calls.push([done, total]) });
    expect(calls).toEqual([
      [1, 4],
      [2, 4],
      [3, 4],
      [4, 4],
    ]);
  });
});
