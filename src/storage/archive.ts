/**
 * Reading the settled archive (`src/settled.ts`) from the Worker's static assets, through the
 * `ASSETS` binding. Static assets belong to the Worker version: the code and the files its
 * index describes are deployed together, so a request never meets a file of another build.
 *
 * Every read is checked: the file's first line is the SHA-256 of the rest. A read that throws,
 * takes longer than `timeoutMs`, answers anything but 200, or fails the check is a
 * `StorageError`; nothing is kept from it, so the next request tries again. What was read
 * is held in memory up to `budgetBytes`, least recently used out, and concurrent readers of
 * one file share one read.
 */
import type { Article } from "../model.js";
import { FRAME_HEADER, RECORDS_PER_PACK, type SettledIndex, settledFiles, slugBucket } from "../settled.js";

/** The part of a `Fetcher` (the `ASSETS` binding) the store uses. */
export interface AssetFetcher {
  fetch(input: Request): Promise<Response>;
}

/** The storage could not give the bytes a document needs: the client gets a 503. */
export class StorageError extends Error {
  override name = "StorageError";
}

export interface ArchiveStoreOptions {
  /** Bytes of file text held in memory (UTF-16: two bytes a code unit, counted as such). */
  budgetBytes?: number;
  /** How long one read may take. */
  timeoutMs?: number;
}

export const DEFAULT_ARCHIVE_BUDGET_BYTES = 8 * 1024 * 1024;
export const DEFAULT_ARCHIVE_TIMEOUT_MS = 2000;

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

async function sha256Base64Url(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  let binary = "";
  for (const byte of digest) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export class ArchiveStore {
  readonly budgetBytes: number;
  readonly timeoutMs: number;
  /** File texts (without their check line) by path, least recently used first. */
  private readonly held = new Map<string, string>();
  private heldBytes = 0;
  private readonly pending = new Map<string, Promise<string>>();
  /** Reads from storage so far (for tests and the bench: a held file is not read again). */
  reads = 0;

  constructor(
    private readonly assets: AssetFetcher,
    options: ArchiveStoreOptions = {},
  ) {
    this.budgetBytes = options.budgetBytes ?? DEFAULT_ARCHIVE_BUDGET_BYTES;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_ARCHIVE_TIMEOUT_MS;
  }

  /** The settled article at `pos` (its body empty when it is withdrawn). */
  async record(index: SettledIndex, pos: number): Promise<Article> {
    const path = `${index.folder}/${settledFiles.records(Math.floor(pos / RECORDS_PER_PACK))}`;
    const line = (await this.text(path)).split("\n")[pos % RECORDS_PER_PACK];
    if (line === undefined) throw new StorageError(`${path} has no record ${pos}`);
    return parsed(path, line) as Article;
  }

  /** The position of a settled slug, or undefined when the settled archive has no such article. */
  async position(index: SettledIndex, slug: string): Promise<number | undefined> {
    const path = `${index.folder}/${settledFiles.slugs(slugBucket(slug, index.buckets))}`;
    const slugs = parsed(path, await this.text(path)) as Record<string, number>;
    return Object.hasOwn(slugs, slug) ? slugs[slug] : undefined;
  }

  /** The entries [slug, updated] of sitemap chunk `j`, oldest first. */
  async sitemapChunk(index: SettledIndex, j: number): Promise<[string, string][]> {
    const path = `${index.folder}/${settledFiles.sitemap(j)}`;
    return parsed(path, await this.text(path)) as [string, string][];
  }

  /** Bytes held now. */
  get size(): number {
    return this.heldBytes;
  }

  /** Whether a file is held (without touching its recency). */
  holds(name: string): boolean {
    return this.held.has(name);
  }

  private text(name: string): Promise<string> {
    const held = this.held.get(name);
    if (held !== undefined) {
      this.held.delete(name);
      this.held.set(name, held);
      return Promise.resolve(held);
    }
    let pending = this.pending.get(name);
    if (pending === undefined) {
      this.reads++;
      const read = this.fetchChecked(name).then((text) => {
        this.keep(name, text);
        return text;
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
  private within(name: string, read: Promise<string>): Promise<string> {
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

  private async fetchChecked(name: string): Promise<string> {
    // `redirect: "manual"`: the asset service must never rewrite the path (html_handling).
    const response = await this.assets.fetch(new Request(`https://assets.invalid/${name}`, { redirect: "manual" }));
    if (response.status !== 200) {
      await response.body?.cancel();
      throw new StorageError(`${name}: storage answered ${response.status}`);
    }
    const bytes = new Uint8Array(await response.arrayBuffer());
    const header = String.fromCharCode(...bytes.subarray(0, FRAME_HEADER));
    const body = bytes.subarray(FRAME_HEADER);
    if (bytes.length < FRAME_HEADER || header !== `${await sha256Base64Url(body)}\n`) {
      throw new StorageError(`${name}: the bytes do not match their check`);
    }
    try {
      return decoder.decode(body);
    } catch {
      throw new StorageError(`${name}: not UTF-8`);
    }
  }

  private keep(name: string, text: string): void {
    const bytes = text.length * 2;
    if (bytes > this.budgetBytes) return;
    this.held.set(name, text);
    this.heldBytes += bytes;
    for (const [oldest, value] of this.held) {
      if (this.heldBytes <= this.budgetBytes) break;
      this.held.delete(oldest);
      this.heldBytes -= value.length * 2;
    }
  }
}

/** JSON the build wrote; a file that passed its check but does not parse is a storage fault too. */
function parsed(path: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new StorageError(`${path}: not the JSON the build wrote`);
  }
}
