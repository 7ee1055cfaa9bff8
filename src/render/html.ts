/**
 * The one place HTML is escaped. Page renderers use the `html` tagged template: every
 * interpolated value is escaped unless it is already `SafeHtml` (built here or by the
 * build step from sanitised Markdown).
 */

import { stripForbidden } from "./text.js";

/** A string that is already valid, escaped HTML. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for HTML content and double- or single-quoted attribute values. */
export function escapeHtml(value: string): string {
  return stripForbidden(value).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

type Interpolation = SafeHtml | string | number | undefined | null | false | Interpolation[];

function stringify(value: Interpolation): string {
  if (value === undefined || value === null || value === false) return "";
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(stringify).join("");
  return escapeHtml(String(value));
}

/** Tagged template: literal parts are trusted, interpolations are escaped. */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += stringify(values[i]!) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** Marks trusted HTML (sanitised at build time) as safe. */
export function raw(value: string): SafeHtml {
  return new SafeHtml(value);
}

/**
 * Serialises JSON for a `<script type="application/ld+json">` block: `<` is written as
 * `\u003c` so no `</script>` or `<!--` can end or alter the block (HTML §4.12.1.3).
 */
export function jsonForScript(value: unknown): SafeHtml {
  return new SafeHtml(
    JSON.stringify(value, jsonStringReplacer)
      .replace(/</g, "\\u003c")
      .replace(/\u2028/g, "\\u2028")
      .replace(/\u2029/g, "\\u2029"),
  );
}

/** `JSON.stringify` replacer that strips forbidden characters from every string. */
export function jsonStringReplacer(_key: string, value: unknown): unknown {
  return typeof value === "string" ? stripForbidden(value) : value;
}
