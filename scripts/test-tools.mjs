/**
 * The programs the test suite runs besides Node, each with the Debian package that brings
 * it and a command that proves it works (not only that a file exists). One list, used by
 * `scripts/test-deps.mjs` (npm's `pretest`) and by `tests/unit/test-tools.test.ts`, so a
 * missing tool stops `npm test` before any test runs, and fails a test if it goes missing
 * after that — no test ever skips because a tool is absent.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Chromium: `CHROMIUM_PATH` or Debian's. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** Debian's python3, where python3-feedparser lives, even when another python3 is first on PATH. */
export const debianPython = "/usr/bin/python3";

/**
 * `probe` is a command line; `files` are written to a temporary folder first, and `{dir}`
 * in an argument names that folder.
 * @type {{ name: string, pkg: string, for: string, probe: [string, string[]], files?: Record<string, string> }[]}
 */
export const TEST_TOOLS = [
  { name: "chromium", pkg: "chromium", for: "the browser tests", probe: [chromiumPath, ["--headless", "--no-sandbox", "--version"]] },
  { name: "xmllint", pkg: "libxml2-utils", for: "strict XML checks", probe: ["xmllint", ["--version"]] },
  { name: "java", pkg: "default-jre-headless", for: "jing and the Nu Html Checker", probe: ["java", ["-version"]] },
  // jing has no version flag: a tiny valid schema check exits 0 only when jing and its JVM work.
  {
    name: "jing",
    pkg: "jing",
    for: "RELAX NG validation of Atom (RFC 4287)",
    probe: ["jing", ["-c", "{dir}/a.rnc", "{dir}/a.xml"]],
    files: { "a.rnc": "start = element a { empty }\n", "a.xml": "<a/>\n" },
  },
  { name: "newsboat", pkg: "newsboat", for: "a real feed reader", probe: ["newsboat", ["-v"]] },
  { name: "curl", pkg: "curl", for: "the README's `curl <feed URL>` and the partner feed's curl example", probe: ["curl", ["--version"]] },
  { name: "feedparser", pkg: "python3-feedparser", for: "Python's feedparser", probe: [debianPython, ["-c", "import feedparser"]] },
  {
    name: "jsonschema",
    pkg: "python3-jsonschema",
    for: "a second JSON Schema 2020-12 validator (ninjs)",
    probe: [debianPython, ["-c", "from jsonschema import Draft202012Validator"]],
  },
  { name: "rfc3987", pkg: "python3-rfc3987", for: "jsonschema's uri format check", probe: [debianPython, ["-c", "import rfc3987"]] },
];

/** Why a tool cannot be used, or undefined when its probe succeeds. */
export function toolProblem(tool) {
  const [command, template] = tool.probe;
  const dir = tool.files && mkdtempSync(join(tmpdir(), "probe-"));
  for (const [name, text] of Object.entries(tool.files ?? {})) writeFileSync(join(dir, name), text);
  const args = template.map((arg) => (dir ? arg.replaceAll("{dir}", dir) : arg));
  const result = spawnSync(command, args, { encoding: "utf8", timeout: 60_000 });
  if (dir) rmSync(dir, { recursive: true, force: true });
  // EACCES: not found on PATH, where some directory could not be searched.
  if (result.error) return ["ENOENT", "EACCES"].includes(result.error.code) ? `${command} is not installed` : result.error.message;
  if (result.signal) return `killed by ${result.signal}`;
  if (result.status !== 0)
    return `\`${[command, ...args].join(" ")}\` exited ${result.status}: ${(result.stderr || result.stdout).trim().split("\n").at(-1) ?? ""}`;
  return undefined;
}

/** The tools whose probes fail, with the reason. */
export function missingTools() {
  return TEST_TOOLS.map((tool) => ({ tool, problem: toolProblem(tool) })).filter((m) => m.problem !== undefined);
}

/** The one command that installs the given tools' packages. */
export function installCommand(tools, asRoot) {
  const pkgs = [...new Set(tools.map((t) => t.pkg))].join(" ");
  const sudo = asRoot ? "" : "sudo ";
  return `${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends ${pkgs}`;
}
