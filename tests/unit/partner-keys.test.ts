// The PARTNER_KEYS secret's format (src/core/partner-keys.ts): every way it can be wrong, each with
// its exact problem, none of which quotes the value; and the tokens and ids it is made of.
import { describe, expect, it } from "vitest";
import { fromHex } from "../../src/core/bytes.js";
import { newPartnerId, newToken, parsePartnerKeys, TOKEN_PREFIX, tokenDigestHex } from "../../src/core/partner-keys.js";

const key = { id: "p-0000abcd", name: "Daily Bugle", sha256: "a".repeat(64), added: "2026-11-01T09:00:00Z" };
const SECRET = "nrp_thisMustNeverBeQuotedInAProblem";

describe("parsePartnerKeys", () => {
  it("no value, or an empty one, is no partners; a valid list is its partners", () => {
    expect(parsePartnerKeys(undefined)).toEqual({ keys: [] });
    expect(parsePartnerKeys("  ")).toEqual({ keys: [] });
    expect(parsePartnerKeys(JSON.stringify([key]))).toEqual({ keys: [key] });
  });

  it.each([
    ["not JSON", `{${SECRET}`, "PARTNER_KEYS is not JSON: make it again with npm run partner"],
    ["not a list", JSON.stringify({ token: SECRET }), "PARTNER_KEYS must be a JSON list of partners"],
    ["an entry that is not an object", JSON.stringify([SECRET]), "PARTNER_KEYS[0]: must be an object with id, name, sha256 and added"],
    ["an entry that is a list", JSON.stringify([[SECRET]]), "PARTNER_KEYS[0]: must be an object with id, name, sha256 and added"],
    ["a null entry", "[null]", "PARTNER_KEYS[0]: must be an object with id, name, sha256 and added"],
    ["a bad id", JSON.stringify([{ ...key, id: SECRET }]), "PARTNER_KEYS[0]: id must be p- and 8 hex digits"],
    ["an id twice", JSON.stringify([key, { ...key, name: "Other" }]), "PARTNER_KEYS[1]: id p-0000abcd is listed twice"],
    ["an empty name", JSON.stringify([{ ...key, name: " " }]), "PARTNER_KEYS[0]: name must be text"],
    [
      "a token where the digest goes",
      JSON.stringify([{ ...key, sha256: SECRET }]),
      "PARTNER_KEYS[0]: sha256 must be 64 lower-case hex digits",
    ],
    [
      "an upper-case digest",
      JSON.stringify([{ ...key, sha256: "A".repeat(64) }]),
      "PARTNER_KEYS[0]: sha256 must be 64 lower-case hex digits",
    ],
    ["a bad date", JSON.stringify([{ ...key, added: "yesterday" }]), "PARTNER_KEYS[0]: added must be an RFC 3339 time"],
  ])("%s", (_name, value, problem) => {
    const result = parsePartnerKeys(value);
    expect(result).toEqual({ problem });
    expect(problem).not.toContain(SECRET.slice(4));
  });
});

describe("tokens, digests and ids", () => {
  it("a token is nrp_ and 32 random bytes in base64url, never the same twice", () => {
    const tokens = new Set(Array.from({ length: 200 }, newToken));
    expect(tokens.size).toBe(200);
    for (const t of tokens) {
      expect(t).toMatch(/^nrp_[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(t.slice(TOKEN_PREFIX.length), "base64url")).toHaveLength(32);
    }
  });

  it("the digest is SHA-256 of the token's bytes, as hex and as bytes", async () => {
    // SHA-256("abc"), FIPS 180-2 appendix B.1.
    const abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    expect(await tokenDigestHex("abc")).toBe(abc);
    expect(Buffer.from(fromHex(abc)).toString("hex")).toBe(abc);
  });

  it("a new partner id is p- and 8 hex digits, never one already taken", () => {
    const taken = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const id = newPartnerId(taken);
      expect(id).toMatch(/^p-[0-9a-f]{8}$/);
      expect(taken.has(id)).toBe(false);
      taken.add(id);
    }
  });
});
