/**
 * The site the build renders the settled pages for (`SettledIndex.pages`): the one the Worker
 * gets from the `[vars]` of its wrangler configuration (`siteFromVars`, as `src/worker.ts`
 * reads its env). A Worker run with other vars (`--var`, an `[env.*]`, `.dev.vars`) finds a
 * different site and renders each page from its record, so a wrong guess here costs speed,
 * never a wrong page.
 */
import { existsSync, readFileSync } from "node:fs";
import { parse } from "smol-toml";
import { ConfigError, type SiteVars, siteFromVars } from "../core/config.js";
import type { Site } from "../core/model.js";

/** A wrangler configuration the build cannot read a site from: the build fails, naming it. */
export class SiteVarsError extends Error {
  override name = "SiteVarsError";
}

const SITE_VARS: readonly (keyof SiteVars)[] = [
  "BASE_URL",
  "SITE_NAME",
  "SITE_DESCRIPTION",
  "LANGUAGE",
  "FEED_SIZE",
  "WEBSUB_HUB",
  "LICENSE",
];

/**
 * The site of the top-level `[vars]` of the wrangler configuration at `path` (TOML), or
 * undefined when there is no such file or a site var is not a string (the Worker would get
 * it as JSON: it renders its own pages then).
 */
export function siteOfWranglerConfig(path: string, shown = path): Site | undefined {
  if (!existsSync(path)) return undefined;
  let config: Record<string, unknown>;
  try {
    config = parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new SiteVarsError(`${shown}: not TOML wrangler can read (${(error as Error).message.split("\n")[0]})`);
  }
  const vars = config.vars ?? {};
  if (typeof vars !== "object" || vars === null || Array.isArray(vars)) throw new SiteVarsError(`${shown}: [vars] must be a table`);
  const siteVars: SiteVars = {};
  for (const name of SITE_VARS) {
    const value = (vars as Record<string, unknown>)[name];
    if (value === undefined) continue;
    if (typeof value !== "string") return undefined;
    siteVars[name] = value;
  }
  try {
    return siteFromVars(siteVars);
  } catch (error) {
    if (error instanceof ConfigError) throw new SiteVarsError(`${shown} [vars] ${error.message}`);
    throw error;
  }
}
