/**
 * The partners every test tier knows: their tokens (fixtures, made for the tests and valid
 * nowhere else) and the `PARTNER_KEYS` value holding their digests, which vitest.config.ts
 * binds in workerd in place of whatever a developer's `.dev.vars` says.
 */
import type { PartnerKey } from "../../src/core/partner-keys.js";

export const PARTNERS = {
  bugle: { id: "p-0000b091", name: "Daily Bugle", token: "nrp_bugleTestTokenbugleTestTokenbugleTestTok" },
  planet: { id: "p-000091a7", name: "Daily Planet", token: "nrp_planetTestTokenplanetTestTokenplanetTest" },
  /** Listed once and revoked: no longer in the secret. */
  revoked: { id: "p-00000ff0", name: "Gazette (revoked)", token: "nrp_revokedTestTokenrevokedTestTokenrevoked" },
} as const;

/** The secret's value for these partners (all but the revoked one), given a SHA-256 hex function. */
export function testPartnerKeys(sha256Hex: (token: string) => string): string {
  const keys: PartnerKey[] = [PARTNERS.bugle, PARTNERS.planet].map(({ id, name, token }) => ({
    id,
    name,
    sha256: sha256Hex(token),
    added: "2026-11-01T09:00:00Z",
  }));
  return JSON.stringify(keys);
}
