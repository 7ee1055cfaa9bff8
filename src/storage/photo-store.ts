/**
 * Reading the newsroom's photos (`src/core/photo-names.ts`) from the Worker's static assets, through
 * the `ASSETS` binding: the files of the deployed version, as the build wrote them. A read that
 * throws, takes longer than `timeoutMs` to answer, or answers anything but 200 or 404 is a
 * `StorageError` (the client gets a 503 it may retry); a 404 is a photo this build does not have.
 *
 * The bytes are passed on as they come, not checked: a photo is not parsed here, and its name
 * already says what it is (the asset service stores files by their own hash too).
 */
import { type AssetFetcher, DEFAULT_ARCHIVE_TIMEOUT_MS, StorageError } from "./archive-store.js";

export class PhotoStore {
  /** Reads from storage so far (for tests: a revalidation reads no bytes). */
  reads = 0;

  constructor(
    private readonly assets: AssetFetcher,
    /** The photos' folder in the assets (`ContentBundle.imageFolder`). */
    private readonly folder: string,
    private readonly timeoutMs = DEFAULT_ARCHIVE_TIMEOUT_MS,
  ) {}

  /** The stored file `name` (a HEAD asks only whether it is there), or undefined when there is none. */
  async read(name: string, method: "GET" | "HEAD"): Promise<Response | undefined> {
    this.reads++;
    const path = `${this.folder}/${name}`;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new StorageError(`${path}: no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    let response: Response;
    try {
      // `redirect: "manual"`: the asset service must never rewrite the path (html_handling).
      response = await Promise.race([
        this.assets.fetch(new Request(`https://assets.invalid/${path}`, { method, redirect: "manual" })),
        timeout,
      ]);
    } catch (error) {
      throw error instanceof StorageError ? error : new StorageError(`${path}: ${String(error)}`, { cause: error });
    } finally {
      clearTimeout(timer);
    }
    if (response.status === 200) return response;
    await response.body?.cancel();
    if (response.status === 404) return undefined;
    throw new StorageError(`${path}: storage answered ${response.status}`);
  }
}
