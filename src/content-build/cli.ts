/**
 * `npm run build:content` (and `wrangler dev`/`deploy` through wrangler.toml `[build]`):
 * validates `content/` and writes `src/generated/content.ts` and the settled archive in
 * `src/generated/content-assets/archive-content/` (the Worker's static assets, see
 * `src/core/settled.ts`), or prints every error and exits 1 without writing anything. `--check`
 * validates only.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { BuildLockError, withBuildLock } from "./build-lock.js";
import { ImageProcessor, servedUrls } from "./build-photos.js";
import { buildSite } from "./build-site.js";
import { type Carried, nextCarried, readCarried, writeCarried } from "./carry.js";
import { ContentChangedError, formatError } from "./errors.js";
import { removeAllBut, writeAtomically } from "./files.js";
import { workerOutputs } from "./generated-module.js";
import { diskPackMemo } from "./pack-memo.js";
import { type PackThreads, packThreads } from "./pack-threads.js";
import { buildCodeVersion, contentCacheDir, diskParseCache, pruneGoneCaches } from "./parse-cache.js";
import { parseThreads } from "./parse-threads.js";
import { progressLine } from "./progress.js";
import { buildReport, type SettledOutputs } from "./report.js";
import { PrefixStale, type SettledFile, SettleError } from "./settle.js";
import { SiteVarsError, siteOfWranglerConfig } from "./site-vars.js";
import { alreadyOnDisk, type Changed, changedSince, noteStamps, stagingSpill } from "./staging.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** The value after `--name` on the command line, if given. */
function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

// --content, --out, --assets, --settled, --max-feed-size, --no-cache, --wrangler-config and --no-pages exist for the tests
// and the bench; editors use the defaults.
const contentDir = resolve(option("content") ?? resolve(root, "content"));
const outFile = resolve(option("out") ?? resolve(root, "src/generated/content.ts"));
const outName = relative(process.cwd(), outFile) || outFile;
// The assets go beside the module unless told: src/generated/content.ts → src/generated/content-assets/,
// the settled archive in a folder named after the module (two builds can share one assets folder).
const assetsDir = resolve(option("assets") ?? `${outFile.replace(/\.[a-z]+$/, "")}-assets`);
const folder = `archive-${basename(outFile).replace(/\.[a-z]+$/, "")}`;
const archiveDir = join(assetsDir, folder);
// The photos: /images/<name> is served from <imageFolder>/<name> (src/core/photo-names.ts).
const imageFolder = `images-${basename(outFile).replace(/\.[a-z]+$/, "")}`;
/** The largest FEED_SIZE the Worker can run with on this build (the heads of the settled index). */
const maxFeedSize = Number(option("max-feed-size") ?? 100);
if (!Number.isInteger(maxFeedSize) || maxFeedSize < 1 || maxFeedSize > 1000) {
  console.error(`--max-feed-size: "${option("max-feed-size")}" must be a whole number from 1 to 1000`);
  process.exit(2);
}
/** What can no longer change after this instant is settled into the assets; the rest stays in the script. */
const settledOption = option("settled");
const settledAt = settledOption === undefined ? Date.now() : Date.parse(settledOption);
if (Number.isNaN(settledAt)) {
  console.error(`--settled: "${settledOption}" is not an RFC 3339 date-time`);
  process.exit(2);
}

// The site the settled pages are rendered for: the one the Worker gets from wrangler.toml's
// [vars] (`--wrangler-config` for another file); `--no-pages` stores none.
const wranglerConfig = resolve(option("wrangler-config") ?? resolve(root, "wrangler.toml"));

/** The content folder's build cache (its parses, pack memo and what a build carries), unless `--no-cache`. */
const cacheDirs = contentCacheDir(root, contentDir);
// The caches of content folders that are gone go (each test's temporary content left one: 1.3 GB here after a few hundred runs).
const tidied = pruneGoneCaches(root, contentDir);
if (tidied.failure !== undefined)
  console.error(`(the build caches of gone content folders were not all removed: ${tidied.failure.message})`);
const useCache = !process.argv.includes("--no-cache");

/** Moves a staged file to `path` by a rename, or, across file systems, by an atomic write of its bytes. */
function moveInto(staged: string, path: string): void {
  try {
    renameSync(staged, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
    writeAtomically(path, readFileSync(staged));
  }
}

/**
 * Writes the settled files whose bytes changed (a file starts with the hash of its content,
 * so an equal first line is an equal file, unless the file is `changed` on disk since the last
 * build: `alreadyOnDisk`), then — through the returned function, after the module — removes what
 * no build uses any more. Every write is atomic.
 */
function writeArchive(files: readonly SettledFile[], changed: Changed): { written: number; prune: () => void } {
  let written = 0;
  const made = new Set<string>();
  for (const file of files) {
    const path = join(archiveDir, file.path);
    const dir = dirname(path);
    if (!made.has(dir)) mkdirSync(dir, { recursive: true });
    made.add(dir);
    // A staged pack is one the folder lacked when it was made (`stagingSpill` asked): moved into place whole (one rename: atomic, as a write here is).
    if (file.staged !== undefined) moveInto(file.staged, path);
    else if (file.inPlace || alreadyOnDisk(path, file.path, file.header, changed, () => file.bytes)) continue;
    else writeAtomically(path, file.bytes);
    written++;
  }
  const prune = () => {
    mkdirSync(archiveDir, { recursive: true });
    const keep = new Map<string, Set<string>>();
    for (const file of files) {
      const [kind, name] = file.path.split("/") as [string, string];
      keep.set(kind, (keep.get(kind) ?? new Set()).add(name));
    }
    // The assets folder is this build's alone: anything but its archive and its photos (an earlier layout's body packs) goes.
    removeAllBut(assetsDir, new Set([folder, imageFolder]));
    removeAllBut(archiveDir, new Set(keep.keys()));
    for (const [kind, names] of keep) removeAllBut(join(archiveDir, kind), names);
  };
  return { written, prune };
}

/** The build, once no other build of the same content folder runs (`build-lock.ts`). */
async function main(checkOnly: boolean): Promise<number> {
  mkdirSync(dirname(cacheDirs.lock), { recursive: true });
  return withBuildLock(cacheDirs.lock, () => buildOnce(checkOnly), {
    onWait: (pid) =>
      console.error(`Waiting for another build of ${relative(process.cwd(), contentDir) || "."}/ to finish (process ${pid}) …`),
    onTakeOver: (pid) =>
      console.error(
        `Taking over the build lock of ${relative(process.cwd(), contentDir) || "."}/ from a build that is gone${pid === undefined ? "" : ` (process ${pid})`}.`,
      ),
  });
}

async function buildOnce(checkOnly: boolean): Promise<number> {
  // What the last build carried (`carry.ts`), with a cache: the articles it holds are not read again,
  // unless it was settled for another head or folder, or after this build's cut-off.
  const last = checkOnly || !useCache ? undefined : readCarried(cacheDirs.packs);
  const carried =
    last && last.prefix.head === maxFeedSize && last.prefix.folder === folder && last.prefix.at <= settledAt ? last : undefined;
  try {
    return await build(checkOnly, carried);
  } catch (error) {
    // It could not go on from it after all (a carried file changed, a collision, an older article,
    // a photo served otherwise, another site, a carried pack's header on disk): a fresh cache and
    // image processor read every article, as if nothing were carried.
    if (!(error instanceof PrefixStale)) throw error;
    return build(checkOnly, undefined);
  }
}

async function build(checkOnly: boolean, carried: Carried | undefined): Promise<number> {
  // Files are named as the editor sees them: relative to here when inside, else content/….
  const shown = relative(process.cwd(), contentDir);
  const displayDir = shown !== "" && !shown.startsWith("..") ? shown : "content";
  const progress = progressLine(process.stderr, `Reading ${displayDir}/`);
  const { dir: cacheDir, packs: packsDir } = cacheDirs;
  const codeVersion = buildCodeVersion(root);
  const cache = useCache ? diskParseCache(cacheDir, codeVersion) : undefined;
  // The photos' cache is always used: it is where the made files wait until the build succeeds.
  const imageProcessor = new ImageProcessor(cacheDirs.images, codeVersion);
  // Many files to parse (a first build, or the first after a change to the build's code) are parsed on every core.
  const result = await buildSite(contentDir, imageProcessor, {
    displayDir,
    onProgress: progress.update,
    threads: parseThreads(),
    ...(cache && { cache }),
    carried,
  });
  progress.end();
  if (result.errors.length > 0) {
    for (const error of result.errors) console.error(formatError(error));
    console.error(`\n${result.errors.length} error(s) in content/; nothing was written.`);
    // The clean files' parses are kept all the same: the fixed build parses only what changed.
    cache?.save();
    return 1;
  }
  imageProcessor.prune();
  const { articles, photos } = result;
  const carriedCount = result.carried?.from.prefix.count ?? 0;
  const summary = `${articles.length + carriedCount} article(s), ${result.drafts.length} draft(s) left out`;
  // What the build says besides the report's own lines; with the settled archive, the report counts what the Worker serves.
  const reportOf = async (settled?: SettledOutputs) => [
    ...(cache && cache.hits + carriedCount > 0
      ? [
          `Parsed ${cache.misses} file(s); ${cache.hits} unchanged, from the build cache (${relative(process.cwd(), cacheDir)}), ${cache.hits + cache.misses - cache.reads} of them without reading them` +
            (carriedCount > 0
              ? `; ${carriedCount} carried in the settled archive from the last build, neither parsed nor looked up.`
              : "."),
        ]
      : []),
    ...(await buildReport(articles, result.files, result.drafts, settledAt, result.icons, settled)),
    imageLine(result.imageFiles, photos.length, imageProcessor),
  ];
  if (checkOnly) {
    const report = await reportOf();
    cache?.prune();
    cache?.save();
    console.log(`content/ is valid: ${summary}.`);
    for (const line of report) console.log(`  ${line}`);
    return 0;
  }
  // The packs the last build of this folder made (beside its parse cache), when there is a cache.
  const memo = cache && diskPackMemo(packsDir, result.keys);
  // Beside the cache: on the same disk as the assets in a checkout, so a staged pack moves into place by a rename.
  const staging = join(cacheDir, "staging");
  // Whatever happens below, the staged packs do not outlive the build.
  rmSync(staging, { recursive: true, force: true });
  // The archive's files that changed on disk since the last build noted them are made and written
  // again, whatever their header says; without the cache, every file is checked by its bytes.
  const changed: Changed = cache ? changedSince(packsDir, archiveDir) : "all";
  let maker: PackThreads | undefined;
  try {
    let outputs: ReturnType<typeof workerOutputs>;
    try {
      const site = process.argv.includes("--no-pages")
        ? undefined
        : siteOfWranglerConfig(wranglerConfig, relative(process.cwd(), wranglerConfig));
      // A full build's packs are made on two cores (`pack-threads.ts`); the bodies the cache left
      // out (a build whose pack memo misses the carried packs: another site, say) are parsed on both.
      maker = packThreads({ site, archiveDir, staging, changed, bodySource: cache?.bodySource });
      outputs = workerOutputs(articles, result.icons, {
        at: settledAt,
        head: maxFeedSize,
        folder,
        ...(photos.length > 0 && { imageFolder }),
        ...(memo && { memo }),
        ...(site && { site }),
        spill: stagingSpill(archiveDir, staging, changed),
        maker,
        ...(result.carried && { carried: { prefix: result.carried.from.prefix, photos: result.carried.public } }),
      });
    } catch (error) {
      if (error instanceof SiteVarsError) {
        cache?.save();
        console.error(`${error.message}\n\n1 error(s); nothing was written.`);
        return 1;
      }
      if (!(error instanceof SettleError)) throw error;
      cache?.save();
      console.error(`content/: ${error.message}\n\n1 error(s) in content/; nothing was written.`);
      return 1;
    }
    const threadFailure = await maker.close();
    // The settling thread made what the pack thread could not: the build is whole, and says so.
    if (threadFailure !== undefined) console.error(`(the pack thread failed, its packs were made in line: ${threadFailure.message})`);
    const { settled, module } = outputs;
    const report = await reportOf(settled);
    // The files first, then the module that names them, then what no build uses any more.
    const imagesDir = join(assetsDir, imageFolder);
    // The archive first: a carried pack whose header on disk is not the carried one stops the build here, before anything else is written.
    const { written, prune: pruneArchive } = writeArchive(settled.files, changed);
    const repaired = changed === "all" ? 0 : settled.files.filter((file) => changed.has(file.path)).length;
    const copied = imageProcessor.publish(imagesDir, photos);
    memo?.save();
    // What the next build goes on from, written with the cache and the memo it relies on.
    const { served, byArticle } = result.photoUrls;
    const next =
      cache &&
      nextCarried(
        settled.carried,
        result.carried?.from,
        settled.carriedArticles,
        (a) => result.files.get(a)!,
        cache.seenKey,
        (a) => (byArticle.get(a) ?? []).map((url) => [url, servedUrls(served.get(url)!).join(" ")]),
      );
    // Saved once the bodies the outputs needed were read. The bodies of the carried articles are not
    // kept (560 MB of JSON and 3 s of a full build at 100,000 articles): the next build neither
    // parses nor reads them. One that cannot go on from them parses again the body of each carried
    // article in a pack the pack memo does not know (on the pack thread for the packs it makes):
    // only the packs that changed, unless the pages' site changed or the memo is gone, when it is every one.
    const carriedKeys = new Set(next?.files.map((file) => cache?.seenKey(file)));
    cache?.prune();
    cache?.save((key) => !carriedKeys.has(key));
    if (cache) writeCarried(packsDir, next);
    const prune = () => {
      pruneArchive();
      imageProcessor.removeOthers(imagesDir, photos);
      // How this build left the archive, for the next one to tell a file changed since (`changedSince`);
      // after a build without the cache too, which may have written some again.
      noteStamps(
        packsDir,
        archiveDir,
        settled.files.map((file) => file.path),
      );
    };
    const archiveLine =
      `${settled.index.count} settled article(s) in ${settled.files.length} file(s) of ${relative(process.cwd(), archiveDir) || archiveDir}` +
      ` (${written} written${repaired > 0 ? `, ${repaired} of them changed on disk since the last build` : ""}${memo && memo.hits > 0 ? `; ${memo.hits} pack(s) unchanged, from the build cache` : ""}${result.carried ? `; ${result.carried.from.prefix.packs.length} carried from the last build` : ""}), ${settled.moving.length} in the script; ${photos.reduce((n, p) => n + p.files.length, 0)} photo file(s) (${copied} new)`;
    if (existsSync(outFile) && readFileSync(outFile, "utf8") === module) {
      // Unchanged: leave the file (and its mtime) alone so `wrangler dev` does not rebuild.
      prune();
      console.log(`Built ${summary} (unchanged) → ${outName}, ${archiveLine}`);
      for (const line of report) console.log(`  ${line}`);
      return 0;
    }
    mkdirSync(dirname(outFile), { recursive: true });
    writeAtomically(outFile, module);
    prune();
    console.log(`Built ${summary} → ${outName}, ${archiveLine}`);
    for (const line of report) console.log(`  ${line}`);
    return 0;
  } finally {
    // Stopped before its staged packs go.
    await maker?.close();
    rmSync(staging, { recursive: true, force: true });
  }
}

/** The report's line on the photos. */
function imageLine(files: number, used: number, processor: ImageProcessor): string {
  const unused = files - used;
  return `Photos: ${used} used by the articles${unused > 0 ? `, ${unused} in images/ used by none (not served)` : ""}; ${processor.made} read and converted, ${processor.reused} unchanged from the build cache.`;
}

process.exitCode = await main(process.argv.includes("--check")).catch((error: unknown) => {
  // Another build that never ends: named, nothing written.
  if (error instanceof BuildLockError) {
    console.error(`${error.message}\n\nNothing was written.`);
    return 1;
  }
  // A file edited while the build ran: named, and the build fails (the next one reads it anew).
  if (!(error instanceof ContentChangedError)) throw error;
  console.error(`${error.message}\n\n1 error(s) in content/.`);
  return 1;
});
