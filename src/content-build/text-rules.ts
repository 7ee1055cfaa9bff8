/**
 * Character-level rules every content string must pass (XML 1.0 §2.2, and the
 * well-formedness of UTF-16 strings that `TextEncoder` and `JSON.stringify` would
 * otherwise corrupt silently).
 */

import { firstForbidden } from "../render/text.js";

const codePoint = (c: string) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;

// Legal XML, but never meant in news text: C1 controls are almost always Windows-1252
// quotes decoded as Latin-1, and U+FFFD marks text already damaged by a bad decode.
// The W3C Feed Validator warns on both ("BadCharacters").
const SUSPICIOUS = /[\u0080-\u009F\uFFFD]/;

/** Why `value` cannot appear in a feed, or undefined when it can. */
export function forbiddenCharacter(value: string): string | undefined {
  const found = firstForbidden(value);
  if (found) {
    const what = /[\uD800-\uDFFF]/.test(found.char) ? `lone surrogate ${codePoint(found.char)}` : codePoint(found.char);
    return `${what} at offset ${found.offset} is not allowed in feeds (XML 1.0 §2.2)`;
  }
  const suspicious = SUSPICIOUS.exec(value);
  if (suspicious) {
    const why =
      suspicious[0] === "\uFFFD"
        ? "a replacement character: the text was decoded wrongly before it got here"
        : "a C1 control character, usually a mis-decoded Windows-1252 quote or dash";
    return `${codePoint(suspicious[0])} at offset ${suspicious.index} is ${why}`;
  }
  return undefined;
}

/**
 * Why a plain-text field (a title, a summary, a name) looks like it holds HTML, or
 * undefined. Feeds carry these as text; readers would show the tags, and the W3C Feed
 * Validator warns ("ContainsHTML") on any end tag.
 */
export function markupInPlainText(value: string): string | undefined {
  const tag = /<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>/.exec(value);
  return tag ? `contains "${tag[0]}"; this field is plain text, not HTML` : undefined;
}

/**
 * Byte offset of the first invalid UTF-8 sequence in `bytes` (overlong forms,
 * surrogates such as CESU-8 `ED A0 80`, and code points past U+10FFFF included),
 * or -1 if the bytes are valid UTF-8.
 */
export function invalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    let cp: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min, cp] = [1, 0x80, b & 0x1f];
    else if (b >= 0xe0 && b <= 0xef) [need, min, cp] = [2, 0x800, b & 0x0f];
    else if (b >= 0xf0 && b <= 0xf4) [need, min, cp] = [3, 0x10000, b & 0x07];
    else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}
