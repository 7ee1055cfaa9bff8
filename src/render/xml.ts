/**
 * The one place XML is escaped. Every XML renderer builds text and attribute values
 * through these two functions, never by hand.
 */

// XML 1.0 §2.2 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
// Lone surrogates are matched with the `u` flag. The build rejects these characters in
// content; stripping them here keeps a feed well-formed whatever reaches the renderer.
const XML_ILLEGAL = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const TEXT_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };
const ATTR_ESCAPES: Record<string, string> = { ...TEXT_ESCAPES, '"': "&quot;", "'": "&apos;" };

/**
 * Escapes character data. `>` is escaped too, so `]]>` can never appear (XML 1.0 §2.4).
 * No CDATA sections are used anywhere: entity escaping has no edge cases.
 */
export function xmlText(value: string): string {
  return value.replace(XML_ILLEGAL, "").replace(/[&<>]/g, (c) => TEXT_ESCAPES[c]!);
}

/** Escapes an attribute value for use inside double quotes. */
export function xmlAttr(value: string): string {
  return value.replace(XML_ILLEGAL, "").replace(/[&<>"']/g, (c) => ATTR_ESCAPES[c]!);
}

/** `<name>text</name>`, or nothing when the value is absent. */
export function xmlElement(name: string, value: string | undefined): string {
  return value === undefined ? "" : `<${name}>${xmlText(value)}</${name}>`;
}
