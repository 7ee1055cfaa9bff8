/**
 * What a remote fediverse server does with HTTP Signatures, done by a third-party library
 * (`@misskey-dev/node-http-message-signatures`), never by our own code: sign a POST as Mastodon
 * signs it (draft-cavage rsa-sha256 over `(request-target) host date digest`, with
 * `Digest: SHA-256=…`), and verify one the way a receiving server does. Shared by the fake
 * follower (scripts/fake-follower.ts) and the workerd tests' peers (tests/helpers/remote-peer.ts);
 * no Node module, so it runs in workerd too.
 */
import {
  genRFC3230DigestHeader,
  parseRequestSignature,
  signAsDraftToRequest,
  verifyDigestHeader,
  verifyDraftSignature,
} from "@misskey-dev/node-http-message-signatures";

export const COVERED = ["(request-target)", "host", "date", "digest"];

export interface SignOptions {
  /** Sign over these headers instead of `(request-target) host date digest`. */
  headers?: string[];
  date?: Date;
  /** The Digest to send, instead of the body's. */
  digest?: string;
  contentType?: string;
}

/** The headers of a POST of `body` to `url` signed with the key `keyId` (Host left to the HTTP client, which sends the URL's). */
export async function signedHeaders(url: string, body: string, keyId: string, privateKeyPem: string, options: SignOptions = {}): Promise<Record<string, string>> {
  const target = new URL(url);
  const headers: Record<string, string> = {
    Host: target.host,
    Date: (options.date ?? new Date()).toUTCString(),
    "Content-Type": options.contentType ?? "application/activity+json",
    Digest: options.digest ?? (await genRFC3230DigestHeader(body, "SHA-256")),
  };
  const request = { method: "POST", url: target.pathname + target.search, headers };
  await signAsDraftToRequest(request, { keyId, privateKeyPem }, options.headers ?? COVERED);
  const { Host: _host, ...sent } = request.headers as Record<string, string>;
  return sent;
}

/** A request as the library reads it: method, request target, lower-case headers (Host included). */
export interface Incoming {
  method: string;
  url: string;
  headers: Record<string, string>;
}

/** The key id of a request's draft-cavage signature over the covered headers; throws when it has none. */
export function signerOf(incoming: Incoming, now: number): string {
  const parsed = parseRequestSignature(incoming, { requiredComponents: { draft: COVERED }, clockSkew: { now: new Date(now) } });
  if (parsed.version !== "draft") throw new Error(`expected a draft-cavage signature, got ${parsed.version}`);
  return parsed.value.keyId;
}

/** Why a delivery does not verify with `publicKeyPem`, or undefined when it does (digest and signature). */
export async function deliveryProblem(incoming: Incoming, body: string, publicKeyPem: string, now: number): Promise<string | undefined> {
  try {
    const parsed = parseRequestSignature(incoming, { requiredComponents: { draft: COVERED }, clockSkew: { now: new Date(now) } });
    if (parsed.version !== "draft") return `a ${parsed.version} signature`;
    if (!(await verifyDigestHeader(incoming, body, true))) return "the Digest does not match the body";
    return (await verifyDraftSignature(parsed.value, publicKeyPem)) ? undefined : "the signature does not verify";
  } catch (error) {
    return String(error);
  }
}
