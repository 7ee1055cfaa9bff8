// The content build's file helpers (src/content-build/files.ts).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { removeAllBut, writeAtomically } from "../../src/content-build/files.js";
import { tempFolders } from "../helpers/temp-folders.js";

const folders = tempFolders();

describe("content build files", () => {
  it("writes a file whole, replacing the old one, and leaves no temporary file", () => {
    const dir = folders.make("files-");
    const path = join(dir, "content.ts");
    writeFileSync(path, "old");
    writeAtomically(path, "new text");
    writeAtomically(join(dir, "pack.txt"), new TextEncoder().encode("bytes"));
    expect(readFileSync(path, "utf8")).toBe("new text");
    expect(readFileSync(join(dir, "pack.txt"), "utf8")).toBe("bytes");
    expect(readdirSync(dir).sort()).toEqual(["content.ts", "pack.txt"]);
  });

  it("removes every entry but those kept, folders too, and counts them", () => {
    const dir = folders.withFiles({ "a.txt": "a", "b.txt": "b", "c.txt": "c" }, "files-");
    mkdirSync(join(dir, "stray", "deep"), { recursive: true });
    expect(removeAllBut(dir, new Set(["b.txt", "missing.txt"]))).toBe(3);
    expect(readdirSync(dir)).toEqual(["b.txt"]);
    expect(removeAllBut(dir, new Set(["b.txt"]))).toBe(0);
  });
});
