/**
 * Reading what a peer sent as JSON (an activity, an actor document): only objects count, and
 * a property is read as a string, or as the `id` of an embedded object (ActivityStreams lets a
 * link be either: `"actor": "https://…"` or `"actor": {"id": "https://…", …}`).
 */

export type JsonObject = Record<string, unknown>;

/** The bytes as a JSON object; undefined for anything else (invalid JSON, an array, a string). */
export function jsonObject(bytes: Uint8Array): JsonObject | undefined {
  try {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as JsonObject) : undefined;
  } catch {
    return undefined;
  }
}

/** The value when it is a string. */
export const str = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/** A link: the string itself, or the `id` of an embedded object. */
export const idOf = (value: unknown): string | undefined =>
  str(value) ?? (value !== null && typeof value === "object" ? str((value as { id?: unknown }).id) : undefined);
