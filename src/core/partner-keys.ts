/**
 * Partners and their keys, shared by `npm run partner` (scripts/partner.ts) and the Worker
 * (src/app/partner-feed.ts). A partner's token is 32 random bytes, shown once when it is made
 * and never stored: the secret `PARTNER_KEYS` holds only each partner's id, name and the
 * SHA-256 of its token (a fast hash is enough for 256 random bits: there is nothing to guess).
 * Locally the secret is a line of `.dev.vars`, which `npm start` (wrangler dev) reads.
 */

import { base64Url, hex } from "./bytes.js";
import { sha256 } from "./hashing.js";

/** The Worker secret (and `.dev.vars` line) holding the partners' keys. */
export const PARTNER_KEYS_VAR = "PARTNER_KEYS";

/** Cloudflare's limit on one secret's value: the partner list must fit in it. */
export const SECRET_MAX_BYTES = 5 * 1024;

/**
 * Requests a partner may make to the partner feed per minute: wrangler.toml's
 * `[[ratelimits]] simple = { limit, period = 60 }` (a test holds them equal).
 */
export const PARTNER_REQUESTS_PER_MINUTE = 60;

/** Marks the token as ours for secret scanners and people: `nrp_` + 43 base64url characters. */
export const TOKEN_PREFIX = "nrp_";
const TOKEN_BYTES = 32;

/** A partner as the secret stores it. */
export interface PartnerKey {
  /** `p-` and 8 hex digits: what logs and `npm run partner -- revoke` name. */
  id: string;
  name: string;
  /** SHA-256 of the token, 64 lower-case hex digits. */
  sha256: string;
  /** RFC 3339: when the key was made. */
  added: string;
}

const PARTNER_ID = /^p-[0-9a-f]{8}$/;
const HEX_DIGEST = /^[0-9a-f]{64}$/;

/** A new token: 256 bits from the platform's CSPRNG. */
export function newToken(): string {
  return TOKEN_PREFIX + base64Url(crypto.getRandomValues(new Uint8Array(TOKEN_BYTES)));
}

/** A new partner id, not one of `taken`. */
export function newPartnerId(taken: ReadonlySet<string>): string {
  for (;;) {
    const id = `p-${hex(crypto.getRandomValues(new Uint8Array(4)))}`;
    if (!taken.has(id)) return id;
  }
}

/** SHA-256 of a token's UTF-8 bytes. */
export async function tokenDigest(token: string): Promise<Uint8Array> {
  return sha256(encoder.encode(token));
}

const encoder = new TextEncoder();

export async function tokenDigestHex(token: string): Promise<string> {
  return hex(await tokenDigest(token));
}

/**
 * The partners in the secret's value (a JSON list of `PartnerKey`), or the reason it is not
 * one. No value means no partners. The reason never quotes the value.
 */
export function parsePartnerKeys(value: string | undefined): { keys: PartnerKey[] } | { problem: string } {
  if (value === undefined || value.trim() === "") return { keys: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return { problem: `${PARTNER_KEYS_VAR} is not JSON: make it again with npm run partner` };
  }
  if (!Array.isArray(parsed)) return { problem: `${PARTNER_KEYS_VAR} must be a JSON list of partners` };
  const ids = new Set<string>();
  for (const [i, entry] of parsed.entries()) {
    const e = entry as Partial<Record<keyof PartnerKey, unknown>> | null;
    const bad = (what: string) => ({ problem: `${PARTNER_KEYS_VAR}[${i}]: ${what}` });
    if (e === null || typeof e !== "object" || Array.isArray(e)) return bad("must be an object with id, name, sha256 and added");
    if (typeof e.id !== "string" || !PARTNER_ID.test(e.id)) return bad("id must be p- and 8 hex digits");
    if (ids.has(e.id)) return bad(`id ${e.id} is listed twice`);
    ids.add(e.id);
    if (typeof e.name !== "string" || e.name.trim() === "") return bad("name must be text");
    if (typeof e.sha256 !== "string" || !HEX_DIGEST.test(e.sha256)) return bad("sha256 must be 64 lower-case hex digits");
    if (typeof e.added !== "string" || Number.isNaN(Date.parse(e.added))) return bad("added must be an RFC 3339 time");
  }
  return { keys: parsed as PartnerKey[] };
}
