/**
 * `npm run ninjs -- <url or file>…`: fetches each ninjs document (or reads it from a file) and
 * validates it against IPTC's ninjs 3.1 schema with the tests' two validators, Ajv 2020 and
 * Debian's python3-jsonschema (tests/helpers/validators.ts). With `PARTNER_TOKEN` in the
 * environment it sends `Authorization: Bearer` (a withheld document, at its partners' address),
 * and follows the 308 a published one answers. Prints each document's status and `pubStatus`;
 * exits 1 when one is not valid or could not be had.
 */
import { readFileSync } from "node:fs";
import { ninjsErrors, ninjsPythonErrors } from "../tests/helpers/validators.js";

const sources = process.argv.slice(2);
if (sources.length === 0) {
  console.error("usage: npm run ninjs -- <url or file>…   (PARTNER_TOKEN=<token> for a partner's document)");
  process.exit(2);
}
const token = process.env.PARTNER_TOKEN;
const documents: Record<string, unknown> = {};
let failed = false;
for (const source of sources) {
  if (/^https?:\/\//.test(source)) {
    const response = await fetch(source, token ? { headers: { Authorization: `Bearer ${token}` } } : {});
    const via = response.redirected ? ` (via a redirect to ${response.url})` : "";
    console.log(`${source}: ${response.status} ${response.headers.get("Content-Type") ?? ""}${via}`);
    // A withdrawn article's document comes with 410.
    if (response.status !== 200 && response.status !== 410) {
      failed = true;
      continue;
    }
    documents[source] = await response.json();
  } else {
    documents[source] = JSON.parse(readFileSync(source, "utf8"));
  }
}
const python = ninjsPythonErrors(documents);
for (const [source, document] of Object.entries(documents)) {
  const ajv = ninjsErrors(document);
  const py = python.filter((line) => line.startsWith(`${source}: `));
  const status = (document as { pubStatus?: string }).pubStatus;
  if (ajv.length === 0 && py.length === 0) console.log(`${source}: pubStatus ${status}; valid ninjs 3.1 (Ajv 2020, python3-jsonschema)`);
  else {
    failed = true;
    for (const e of ajv) console.log(`${source}: Ajv: ${e}`);
    for (const e of py) console.log(`${source}: python3-jsonschema: ${e.slice(source.length + 2)}`);
  }
}
process.exit(failed ? 1 : 0);
