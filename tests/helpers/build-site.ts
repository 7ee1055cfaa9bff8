/** A content folder built as the CLI builds it (articles, icons, photos), for tests that render it in Node. */
import { createHash } from "node:crypto";
import { join, resolve } from "node:path";
import { ImageProcessor } from "../../src/content-build/build-photos.js";
import { buildSite, type SiteBuild } from "../../src/content-build/build-site.js";
import { buildCodeVersion } from "../../src/content-build/parse-cache.js";

const root = resolve(import.meta.dirname, "../..");

/** `dir` built whole; the photos' cache is the tests' own (node_modules/.cache/newsroom-images/tests-…). */
export function buildFixtureSite(dir: string): Promise<SiteBuild> {
  const key = createHash("sha256").update(resolve(dir)).digest("hex").slice(0, 16);
  return buildSite(dir, new ImageProcessor(join(root, "node_modules/.cache/newsroom-images", `tests-${key}`), buildCodeVersion(root)));
}
