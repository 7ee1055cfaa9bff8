/**
 * The real Worker bundled over `n` synthetic articles (`synthetic-content.ts`), its settled
 * archive in a static assets directory, as a deploy would make it: for the CPU profile and the
 * load test at scale. The content and the build cache stay in `.bench/<name>/<n>`, so a second
 * run at the same size parses nothing.
 */
import { mkdirSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { siteFromVars } from "../../src/core/config.js";
import { newToken, type PartnerKey, tokenDigestHex } from "../../src/core/partner-keys.js";
import { buildIcons } from "../../src/content-build/icons.js";
import { cachedBuild } from "./cached-build.js";
import { buildService } from "./service-worker.js";
import { shuffled } from "./stats.js";
import { type Taxonomy, writeSyntheticContent } from "./synthetic-content.js";

const ROOT = resolve(import.meta.dirname, "../..");
export const SYNTHETIC_VARS = { BASE_URL: "https://news.example", FEED_SIZE: "50" };

export interface SyntheticService {
  script: string;
  assets: string;
  /** The stored (settled) live articles' pages, in a fixed shuffled order: each a cold page once. */
  storedPages: string[];
  /** The pages of the articles the script keeps. */
  movingPages: string[];
  /** The RFC 5005 archive pages' paths (the JSON Feed ones). */
  archivePages: string[];
}

/** `n` synthetic articles in `.bench/<name>/…` (written once), built through the build cache. */
export async function syntheticBuild(name: string, n: number, taxonomy?: Taxonomy) {
  const dir = join(ROOT, ".bench", name, taxonomy ? `${n}-${taxonomy.tags}t-${taxonomy.authors}a` : String(n));
  const contentDir = join(dir, "content");
  mkdirSync(dir, { recursive: true });
  let names: string[] = [];
  try {
    names = readdirSync(contentDir);
  } catch {
    // Not written yet.
  }
  if (names.length !== n) writeSyntheticContent(contentDir, n, taxonomy);
  const icons = (await buildIcons(join(ROOT, "content"))).files;
  // Its settled pages stored for the site the services run with, as the CLI stores them for wrangler.toml's.
  return { dir, ...(await cachedBuild(contentDir, dir, icons, Date.now(), undefined, siteFromVars(SYNTHETIC_VARS))) };
}

export async function syntheticService(name: string, n: number, taxonomy?: Taxonomy): Promise<SyntheticService> {
  const { dir, result, outputs } = await syntheticBuild(name, n, taxonomy);
  const service = buildService(dir, outputs, SYNTHETIC_VARS);
  const stored = outputs.settled.index.count;
  const storedPages = shuffled(
    result.articles
      .slice(result.articles.length - stored)
      .filter((a) => !a.withdrawn)
      .map((a) => `/articles/${a.slug}`),
  );
  const feedSize = Number(SYNTHETIC_VARS.FEED_SIZE);
  const archived = Math.floor(Math.max(0, result.articles.length - feedSize) / feedSize);
  return {
    script: service.script,
    assets: service.assets,
    storedPages,
    movingPages: outputs.settled.moving.map((a) => `/articles/${a.slug}`),
    archivePages: Array.from({ length: archived }, (_, i) => `/archive/${i + 1}/feed.json`),
  };
}

/**
 * As many partners as one Worker secret holds (about 40, `npm run partner`), the last one's
 * token the one the benches send: authentication compares every digest whichever matches.
 * `keys` is the PARTNER_KEYS value.
 */
export async function benchPartners(): Promise<{ keys: string; token: string }> {
  const keys: PartnerKey[] = [];
  let token = "";
  for (let i = 0; i < 40; i++) {
    token = newToken();
    keys.push({ id: `p-${String(i).padStart(8, "0")}`, name: `Partner ${i}`, sha256: await tokenDigestHex(token), added: "2026-12-01T00:00:00Z" });
  }
  return { keys: JSON.stringify(keys), token };
}
