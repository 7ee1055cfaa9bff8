/** One problem in one content file, printed as `content/<file>.md: <field>: <reason>`. */
export interface ContentError {
  /** Path as the editor sees it, e.g. `content/my-story.md`. */
  file: string;
  /** Dotted field path (`image.width`, `authors[0].name`), or `front matter`, `body`, `file`. */
  field: string;
  reason: string;
}

export function formatError(error: ContentError): string {
  return `${error.file}: ${error.field}: ${error.reason}`;
}

/** Formats a zod/issue path such as `["authors", 0, "name"]` as `authors[0].name`. */
export function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += (out ? "." : "") + String(key);
  }
  return out || "front matter";
}

/** A file whose body was read after its article (a rebuild) is not the file the build began with: the build stops and names it. */
export class ContentChangedError extends Error {
  override name = "ContentChangedError";
}
