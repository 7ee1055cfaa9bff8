/**
 * Deterministic synthetic newsroom content for benchmarks: `n` Markdown articles with
 * realistic sizes (a headline of 8–16 words, a lede, 8–14 paragraphs and a subheading,
 * about 900 words), 1–2 bylines, 2–5 tags, a section, and a lead image on every other
 * article. The same `n` always gives the same files.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";

/** mulberry32: a small seeded PRNG, so runs are repeatable. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  "the government said on monday that talks would resume after a week of pressure from allies and opposition " +
  "parties who argue the plan leaves too many questions open about funding for schools hospitals and the " +
  "regional rail network officials in the capital confirmed the figures while economists warned that inflation " +
  "could remain above target for most of next year residents described long queues at border crossings as " +
  "negotiators met behind closed doors in geneva to discuss a ceasefire monitoring mission and humanitarian corridors"
).split(" ");
const TAGS = ["Politics", "Economy", "Ukraine", "Europe", "Energy", "Health", "Climate", "Diplomacy", "Elections", "Technology", "Courts", "Migration"];
const SECTIONS = ["World", "Business", "Science", "Culture", "Opinion"];
const AUTHORS = ["Olena Marchenko", "Ada Reporter", "Bo Writer", "Chidi Okafor", "María López", "Yuki Tanaka", "Priya Nair", "Tom Berg"];

function sentence(rand: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(rand() * WORDS.length)]!);
  const text = out.join(" ");
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}

function paragraph(rand: () => number): string {
  const sentences = 3 + Math.floor(rand() * 3);
  return Array.from({ length: sentences }, () => sentence(rand, 10 + Math.floor(rand() * 12))).join(" ");
}

function pick<T>(rand: () => number, list: readonly T[], count: number): T[] {
  const pool = [...list];
  const out: T[] = [];
  for (let i = 0; i < count && pool.length > 0; i++) out.push(pool.splice(Math.floor(rand() * pool.length), 1)[0]!);
  return out;
}

function uuid(rand: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16)).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A taxonomy larger than the default one: this many tags and authors ("Topic 0001", "Writer 001"). */
export interface Taxonomy {
  tags: number;
  authors: number;
}

/** `count` distinct names of `names(i)`, i < `of`, chosen by `rand`. */
function pickNamed(rand: () => number, of: number, count: number, name: (i: number) => string): string[] {
  const chosen = new Set<number>();
  while (chosen.size < Math.min(count, of)) chosen.add(Math.floor(rand() * of));
  return [...chosen].map(name);
}

/**
 * Writes `n` articles into `dir` (emptied first); with a `taxonomy`, their tags and authors are
 * drawn from that many instead of the default dozen.
 */
export function writeSyntheticContent(dir: string, n: number, taxonomy?: Taxonomy): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const rand = random(20220301);
  const newest = Date.UTC(2026, 3, 1, 9, 0, 0);
  for (let i = 0; i < n; i++) {
    const title = sentence(rand, 8 + Math.floor(rand() * 9)).slice(0, -1);
    const published = new Date(newest - i * 2 * 3600_000).toISOString().replace(".000Z", "Z");
    const fields: Record<string, unknown> = {
      id: `urn:uuid:${uuid(rand)}`,
      title,
      published,
      authors: (taxonomy
        ? pickNamed(rand, taxonomy.authors, 1 + Math.floor(rand() * 2), (i) => `Writer ${String(i).padStart(3, "0")}`)
        : pick(rand, AUTHORS, 1 + Math.floor(rand() * 2))
      ).map((name) => ({ name })),
      section: SECTIONS[Math.floor(rand() * SECTIONS.length)],
      tags: taxonomy
        ? pickNamed(rand, taxonomy.tags, 2 + Math.floor(rand() * 4), (i) => `Topic ${String(i).padStart(4, "0")}`)
        : pick(rand, TAGS, 2 + Math.floor(rand() * 4)),
    };
    if (i % 2 === 0) {
      fields.image = { src: `https://photos.example/story-${i}.jpg`, alt: sentence(rand, 6).slice(0, -1), width: 1600, height: 900, caption: sentence(rand, 12), credit: "Agency" };
    }
    const paragraphs = Array.from({ length: 8 + Math.floor(rand() * 7) }, () => paragraph(rand));
    paragraphs.splice(4, 0, `## ${sentence(rand, 4).slice(0, -1)}`);
    writeFileSync(join(dir, `story-${String(i).padStart(5, "0")}.md`), `---\n${stringify(fields)}---\n\n${paragraphs.join("\n\n")}\n`);
  }
}
