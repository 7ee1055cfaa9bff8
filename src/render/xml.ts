/**
 * The one place XML is escaped. Every XML renderer builds text and attribute values
 * through these two functions, never by hand.
 */

import { stripForbidden } from "./text.js";

const TEXT_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };
const ATTR_ESCAPES: Record<string, string> = { ...TEXT_ESCAPES, '"': "&quot;", "'": "&apos;" };

/**
 * Escapes character data. `>` is escaped too, so `]]>` can never appear (XML 1.0 §2.4).
 * No CDATA sections are used anywhere: entity escaping has no edge cases.
 */
export function xmlText(value: string): string {
  return stripForbidden(value).replace(/[&<>]/g, (c) => TEXT_ESCAPES[c]!);
}

/** Escapes an attribute value for use inside double quotes. */
export function xmlAttr(value: string): string {
  return stripForbidden(value).replace(/[&<>"']/g, (c) => ATTR_ESCAPES[c]!);
}

/** `<name>text</name>`, or nothing when the value is absent. */
export function xmlElement(name: string, value: string | undefined): string {
  return value === undefined ? "" : `<${name}>${xmlText(value)}</${name}>`;
}
