/**
 * WebFinger (RFC 7033) queries: `resource=acct:news@news.example` (RFC 7565) or the actor's URL
 * itself. Which handle is asked for, or why the query cannot be answered (400: no resource, two,
 * or one that is not a URI). A well-formed resource of another host or an unknown name is not an
 * error but a 404, decided by the catalog. The answers themselves are catalog documents.
 */
import { handleHost, handleOfActor } from "../core/handles.js";
import type { Site } from "../core/model.js";
import { parsesAsUrl } from "../core/urls.js";

export type WebfingerQuery = { handle: string | undefined; error?: undefined } | { handle?: undefined; error: string };

const NOBODY: WebfingerQuery = { handle: undefined };

export function webfingerHandle(site: Site, resources: readonly string[] | undefined): WebfingerQuery {
  if (resources === undefined || resources.length === 0)
    return { error: "WebFinger needs a resource parameter (RFC 7033 §4.1), e.g. resource=acct:news@host" };
  if (resources.length > 1) return { error: "WebFinger takes one resource parameter (RFC 7033 §4.1)" };
  const resource = resources[0]!.trim();
  const acct = /^acct:([^@/?#\s]+)@([^@/?#\s]+)$/i.exec(resource);
  if (acct) {
    let user: string;
    try {
      user = decodeURIComponent(acct[1]!);
    } catch {
      return { error: "The resource is not a URI (RFC 3986)" };
    }
    return acct[2]!.toLowerCase() === handleHost(site).toLowerCase() ? { handle: user.toLowerCase() } : NOBODY;
  }
  if (/^acct:/i.test(resource)) return { error: "An acct: resource is acct:name@host (RFC 7565)" };
  if (!parsesAsUrl(resource)) return { error: "The resource is not a URI (RFC 3986)" };
  return { handle: handleOfActor(site, resource) };
}
