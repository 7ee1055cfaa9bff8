/**
 * The fediverse in tests: a key pair for the newsroom's actors (made once per run, never a
 * developer's `.dev.vars`), the Accept values Mastodon sends, and its media types.
 */
import { generateKeyPairSync } from "node:crypto";
import type { FediverseKeys } from "../../src/fediverse/keys.js";

let keys: FediverseKeys | undefined;

/** An RSA-2048 pair as the `FEDIVERSE_KEYS` secret holds it (SPKI and PKCS #8 PEM). */
export function testFediverseKeys(): FediverseKeys {
  keys ??= (() => {
    const pair = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      publicKeyEncoding: { type: "spki", format: "pem" },
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
    });
    return { publicKeyPem: pair.publicKey, privateKeyPem: pair.privateKey };
  })();
  return keys;
}

/** What Mastodon (4.x) sends when it looks a URL up. */
export const MASTODON_ACCEPT =
  'application/activity+json, application/ld+json; profile="https://www.w3.org/ns/activitystreams", text/html;q=0.1';
/** What a browser sends. */
export const BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
