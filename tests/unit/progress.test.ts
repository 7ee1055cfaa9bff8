// The content build's progress line (src/content-build/progress.ts): silent off a terminal and for
// the first second, then rewritten in place at most every 100 ms, erased at the end.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildContent } from "../../src/content-build/build-content.js";
import { PROGRESS_AFTER_MS, PROGRESS_EVERY_MS, progressLine } from "../../src/content-build/progress.js";

function terminal(isTTY = true) {
  const written: string[] = [];
  return { stream: { isTTY, write: (text: string) => written.push(text) }, written };
}

describe("progress line", () => {
  it("writes nothing when the stream is not a terminal, however long the build", () => {
    let t = 0;
    const { stream, written } = terminal(false);
    const progress = progressLine(stream, "Reading content/", () => t);
    for (let done = 1; done <= 100; done++) {
      t += 1000;
      progress.update(done, 100);
    }
    progress.end();
    expect(written).toEqual([]);
  });

  it("writes nothing for a build that ends within the first second", () => {
    let t = 5000;
    const { stream, written } = terminal();
    const progress = progressLine(stream, "Reading content/", () => t);
    t += PROGRESS_AFTER_MS - 1;
    progress.update(5, 10);
    progress.end();
    expect(written).toEqual([]);
  });

  it("after a second, rewrites one line in place at most every 100 ms, always the last file, and erases it", () => {
    let t = 1000;
    const { stream, written } = terminal();
    const progress = progressLine(stream, "Reading content/", () => t);
    t += PROGRESS_AFTER_MS;
    progress.update(12_345, 20_000);
    t += PROGRESS_EVERY_MS - 1;
    progress.update(12_346, 20_000); // too soon
    t += 1;
    progress.update(12_347, 20_000);
    t += 1;
    progress.update(20_000, 20_000); // the last is always shown
    progress.end();
    expect(written).toEqual([
      "\r\x1b[KReading content/: 12,345 of 20,000 files",
      "\r\x1b[KReading content/: 12,347 of 20,000 files",
      "\r\x1b[KReading content/: 20,000 of 20,000 files",
      "\r\x1b[K",
    ]);
  });

  it("is told of every entry of the content folder by the build, in order", () => {
    const dir = mkdtempSync(join(tmpdir(), "progress-"));
    try {
      for (const name of ["a.md", "b.md", ".hidden", "c.txt"]) writeFileSync(join(dir, name), "x");
      const calls: [number, number][] = [];
      buildContent(dir, { onProgress: (done, total) => calls.push([done, total]) });
      expect(calls).toEqual([
        [1, 4],
        [2, 4],
        [3, 4],
        [4, 4],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
