/**
 * Real feed readers, run against a served URL: newsboat (a terminal feed reader; what it
 * stored in its cache is what its user would see) and Python's feedparser (the parser
 * behind many readers and aggregators).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runTool } from "./tools.js";

export interface ReaderItem {
  guid: string;
  title: string;
  author: string;
  url: string;
  /** Unix seconds. */
  date: number;
  content: string;
}

export interface ReaderFeed {
  title: string;
  url: string;
  items: ReaderItem[];
}

// Debian's python3 (where python3-feedparser lives), even when another python3 is first on PATH.
const python = "/usr/bin/python3";

/** What newsboat shows for `feedUrl` after a reload. */
export function newsboatRead(feedUrl: string): ReaderFeed {
  return newsboatReadAll([feedUrl])[0]!;
}

/** What newsboat shows for each of `feedUrls` after one reload of them all, in the same order. */
export function newsboatReadAll(feedUrls: string[]): ReaderFeed[] {
  const dir = mkdtempSync(join(tmpdir(), "newsboat-"));
  try {
    writeFileSync(join(dir, "urls"), `${feedUrls.join("\n")}\n`);
    writeFileSync(join(dir, "config"), "");
    runTool(
      "newsboat",
      "newsboat",
      ["-u", join(dir, "urls"), "-c", join(dir, "cache.db"), "-C", join(dir, "config"), "-x", "reload"],
      [0],
      {
        env: { ...process.env, HOME: dir },
      },
    );
    const dump = runTool(
      "newsboat's cache (python3 sqlite3)",
      python,
      [
        "-c",
        `import json, sqlite3, sys
c = sqlite3.connect(sys.argv[1])
out = []
for url in sys.argv[2:]:
    feed = c.execute("select title, url from rss_feed where rssurl = ?", (url,)).fetchone()
    items = [dict(guid=g, title=t, author=a, url=u, date=d, content=x) for g, t, a, u, d, x in
             c.execute("select guid, title, author, url, pubDate, content from rss_item where feedurl = ? order by pubDate desc", (url,))]
    out.append(dict(title=feed[0] if feed else "", url=feed[1] if feed else "", items=items))
print(json.dumps(out))`,
        join(dir, "cache.db"),
        ...feedUrls,
      ],
      [0],
    );
    return JSON.parse(dump.stdout) as ReaderFeed[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface FeedparserResult {
  version: string;
  bozo: boolean;
  bozoException: string | null;
  title: string;
  link: string;
  /** The feed's links (`rel`, `href`), e.g. RFC 5005's prev-archive. */
  links: { rel: string; href: string }[];
  /** Each category's label (Atom), or its term when it has none (RSS, where the term is the name). */
  items: { id: string; title: string; link: string; published: string; author: string; content: string; summary: string; tags: string[] }[];
}

/** What feedparser makes of the feed at `feedUrl`. */
export function feedparserRead(feedUrl: string): FeedparserResult {
  return feedparserReadAll([feedUrl])[0]!;
}

/** What feedparser makes of each of `feedUrls`, in one Python run. */
export function feedparserReadAll(feedUrls: string[]): FeedparserResult[] {
  const run = runTool(
    "feedparser",
    python,
    [
      "-c",
      `import json, sys, feedparser
out = []
for url in sys.argv[1:]:
  d = feedparser.parse(url)
  out.append(dict(version=d.version, bozo=bool(d.bozo), bozoException=str(d.get("bozo_exception")) if d.bozo else None,
    title=d.feed.get("title", ""), link=d.feed.get("link", ""),
    links=[dict(rel=l.get("rel", ""), href=l.get("href", "")) for l in d.feed.get("links", [])],
    items=[dict(id=e.get("id", ""), title=e.get("title", ""), link=e.get("link", ""), published=e.get("published", ""),
                author=e.get("author", ""), content=(e.get("content") or [{}])[0].get("value", ""), summary=e.get("summary", ""),
                tags=[t.get("label") or t.term for t in e.get("tags", [])]) for e in d.entries]))
print(json.dumps(out))`,
      ...feedUrls,
    ],
    [0],
  );
  return JSON.parse(run.stdout) as FeedparserResult[];
}
