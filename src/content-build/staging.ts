/**
 * Where a build puts each record pack it makes, at once, until the settled archive is written
 * (`settle`'s spill, the CLI's and the pack thread's, `pack-threads.ts`): a full build of 100,000
 * articles makes 1.5 GB of packs with their pages, and holding them all made the collector run
 * over the whole heap again and again. A pack the archive's folder already has (the same header)
 * is not staged; its bytes are read from the folder when asked for.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { FRAME_HEADER } from "../core/settled.js";
import type { SettledFile } from "./settle.js";

/** The check line a file already on disk starts with, or undefined. */
export function headerOnDisk(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  const fd = openSync(file, "r");
  try {
    const buffer = Buffer.alloc(FRAME_HEADER);
    return buffer.toString("latin1", 0, readSync(fd, buffer, 0, FRAME_HEADER, 0));
  } finally {
    closeSync(fd);
  }
}

/** A file kept on disk at `at`: staged there (`staged`), or already in the archive. */
export function fileOnDisk(path: string, header: string, at: string, staged: boolean): SettledFile {
  return {
    path,
    header,
    ...(staged && { staged: at }),
    get bytes() {
      return new Uint8Array(readFileSync(at));
    },
  };
}

/**
 * Stages each file given in `staging` (which the caller empties first) unless `archiveDir`
 * already has it, and gives it back with its bytes on disk.
 */
export function stagingSpill(archiveDir: string, staging: string): (file: SettledFile) => SettledFile {
  const made = new Set<string>();
  return ({ path, header, bytes }) => {
    const final = join(archiveDir, path);
    const kept = headerOnDisk(final) === header;
    const at = kept ? final : join(staging, path);
    if (!kept) {
      const dir = dirname(at);
      if (!made.has(dir)) mkdirSync(dir, { recursive: true });
      made.add(dir);
      writeFileSync(at, bytes);
    }
    return fileOnDisk(path, header, at, !kept);
  };
}
