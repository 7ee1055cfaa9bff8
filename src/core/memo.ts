/**
 * `work` over a string, kept for the few distinct values clients send again and again (an
 * Accept-Encoding value, a WebFinger query), so each is worked out once an isolate: at most
 * `limit` of them, all dropped when full; a value longer than `longest` is worked out every time
 * and never kept (no client sends one, and keeping it would hold memory for whoever sends many).
 */
export function memoized<V>(work: (key: string) => V, limit = 256, longest = 1024): (key: string) => V {
  const kept = new Map<string, V>();
  return (key) => {
    const hit = kept.get(key);
    if (hit !== undefined || kept.has(key)) return hit as V;
    const value = work(key);
    if (key.length > longest) return value;
    if (kept.size >= limit) kept.clear();
    kept.set(key, value);
    return value;
  };
}
