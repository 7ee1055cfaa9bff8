/**
 * Where a build puts each record pack it makes, at once, until the settled archive is written
 * (`settle`'s spill, the CLI's and the pack thread's, `pack-threads.ts`): a full build of 100,000
 * articles makes 1.5 GB of packs with their pages, and holding them all made the collector run
 * over the whole heap again and again. A pack the archive's folder already has (the same header,
 * and not changed on disk since the last build: `alreadyOnDisk`) is not staged; its bytes are read
 * from the folder when asked for.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { FRAME_HEADER } from "../core/settled.js";
import { readJsonObject, statIdentity, writeAtomically } from "./files.js";
import type { SettledFile } from "./settle.js";

/**
 * The archive's files that are not to be taken for what a build makes by their header alone: the
 * ones that changed on disk since the last build left them (a set of their paths inside the
 * folder, `changedSince`), or, with `"all"` (`--no-cache`), every one, each then kept only when
 * its bytes are the ones made.
 */
export type Changed = ReadonlySet<string> | "all";

/**
 * Where a build notes how it left the archive's files (`noteStamps`), beside the pack memo: by
 * the archive folder's path, since builds of one content folder may write to several (the tests,
 * the bench), each with its own files; the last few folders written are kept.
 */
const STAMPS = "stamps.json";
const STAMPED_FOLDERS = 8;

/** A file's size, times and inode (`statIdentity`, as the parse cache compares its files), or undefined when it is not there. */
function stampOf(file: string): string | undefined {
  const stat = statSync(file, { bigint: true, throwIfNoEntry: false });
  return stat === undefined ? undefined : statIdentity(stat).join(":");
}

/**
 * Notes each of the archive's `paths` (inside `archiveDir`) as it is now, in `dir` (the pack
 * memo's folder): what the next build's `changedSince` compares with.
 */
export function noteStamps(dir: string, archiveDir: string, paths: readonly string[]): void {
  const stamps: Record<string, string> = {};
  for (const path of paths) {
    const stamp = stampOf(join(archiveDir, path));
    if (stamp !== undefined) stamps[path] = stamp;
  }
  const folders = new Map(Object.entries(readJsonObject<unknown>(join(dir, STAMPS))));
  folders.delete(archiveDir);
  folders.set(archiveDir, stamps);
  for (const folder of folders.keys()) if (folders.size > STAMPED_FOLDERS) folders.delete(folder);
  mkdirSync(dir, { recursive: true });
  writeAtomically(join(dir, STAMPS), JSON.stringify(Object.fromEntries(folders)));
}

/**
 * The archive's files the last build noted (`noteStamps` in `dir`) that are there but not as it
 * left them: damaged, cut short or edited since, however their first line reads. A frame's header
 * is the SHA-256 of its table or payload, so a change after it keeps it; the Worker would refuse
 * the file's records (each checked against its own SHA-256), and a build trusting the header
 * would never write it again. A file the last build did not note (no notes yet, a new path) is
 * taken by its header, as before the notes (`--no-cache` compares every file's bytes).
 */
export function changedSince(dir: string, archiveDir: string): Set<string> {
  const changed = new Set<string>();
  const noted = readJsonObject<unknown>(join(dir, STAMPS))[archiveDir];
  if (noted === null || typeof noted !== "object") return changed;
  for (const [path, stamp] of Object.entries(noted)) {
    const now = stampOf(join(archiveDir, path));
    if (now !== undefined && now !== stamp) changed.add(path);
  }
  return changed;
}

/**
 * Whether the archive's file at `final` (`path` inside the folder) is already the one made with
 * `header`: it starts with that header and is not `changed`, or, with `"all"`, its bytes are `bytes()`.
 */
export function alreadyOnDisk(final: string, path: string, header: string, changed: Changed, bytes: () => Uint8Array): boolean {
  if (headerOnDisk(final) !== header) return false;
  if (changed !== "all") return !changed.has(path);
  return readFileSync(final).equals(bytes());
}

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

/** A file kept on disk at `at`: staged there (`staged`), or already in the archive (`inPlace`). */
export function fileOnDisk(path: string, header: string, at: string, staged: boolean): SettledFile {
  return {
    path,
    header,
    ...(staged ? { staged: at } : { inPlace: true }),
    get bytes() {
      return new Uint8Array(readFileSync(at));
    },
  };
}

/**
 * Stages each file given in `staging` (which the caller empties first) unless `archiveDir`
 * already has it (`alreadyOnDisk`, with `changed`), and gives it back with its bytes on disk.
 */
export function stagingSpill(archiveDir: string, staging: string, changed: Changed): (file: SettledFile) => SettledFile {
  const made = new Set<string>();
  return ({ path, header, bytes }) => {
    const final = join(archiveDir, path);
    const kept = alreadyOnDisk(final, path, header, changed, () => bytes);
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
