// The validator helpers are checkers only if they fail when the tool fails: each finds its
// known-bad document with its specific message, and each broken tool (killed, silent,
// unreadable, missing Java) fails the test, naming the tool.
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { atomSchemaErrors, htmlProblems, jsonFeedErrors, xmlErrors } from "../helpers/validators.js";

const broken = (name: string) => resolve(import.meta.dirname, "../fixtures/broken-tools", name);
const SLOW = 120_000;
const goodAtom = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><id>urn:uuid:00000000-0000-4000-8000-000000000000</id><title>t</title><updated>2026-01-01T00:00:00Z</updated><author><name>a</name></author></feed>
`;
const goodHtml = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body><p>x</p></body></html>`;

describe("xmllint", () => {
  it("finds a mismatched tag, and nothing in a good document", () => {
    expect(xmlErrors("<a><b></a>").join("\n")).toContain("Opening and ending tag mismatch: b line 1 and a");
    expect(xmlErrors(goodAtom)).toEqual([]);
  });
  it.each([
    ["killed", /^xmllint: .*killed was killed by SIGKILL$/],
    ["silent-failure", /^xmllint: exited 1 and reported no error$/],
    ["crashed", /^xmllint: .*crashed exited 139: Segmentation fault$/],
    ["/nonexistent/xmllint", /^xmllint: \/nonexistent\/xmllint is not installed/],
  ])("a broken xmllint (%s) fails, naming it", (name, message) => {
    const command = name.startsWith("/") ? name : broken(name);
    expect(() => xmlErrors(goodAtom, { command })).toThrow(message);
  });
});

describe("jing with RFC 4287's schema", () => {
  it(
    "finds a feed without id and updated, and nothing in a good one",
    () => {
      const bad = '<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>';
      expect(atomSchemaErrors(bad).join("\n")).toContain('element "feed" incomplete; missing required elements "id" and "updated"');
      expect(atomSchemaErrors(goodAtom)).toEqual([]);
    },
    SLOW,
  );
  it("without Java (JAVA_HOME=/nonexistent) it fails, naming jing", () => {
    expect(() => atomSchemaErrors(goodAtom, { env: { ...process.env, JAVA_HOME: "/nonexistent" } })).toThrow(/^jing: jing exited 127/);
  });
  it.each([
    ["killed", /^jing: .*killed was killed by SIGKILL$/],
    ["silent-failure", /^jing: exited 1 without a validation error/],
  ])("a broken jing (%s) fails, naming it", (name, message) => {
    expect(() => atomSchemaErrors(goodAtom, { command: broken(name) })).toThrow(message);
  });
});

describe("the Nu Html Checker", () => {
  it(
    "finds a stray end tag, and nothing in a good page",
    () => {
      const problems = htmlProblems({ bad: goodHtml.replace("<p>x</p>", "<p>x</p></span>"), good: goodHtml });
      expect(problems).toEqual([expect.stringMatching(/^bad:\d+: error: Stray end tag “span”\.$/)]);
    },
    SLOW,
  );
  it.each([
    ["killed", /^the Nu Html Checker \(vnu\): .*killed was killed by SIGKILL$/],
    ["silent-failure", /^the Nu Html Checker \(vnu\): its report is not JSON: \(empty\)$/],
    ["garbage", /^the Nu Html Checker \(vnu\): its report is not JSON: garbage$/],
    ["crashed", /^the Nu Html Checker \(vnu\): .*crashed exited 139: Segmentation fault$/],
  ])("a broken JVM (%s) fails, naming the checker", (name, message) => {
    expect(() => htmlProblems({ good: goodHtml }, { command: broken(name) })).toThrow(message);
  });
});

describe("the JSON Feed 1.1 schema", () => {
  it("finds a feed without items and an item without id", () => {
    expect(jsonFeedErrors({ version: "https://jsonfeed.org/version/1.1", title: "t" })).toEqual([" must have required property 'items'"]);
    expect(jsonFeedErrors({ version: "https://jsonfeed.org/version/1.1", title: "t", items: [{ url: "https://a.example/" }] })).toContain(
      "/items/0 must have required property 'id'",
    );
  });
});
