/**
 * SHA-256, the one hash of the service: entity tags, the frames of the settled archive's
 * files, cache keys, partner tokens' digests and the digests of signed fediverse requests. Web Crypto, so the same in workerd, Node and
 * the scripts; below both the storage and the HTTP layer.
 */
import { base64, base64Url } from "./bytes.js";

/** SHA-256 of the bytes. */
export async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
}

/** SHA-256 of the bytes as base64url, the opaque part of every entity-tag here. */
export async function sha256Base64Url(bytes: Uint8Array): Promise<string> {
  return base64Url(await sha256(bytes));
}

/** SHA-256 of the bytes as padded base64: HTTP's `Digest` and `Content-Digest` values. */
export async function sha256Base64(bytes: Uint8Array): Promise<string> {
  return base64(await sha256(bytes));
}
