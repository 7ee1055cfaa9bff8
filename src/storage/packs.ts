/**
 * Reading article bodies from the packs the build put in the Worker's static assets
 * (`src/content-build/packs.ts`), through the `ASSETS` binding. Static assets belong to the Worker
 * version: the code and the packs it names are deployed together, so a request never meets
 * a pack of another build.
 *
 * Every read is checked: the bytes must hash to the pack's name. A read that throws, takes
 * longer than `timeoutMs`, answers anything but 200, or fails the check is a
 * `StorageError`; nothing is kept from it, so the next request tries again. What was read
 * is held in memory up to `budgetBytes`, least recently used out, and concurrent readers of
 * one pack share one read.
 */
import type { StoredBody } from "../model.js";

/** The part of a `Fetcher` (the `ASSETS` binding) the store uses. */
export interface AssetFetcher {
  fetch(input: Request): Promise<Response>;
}

/** The storage could not give the bytes a document needs: the client gets a 503. */
export class StorageError extends Error {
  override name = "StorageError";
}

export interface PackStoreOptions {
  /** Bytes of pack text held in memory (UTF-16: two bytes a code unit, counted as such). */
  budgetBytes?: number;
  /** How long one read may take. */
  timeoutMs?: number;
  /** The folder of the packs in the assets directory. */
  folder?: string;
}

export const DEFAULT_PACK_BUDGET_BYTES = 8 * 1024 * 1024;
export const DEFAULT_PACK_TIMEOUT_MS = 2000;

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

async function sha256Base64Url(bytes: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  let binary = "";
  for (const byte of digest) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export class PackStore {
  readonly budgetBytes: number;
  readonly timeoutMs: number;
  readonly folder: string;
  /** Pack texts, least recently used first. */
  private readonly held = new Map<string, string>();
  private heldBytes = 0;
  private readonly pending = new Map<string, Promise<string>>();
  /** Reads from storage so far (for tests and the bench: a held pack is not read again). */
  reads = 0;

  constructor(
    private readonly assets: AssetFetcher,
    options: PackStoreOptions = {},
  ) {
    this.budgetBytes = options.budgetBytes ?? DEFAULT_PACK_BUDGET_BYTES;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_PACK_TIMEOUT_MS;
    this.folder = options.folder ?? "packs";
  }

  /** The body of a stored article. */
  async body(ref: StoredBody): Promise<string> {
    const text = await this.text(ref.pack);
    if (ref.end > text.length) throw new StorageError(`pack ${ref.pack} is shorter than the index says`);
    return text.slice(ref.start, ref.end);
  }

  /** Bytes held now. */
  get size(): number {
    return this.heldBytes;
  }

  /** Whether a pack is held (without touching its recency). */
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
        reject(new StorageError(`pack ${name}: no answer within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
    });
    return Promise.race([read, timeout])
      .catch((error: unknown) => {
        throw error instanceof StorageError ? error : new StorageError(`pack ${name}: ${String(error)}`, { cause: error });
      })
      .finally(() => clearTimeout(timer));
  }

  private async fetchChecked(name: string): Promise<string> {
    // `redirect: "manual"`: the asset service must never rewrite the path (html_handling).
    const response = await this.assets.fetch(new Request(`https://assets.invalid/${this.folder}/${name}`, { redirect: "manual" }));
    if (response.status !== 200) {
      await response.body?.cancel();
      throw new StorageError(`pack ${name}: storage answered ${response.status}`);
    }
    const bytes = await response.arrayBuffer();
    if (`${await sha256Base64Url(bytes)}.txt` !== name) throw new StorageError(`pack ${name}: the bytes do not match their name`);
    try {
      return decoder.decode(bytes);
    } catch {
      throw new StorageError(`pack ${name}: not UTF-8`);
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
