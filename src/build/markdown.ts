/**
 * Markdown → HTML at build time. Raw HTML in Markdown is not allowed (it is shown as
 * text), typography is left exactly as the editor wrote it, and every link and image
 * URL must be absolute http(s), mailto:, a fragment, or root-relative to the site.
 */

import type { Token } from "markdown-it";
import MarkdownIt from "markdown-it";

const md = new MarkdownIt("default", { html: false, linkify: false, typographer: false });
// Validation happens on the token stream below, so that a bad URL fails the build
// with a message instead of being dropped silently by markdown-it's own filter.
md.validateLink = () => true;

const LINK_OK = /^(?:https?:\/\/[^\s/]+|mailto:[^\s]+$|#|\/(?!\/))/i;
const IMAGE_OK = /^(?:https?:\/\/[^\s/]+|\/(?!\/))/i;

export interface RenderedBody {
  html: string;
  /** Index in `html` just after the first paragraph when the body starts with one, else 0. */
  ledeEnd: number;
  /** Plain text of the first paragraph, if the body starts with one. */
  ledeText?: string;
  /** Problems found, as reasons for the `body` field. */
  problems: string[];
}

/** Renders `source`, which starts on line `firstLine` of its file (for messages). */
export function renderMarkdown(source: string, firstLine = 1): RenderedBody {
  const tokens = md.parse(source, {});
  const problems: string[] = [];
  walk(tokens, (token) => {
    if (token.type === "link_open") {
      const href = String(token.attrGet("href") ?? "");
      if (!LINK_OK.test(href)) problems.push(`link "${href}" must be absolute (https://…), mailto:, #fragment or root-relative (/…)`);
    } else if (token.type === "image") {
      const src = String(token.attrGet("src") ?? "");
      if (!IMAGE_OK.test(src)) problems.push(`image "${src}" must be absolute (https://…) or root-relative (/…)`);
    } else if (token.type === "heading_open" && token.tag === "h1") {
      problems.push(`line ${(token.map?.[0] ?? 0) + firstLine}: "#" is the headline's level; use "##" for subheadings`);
    }
  });
  if (tokens.length === 0) problems.push("is empty; an article needs text");

  let ledeEnd = 0;
  let ledeText: string | undefined;
  let html: string;
  if (tokens[0]?.type === "paragraph_open") {
    const close = tokens.findIndex((t) => t.type === "paragraph_close");
    const lede = md.renderer.render(tokens.slice(0, close + 1), md.options, {});
    ledeText = plainText(tokens[1]!);
    ledeEnd = lede.length;
    html = lede + md.renderer.render(tokens.slice(close + 1), md.options, {});
  } else {
    html = md.renderer.render(tokens, md.options, {});
  }
  return { html, ledeEnd, ledeText, problems };
}

function walk(tokens: Token[], visit: (token: Token) => void): void {
  for (const token of tokens) {
    visit(token);
    if (token.children) walk(token.children, visit);
  }
}

/** The text of an inline token, as a reader would read it. */
function plainText(inline: Token): string {
  let out = "";
  for (const child of inline.children ?? []) {
    if (child.type === "text" || child.type === "code_inline") out += child.content;
    else if (child.type === "softbreak" || child.type === "hardbreak") out += " ";
    else if (child.type === "image") out += child.content;
  }
  return out.trim();
}
