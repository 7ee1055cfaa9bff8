// The site the build renders the settled pages for (src/content-build/site-vars.ts): the one the
// Worker gets from wrangler.toml's [vars]; a var the Worker would refuse fails the build, named.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { contentCacheDir } from "../../src/content-build/parse-cache.js";
import { SiteVarsError, siteOfWranglerConfig } from "../../src/content-build/site-vars.js";
import { siteFromVars } from "../../src/core/config.js";
import { pagesSite } from "../../src/core/settled.js";
import { articleFile, validFields } from "../helpers/fixtures.js";
import { tempFolders } from "../helpers/temp-folders.js";

const root = resolve(import.meta.dirname, "../..");
const temp = tempFolders();
const config = (text: string) => {
  const path = join(temp.make("site-vars-"), "wrangler.toml");
  writeFileSync(path, text);
  return path;
};

describe("the site of a wrangler configuration", () => {
  it("is the Worker's site for the repository's own wrangler.toml", () => {
    expect(siteOfWranglerConfig(join(root, "wrangler.toml"))).toEqual(siteFromVars({ BASE_URL: "http://127.0.0.1:8787", FEED_SIZE: "50" }));
  });

  it("takes the top-level [vars] only, with the Worker's defaults for the rest", () => {
    const path = config(
      'name = "x"\n[vars]\nBASE_URL = "https://news.example/"\nSITE_NAME = "The Paper"\nOTHER = 3\n[env.staging.vars]\nBASE_URL = "https://staging.example"\n',
    );
    expect(siteOfWranglerConfig(path)).toEqual(siteFromVars({ BASE_URL: "https://news.example/", SITE_NAME: "The Paper" }));
  });

  it("is none without a file, or when a site var is not a string (the Worker then renders its own pages)", () => {
    expect(siteOfWranglerConfig(join(temp.make("site-vars-"), "wrangler.toml"))).toBeUndefined();
    expect(siteOfWranglerConfig(config("[vars]\nFEED_SIZE = 50\n"))).toBeUndefined();
  });

  it("names the file and the var the Worker would refuse, and a file that is not TOML", () => {
    expect(() => siteOfWranglerConfig(config('[vars]\nBASE_URL = "news.example"\n'), "wrangler.toml")).toThrow(
      new SiteVarsError('wrangler.toml [vars] BASE_URL: "news.example" must be an http(s) origin such as https://news.example (no path)'),
    );
    expect(() => siteOfWranglerConfig(config("[vars\n"), "wrangler.toml")).toThrow(/^wrangler\.toml: not TOML wrangler can read/);
    expect(() => siteOfWranglerConfig(config('vars = "x"\n'), "wrangler.toml")).toThrow("wrangler.toml: [vars] must be a table");
  });
});

describe("the build", () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ["--import", "tsx", "src/content-build/cli.ts", ...args], { cwd: root, encoding: "utf8" });
  const content = () => {
    const dir = temp.make("site-vars-content-");
    writeFileSync(join(dir, "old.md"), articleFile({ ...validFields(), published: "2026-11-01T00:00:00Z" }, "Story.\n"));
    return dir;
  };

  it("stores the pages for the configuration's site, or none with --no-pages", async () => {
    const out = join(temp.make("site-vars-out-"), "content.ts");
    const path = config('[vars]\nBASE_URL = "https://pages.example"\n');
    const dir = content();
    const built = run("--content", dir, "--out", out, "--settled", "2026-11-21T06:00:00Z", "--wrangler-config", path);
    expect(built.status, built.stderr).toBe(0);
    // The packs were staged beside the build cache and moved into place: nothing is left there.
    expect(existsSync(join(contentCacheDir(root, dir).dir, "staging"))).toBe(false);
    expect(readFileSync(join(out.replace(/\.ts$/, "-assets"), "archive-content/r/0"), "utf8")).toContain("<!doctype html>");
    const { content: bundle } = await import(`${out}?pages`);
    expect(bundle.settled.pages).toBe(pagesSite(siteFromVars({ BASE_URL: "https://pages.example" })));
    const none = run("--content", content(), "--out", out, "--settled", "2026-11-21T06:00:00Z", "--no-pages");
    expect(none.status, none.stderr).toBe(0);
    const { content: without } = await import(`${out}?none`);
    expect(without.settled.pages).toBeUndefined();
  });

  it("fails on a var the Worker would refuse, naming it, and writes nothing", () => {
    const out = join(temp.make("site-vars-out-"), "content.ts");
    const failed = run("--content", content(), "--out", out, "--wrangler-config", config('[vars]\nLANGUAGE = "english!"\n'));
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain('wrangler.toml [vars] LANGUAGE: "english!" must be a BCP 47 tag');
    expect(failed.stderr).toContain("nothing was written");
    expect(existsSync(out)).toBe(false);
  });
});
