/**
 * Reading the settled archive (`src/core/settled.ts`) from the Worker's static assets, through the
 * `ASSETS` binding. Static assets belong to the Worker version: the code and the files its
 * index describes are deployed together, so a request never meets a file of another build.
 *
 * Every read is checked: a slug bucket's or a sitemap chunk's first line is the SHA-256 of the
 * rest; a record pack's table gives each record's length and SHA-256, and only the record read
 * is hashed and decoded (a cold page pays for its own record, not for its pack's eight); what is
 * checked is UTF-8 and parses as the build wrote it. A read that throws, takes longer than
 * `timeoutMs`, answers anything but 200, or fails a check is a `StorageError`; nothing is kept
 * from it, so the next request tries again. What was read is held (a pack as its bytes and
 * table, a slug bucket as its text within `slugBudgetBytes`, the others parsed) within `budgetBytes`, by second chance (`SecondChance` in
 * src/core/second-chance.ts), and concurrent readers of one file share one read.
 */

import { sha256Base64Url } from "../core/hashing.js";
import { isSlug } from "../core/ids.js";
import { andThen, type MaybePromise } from "../core/maybe-async.js";
import type { Article, SettledFacet, SettledIndex } from "../core/model.js";
import { SecondChance } from "../core/second-chance.js";
import {
  FRAME_HEADER,
  type PackTable,
  type PageEntry,
  RECORDS_PER_PACK,
  type StoredPage,
  settledFiles,
  slugBucket,
} from "../core/settled.js";

/** The part of a `Fetcher` (the `ASSETS` binding) the store uses. */
export interface AssetFetcher {
  fetch(input: Request): Promise<Response>;
}

/** The storage could not give the bytes a document needs: the client gets a 503. */
export class StorageError extends Error {
  override name = "StorageError";
}

export interface ArchiveStoreOptions {
  /** Bytes of file text held in memory (UTF-16: two bytes a code unit, counted as such), slug buckets apart. */
  budgetBytes?: number;
  /**
   * Bytes of slug buckets held, apart from the other files: every cold page needs one, and the
   * 64 slugs of one serve 64 pages, so they are not pushed out by the packs that stream through.
   */
  slugBudgetBytes?: number;
  /** How long one read may take. */
  timeoutMs?: number;
}

export const DEFAULT_ARCHIVE_BUDGET_BYTES = 8 * 1024 * 1024;
/** Every slug bucket of an archive of about 120,000 articles (≈ 3.3 KB a bucket of 64 slugs). */
export const DEFAULT_SLUG_BUDGET_BYTES = 6 * 1024 * 1024;
export const DEFAULT_ARCHIVE_TIMEOUT_MS = 2000;

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** A record pack as held: its bytes, and where each record starts and ends with its digest (and its page's). */
interface Pack {
  bytes: Uint8Array;
  /** A stored page: its table entry and where its bytes start (its fediverse's lines follow them). */
  records: { start: number; end: number; sha256: string; page?: { start: number; entry: PageEntry } }[];
}

/**
 * The pack's table, read from its second line and checked against the first (the SHA-256 of the
 * table's line, which gives every other byte's length and digest: so every field of the table,
 * the pages' Last-Modified too, is the build's); a table that is not the build's, or a pack of
 * another length than its table gives (cut short), is a fault, and nothing of it is kept.
 */
async function readPack(path: string, bytes: Uint8Array): Promise<Pack> {
  const end = bytes.indexOf(0x0a, FRAME_HEADER);
  if (bytes.length < FRAME_HEADER || end < 0) throw new StorageError(`${path}: no record table`);
  if (!startsWith(bytes, `${await sha256Base64Url(bytes.subarray(FRAME_HEADER, end + 1))}\n`))
    throw new StorageError(`${path}: the record table does not match its check`);
  let table: PackTable;
  try {
    table = JSON.parse(decoder.decode(bytes.subarray(FRAME_HEADER, end))) as PackTable;
  } catch {
    throw new StorageError(`${path}: no record table`);
  }
  if (!Array.isArray(table)) throw new StorageError(`${path}: no record table`);
  const records: Pack["records"] = [];
  let start = end + 1;
  for (const entry of table) {
    // The table matched its check, so it is the build's: only its shape is asked for.
    if (!Array.isArray(entry) || !Number.isSafeInteger(entry[0]) || entry[0] < 0 || typeof entry[1] !== "string")
      throw new StorageError(`${path}: no record table`);
    records.push({ start, end: start + entry[0], sha256: entry[1] });
    start += entry[0] + 1;
  }
  // The pages follow the records' last line break, each followed by its fediverse's lines.
  for (const [i, entry] of table.entries()) {
    const page = entry[2];
    if (page === undefined) continue;
    records[i]!.page = { start, entry: page };
    start += page[0] + page[3];
  }
  // The last record ends the file, or the line break after it begins the pages, which end it.
  const length = records.some((r) => r.page !== undefined) ? start : start - 1;
  if (length !== bytes.length) throw new StorageError(`${path}: ${bytes.length} bytes where its table gives ${length}`);
  return { bytes, records };
}

/** JSON the build wrote; a file that passed its check but does not parse is a storage fault too. */
function json(path: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new StorageError(`${path}: not the JSON the build wrote`);
  }
}

/**
 * The position a slug bucket's JSON text (`{"<slug>":<pos>,…}`, as the build writes it) gives
 * `slug`, found in the text without parsing it. The key is looked for as JSON writes it, right
 * after `{` or `,`: inside the text a quote that JSON did not escape only opens or closes a key
 * (the values are numbers), and no slug the build writes (`isSlug`) holds a quote, a comma, a
 * colon or a brace, so what is found is the key itself and nothing else.
 */
function positionIn(text: string, slug: string): number | undefined {
  const key = `${JSON.stringify(slug)}:`;
  let at = text.indexOf(key);
  while (at > 0 && text[at - 1] !== "{" && text[at - 1] !== ",") at = text.indexOf(key, at + 1);
  if (at <= 0) return undefined;
  let pos = 0;
  let i = at + key.length;
  for (; i < text.length; i++) {
    const digit = text.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) break;
    pos = pos * 10 + digit;
  }
  return i === at + key.length ? undefined : pos;
}

/** Whether the bytes begin with this ASCII text. */
function startsWith(bytes: Uint8Array, ascii: string): boolean {
  if (bytes.length < ascii.length) return false;
  for (let i = 0; i < ascii.length; i++) if (bytes[i] !== ascii.charCodeAt(i)) return false;
  return true;
}

/** A whole file's payload, checked against its first line and decoded. */
async function checkedText(name: string, bytes: Uint8Array): Promise<string> {
  const body = bytes.subarray(FRAME_HEADER);
  if (bytes.length < FRAME_HEADER || !startsWith(bytes, `${await sha256Base64Url(body)}\n`)) {
    throw new StorageError(`${name}: the bytes do not match their check`);
  }
  try {
    return decoder.decode(body);
  } catch {
    throw new StorageError(`${name}: not UTF-8`);
  }
}

export class ArchiveStore {
  readonly budgetBytes: number;
  readonly timeoutMs: number;
  readonly slugBudgetBytes: number;
  /** Files by path, parsed (a pack: its bytes and table), each costing its bytes (text: two a code unit). */
  private readonly held: SecondChance<unknown>;
  /** Slug buckets by path, as their checked JSON text (ASCII: a byte a character). */
  private readonly slugs: SecondChance<unknown>;
  private readonly pending = new Map<string, Promise<unknown>>();
  /** Reads from storage so far (for tests and the bench: a held file is not read again). */
  reads = 0;

  constructor(
    private readonly assets: AssetFetcher,
    options: ArchiveStoreOptions = {},
  ) {
    this.budgetBytes = options.budgetBytes ?? DEFAULT_ARCHIVE_BUDGET_BYTES;
    this.held = new SecondChance(this.budgetBytes);
    this.slugBudgetBytes = options.slugBudgetBytes ?? DEFAULT_SLUG_BUDGET_BYTES;
    this.slugs = new SecondChance(this.slugBudgetBytes);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_ARCHIVE_TIMEOUT_MS;
  }

  /** The settled article at `pos` (its body empty when it is withdrawn), its bytes checked against the pack's table. */
  async record(index: SettledIndex, pos: number): Promise<Article> {
    const { path, pack, record } = await this.entry(index, pos);
    const bytes = pack.bytes.subarray(record.start, record.end);
    if ((await sha256Base64Url(bytes)) !== record.sha256) throw new StorageError(`${path}: record ${pos} does not match its check`);
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      throw new StorageError(`${path}: not UTF-8`);
    }
    // Each record is parsed when a document renders it (once, for the representation the isolate then holds).
    return json(path, text) as Article;
  }

  /**
   * The page the build stored for the live article at `pos` (`SettledIndex.pages`), with the
   * fediverse's lines when `fediverse`, checked against its digest; undefined when the pack has
   * no page for it (a withdrawn article, or a build that stored none). A copy of its bytes: a held
   * representation must not keep its whole pack alive.
   */
  async page(index: SettledIndex, pos: number, fediverse: boolean): Promise<StoredPage | undefined> {
    const { path, pack, record } = await this.entry(index, pos);
    if (record.page === undefined) return undefined;
    const { start } = record.page;
    const [length, withoutSha256, at, fediverseLength, withSha256, changed, slug] = record.page.entry;
    const end = start + length;
    let bytes: Uint8Array;
    if (fediverse) {
      bytes = new Uint8Array(length + fediverseLength);
      bytes.set(pack.bytes.subarray(start, start + at));
      bytes.set(pack.bytes.subarray(end, end + fediverseLength), at);
      bytes.set(pack.bytes.subarray(start + at, end), at + fediverseLength);
    } else {
      bytes = pack.bytes.slice(start, end);
    }
    const sha256 = fediverse ? withSha256 : withoutSha256;
    if ((await sha256Base64Url(bytes)) !== sha256) throw new StorageError(`${path}: page ${pos} does not match its check`);
    return { bytes, sha256, changed, slug };
  }

  /** The pack holding position `pos` and its entry there (every entry lies within the pack: `readPack` checked its length). */
  private async entry(index: SettledIndex, pos: number): Promise<{ path: string; pack: Pack; record: Pack["records"][number] }> {
    const path = `${index.folder}/${settledFiles.records(Math.floor(pos / RECORDS_PER_PACK))}`;
    const pack = (await this.read(path, "pack")) as Pack;
    const record = pack.records[pos % RECORDS_PER_PACK];
    if (record === undefined) throw new StorageError(`${path} has no record ${pos}`);
    return { path, pack, record };
  }

  /** The position of a settled slug, or undefined when the settled archive has no such article. */
  async position(index: SettledIndex, slug: string): Promise<number | undefined> {
    // Only a slug the build could have written is looked for (`positionIn` relies on it): anything else has no article.
    if (!isSlug(slug)) return undefined;
    const path = `${index.folder}/${settledFiles.slugs(slugBucket(slug, index.buckets))}`;
    return positionIn((await this.read(path, "slugs")) as string, slug);
  }

  /** The entries [slug, updated] of sitemap chunk `j`, oldest first. */
  async sitemapChunk(index: SettledIndex, j: number): Promise<[string, string][]> {
    const path = `${index.folder}/${settledFiles.sitemap(j)}`;
    return (await this.read(path, "json")) as [string, string][];
  }

  /**
   * A settled tag or author (`<kind>/<slug>`), or undefined when the settled archive has none;
   * at once when its bucket is held (so a new epoch finds what the last one read without waiting).
   */
  facet(index: SettledIndex, key: string): MaybePromise<SettledFacet | undefined> {
    if (index.facetBuckets === 0) return undefined;
    const path = `${index.folder}/${settledFiles.facets(slugBucket(key, index.facetBuckets))}`;
    return andThen(this.read(path, "json"), (facets) =>
      Object.hasOwn(facets as object, key) ? (facets as Record<string, SettledFacet>)[key] : undefined,
    );
  }

  /** Every settled tag and author as [`<kind>/<slug>`, changed ms], by key; at once when held. */
  facetList(index: SettledIndex): MaybePromise<[string, number][]> {
    if (index.facetBuckets === 0) return [];
    return this.read(`${index.folder}/${settledFiles.facetList}`, "json") as MaybePromise<[string, number][]>;
  }

  /** Bytes held now, slug buckets included. */
  get size(): number {
    return this.held.bytes + this.slugs.bytes;
  }

  /** Whether a file is held (without marking it used). */
  holds(name: string): boolean {
    return this.held.peek(name) !== undefined || this.slugs.peek(name) !== undefined;
  }

  /**
   * The file at `name`: a pack as its bytes and table, anything else checked whole and parsed as
   * JSON; at once when it is held, so a caller that can use it now need not wait.
   */
  private read(name: string, kind: "pack" | "json" | "slugs"): MaybePromise<unknown> {
    const store = kind === "slugs" ? this.slugs : this.held;
    const held = store.get(name);
    if (held !== undefined) return held;
    let pending = this.pending.get(name);
    if (pending === undefined) {
      this.reads++;
      // Held on arrival, in the place of what is there (a read that outlived its timeout may finish after a newer one).
      const read = this.fetchBytes(name).then(async (bytes) => {
        if (kind === "pack") {
          const pack = await readPack(name, bytes);
          this.held.set(name, pack, bytes.length);
          return pack;
        }
        const text = await checkedText(name, bytes);
        if (kind === "slugs") {
          // Held as the text, searched per slug: the build writes printable ASCII, so the bytes are the characters.
          this.slugs.set(name, text, /^[ -~]*$/.test(text) ? text.length : text.length * 2);
          return text;
        }
        const value = json(name, text);
        this.held.set(name, value, text.length * 2);
        return value;
      });
      pending = read;
      this.pending.set(name, read);
      const forget = () => {
        if (this.pending.get(name) === read) this.pending.delete(name);
      };
      read.then(forget, forget);
    }
    return this.within(name, pending);
  }

  /**
   * The read, or a `StorageError` after `timeoutMs`. Each waiter has its own timer: in
   * workerd a read started by a request that has since ended may never settle, so a waiter
   * that times out also forgets the shared read, and the next request starts a fresh one.
   */
  private within(name: string, read: Promise<unknown>): Promise<unknown> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        if (this.pending.get(name) === read) this.pending.delete(name);
        reject(new StorageError(`${name}: no answer within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
    });
    return Promise.race([read, timeout])
      .catch((error: unknown) => {
        throw error instanceof StorageError ? error : new StorageError(`${name}: ${String(error)}`, { cause: error });
      })
      .finally(() => clearTimeout(timer));
  }

  private async fetchBytes(name: string): Promise<Uint8Array> {
    // `redirect: "manual"`: the asset service must never rewrite the path (html_handling).
    const response = await this.assets.fetch(new Request(`https://assets.invalid/${name}`, { redirect: "manual" }));
    if (response.status !== 200) {
      await response.body?.cancel();
      throw new StorageError(`${name}: storage answered ${response.status}`);
    }
    return new Uint8Array(await response.arrayBuffer());
  }
}
