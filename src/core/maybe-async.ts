/**
 * A value now, or a promise of it: what the catalog and the archive store give when a file
 * may already be held (answered at once) or must first be read (a promise).
 */
export type MaybePromise<T> = T | Promise<T>;

/** `f` of the value: at once when it is there, after it when it is a promise. */
export function andThen<T, U>(value: MaybePromise<T>, f: (value: T) => U): MaybePromise<U> {
  return value instanceof Promise ? value.then(f) : f(value);
}
