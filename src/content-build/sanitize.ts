/**
 * The allowlist every article body is checked against at build time, after Markdown
 * rendering: only text markup, no scripts, styles, frames, forms, event handlers or
 * foreign URL schemes. Markdown with raw HTML off produces nothing else; this is the
 * guarantee partners republish on, so a violation fails the build (it would mean a
 * renderer bug or a new Markdown feature), naming the tag or attribute.
 */

const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  p: [],
  h2: [],
  h3: [],
  h4: [],
  h5: [],
  h6: [],
  blockquote: [],
  ul: [],
  ol: ["start"],
  li: [],
  em: [],
  strong: [],
  s: [],
  code: ["class"],
  pre: [],
  br: [],
  hr: [],
  a: ["href", "title"],
  img: ["src", "alt", "width", "height", "loading", "srcset", "sizes"],
  table: [],
  thead: [],
  tbody: [],
  tr: [],
  th: [],
  td: [],
};

const URL_ATTRIBUTES = new Set(["href", "src"]);
const SAFE_URL = /^(?:https?:\/\/|mailto:|#|\/(?!\/))/i;
const SAFE_SRCSET_CANDIDATE = /^(?:https?:\/\/|\/(?!\/))[^\s,]+ \d+w$/i;
const TAG = /<\/?([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s=>]+(?:="[^"]*")?)*)\s*\/?>/g;
const ATTRIBUTE = /\s+([^\s=>]+)(?:="([^"]*)")?/g;

/** Why `html` is not fit for republication, one reason per problem; empty when it is. */
export function unsafeMarkup(html: string): string[] {
  const problems: string[] = [];
  for (const [, rawName, attributes = ""] of html.matchAll(TAG)) {
    const name = rawName!.toLowerCase();
    const allowed = ALLOWED[name];
    if (!allowed) {
      problems.push(`<${name}> is not allowed in an article`);
      continue;
    }
    for (const [, rawAttribute, value = ""] of attributes.matchAll(ATTRIBUTE)) {
      const attribute = rawAttribute!.toLowerCase();
      if (!allowed.includes(attribute)) problems.push(`the ${attribute} attribute of <${name}> is not allowed in an article`);
      else if (URL_ATTRIBUTES.has(attribute) && !SAFE_URL.test(value)) problems.push(`<${name} ${attribute}="${value}"> is not a safe URL`);
      else if (attribute === "srcset" && !value.split(", ").every((candidate) => SAFE_SRCSET_CANDIDATE.test(candidate)))
        problems.push(`<${name} srcset="${value}"> is not a list of safe URLs and widths`);
      else if (attribute === "loading" && value !== "lazy") problems.push(`loading="${value}" is not allowed on <${name}>`);
      else if (attribute === "class" && !/^language-[\w+-]+$/.test(value)) problems.push(`class="${value}" is not allowed on <${name}>`);
    }
  }
  return [...new Set(problems)];
}
