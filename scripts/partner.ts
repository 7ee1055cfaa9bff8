/**
 * `npm run partner -- <command>`: the partners who may read `/partners/feed.json`.
 *
 *   add "Name"     makes a partner and its token; prints the token alone on the last line, once
 *   list           the partners: id, name, when added
 *   revoke <id>    removes a partner: refused at once by npm start (it restarts), in production once the secret is put
 *   secret         prints the secret's value alone: `npm run --silent partner -- secret | npx wrangler secret put PARTNER_KEYS`
 *
 * Only the SHA-256 of each token is kept, with the partner's id and name, as the JSON value of
 * `PARTNER_KEYS` in `.dev.vars` (git-ignored; `npm start` reads it). `--file <path>` names
 * another file. Nothing here talks to Cloudflare: for production it prints the step to run.
 */
import { resolve } from "node:path";
import {
  newPartnerId,
  newToken,
  PARTNER_KEYS_VAR,
  type PartnerKey,
  parsePartnerKeys,
  SECRET_MAX_BYTES,
  tokenDigestHex,
} from "../src/core/partner-keys.js";
import { readVar, runAsCommand, shown, UsageError, type VarsFile, writeVar } from "./dev-vars.js";

const ROOT = resolve(import.meta.dirname, "..");
const USAGE = `Usage: npm run partner -- add "Partner name" | list | revoke <id> | secret   [--file <path>, default .dev.vars]`;

/** The partners' file: the PARTNER_KEYS variable and the keys it holds. */
function readVars(path: string): VarsFile & { keys: PartnerKey[] } {
  const file = readVar(path, PARTNER_KEYS_VAR);
  const parsed = parsePartnerKeys(file.value);
  if ("problem" in parsed) throw new UsageError(`${shown(path)}: ${parsed.problem}`);
  return { ...file, keys: parsed.keys };
}

function writeVars(file: VarsFile, keys: PartnerKey[]): void {
  const size = Buffer.byteLength(JSON.stringify(keys));
  if (size > SECRET_MAX_BYTES) {
    throw new UsageError(
      `${PARTNER_KEYS_VAR} would take ${size} bytes, more than a Worker secret holds (${SECRET_MAX_BYTES}): revoke partners no longer served first`,
    );
  }
  writeVar(file, keys);
}

// --silent: without it npm prints its own "> newsfeed-edge partner" lines on stdout, which
// would become part of the secret.
export const PRODUCTION_STEP = `npm run --silent partner -- secret | npx wrangler secret put ${PARTNER_KEYS_VAR}`;
const productionStep = `For production, put the same list in the Worker's secret (this deploys a new version):\n  ${PRODUCTION_STEP}`;

function checkName(name: string | undefined): string {
  const trimmed = name?.trim() ?? "";
  if (trimmed === "") throw new UsageError(`add needs the partner's name: npm run partner -- add "Daily Bugle"`);
  if (trimmed.length > 100) throw new UsageError("the partner's name must be at most 100 characters");
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point.
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) throw new UsageError("the partner's name must not hold control characters");
  return trimmed;
}

export async function run(argv: string[], out: (line: string) => void): Promise<void> {
  const args = [...argv];
  let path = resolve(ROOT, ".dev.vars");
  const fileFlag = args.indexOf("--file");
  if (fileFlag >= 0) {
    const value = args[fileFlag + 1];
    if (value === undefined) throw new UsageError(`--file needs a path\n${USAGE}`);
    path = resolve(value);
    args.splice(fileFlag, 2);
  }
  const [command, ...rest] = args;
  switch (command) {
    case "add": {
      if (rest.length > 1) throw new UsageError(`add takes one name (quote it): npm run partner -- add "Daily Bugle"`);
      const name = checkName(rest[0]);
      const file = readVars(path);
      const token = newToken();
      const key: PartnerKey = {
        id: newPartnerId(new Set(file.keys.map((k) => k.id))),
        name,
        sha256: await tokenDigestHex(token),
        added: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
      };
      writeVars(file, [...file.keys, key]);
      out(`Added partner ${key.id} (${name}) to ${shown(path)}; ${file.keys.length + 1} partner(s) in ${PARTNER_KEYS_VAR}.`);
      out("A running npm start restarts by itself to read it.");
      out(productionStep);
      out("Give the partner this token, over a private channel. It is shown this once and stored nowhere:");
      out(token);
      return;
    }
    case "list": {
      if (rest.length > 0) throw new UsageError(USAGE);
      const { keys } = readVars(path);
      if (keys.length === 0) out(`No partners in ${shown(path)}: npm run partner -- add "Name"`);
      for (const k of keys) out(`${k.id}  ${k.added}  ${k.name}`);
      return;
    }
    case "revoke": {
      const id = rest[0];
      if (id === undefined || rest.length > 1) throw new UsageError(`revoke needs one partner id (see npm run partner -- list)`);
      const file = readVars(path);
      const gone = file.keys.find((k) => k.id === id);
      if (gone === undefined) throw new UsageError(`${shown(path)} has no partner ${id} (see npm run partner -- list)`);
      writeVars(
        file,
        file.keys.filter((k) => k !== gone),
      );
      out(`Revoked ${gone.id} (${gone.name}): npm start refuses its token at once (it restarts to read the change).`);
      out(productionStep);
      return;
    }
    case "secret": {
      if (rest.length > 0) throw new UsageError(USAGE);
      out(JSON.stringify(readVars(path).keys));
      return;
    }
    default:
      throw new UsageError(USAGE);
  }
}

runAsCommand(import.meta.url, "scripts/partner.ts", run);
