// Temporary folders for one test file: made under the OS's temp directory and removed
// after each test.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";

export interface TempFolders {
  /** An empty folder named `<prefix>…`. */
  make(prefix: string): string;
  /** A folder holding these files; a name ending in `/` is a folder (list it before its files). */
  withFiles(files: Record<string, string | Uint8Array>, prefix?: string): string;
}

/** Call once at the top of a test file. */
export function tempFolders(): TempFolders {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const make = (prefix: string) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
  return {
    make,
    withFiles(files, prefix = "content-") {
      const dir = make(prefix);
      for (const [name, bytes] of Object.entries(files)) {
        if (name.endsWith("/")) mkdirSync(join(dir, name), { recursive: true });
        else writeFileSync(join(dir, name), bytes);
      }
      return dir;
    },
  };
}
