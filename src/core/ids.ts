/**
 * Names made from names: URL slugs of sections, tags and authors, and the stable feed
 * ids of those feeds. Pure and synchronous, so the build and the Worker agree.
 */

import { fromHex, hex as toHex } from "./bytes.js";
import type { ArticleMeta, FacetKind } from "./model.js";

/** The facets of an article: each section, tag and author name with its field. */
export function facetNames(article: Pick<ArticleMeta, "section" | "tags" | "authors">): { kind: FacetKind; name: string; field: string }[] {
  const names: { kind: FacetKind; name: string; field: string }[] = [];
  eachFacetName(article, (kind, name, i) => names.push({ kind, name, field: facetField(kind, i) }));
  return names;
}

/**
 * The same names as `facetNames`, without making a list: `visit(kind, name, i)`, with `i` the
 * name's place in its field (`facetField` names it); a rebuild checks every name of every
 * article, most of them repeats.
 */
export function eachFacetName(
  article: Pick<ArticleMeta, "section" | "tags" | "authors">,
  visit: (kind: FacetKind, name: string, i: number) => void,
): void {
  if (article.section !== undefined) visit("sections", article.section, 0);
  const { tags, authors } = article;
  for (let i = 0; i < tags.length; i++) visit("tags", tags[i]!, i);
  for (let i = 0; i < authors.length; i++) visit("authors", authors[i]!.name, i);
}

/** The front-matter field of the `i`th name of a kind, as `facetNames` gives it. */
export const facetField = (kind: FacetKind, i: number): string =>
  kind === "sections" ? "section" : kind === "tags" ? `tags[${i}]` : `authors[${i}].name`;

/**
 * The URL slug of a section, tag or author name: `"Côte d'Ivoire"` → `cote-d-ivoire`,
 * `"ملف"` → `ملف`. Latin letters lose their accents and case; anything but letters and
 * digits (of any script) becomes one hyphen. URLs carry non-ASCII slugs percent-encoded
 * (`absoluteUrl`). Empty when the name has no letter or digit (the build rejects that).
 */
export function slugify(name: string): string {
  let slug = slugs.get(name);
  if (slug === undefined) {
    slug = computeSlug(name);
    slugs.set(name, slug);
  }
  return slug;
}

// Names repeat across thousands of articles and every epoch's catalog: each is worked out once.
const slugs = new Map<string, string>();

function computeSlug(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .normalize("NFC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-|-$/g, "");
}

/**
 * A name-based UUID (RFC 9562 §5.5, version 5: SHA-1) of `name` in the namespace of a
 * `urn:uuid:` id, as a `urn:uuid:` URI. Gives every section, tag and author feed an
 * Atom id that never changes and never depends on the host name.
 */
export function uuidV5(namespace: string, name: string): string {
  const hex = namespace.replace(/^urn:uuid:/, "").replace(/-/g, "");
  if (!/^[0-9a-f]{32}$/.test(hex)) throw new Error(`uuidV5: "${namespace}" is not a UUID`);
  const nameBytes = new TextEncoder().encode(name);
  const input = new Uint8Array(16 + nameBytes.length);
  input.set(fromHex(hex));
  input.set(nameBytes, 16);
  const bytes = sha1(input).slice(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50; // version 5
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // variant 10
  const h = toHex(bytes);
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** SHA-1 (FIPS 180-4), only for name-based UUIDs: not for anything that needs security. */
function sha1(message: Uint8Array): Uint8Array {
  const length = message.length;
  const padded = new Uint8Array((((length + 8) >> 6) + 1) << 6);
  padded.set(message);
  padded[length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor((length * 8) / 2 ** 32));
  view.setUint32(padded.length - 4, (length * 8) >>> 0);
  const h = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];
  const w = new Uint32Array(80);
  for (let offset = 0; offset < padded.length; offset += 64) {
    for (let t = 0; t < 16; t++) w[t] = view.getUint32(offset + t * 4);
    for (let t = 16; t < 80; t++) {
      const x = w[t - 3]! ^ w[t - 8]! ^ w[t - 14]! ^ w[t - 16]!;
      w[t] = (x << 1) | (x >>> 31);
    }
    let [a, b, c, d, e] = h as [number, number, number, number, number];
    for (let t = 0; t < 80; t++) {
      const f = t < 20 ? (b & c) | (~b & d) : t < 40 ? b ^ c ^ d : t < 60 ? (b & c) | (b & d) | (c & d) : b ^ c ^ d;
      const k = t < 20 ? 0x5a827999 : t < 40 ? 0x6ed9eba1 : t < 60 ? 0x8f1bbcdc : 0xca62c1d6;
      const temp = (((a << 5) | (a >>> 27)) + f + e + k + w[t]!) >>> 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = temp;
    }
    h[0] = (h[0]! + a) >>> 0;
    h[1] = (h[1]! + b) >>> 0;
    h[2] = (h[2]! + c) >>> 0;
    h[3] = (h[3]! + d) >>> 0;
    h[4] = (h[4]! + e) >>> 0;
  }
  const out = new Uint8Array(20);
  const outView = new DataView(out.buffer);
  for (const [i, word] of h.entries()) outView.setUint32(i * 4, word);
  return out;
}

/** Whether a string is a slug as an article's file name must give it: lowercase letters and digits, in words joined by single hyphens. */
export const isSlug = (slug: string): boolean => /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slug);
