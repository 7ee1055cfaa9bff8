/**
 * Which remote addresses the Worker may fetch (an actor's key) or POST to (an inbox): https on
 * public hosts only, so a peer cannot point us at the network we run in (SSRF). Loopback is
 * allowed, over http too, exactly when the newsroom itself is served on a loopback address (as
 * under `npm start`), so a local fake server can take part; private and link-local addresses never.
 *
 * Limits (docs/fediverse.md): names are judged by their text; a public name whose DNS answers a
 * private address is not caught here (Workers' fetch does not reach private networks anyway).
 */
import type { Site } from "../core/model.js";

const LOCAL_NAMES = /(^|\.)(localhost|local|internal|home\.arpa|lan)$/i;

/** The four bytes of a dotted IPv4 literal, or undefined. */
function ipv4(host: string): number[] | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return undefined;
  const bytes = m.slice(1).map(Number);
  return bytes.every((b) => b <= 255) ? bytes : undefined;
}

const isLoopbackV4 = (b: number[]) => b[0] === 127;

/** Not a public unicast IPv4 address: this network, private, shared, loopback, link-local, multicast, reserved. */
function isSpecialV4([a, b]: number[]): boolean {
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b! >= 64 && b! <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b! >= 16 && b! <= 31) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0) ||
    (a === 198 && (b === 18 || b === 19)) ||
    a! >= 224
  );
}

/** Whether `host` (as URL.hostname gives it) is a loopback address or name. */
export function isLoopbackHost(host: string): boolean {
  const v4 = ipv4(host);
  if (v4) return isLoopbackV4(v4);
  return host === "[::1]" || host.toLowerCase() === "localhost" || /\.localhost$/i.test(host);
}

/** Whether the newsroom runs on loopback (then loopback peers are allowed, see above). */
export const isLocalRun = (site: Site) => isLoopbackHost(new URL(site.baseUrl).hostname);

/** Why `url` may not be fetched, or undefined when it may. */
export function refusedAddress(url: string, site: Site): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "not a URL";
  }
  const local = isLocalRun(site);
  const host = parsed.hostname;
  if (parsed.username !== "" || parsed.password !== "") return "a URL with credentials";
  if (local && isLoopbackHost(host)) return parsed.protocol === "http:" || parsed.protocol === "https:" ? undefined : "not http(s)";
  if (parsed.protocol !== "https:") return "not https";
  const v4 = ipv4(host);
  if (v4) return isSpecialV4(v4) ? "a private, loopback or link-local address" : undefined;
  if (host.startsWith("[")) {
    // Only global unicast (2000::/3) is public; ::1, fc00::/7, fe80::/10, mapped IPv4 and the rest are not.
    return /^\[[23][0-9a-f]{0,3}:/i.test(host) ? undefined : "a private, loopback or link-local address";
  }
  if (LOCAL_NAMES.test(host) || !host.includes(".")) return "a local name";
  return undefined;
}
