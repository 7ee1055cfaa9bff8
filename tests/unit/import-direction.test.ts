// The import direction is the linter's job (biome.json `overrides`): Worker code may not
// import Node's modules or the content build; the content build may. And no module imports
// itself through others, not even for a type (biome.json `noImportCycles`, `ignoreTypes: false`).
// Checked by linting probe files with the project's own configuration.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "imports-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Diagnostic {
  category: string;
  message: string;
  location: { path: string };
}

function lint(files: Record<string, string>, category = "lint/style/noRestrictedImports"): Diagnostic[] {
  writeFileSync(join(dir, "biome.json"), JSON.stringify({ root: true, extends: [join(root, "biome.json")], vcs: { enabled: false } }));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  let out: string;
  try {
    out = execFileSync(join(root, "node_modules/.bin/biome"), ["lint", "--reporter=json", "src"], { cwd: dir, encoding: "utf8" });
  } catch (error) {
    out = (error as { stdout: string }).stdout; // exit 1 when it finds errors
  }
  return (JSON.parse(out) as { diagnostics: Diagnostic[] }).diagnostics.filter((d) => d.category === category);
}

const nodeImport = 'import { readFileSync } from "node:fs";\n\nexport const x = readFileSync;\n';
const buildImport = 'import { packName } from "../content-build/packs.js";\n\nexport const x = packName;\n';

it("refuses Node's modules and the content build in Worker code, and allows them in the build", () => {
  const found = lint({
    "src/http/node.ts": nodeImport,
    "src/app/build.ts": buildImport,
    "src/index.ts": 'import { x } from "./content-build/cli.js";\n\nexport default x;\n',
    "src/content-build/node.ts": nodeImport,
    "src/content-build/sibling.ts": 'import { packName } from "./packs.js";\n\nexport const x = packName;\n',
  });
  expect(found.map((d) => `${d.location.path}: ${d.message}`).sort()).toEqual([
    "src/app/build.ts: The Worker must not import the content build (src/content-build/), which is Node only.",
    "src/http/node.ts: The Worker runs in workerd, not Node: only src/content-build/ (the content build) may import Node's modules.",
    "src/index.ts: The Worker must not import the content build (src/content-build/), which is Node only.",
  ]);
});

it("refuses an import cycle, a type-only one too, and allows imports that point one way", () => {
  const found = lint(
    {
      "src/cycle/a.ts": 'import type { B } from "./b.js";\n\nexport type A = { b?: B };\n',
      "src/cycle/b.ts": 'import type { A } from "./a.js";\n\nexport type B = { a?: A };\n',
      "src/line/c.ts": 'import type { D } from "./d.js";\n\nexport type C = { d?: D };\n',
      "src/line/d.ts": "export type D = { n: number };\n",
    },
    "lint/suspicious/noImportCycles",
  );
  expect(found.map((d) => d.location.path).sort()).toEqual(["src/cycle/a.ts", "src/cycle/b.ts"]);
});

it("keeps src/core/ to itself: it imports only src/core/, and no more than other Worker code", () => {
  const found = lint({
    "src/core/uses-http.ts": 'import { x } from "../http/thing.js";\n\nexport const y = x;\n',
    "src/core/uses-core.ts": 'import { x } from "./thing.js";\n\nexport const y = x;\n',
    "src/core/uses-node.ts": nodeImport,
  }).filter((d) => d.location.path.startsWith("src/core/"));
  expect(found.map((d) => `${d.location.path}: ${d.message}`).sort()).toEqual([
    "src/core/uses-http.ts: src/core/ is shared by the content build and the Worker: it imports only src/core/ (and packages).",
    "src/core/uses-node.ts: The Worker runs in workerd, not Node: only src/content-build/ (the content build) may import Node's modules.",
  ]);
});
