// `npm run new`: a scaffolded article passes the build's rules as it stands.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { localTimestamp, slugify } from "../../scripts/new-article.js";
import { buildContent } from "../../src/content-build/build-content.js";
import { timestampProblem } from "../../src/content-build/schema.js";

const root = resolve(import.meta.dirname, "../..");
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function runNew(args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", "scripts/new-article.ts", ...args], { cwd: root, encoding: "utf8" });
}

describe("slugify", () => {
  it.each([
    ["The United States expelled 12 Russian diplomats", "the-united-states-expelled-12-russian-diplomats"],
    ["Talks resume in Genève — “cautious optimism”", "talks-resume-in-geneve-cautious-optimism"],
    ["  --Q&A: rates < 2%?!--  ", "q-a-rates-2"],
    ["Привет мир", "article"],
    ["x".repeat(200), "x".repeat(80)],
  ])("%j → %j", (headline, slug) => {
    expect(slugify(headline)).toBe(slug);
  });
});

describe("localTimestamp", () => {
  it("is RFC 3339 with an offset, as the schema requires", () => {
    const stamp = localTimestamp(new Date());
    expect(stamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
    expect(timestampProblem(stamp)).toBeUndefined();
    expect(Math.abs(Date.parse(stamp) - Date.now())).toBeLessThan(5_000);
  });
});

describe("npm run new", () => {
  it("writes a draft with a fresh id that the build accepts, and never overwrites", () => {
    const dir = mkdtempSync(join(tmpdir(), "new-"));
    dirs.push(dir);
    const first = runNew(["Talks resume in Genève", "--author", "Ada Reporter", "--content", dir]);
    const second = runNew(["Talks resume in Genève", "--author", "Ada Reporter", "--content", dir]);
    expect([first.status, second.status]).toEqual([0, 0]);
    expect(readdirSync(dir).sort()).toEqual(["talks-resume-in-geneve-2.md", "talks-resume-in-geneve.md"]);
    const result = buildContent(dir);
    expect(result.errors).toEqual([]);
    expect(result.drafts).toHaveLength(2);
    const ids = readdirSync(dir).map((name) => /^id: (\S+)$/m.exec(readFileSync(join(dir, name), "utf8"))![1]);
    expect(ids[0]).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(ids[0]).not.toBe(ids[1]);
  });

  it("asks for a headline", () => {
    const run = runNew(["--author", "Ada"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('Usage: npm run new -- "Headline"');
  });
});
