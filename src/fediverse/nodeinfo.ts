/**
 * NodeInfo (https://nodeinfo.diaspora.software/): how fediverse software learns what a server
 * runs. `/.well-known/nodeinfo` links the 2.1 document, which names the software and counts
 * only what is public anyway (the published articles as `localPosts`); no user counts beyond
 * the actors anyone can look up, no follower counts.
 */
import type { Site } from "../core/model.js";
import { absoluteUrl, paths } from "../core/urls.js";

export const NODEINFO_SCHEMA = "http://nodeinfo.diaspora.software/ns/schema/2.1";
/** The software's name as NodeInfo 2.1 allows it (`^[a-z0-9-]+$`) and its version (package.json). */
export const SOFTWARE = { name: "newsfeed-edge", version: "0.1.0" } as const;

export function nodeinfoLinks(site: Site): Record<string, unknown> {
  return { links: [{ rel: NODEINFO_SCHEMA, href: absoluteUrl(site, paths.nodeinfo) }] };
}

export function nodeinfo(site: Site, localPosts: number): Record<string, unknown> {
  return {
    version: "2.1",
    software: { name: SOFTWARE.name, version: SOFTWARE.version, homepage: absoluteUrl(site, paths.home) },
    protocols: ["activitypub"],
    services: { inbound: [], outbound: ["atom1.0", "rss2.0"] },
    openRegistrations: false,
    usage: { users: {}, localPosts },
    metadata: { nodeName: site.name, nodeDescription: site.description },
  };
}
