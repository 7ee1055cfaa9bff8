/**
 * HTTP Signatures as the fediverse uses them, both directions, on WebCrypto alone.
 *
 * - **draft-cavage-http-signatures-12**, what every Mastodon version sends and verifies:
 *   `Signature: keyId="…",algorithm="rsa-sha256",headers="(request-target) host date digest",signature="…"`
 *   with `Digest: SHA-256=<base64>` (RFC 3230). We sign every delivery this way.
 * - **RFC 9421** with `Content-Digest` (RFC 9530), which Mastodon verifies since 4.5 and Fedify
 *   tries first: `Signature-Input: sig1=("@method" "@target-uri" "content-digest");created=…;keyid="…"`.
 *
 * Verification here is only the cryptography and the rules of the two formats (covered
 * components, the clock window, the digest); fetching the key is `remote-actors.ts`.
 */
import { base64, fromBase64 } from "../core/bytes.js";
import { sha256Base64 } from "../core/hashing.js";
import { pemBytes, RSA_SHA256 } from "./keys.js";

/** Mastodon's window (`SignatureVerification`): a Date up to 12 hours old, or an hour ahead. */
export const MAX_AGE_MS = 12 * 60 * 60 * 1000;
export const MAX_AHEAD_MS = 60 * 60 * 1000;

const encoder = new TextEncoder();

/** Why a signature does not verify: the 401's reason, fixed text (never the request's). */
export class SignatureError extends Error {
  override name = "SignatureError";
}

/** A signature as parsed from the request: which key, and how to check it once the key is known. */
export interface ParsedSignature {
  keyId: string;
  /** Checks the signature with the key (an SPKI PEM); throws `SignatureError`. */
  verify(publicKeyPem: string): Promise<void>;
}

/** The cavage `Signature` parameters (`keyId="…",…`); undefined when malformed. */
function cavageParams(header: string): Map<string, string> | undefined {
  const params = new Map<string, string>();
  const re = /\s*([a-zA-Z]+)="([^"]*)"\s*(,|$)/y;
  let match: RegExpExecArray | null;
  let at = 0;
  while (at < header.length) {
    re.lastIndex = at;
    match = re.exec(header);
    if (!match) return undefined;
    params.set(match[1]!, match[2]!);
    at = re.lastIndex;
  }
  return params;
}

/** The request's Date checked against the window. */
function checkClock(date: number, now: number): void {
  if (Number.isNaN(date)) throw new SignatureError("the signed Date (or created) is not a date");
  if (date < now - MAX_AGE_MS) throw new SignatureError("the signature is too old");
  if (date > now + MAX_AHEAD_MS) throw new SignatureError("the signature's date is in the future");
}

async function verifyRsa(publicKeyPem: string, signature: Uint8Array<ArrayBuffer>, data: string): Promise<void> {
  let key: CryptoKey;
  try {
    key = await crypto.subtle.importKey("spki", pemBytes(publicKeyPem), RSA_SHA256, false, ["verify"]);
  } catch {
    throw new SignatureError("the signer's key is not an RSA public key");
  }
  if (!(await crypto.subtle.verify(RSA_SHA256, key, signature, encoder.encode(data))))
    throw new SignatureError("the signature does not verify");
}

/** draft-cavage: the headers a POST to an inbox must sign. */
const CAVAGE_REQUIRED = ["(request-target)", "host", "date", "digest"];

function parseCavage(request: Request, header: string, body: Uint8Array<ArrayBuffer>, now: number): ParsedSignature {
  const params = cavageParams(header);
  const keyId = params?.get("keyId");
  const signature = fromBase64(params?.get("signature") ?? "");
  if (!params || !keyId || !signature) throw new SignatureError("the Signature header is malformed");
  const algorithm = params.get("algorithm") ?? "hs2019";
  if (algorithm !== "rsa-sha256" && algorithm !== "hs2019") throw new SignatureError("only rsa-sha256 signatures are accepted");
  const covered = (params.get("headers") ?? "date").toLowerCase().split(/\s+/).filter(Boolean);
  for (const name of CAVAGE_REQUIRED)
    if (!covered.includes(name)) throw new SignatureError(`the signature must cover ${CAVAGE_REQUIRED.join(" ")}`);
  const url = new URL(request.url);
  const lines = covered.map((name) => {
    if (name === "(request-target)") return `(request-target): ${request.method.toLowerCase()} ${url.pathname}${url.search}`;
    // A request the runtime hands us may not list Host among its headers: it is the URL's.
    const value = name === "host" ? (request.headers.get("host") ?? url.host) : request.headers.get(name);
    if (value === null) throw new SignatureError("a signed header is missing");
    return `${name}: ${value}`;
  });
  checkClock(Date.parse(request.headers.get("date") ?? ""), now);
  const signingString = lines.join("\n");
  return {
    keyId,
    verify: async (pem) => {
      await checkDigest(request.headers.get("digest"), body);
      await verifyRsa(pem, signature, signingString);
    },
  };
}

/** `Digest: SHA-256=<base64>` (RFC 3230; other algorithms beside it are ignored). */
async function checkDigest(header: string | null, body: Uint8Array<ArrayBuffer>): Promise<void> {
  const sha = header
    ?.split(",")
    .map((part) => part.trim())
    .find((part) => part.toLowerCase().startsWith("sha-256="));
  if (sha === undefined) throw new SignatureError("the Digest header has no SHA-256");
  if (sha.slice("sha-256=".length) !== (await sha256Base64(body))) throw new SignatureError("the Digest does not match the body");
}

/** `Content-Digest: sha-256=:<base64>:` (RFC 9530). */
async function checkContentDigest(header: string | null, body: Uint8Array<ArrayBuffer>): Promise<void> {
  const match = /(?:^|,)\s*sha-256=:([A-Za-z0-9+/=]+):/.exec(header ?? "");
  if (!match) throw new SignatureError("the Content-Digest header has no sha-256");
  if (match[1] !== (await sha256Base64(body))) throw new SignatureError("the Content-Digest does not match the body");
}

/** Splits a structured-field dictionary at its top-level commas (not inside quotes or parentheses). */
function dictionaryMembers(value: string): Map<string, string> {
  const members = new Map<string, string>();
  let depth = 0;
  let quoted = false;
  let start = 0;
  const push = (end: number) => {
    const member = value.slice(start, end).trim();
    const eq = member.indexOf("=");
    if (eq > 0) members.set(member.slice(0, eq).trim(), member.slice(eq + 1).trim());
  };
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '"' && value[i - 1] !== "\\") quoted = !quoted;
    else if (!quoted && c === "(") depth++;
    else if (!quoted && c === ")") depth--;
    else if (!quoted && depth === 0 && c === ",") {
      push(i);
      start = i + 1;
    }
  }
  push(value.length);
  return members;
}

/** RFC 9421: a request's covered component values. */
function componentValue(request: Request, name: string): string {
  const url = new URL(request.url);
  switch (name) {
    case "@method":
      return request.method.toUpperCase();
    case "@target-uri":
      return url.href;
    case "@authority":
      return url.host.toLowerCase();
    case "@scheme":
      return url.protocol.slice(0, -1);
    case "@path":
      return url.pathname;
    case "@query":
      return url.search === "" ? "?" : url.search;
    case "@request-target":
      return `${url.pathname}${url.search}`;
    default: {
      if (name.startsWith("@")) throw new SignatureError("the signature covers a component this inbox does not know");
      const value = request.headers.get(name);
      if (value === null) throw new SignatureError("a signed header is missing");
      return value.trim();
    }
  }
}

function parseRfc9421(
  request: Request,
  input: string,
  signatureHeader: string,
  body: Uint8Array<ArrayBuffer>,
  now: number,
): ParsedSignature {
  const inputs = dictionaryMembers(input);
  const signatures = dictionaryMembers(signatureHeader);
  const [label, params] = [...inputs][0] ?? [];
  const raw = label === undefined ? undefined : signatures.get(label);
  const match = params === undefined ? null : /^\(([^)]*)\)(.*)$/.exec(params);
  const signature = raw !== undefined && /^:[A-Za-z0-9+/=]+:$/.test(raw) ? fromBase64(raw.slice(1, -1)) : undefined;
  if (!label || !params || !match || !signature) throw new SignatureError("the Signature-Input or Signature header is malformed");
  const components = [...match[1]!.matchAll(/"([^"]+)"/g)].map((m) => m[1]!.toLowerCase());
  const paramText = match[2]!;
  const keyId = /;keyid="([^"]+)"/.exec(paramText)?.[1];
  const created = /;created=(\d+)/.exec(paramText)?.[1];
  const alg = /;alg="([^"]+)"/.exec(paramText)?.[1];
  if (!keyId || !created) throw new SignatureError("the signature needs keyid and created");
  if (alg !== undefined && alg !== "rsa-v1_5-sha256") throw new SignatureError("only rsa-v1_5-sha256 signatures are accepted");
  const hasTarget = components.includes("@target-uri") || (components.includes("@authority") && components.includes("@path"));
  if (!components.includes("@method") || !hasTarget || !components.includes("content-digest"))
    throw new SignatureError("the signature must cover @method, @target-uri and content-digest");
  checkClock(Number(created) * 1000, now);
  const base = [...components.map((name) => `"${name}": ${componentValue(request, name)}`), `"@signature-params": ${params}`].join("\n");
  return {
    keyId,
    verify: async (pem) => {
      await checkContentDigest(request.headers.get("content-digest"), body);
      await verifyRsa(pem, signature, base);
    },
  };
}

/** The request's signature, RFC 9421 when it has `Signature-Input`, else draft-cavage; throws `SignatureError`. */
export function parseSignature(request: Request, body: Uint8Array<ArrayBuffer>, now: number): ParsedSignature {
  const signature = request.headers.get("signature");
  if (signature === null) throw new SignatureError("the request is not signed");
  const input = request.headers.get("signature-input");
  return input === null ? parseCavage(request, signature, body, now) : parseRfc9421(request, input, signature, body, now);
}

/**
 * Signs a POST as every Mastodon version verifies it: draft-cavage `rsa-sha256` over
 * `(request-target) host date digest`. Returns the headers to send with `body`.
 */
export async function signedPostHeaders(
  url: string,
  body: Uint8Array<ArrayBuffer>,
  keyId: string,
  privateKey: CryptoKey,
  now: number,
): Promise<Record<string, string>> {
  const target = new URL(url);
  const date = new Date(now).toUTCString();
  const digest = `SHA-256=${await sha256Base64(body)}`;
  const signingString = [
    `(request-target): post ${target.pathname}${target.search}`,
    `host: ${target.host}`,
    `date: ${date}`,
    `digest: ${digest}`,
  ].join("\n");
  const signature = base64(new Uint8Array(await crypto.subtle.sign(RSA_SHA256, privateKey, encoder.encode(signingString))));
  // Host is not set here: the runtime sends the URL's, which is what is signed.
  return {
    Date: date,
    Digest: digest,
    Signature: `keyId="${keyId}",algorithm="rsa-sha256",headers="(request-target) host date digest",signature="${signature}"`,
  };
}
