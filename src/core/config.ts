/**
 * Site configuration: defaults here, overridden by wrangler vars (`[vars]` in
 * wrangler.toml, or `--var` on the command line). Ids never come from the base URL.
 */
import { LICENSE_IDS } from "./licenses.js";
import type { Site } from "./model.js";
import { parsesAsUrl } from "./urls.js";

/** The wrangler vars the Worker reads. All optional; defaults below. */
export interface SiteVars {
  BASE_URL?: string;
  SITE_NAME?: string;
  SITE_DESCRIPTION?: string;
  LANGUAGE?: string;
  FEED_SIZE?: string;
  /** WebSub hub (https://www.w3.org/TR/websub/) the feeds advertise; none when unset or empty. */
  WEBSUB_HUB?: string;
  /** SPDX id of the newsroom's default licence (one of `src/core/licenses.ts`), or `none` for all rights reserved. */
  LICENSE?: string;
}

/** The newsroom (invented for this project: see README). */
export const siteDefaults: Site = {
  baseUrl: "http://127.0.0.1:8787",
  name: "Meridian Wire",
  description: "Independent reporting on world affairs from the Meridian Wire newsroom.",
  language: "en",
  // Stable forever: the Atom feed id. Not derived from the host, so moving domains
  // does not make every reader see a new feed.
  id: "urn:uuid:15aa809b-4f8d-4902-ac3e-9e5bcb79e37f",
  feedSize: 50,
  // Republishable with credit, unchanged: what news co-operatives such as The Conversation use.
  license: "CC-BY-ND-4.0",
  // Not a var: the content build keeps the sections' and authors' handles apart from it.
  handle: "news",
};

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** The site for a set of wrangler vars; throws `ConfigError` naming the bad var. */
export function siteFromVars(vars: SiteVars): Site {
  const site: Site = { ...siteDefaults };
  if (vars.BASE_URL !== undefined) {
    const base = vars.BASE_URL.replace(/\/+$/, "");
    if (!/^https?:\/\/[^/?#\s]+$/.test(base) || !parsesAsUrl(base)) {
      throw new ConfigError(`BASE_URL: "${vars.BASE_URL}" must be an http(s) origin such as https://news.example (no path)`);
    }
    site.baseUrl = base;
  }
  if (vars.SITE_NAME !== undefined) {
    if (vars.SITE_NAME.trim() === "") throw new ConfigError("SITE_NAME: must not be empty");
    site.name = vars.SITE_NAME.trim();
  }
  if (vars.SITE_DESCRIPTION !== undefined) {
    if (vars.SITE_DESCRIPTION.trim() === "") throw new ConfigError("SITE_DESCRIPTION: must not be empty");
    site.description = vars.SITE_DESCRIPTION.trim();
  }
  if (vars.LANGUAGE !== undefined) {
    if (!/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(vars.LANGUAGE))
      throw new ConfigError(`LANGUAGE: "${vars.LANGUAGE}" must be a BCP 47 tag such as en or en-GB`);
    site.language = vars.LANGUAGE;
  }
  if (vars.FEED_SIZE !== undefined) {
    const size = Number(vars.FEED_SIZE);
    if (!Number.isInteger(size) || size < 1 || size > 1000)
      throw new ConfigError(`FEED_SIZE: "${vars.FEED_SIZE}" must be a whole number from 1 to 1000`);
    site.feedSize = size;
  }
  if (vars.WEBSUB_HUB !== undefined && vars.WEBSUB_HUB !== "") {
    if (!/^https?:\/\/[^\s/]+/.test(vars.WEBSUB_HUB) || !parsesAsUrl(vars.WEBSUB_HUB)) {
      throw new ConfigError(`WEBSUB_HUB: "${vars.WEBSUB_HUB}" must be an absolute http(s) URL such as https://pubsubhubbub.appspot.com/`);
    }
    site.hub = new URL(vars.WEBSUB_HUB).href;
  }
  if (vars.LICENSE !== undefined) {
    if (vars.LICENSE !== "none" && !LICENSE_IDS.includes(vars.LICENSE)) {
      throw new ConfigError(`LICENSE: "${vars.LICENSE}" must be none or one of ${LICENSE_IDS.join(", ")}`);
    }
    site.license = vars.LICENSE;
  }
  return site;
}
