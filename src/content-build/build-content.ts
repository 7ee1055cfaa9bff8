/**
 * The content build: `content/*.md` → validated `Article[]`. Collects every problem in
 * every file before failing, so an editor fixes them all in one go.
 */
import { type BigIntStats, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { LineCounter, parseDocument } from "yaml";
import { siteDefaults } from "../core/config.js";
import { facetHandle } from "../core/handles.js";
import { eachFacetName, facetField, facetNames, isSlug, slugify } from "../core/ids.js";
import type { Article, SettledFacet } from "../core/model.js";
import { type Carried, carriedKeys } from "./carry.js";
import { type ContentError, fieldPath } from "./errors.js";
import { renderMarkdown } from "./markdown.js";
import { newestFirst } from "./order.js";
import { PARALLEL_MIN_FILES, type ParsedAhead, parseAhead } from "./parse-threads.js";
import { frontMatterSchema } from "./schema.js";
import { forbiddenCharacter, invalidUtf8Offset } from "./text-rules.js";

/** Where an article file is and the slug it gives: what another thread needs to parse it again. */
export interface FileOrigin {
  path: string;
  slug: string;
}

/** Where the build keeps parses between runs (`diskParseCache` in `parse-cache.ts`): a rebuild parses only changed files. */
export interface ParseCache {
  /**
   * The parse of the file named `file`: kept, or made by `parse` (and kept if clean), with the
   * key it is kept under (a digest of the build's code, the name and the bytes). `stat` lets a
   * cache tell an unchanged file without reading it; `read` gives its bytes. `origin` (the file's
   * path and slug) lets another thread parse it again (`BodySource`).
   */
  lookup(
    file: string,
    stat: BigIntStats,
    read: () => Uint8Array,
    parse: (bytes: Uint8Array) => ParsedArticle,
    origin?: FileOrigin,
  ): { parsed: ParsedArticle; key: string };
  /** Whether `lookup` would take this file's parse without reading the file (its stat is the one last seen). */
  vouchesFor?(file: string, stat: BigIntStats): boolean;
  /** Whether `lookup` would take the parse of these bytes of the file from the cache (a file read again, unchanged). */
  keeps?(file: string, bytes: Uint8Array): boolean;
  /**
   * The key of a file the last build saw, noted as used by this build as `lookup` would, without
   * reading its parse: the one the last build had when the cache vouches for the file by its stat,
   * else the one of its bytes (`read`); undefined for a file the last build did not see.
   */
  carry?(file: string, stat: BigIntStats, read: () => Uint8Array): string | undefined;
}

const MAX_SLUG = 120;
const MAX_FILE_BYTES = 2 * 1024 * 1024;
const MAX_FRONT_MATTER_BYTES = 64 * 1024;

export interface BuildOptions {
  /** How the folder is named in messages; `content` by default. */
  displayDir?: string;
  /** Where clean parses are kept between builds (`src/content-build/parse-cache.ts`); none by default. */
  cache?: ParseCache;
  /** Called as each entry of the folder is taken up: the `done`th of `total`. */
  onProgress?: (done: number, total: number) => void;
  /**
   * What the last build carried (`carry.ts`): with a cache that vouches for every one of its files,
   * those are not read, and the result's articles are the others (`BuildResult.carried`).
   */
  carried?: Carried | undefined;
}

export interface BuildResult {
  /** Every article but the drafts (scheduled ones too), newest first. Empty when there are errors. */
  articles: Article[];
  /** The file each article came from, as named in messages. */
  files: Map<Article, string>;
  /**
   * With a cache: each article's parse key, which names its file's bytes under the build's code
   * (so what the build makes of the article, photos aside, is the same for the same key).
   */
  keys: Map<Article, string>;
  drafts: string[];
  errors: ContentError[];
  /**
   * When there are errors: the articles that did parse, and their files, so that checks across
   * the build (their photos) still report everything at once.
   */
  parsed?: { articles: Article[]; files: Map<Article, string> };
  /**
   * When what the last build carried was taken (`BuildOptions.carried`): `articles` are the others
   * only, none of whose ids, sections, tags or authors collide with the carried ones'.
   */
  carried?: Carried;
  /**
   * When the carried files were all there, unchanged, but an article read beside them collides
   * with one of them, is older than their newest, or has an error: the caller builds again without
   * carrying anything, so the result and the messages are the ones every article's build gives.
   * Nothing else is set.
   */
  carryFailed?: true;
}

/** An entry of the content folder, with what the build first asks of it (nothing of a hidden one). */
interface Listed {
  name: string;
  /** As named in messages. */
  file: string;
  path: string;
  stat?: BigIntStats;
}

/** The content folder's entries, in name order, each looked at once. */
function listContent(dir: string, display: string): Listed[] {
  return readdirSync(dir)
    .sort()
    .map((name) => {
      const path = join(dir, name);
      return { name, file: `${display}/${name}`, path, ...(!name.startsWith(".") && { stat: statSync(path, { bigint: true }) }) };
    });
}

const isArticleFile = (entry: Listed): entry is Listed & { stat: BigIntStats } =>
  entry.stat !== undefined && entry.name.endsWith(".md") && entry.stat.isFile();

/** Reads and validates every article in `dir`. Touches nothing but `dir`. */
export function buildContent(dir: string, options: BuildOptions = {}): BuildResult {
  const listed = listContent(dir, options.displayDir ?? "content");
  return buildListed(listed, options, carriedFiles(listed, options));
}

/**
 * `buildContent`, with the files it may have to parse (every one the cache cannot vouch for by its
 * stat) read first and, when there are at least `minFiles`, parsed on `threads` threads
 * (`parse-threads.ts`), but for those whose bytes the cache keeps: the same result, sooner.
 */
export async function buildContentOnThreads(
  dir: string,
  options: BuildOptions,
  threads: number,
  minFiles = PARALLEL_MIN_FILES,
): Promise<BuildResult> {
  if (threads < 2) return buildContent(dir, options);
  const listed = listContent(dir, options.displayDir ?? "content");
  const { cache } = options;
  // Decided first: carried files are not parsed ahead (a build just after the content was written
  // would otherwise read and key thousands of them on the threads), and a carry that does not hold
  // leaves every file to them.
  const skipped = carriedFiles(listed, options);
  const jobs = listed
    .filter((entry) => isArticleFile(entry) && !skipped?.has(entry.file) && cache?.vouchesFor?.(entry.file, entry.stat) !== true)
    .map(({ file, name, path }) => ({ file, slug: name.slice(0, -3), path }));
  if (jobs.length < minFiles) return buildListed(listed, options, skipped);
  const wanted = (file: string, bytes: Uint8Array) => cache?.keeps?.(file, bytes) !== true;
  const ahead = await parseAhead<ParsedArticle>(jobs, threads, (done) => options.onProgress?.(done, jobs.length), wanted);
  return buildListed(listed, { ...options, onProgress: undefined }, skipped, ahead);
}

/**
 * The files of what the last build carried, when every one is listed and vouched for by the cache
 * under the key it had (each then noted as used, `ParseCache.carry`); else undefined.
 */
function carriedFiles(listed: readonly Listed[], { carried, cache }: BuildOptions): Set<string> | undefined {
  if (carried === undefined || cache?.carry === undefined) return undefined;
  const byFile = new Map<string, Listed>();
  for (const entry of listed) byFile.set(entry.file, entry);
  const keys = new Map<string, string>();
  for (const file of carried.files) {
    const entry = byFile.get(file);
    const key = entry !== undefined && isArticleFile(entry) ? cache.carry(file, entry.stat, () => readFileSync(entry.path)) : undefined;
    if (key === undefined) return undefined;
    keys.set(file, key);
  }
  return carriedKeys(carried.files, (file) => keys.get(file)) === carried.keys ? new Set(carried.files) : undefined;
}

/** The build of the listed files but `skipped` (the carried ones, `carriedFiles`), with those parsed `ahead`. */
function buildListed(
  listed: readonly Listed[],
  options: BuildOptions,
  skipped: ReadonlySet<string> | undefined,
  ahead?: ParsedAhead<ParsedArticle>,
): BuildResult {
  const carried = options.carried;
  const errors: ContentError[] = [];
  const articles: Article[] = [];
  const drafts: string[] = [];
  const files = new Map<Article, string>();
  const keys = new Map<Article, string>();
  // The carried articles' ids and facets are taken as the files before all others: a file read beside
  // them that collides with one is an error here, and any error fails the carry (`carryFailed`).
  const idOwner = new Map<string, string>(skipped ? carried!.ids.map((id) => [id, "a carried file"]) : []);
  const carriedFacets = skipped ? carried!.prefix.facets.map(([, facet]) => facet) : [];

  let done = 0;
  for (const entry of listed) {
    options.onProgress?.(++done, listed.length);
    const { name, file, path, stat } = entry;
    if (stat === undefined) continue;
    // site/ holds the newsroom's icon (src/content-build/icons.ts), images/ its photos (images.ts).
    if ((name === "site" || name === "images") && stat.isDirectory()) continue;
    if (!isArticleFile(entry)) {
      errors.push({ file, field: "file", reason: "is not an article; content/ holds only <slug>.md files, images/ and site/" });
      continue;
    }
    if (skipped?.has(file)) continue;
    const read = () => ahead?.bytes(file) ?? readFileSync(path);
    const slug = name.slice(0, -3);
    const parse = (bytes: Uint8Array) => ahead?.take(file, bytes) ?? parseArticle(file, slug, bytes);
    const cached = options.cache?.lookup(file, stat, read, parse, { path, slug });
    const result = cached ? cached.parsed : parse(read());
    // Bytes read ahead and not parsed (the cache kept them) are not held for the rest of the build:
    // a body asked for later reads its file again, checked against its key.
    ahead?.forget(file);
    errors.push(...result.errors);
    if (!result.article) continue;
    const owner = idOwner.get(result.article.id);
    if (owner) {
      errors.push({ file, field: "id", reason: `"${result.article.id}" is already the id of ${owner}; ids must be unique` });
      continue;
    }
    idOwner.set(result.article.id, file);
    if (result.draft) drafts.push(file);
    else {
      articles.push(result.article);
      files.set(result.article, file);
      if (cached) keys.set(result.article, cached.key);
    }
  }
  errors.push(...facetCollisions(articles, idOwner, carriedFacets), ...handleCollisions(articles, idOwner, carriedFacets));
  const newest = carried?.prefix.newest;
  const older = newest != null && articles.some((a) => newestFirst(a, newest) >= 0);
  if (skipped && (errors.length > 0 || older))
    return { articles: [], files: new Map(), keys: new Map(), drafts: [], errors: [], carryFailed: true };
  if (errors.length > 0) return { articles: [], files: new Map(), keys: new Map(), drafts, errors, parsed: { articles, files } };
  articles.sort(newestFirst);
  return { articles, files, keys, drafts, errors, ...(skipped && { carried: carried! }) };
}

/**
 * Two spellings that would share one address (`/tags/us` for "US" and "U.S."): the
 * second file to use another spelling is named, with the first, so one wins. `before`: facets
 * already named by files not among `articles` (the carried ones).
 */
function facetCollisions(articles: Article[], idOwner: Map<string, string>, before: readonly SettledFacet[]): ContentError[] {
  const errors: ContentError[] = [];
  const seen = new Map<string, { name: string; file: string }>(
    before.map((f) => [`${f.kind}/${f.slug}`, { name: f.name, file: "a carried file" }]),
  );
  for (const article of articles) {
    eachFacetName(article, (kind, name, i) => {
      const key = `${kind}/${slugify(name)}`;
      const first = seen.get(key);
      if (!first) seen.set(key, { name, file: idOwner.get(article.id)! });
      else if (first.name !== name) {
        errors.push({
          file: idOwner.get(article.id)!,
          field: facetField(kind, i),
          reason: `"${name}" and "${first.name}" (${first.file}) would share the address /${key}; spell them the same`,
        });
      }
    });
  }
  return errors;
}

/**
 * Two actors that would share one fediverse handle (`@science@host` for the section "Science"
 * and an author "Science"; a section "News" and the newsroom's own `news`): Mastodon could
 * follow only one of them. The second file to use the name is named, with the first. `before`:
 * facets already named by files not among `articles` (the carried ones).
 */
function handleCollisions(articles: Article[], idOwner: Map<string, string>, before: readonly SettledFacet[]): ContentError[] {
  const errors: ContentError[] = [];
  const seen = new Map<string, { kind: string; name: string; file: string }>();
  for (const f of before) {
    const handle = facetHandle(f.kind, f.slug);
    if (handle !== undefined) seen.set(handle, { kind: f.kind, name: f.name, file: "a carried file" });
  }
  const newsroom = siteDefaults.handle;
  for (const article of articles) {
    eachFacetName(article, (kind, name, i) => {
      const handle = facetHandle(kind, slugify(name));
      if (handle === undefined) return;
      if (handle === newsroom) {
        errors.push({
          file: idOwner.get(article.id)!,
          field: facetField(kind, i),
          reason: `"${name}" would have the fediverse handle @${handle}, which is the newsroom's own (src/core/config.ts handle); rename one`,
        });
        return;
      }
      const first = seen.get(handle);
      if (!first) seen.set(handle, { kind, name, file: idOwner.get(article.id)! });
      else if (first.kind !== kind) {
        errors.push({
          file: idOwner.get(article.id)!,
          field: facetField(kind, i),
          reason: `the ${kind.slice(0, -1)} "${name}" and the ${first.kind.slice(0, -1)} "${first.name}" (${first.file}) would share the fediverse handle @${handle}; rename one`,
        });
      }
    });
  }
  return errors;
}

export { newestFirst };

export interface ParsedArticle {
  article?: Article;
  draft: boolean;
  errors: ContentError[];
}

/** Validates one file's bytes and turns them into an article. */
export function parseArticle(file: string, slug: string, bytes: Uint8Array): ParsedArticle {
  const errors: ContentError[] = [];
  const fail = (field: string, reason: string): ParsedArticle => {
    errors.push({ file, field, reason });
    return { draft: false, errors };
  };

  if (!isSlug(slug)) {
    errors.push({ file, field: "file name", reason: `"${slug}" is not a slug: use lower-case letters, digits and single hyphens` });
  } else if (slug.length > MAX_SLUG) {
    errors.push({ file, field: "file name", reason: `is ${slug.length} characters long; at most ${MAX_SLUG}` });
  }
  if (bytes.length > MAX_FILE_BYTES) return fail("file", `is ${bytes.length} bytes; at most ${MAX_FILE_BYTES}`);
  if (bytes.length === 0) return fail("file", "is empty");
  const badByte = invalidUtf8Offset(bytes);
  if (badByte >= 0) return fail("file", `invalid UTF-8 at byte ${badByte}`);

  const text = new TextDecoder("utf-8")
    .decode(bytes)
    .replace(/^\uFEFF/, "")
    .replace(/\r\n?/g, "\n");
  const match = /^---\n([\s\S]*?)\n---[ \t]*(?:\n|$)/.exec(text);
  if (!match) return fail("front matter", 'missing: the file must start with a "---" line, the YAML fields, and a closing "---" line');
  const yamlText = match[1]!;
  const body = text.slice(match[0].length);
  if (Buffer.byteLength(yamlText) > MAX_FRONT_MATTER_BYTES) return fail("front matter", `is larger than ${MAX_FRONT_MATTER_BYTES} bytes`);

  const lines = new LineCounter();
  const doc = parseDocument(yamlText, { schema: "core", uniqueKeys: true, prettyErrors: false, strict: true, lineCounter: lines });
  for (const problem of [...doc.errors, ...doc.warnings]) {
    // +1: the YAML starts on the file's second line, after the opening "---".
    const line = lines.linePos(problem.pos[0]).line + 1;
    errors.push({ file, field: "front matter", reason: `YAML line ${line}: ${problem.message.split("\n")[0]}` });
  }
  if (doc.errors.length > 0 || doc.warnings.length > 0) return { draft: false, errors };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 50 });
  } catch (error) {
    return fail("front matter", `YAML: ${(error as Error).message}`);
  }

  checkCharacters(data, [], (field, reason) => errors.push({ file, field, reason }));
  const bodyProblem = forbiddenCharacter(body);
  if (bodyProblem) errors.push({ file, field: "body", reason: bodyProblem });

  const parsed = frontMatterSchema.safeParse(data);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (issue.code === "unrecognized_keys") {
        for (const key of issue.keys)
          errors.push({ file, field: fieldPath([...issue.path, key]), reason: "is not a known field (check the spelling)" });
      } else {
        errors.push({ file, field: fieldPath(issue.path), reason: issue.message });
      }
    }
  }

  const bodyFirstLine = match[0].split("\n").length - (match[0].endsWith("\n") ? 1 : 0) + 1;
  const rendered = renderMarkdown(body, bodyFirstLine);
  for (const reason of rendered.problems) errors.push({ file, field: "body", reason });
  if (parsed.success && parsed.data.summary === undefined && rendered.ledeText === undefined && rendered.problems.length === 0) {
    errors.push({ file, field: "summary", reason: "is required when the body does not start with a paragraph" });
  }
  if (errors.length > 0 || !parsed.success) return { draft: false, errors };

  const fm = parsed.data;
  for (const { name, field } of facetNames(fm)) {
    if (slugify(name) === "") errors.push({ file, field, reason: `"${name}" needs at least one letter or digit to make its address from` });
  }
  if (errors.length > 0) return { draft: false, errors };
  const article: Article = {
    slug,
    id: fm.id,
    title: fm.title,
    summary: fm.summary ?? rendered.ledeText!,
    published: fm.published,
    updated: fm.updated ?? newestTimestamp([fm.published, ...fm.corrections.map((c) => c.at)]),
    authors: fm.authors,
    tags: fm.tags,
    ...(fm.section !== undefined && { section: fm.section }),
    ...(fm.language !== undefined && { language: fm.language }),
    ...(fm.image !== undefined && { image: fm.image }),
    corrections: fm.corrections,
    ...(fm.withdrawn !== undefined && { withdrawn: fm.withdrawn }),
    ...(fm.license !== undefined && { license: fm.license }),
    ...(fm.republish_until !== undefined && { republishUntil: fm.republish_until }),
    ...(fm.partners_from !== undefined && { partnersFrom: fm.partners_from }),
    bodyHtml: rendered.html,
    ledeEnd: rendered.ledeEnd,
  };
  return { article, draft: fm.draft, errors };
}

/** The latest of these timestamps, as written (the first of equal instants). */
function newestTimestamp(timestamps: string[]): string {
  return timestamps.reduce((newest, t) => (Date.parse(t) > Date.parse(newest) ? t : newest));
}

/** Reports every string in the front matter that holds a character no feed may carry. */
function checkCharacters(value: unknown, path: PropertyKey[], report: (field: string, reason: string) => void): void {
  if (typeof value === "string") {
    const problem = forbiddenCharacter(value);
    if (problem) report(fieldPath(path), problem);
  } else if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) checkCharacters(item, [...path, i], report);
  } else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const keyProblem = forbiddenCharacter(key);
      if (keyProblem) report(fieldPath([...path, key]), `field name: ${keyProblem}`);
      checkCharacters(item, [...path, key], report);
    }
  }
}
