/**
 * Values by key within a byte budget, evicted by second chance (CLOCK), not strict LRU: a hit
 * only marks its entry, and eviction, from the oldest on, moves a marked entry to the newest end
 * unmarked instead of dropping it. A hit is then O(1) whatever the number held; re-inserting an
 * entry on every hit (strict LRU in a Map) cost 2.8 µs at 1,600 entries and 48 µs at 20,000 in V8
 * (deletions leave holes the table keeps compacting), 44 µs of a warm 304's 248 µs at 20,000
 * articles (`npx tsx scripts/bench/cpu-profile.ts`, docs/performance.md).
 *
 * The one mechanism of the isolate's two memories: the representations it holds
 * (`HeldRepresentations`, src/app/held.ts) and the files it read from the settled archive
 * (`ArchiveStore`, src/storage/archive-store.ts).
 */

interface Entry<V> {
  value: V;
  bytes: number;
  /** Asked for since it was held, or since eviction last passed over it (its second chance). */
  used: boolean;
}

export class SecondChance<V> {
  /** Oldest first (a Map keeps insertion order). */
  private readonly entries = new Map<string, Entry<V>>();
  private total = 0;

  constructor(readonly budgetBytes: number) {}

  /** The value at `key`; a hit counts as a use. */
  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    entry.used = true;
    return entry.value;
  }

  /** The value at `key`, without counting a use. */
  peek(key: string): V | undefined {
    return this.entries.get(key)?.value;
  }

  /**
   * Holds `value` at `key` in the place of what was there, costing `bytes` (0: not counted and
   * never evicted, as a rendering in flight), then drops the oldest unused entries beyond the
   * budget; a used one is moved on, unmarked, and the new one is not dropped by its own arrival.
   * A value larger than the whole budget is not held.
   */
  set(key: string, value: V, bytes: number): void {
    this.delete(key);
    if (bytes > this.budgetBytes) return;
    this.entries.set(key, { value, bytes, used: false });
    this.total += bytes;
    // Entries moved to the end are met again, unmarked: the loop ends.
    for (const [oldest, entry] of this.entries) {
      if (this.total <= this.budgetBytes) break;
      if (entry.bytes === 0 || oldest === key) continue;
      this.entries.delete(oldest);
      if (entry.used) {
        entry.used = false;
        this.entries.set(oldest, entry);
        continue;
      }
      this.total -= entry.bytes;
    }
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    this.total -= entry.bytes;
  }

  /** The entries with their costs, oldest first. */
  *[Symbol.iterator](): Generator<[key: string, value: V, bytes: number]> {
    for (const [key, entry] of this.entries) yield [key, entry.value, entry.bytes];
  }

  /** Bytes held. */
  get bytes(): number {
    return this.total;
  }

  get count(): number {
    return this.entries.size;
  }
}
