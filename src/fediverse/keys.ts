/**
 * The actors' key pair: one RSA-2048 pair for every actor (Mastodon verifies draft-cavage
 * signatures with RSA only), in the secret `FEDIVERSE_KEYS` as JSON
 * `{"publicKeyPem": "-----BEGIN PUBLIC KEY-----…", "privateKeyPem": "-----BEGIN PRIVATE KEY-----…"}`
 * (SPKI and PKCS #8), made by `npm run fediverse -- keys` (locally into `.dev.vars`; in
 * production `wrangler secret put FEDIVERSE_KEYS`). Never in git, never logged.
 */
import { fromBase64 } from "../core/bytes.js";
import { ConfigError } from "../core/config.js";

export interface FediverseKeys {
  publicKeyPem: string;
  privateKeyPem: string;
}

const PEM = (label: string) => new RegExp(`^-----BEGIN ${label}-----\\r?\\n[A-Za-z0-9+/=\\r\\n]+-----END ${label}-----\\s*$`);

/** The key pair of the secret, or undefined when it is unset (the fediverse surfaces are then off). */
export function fediverseKeysFromSecret(secret: string | undefined): FediverseKeys | undefined {
  if (secret === undefined || secret.trim() === "") return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(secret);
  } catch {
    throw new ConfigError("FEDIVERSE_KEYS: is not JSON; make it again with npm run fediverse -- keys");
  }
  const { publicKeyPem, privateKeyPem } = (parsed ?? {}) as Partial<FediverseKeys>;
  if (typeof publicKeyPem !== "string" || !PEM("PUBLIC KEY").test(publicKeyPem))
    throw new ConfigError("FEDIVERSE_KEYS: publicKeyPem must be an SPKI PEM (-----BEGIN PUBLIC KEY-----)");
  if (typeof privateKeyPem !== "string" || !PEM("PRIVATE KEY").test(privateKeyPem))
    throw new ConfigError("FEDIVERSE_KEYS: privateKeyPem must be a PKCS #8 PEM (-----BEGIN PRIVATE KEY-----)");
  return { publicKeyPem, privateKeyPem };
}

/** The DER bytes of a PEM (empty when its body is not base64; the key import then fails). */
export function pemBytes(pem: string): Uint8Array<ArrayBuffer> {
  return fromBase64(pem.replace(/-----(BEGIN|END) [A-Z ]+-----/g, "")) ?? new Uint8Array(0);
}

export const RSA_SHA256 = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" } as const;

const signingKeys = new WeakMap<FediverseKeys, Promise<CryptoKey>>();

/** The private key for signing (`RSASSA-PKCS1-v1_5` with SHA-256, i.e. `rsa-sha256`), imported once per key pair. */
export function signingKey(keys: FediverseKeys): Promise<CryptoKey> {
  let key = signingKeys.get(keys);
  if (key === undefined) {
    key = crypto.subtle.importKey("pkcs8", pemBytes(keys.privateKeyPem), RSA_SHA256, false, ["sign"]);
    signingKeys.set(keys, key);
  }
  return key;
}
