/**
 * What a build made, for the editor reading the terminal: articles by state (live,
 * scheduled with their time, withdrawn, drafts) and the documents the service will serve
 * now, counted by kind.
 *
 * Given the settled archive the build made, it counts what the Worker serves as the Worker
 * does: the catalog of the script's articles over the settled index, reading the settled tags
 * and authors from the archive's files as the Worker reads them from its static assets. That
 * costs in the number of articles the script keeps and of facets, not in the archive's size: a
 * catalog of a 100,000-article archive took 1.6 s of a rebuild (`node --cpu-prof` of the CLI,
 * docs/performance.md).
 */

import { archiveOf } from "../app/held.js";
import { siteDefaults } from "../core/config.js";
import { facetNames, slugify } from "../core/ids.js";
import type { Article, BuiltFile, SettledIndex } from "../core/model.js";
import { feedPath, feedPaths, paths } from "../core/urls.js";
import { type Catalog, type Document, makeCatalog, NO_ARCHIVE, type SettledArchive } from "../publishing/catalog.js";
import { Timeline } from "../publishing/timeline.js";
import { FEED_FORMATS } from "../render/feed-formats.js";
import { ArchiveStore } from "../storage/archive-store.js";
import type { SettledFile } from "./settle.js";

/** The report's order of the kinds of documents (the catalog makes some only when asked for, so its order is not this). */
const KINDS = ["feed documents", "archive feed documents", "sections pages", "tags pages", "authors pages", "front page", "sitemaps"];
const rank = (kind: string) => (KINDS.includes(kind) ? KINDS.indexOf(kind) : KINDS.length);

/** The settled archive a build made (`settle`): what the script keeps (`moving`), the index and the files. */
export interface SettledOutputs {
  moving: readonly Article[];
  index: SettledIndex;
  files: readonly SettledFile[];
}

/**
 * The report's lines. With `settled`, what the Worker serves is counted from it (see above), and
 * `articles` are not read (the script's articles are `settled.moving`); else from a catalog of all
 * of `articles`.
 */
export async function buildReport(
  articles: readonly Article[],
  files: Map<Article, string>,
  drafts: readonly string[],
  now: number,
  built: readonly BuiltFile[] = [],
  settled?: SettledOutputs,
): Promise<string[]> {
  // Settled articles can no longer change: nothing of theirs is scheduled.
  const timeline = new Timeline(settled?.moving ?? articles);
  const view = timeline.viewAt(now);
  const scheduled = timeline.articles.filter((a) => !timeline.isPublished(a, now)).reverse();
  const withdrawals = timeline.articles.filter((a) => timeline.isPublished(a, now) && !timeline.isWithdrawn(a, now) && a.withdrawn);
  const archive = settled ? settledArchive(settled) : NO_ARCHIVE;
  const catalog = makeCatalog(siteDefaults, timeline, view, built, archive);
  const counts = new Map<string, number>();
  const count = (kind: string) => counts.set(kind, (counts.get(kind) ?? 0) + 1);
  for (const [path, doc] of await everyDocument(catalog, archive, timeline.articles)) {
    if (path.startsWith("/schemas/")) count("schemas");
    else if (doc.crossOrigin) count(path.startsWith("/archive/") ? "archive feed documents" : "feed documents");
    else if (doc.lifetime === "listing") count(`${path.split("/")[1]} pages`);
    else
      count(
        doc.lifetime === "home"
          ? "front page"
          : doc.lifetime === "sitemap"
            ? "sitemaps"
            : doc.lifetime === "icon"
              ? "icons"
              : "other files",
      );
  }
  const live = view.live.length + (settled?.index.live ?? 0);
  const lines = [
    `Articles: ${live} live, ${scheduled.length} scheduled, ${view.withdrawn.length + (settled?.index.gone ?? 0)} withdrawn (410), ${drafts.length} draft(s) left out.`,
    `Serving now: ${live} article pages, ${[...counts]
      .sort(([a], [b]) => rank(a) - rank(b))
      .map(([kind, n]) => `${n} ${kind}`)
      .join(", ")}.`,
  ];
  for (const a of scheduled) {
    lines.push(`Scheduled: ${files.get(a)} appears at ${a.published} (${relative(Date.parse(a.published) - now)}).`);
    if (a.partnersFrom === undefined) continue;
    const from = Date.parse(a.partnersFrom);
    lines.push(
      from <= now
        ? `Embargoed: ${files.get(a)} is in the partner feed now, under embargo until it appears.`
        : `Embargoed: ${files.get(a)} is in the partner feed from ${a.partnersFrom} (${relative(from - now)}), under embargo until it appears.`,
    );
  }
  for (const a of withdrawals)
    lines.push(`Scheduled: ${files.get(a)} is withdrawn at ${a.withdrawn!.at} (${relative(Date.parse(a.withdrawn!.at) - now)}).`);
  return lines;
}

/** "in 3 h 20 min", "in 2 days" */
function relative(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `in ${minutes} min`;
  if (minutes < 48 * 60) return `in ${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  return `in ${Math.round(minutes / 1440)} days`;
}

/**
 * The settled archive as the Worker reads it (`archiveOf`), through the same store, from the
 * files the build made instead of the static assets.
 */
function settledArchive({ index, files }: SettledOutputs): SettledArchive {
  const byPath = new Map(files.map((file) => [`${index.folder}/${file.path}`, file]));
  const store = new ArchiveStore(
    {
      fetch: async (request) => {
        const file = byPath.get(decodeURIComponent(new URL(request.url).pathname.slice(1)));
        return file ? new Response(file.bytes) : new Response(null, { status: 404 });
      },
    },
    // Every bucket held once read (the report reads each once, in key order, not the buckets'),
    // and no timeout: the files are in memory, and a busy machine is not a fault here.
    { budgetBytes: Number.MAX_SAFE_INTEGER, timeoutMs: 3_600_000 },
  );
  return archiveOf(index, store);
}

/**
 * Every document of the catalog, what it makes from the settled archive included: each tag's and
 * author's page and feeds (its settled part read from its bucket first), and the archive pages made only
 * of settled articles (made from the index, read only when they render).
 */
async function everyDocument(catalog: Catalog, archive: SettledArchive, articles: readonly Article[]): Promise<[string, Document][]> {
  // A facet of the script's articles may have a settled part too: it is known once its bucket is read.
  const facets = new Set(articles.flatMap((a) => facetNames(a).map(({ kind, name }) => paths.facet(kind, slugify(name)))));
  for (const [key] of await archive.facetList()) {
    const slash = key.indexOf("/");
    facets.add(paths.facet(key.slice(0, slash), key.slice(slash + 1)));
  }
  for (const facet of facets) await catalog.documents.lookup(facet);
  await catalog.documents.lookup(paths.sitemap);
  const documents = [...catalog.documents];
  // Archive pages 1 … final, while the catalog has them.
  for (let page = 1; ; page++) {
    const made = FEED_FORMATS.flatMap((format) => {
      const path = feedPath(feedPaths.archive(page), format);
      const doc = catalog.archivePage(path);
      return doc ? [[path, doc] as [string, Document]] : [];
    });
    if (made.length === 0) break;
    documents.push(...made);
  }
  return documents;
}
