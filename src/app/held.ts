/**
 * The representations one isolate holds, by path: what the hot path answers from. Bounded
 * by a byte budget, least recently used out, so memory does not grow with the number of
 * distinct documents served (an archive of 100,000 article pages); the hot set (feeds, the
 * front page, the newest pages) is asked for often enough to stay. A first request in
 * flight is held as a promise, so concurrent first requests share one rendering; it counts
 * once it is resolved.
 */
import type { Representation } from "../http/representation.js";

/** What holding a representation costs beyond its bodies: its two header sets and the entry. */
const ENTRY_OVERHEAD_BYTES = 2048;

export const DEFAULT_HELD_BUDGET_BYTES = 16 * 1024 * 1024;

interface Entry {
  value: Representation | Promise<Representation>;
  /** The document version it was made from (see `Document.version`). */
  version: string;
  bytes: number;
}

/** The bytes a representation keeps alive. */
export function heldBytes(rep: Representation): number {
  return rep.body.byteLength + (rep.gzip ? rep.gzip.body.byteLength : 0) + ENTRY_OVERHEAD_BYTES;
}

export class HeldRepresentations {
  /** Least recently used first (a Map keeps insertion order; a hit re-inserts). */
  private readonly entries = new Map<string, Entry>();
  private total = 0;

  constructor(readonly budgetBytes: number = DEFAULT_HELD_BUDGET_BYTES) {}

  /** The held representation or pending rendering at `path`; a hit counts as a use. */
  get(path: string): Representation | Promise<Representation> | undefined {
    const entry = this.entries.get(path);
    if (entry === undefined) return undefined;
    if (entry.bytes > 0) {
      this.entries.delete(path);
      this.entries.set(path, entry);
    }
    return entry.value;
  }

  /** A rendering in flight. */
  pending(path: string, promise: Promise<Representation>, version: string): void {
    this.remove(path);
    this.entries.set(path, { value: promise, version, bytes: 0 });
  }

  /** Holds a representation, then drops the least recently used ones beyond the budget. */
  hold(path: string, rep: Representation, version: string): void {
    this.remove(path);
    const bytes = heldBytes(rep);
    // One document larger than the whole budget is served but not held.
    if (bytes > this.budgetBytes) return;
    this.entries.set(path, { value: rep, version, bytes });
    this.total += bytes;
    if (this.total <= this.budgetBytes) return;
    for (const [oldest, entry] of this.entries) {
      if (this.total <= this.budgetBytes) break;
      if (entry.bytes === 0) continue; // in flight: not counted, not evicted
      this.entries.delete(oldest);
      this.total -= entry.bytes;
    }
  }

  /** Puts `next` in the place of `current` (same version), if `current` is still held there. */
  replace(path: string, current: Representation, next: Representation): void {
    const entry = this.entries.get(path);
    if (entry === undefined || entry.value !== current) return;
    this.hold(path, next, entry.version);
  }

  remove(path: string): void {
    const entry = this.entries.get(path);
    if (entry === undefined) return;
    this.entries.delete(path);
    this.total -= entry.bytes;
  }

  /** The resolved representations with their versions, least recently used first. */
  *resolved(): Generator<[path: string, rep: Representation, version: string]> {
    for (const [path, entry] of this.entries) if (entry.bytes > 0) yield [path, entry.value as Representation, entry.version];
  }

  /** Bytes held. */
  get bytes(): number {
    return this.total;
  }

  get count(): number {
    return this.entries.size;
  }
}
