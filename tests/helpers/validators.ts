/**
 * Offline validators, each the standard tool for its format: xmllint (libxml2, strict
 * XML 1.0), jing with the RFC 4287 RELAX NG schema for Atom, Ajv with the JSON Feed 1.1
 * schema, and the Nu Html Checker (vnu, the W3C's HTML5 validator).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { DOMParser, type Document, type Element } from "@xmldom/xmldom";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { runTool, ToolError, type ToolOverride } from "./tools.js";

const root = resolve(import.meta.dirname, "../..");

/**
 * Errors a strict XML 1.0 parser reports (well-formedness, namespaces); empty when none.
 * xmllint exits 0 when the document is well-formed and 1 when it is not, saying why on
 * stderr; anything else (another status, a signal, exit 1 without a word) is a failure of
 * the tool, thrown.
 */
export function xmlErrors(xml: string, tool: ToolOverride = {}): string[] {
  const result = runTool("xmllint", tool.command ?? "xmllint", ["--noout", "--nonet", "-"], [0, 1], { input: xml, env: tool.env });
  if (result.status === 0) return [];
  const errors = result.stderr.split("\n").filter(Boolean);
  if (errors.length === 0) throw new ToolError("xmllint: exited 1 and reported no error");
  return errors;
}

/** Errors from validating an Atom document against RFC 4287's RELAX NG schema. */
export function atomSchemaErrors(xml: string, tool: ToolOverride = {}): string[] {
  return atomSchemaErrorsAll({ feed: xml }, tool);
}

/**
 * The same for many named Atom documents in one jing run (one JVM start); errors are
 * `name: message` lines.
 */
export function atomSchemaErrorsAll(documents: Record<string, string>, tool: ToolOverride = {}): string[] {
  const dir = mkdtempSync(join(tmpdir(), "atom-"));
  try {
    const names = Object.keys(documents);
    const files = names.map((name, i) => {
      const file = join(dir, `${i}.xml`);
      writeFileSync(file, documents[name]!);
      return file;
    });
    // jing exits 0 when every document is valid and 1 when one is not, with errors on stdout
    // as "file:line:col: error: …" (its classpath warnings go to stderr). Exit 1 without
    // such a line, or any other status, is jing (or its JVM) failing: thrown.
    const result = runTool("jing", tool.command ?? "jing", ["-c", join(root, "tests/schemas/atom.rnc"), ...files], [0, 1], {
      env: tool.env,
    });
    if (result.status === 0) return [];
    const lines = result.stdout.split("\n").filter(Boolean);
    const errors = lines.filter((line) => files.some((file) => line.startsWith(`${file}:`)) && / error: /.test(line));
    if (errors.length === 0 || errors.length !== lines.length)
      throw new ToolError(`jing: exited 1 without a validation error: ${(result.stdout + result.stderr).trim().slice(0, 300)}`);
    return errors.map((line) => {
      const i = files.findIndex((file) => line.startsWith(file));
      return i < 0 || names.length === 1 ? line : `${names[i]}${line.slice(files[i]!.length)}`;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats.default(ajv);
const jsonFeedSchema = JSON.parse(readFileSync(join(root, "tests/schemas/jsonfeed-1.1.schema.json"), "utf8"));
const validateJsonFeed = ajv.compile(jsonFeedSchema);

/** Errors from validating a parsed JSON Feed against the JSON Feed 1.1 schema. */
export function jsonFeedErrors(feed: unknown): string[] {
  if (validateJsonFeed(feed)) return [];
  return (validateJsonFeed.errors ?? []).map((e: { instancePath: string; message?: string }) => `${e.instancePath} ${e.message}`);
}

/**
 * The ninjs 3.1 schema (tests/schemas/ninjs-schema_3.1.json, IPTC's, MIT) with Ajv 2020. Its one
 * external `$ref`, the GeoJSON schema, is only for places' geometry, which no document here
 * carries: a stub that accepts anything stands in for it (a document with a geometry would pass
 * unchecked there, and none has one).
 */
const ninjsAjv = new Ajv2020({ allErrors: true, strict: false });
addFormats.default(ninjsAjv);
ninjsAjv.addSchema({ $id: "https://geojson.org/schema/GeoJSON.json" });
const validateNinjs = ninjsAjv.compile(JSON.parse(readFileSync(join(root, "tests/schemas/ninjs-schema_3.1.json"), "utf8")));

/** Errors from validating a parsed ninjs document against the ninjs 3.1 schema. */
export function ninjsErrors(document: unknown): string[] {
  if (validateNinjs(document)) return [];
  return (validateNinjs.errors ?? []).map((e: { instancePath: string; message?: string }) => `${e.instancePath} ${e.message}`);
}

/**
 * The same documents through a second, independent validator: Debian's python3-jsonschema
 * (`Draft202012Validator` with its `FormatChecker`; `uri` is checked through python3-rfc3987,
 * `date-time` only by Ajv, as Debian has no RFC 3339 checker for it), with the same GeoJSON stub.
 * Errors as `name: path message`, one Python run for all of them.
 */
export function ninjsPythonErrors(documents: Record<string, unknown>): string[] {
  const dir = mkdtempSync(join(tmpdir(), "ninjs-"));
  try {
    writeFileSync(join(dir, "documents.json"), JSON.stringify(documents));
    const script = `
import json, sys
from jsonschema import Draft202012Validator, FormatChecker, RefResolver
schema = json.load(open(sys.argv[1]))
store = {"https://geojson.org/schema/GeoJSON.json": {}}
resolver = RefResolver.from_schema(schema, store=store)
validator = Draft202012Validator(schema, resolver=resolver, format_checker=FormatChecker())
for name, document in json.load(open(sys.argv[2])).items():
    for error in validator.iter_errors(document):
        print(f"{name}: /{'/'.join(str(p) for p in error.absolute_path)} {error.message}")
`;
    const result = runTool(
      "python3-jsonschema",
      "/usr/bin/python3",
      ["-W", "ignore", "-c", script, join(root, "tests/schemas/ninjs-schema_3.1.json"), join(dir, "documents.json")],
      [0],
    );
    return result.stdout.split("\n").filter(Boolean);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A validator for the `_syndication` profile from the schema document the service
 * serves (so the tests check the published schema, not a copy): errors for one item,
 * or for the feed-level object with `part: "feed"`.
 */
export function syndicationValidator(schemaText: string): (value: unknown, part?: "item" | "feed") => string[] {
  // strictRequired off: the if/then/else branches name members defined beside them, which is valid JSON Schema.
  const profile = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
  addFormats.default(profile);
  const schema = JSON.parse(schemaText) as { $id: string };
  profile.addSchema(schema);
  const item = profile.getSchema(schema.$id)!;
  const feed = profile.getSchema(`${schema.$id}#/$defs/feed`)!;
  return (value, part = "item") => {
    const validate = part === "item" ? item : feed;
    if (validate(value)) return [];
    return (validate.errors ?? []).map((e: { instancePath: string; message?: string }) => `${e.instancePath} ${e.message}`);
  };
}

const vnuJar = createRequire(import.meta.url).resolve("vnu-jar/build/dist/vnu.jar");

/**
 * Every error and warning the Nu Html Checker reports for each named document, in one
 * JVM run. Returns `name: message` lines; empty when all documents are clean.
 */
export function htmlProblems(documents: Record<string, string>, tool: ToolOverride = {}): string[] {
  const dir = mkdtempSync(join(tmpdir(), "vnu-"));
  try {
    const files = Object.entries(documents).map(([name, text], i) => {
      const file = join(dir, `${i}.${name.endsWith(".css") ? "css" : "html"}`);
      writeFileSync(file, text);
      return file;
    });
    const names = new Map(files.map((file, i) => [`file:${file}`, Object.keys(documents)[i]!]));
    // vnu writes its JSON report on stderr and exits 0 when clean, 1 when it found
    // problems. No report, one that does not parse, or any other exit (a JVM killed for
    // memory, a missing Java) is a failure of the checker, thrown.
    const result = runTool(
      "the Nu Html Checker (vnu)",
      tool.command ?? "java",
      ["-jar", vnuJar, "--format", "json", "--also-check-css", ...files],
      [0, 1],
      {
        env: tool.env,
      },
    );
    let report: { messages: { url: string; type: string; message: string; lastLine?: number }[] };
    try {
      report = JSON.parse(result.stderr);
    } catch {
      throw new ToolError(`the Nu Html Checker (vnu): its report is not JSON: ${result.stderr.trim().slice(0, 300) || "(empty)"}`);
    }
    if (!Array.isArray(report?.messages)) throw new ToolError("the Nu Html Checker (vnu): its report has no messages list");
    if (result.status === 1 && report.messages.length === 0)
      throw new ToolError("the Nu Html Checker (vnu): exited 1 and reported nothing");
    return report.messages.map((m) => `${names.get(m.url) ?? m.url}:${m.lastLine ?? "?"}: ${m.type}: ${m.message}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Parses XML that is known to be well-formed (check `xmlErrors` first). */
export function parseXml(xml: string): Document {
  return new DOMParser().parseFromString(xml, "text/xml");
}

/** Child elements of `parent` with this local name (optionally in a namespace). */
export function children(parent: Element | Document, name: string, ns?: string): Element[] {
  const out: Element[] = [];
  const kids = parent.childNodes;
  for (let i = 0; i < kids.length; i++) {
    const node = kids[i] as Element;
    if (node.nodeType === node.ELEMENT_NODE && node.localName === name && (ns === undefined || node.namespaceURI === ns)) out.push(node);
  }
  return out;
}

/** Text of the one child element named `name`. */
export function childText(parent: Element, name: string, ns?: string): string | undefined {
  const [el] = children(parent, name, ns);
  return el?.textContent ?? undefined;
}
