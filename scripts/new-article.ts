/**
 * `npm run new -- "Headline" [--author "Name"] [--content DIR]`: scaffolds
 * `content/<slug>.md` with a fresh stable id, the current time with its offset, and
 * `draft: true`, validated by the same rules as the build before it is written.
 * Prints the path. Never overwrites: a taken slug gets `-2`, `-3`, ….
 */
import { execFileSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { stringify } from "yaml";
import { parseArticle } from "../src/content-build/build-content.js";
import { formatError } from "../src/content-build/errors.js";

const ROOT = resolve(import.meta.dirname, "..");

/** A slug from a headline: ASCII letters and digits joined by single hyphens, at most 80 characters. */
export function slugify(headline: string): string {
  const ascii = headline.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  const slug = ascii
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/, "");
  return slug || "article";
}

/** RFC 3339 with the local offset, to the second: what editors write in `published`. */
export function localTimestamp(date: Date): string {
  const pad = (n: number) => String(Math.abs(n)).padStart(2, "0");
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? "+" : "-";
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    `${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`
  );
}

function gitUserName(): string | undefined {
  try {
    return execFileSync("git", ["config", "user.name"], { cwd: ROOT, encoding: "utf8" }).trim() || undefined;
  } catch {
    return undefined;
  }
}

function main(argv: string[]): number {
  const option = (name: string) => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1] : undefined);
  const flags = new Set(["--author", "--content"]);
  const headline = argv.find((arg, i) => !arg.startsWith("--") && !flags.has(argv[i - 1] ?? ""))?.trim();
  if (!headline) {
    console.error('Usage: npm run new -- "Headline" [--author "Name"]');
    return 2;
  }
  const author = option("author") ?? gitUserName();
  if (!author) {
    console.error('Who writes it? Pass --author "Name" (or set git config user.name).');
    return 2;
  }
  const dir = resolve(option("content") ?? join(ROOT, "content"));
  const base = slugify(headline);
  let slug = base;
  for (let n = 2; existsSync(join(dir, `${slug}.md`)); n++) slug = `${base}-${n}`;

  const fields = {
    id: `urn:uuid:${crypto.randomUUID()}`,
    title: headline,
    published: localTimestamp(new Date()),
    authors: [{ name: author }],
    tags: [],
    draft: true,
  };
  const text = `---\n${stringify(fields)}---\n\nThe lede: who, what, when, where, in one or two sentences.\n\n## A subheading\n\nThe rest of the story.\n`;
  const file = join(dir, `${slug}.md`);
  const display = `content/${slug}.md`;
  const { errors } = parseArticle(display, slug, new TextEncoder().encode(text));
  if (errors.length > 0) {
    for (const error of errors) console.error(formatError(error));
    return 1;
  }
  writeFileSync(file, text, { flag: "wx" });
  console.log(`${relative(process.cwd(), file) || file}: a draft. Write it, set "published" to when it goes out and "draft: false", then check it with npm run build:content.`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) process.exitCode = main(process.argv.slice(2));
