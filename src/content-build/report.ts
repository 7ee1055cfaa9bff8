/**
 * What a build made, for the editor reading the terminal: articles by state (live,
 * scheduled with their time, withdrawn, drafts) and the documents the service will serve
 * now, counted by kind.
 */

import { siteDefaults } from "../core/config.js";
import type { Article, BuiltFile } from "../core/model.js";
import { makeCatalog } from "../publishing/catalog.js";
import { Timeline } from "../publishing/timeline.js";

/** The report's order of the kinds of documents (the catalog makes some only when asked for, so its order is not this). */
const KINDS = ["feed documents", "archive feed documents", "sections pages", "tags pages", "authors pages", "front page", "sitemaps"];
const rank = (kind: string) => (KINDS.includes(kind) ? KINDS.indexOf(kind) : KINDS.length);

export function buildReport(
  articles: readonly Article[],
  files: Map<Article, string>,
  drafts: readonly string[],
  now: number,
  built: readonly BuiltFile[] = [],
): string[] {
  const timeline = new Timeline(articles);
  const view = timeline.viewAt(now);
  const scheduled = articles.filter((a) => !timeline.isPublished(a, now)).reverse();
  const withdrawals = articles.filter((a) => timeline.isPublished(a, now) && !timeline.isWithdrawn(a, now) && a.withdrawn);
  const catalog = makeCatalog(siteDefaults, timeline, view, built);
  const counts = new Map<string, number>();
  const count = (kind: string) => counts.set(kind, (counts.get(kind) ?? 0) + 1);
  for (const [path, doc] of catalog.documents) {
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
  const lines = [
    `Articles: ${view.live.length} live, ${scheduled.length} scheduled, ${view.withdrawn.length} withdrawn (410), ${drafts.length} draft(s) left out.`,
    `Serving now: ${view.live.length} article pages, ${[...counts]
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
