/**
 * Characters no output may carry: everything outside XML 1.0's `Char` production
 * (§2.2) — C0 controls other than tab, LF and CR, U+FFFE, U+FFFF — and lone
 * surrogates, which `TextEncoder` turns into U+FFFD and `JSON.stringify` into `\ud800`
 * escapes that break strict consumers. The build rejects them in content; every
 * renderer strips them as a last guard, so all formats show the same text.
 */
const FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function stripForbidden(value: string): string {
  return value.replace(FORBIDDEN, "");
}

/** The first forbidden character in `value` with its UTF-16 offset, if any. */
export function firstForbidden(value: string): { char: string; offset: number } | undefined {
  const match = new RegExp(FORBIDDEN.source, "u").exec(value);
  return match ? { char: match[0], offset: match.index } : undefined;
}
