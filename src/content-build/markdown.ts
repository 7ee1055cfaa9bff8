/**
 * Markdown → HTML at build time. Raw HTML in Markdown is not allowed (it is shown as
 * text), typography is left exactly as the editor wrote it, and every link and image
 * URL must be absolute http(s), mailto:, a fragment, or root-relative to the site.
 */

import type { Token } from "markdown-it";
import MarkdownIt from "markdown-it";
import { unsafeMarkup } from "./sanitize.js";

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
  let tableLine = firstLine;
  walk(tokens, (token) => {
    if (token.type === "link_open") {
      const href = String(token.attrGet("href") ?? "");
      if (!LINK_OK.test(href)) problems.push(`link "${href}" must be absolute (https://…), mailto:, #fragment or root-relative (/…)`);
    } else if (token.type === "image") {
      const src = String(token.attrGet("src") ?? "");
      // Partners need alt text and the size of every image (no layout shift, no guessing).
      // A photo of ours (/images/…) has its size read from the file; one from another site states it.
      const title = String(token.attrGet("title") ?? "");
      const size = /^(\d{1,5})x(\d{1,5})$/.exec(title);
      const ours = src.startsWith("/");
      if (!IMAGE_OK.test(src)) problems.push(`image "${src}" must be absolute (https://…) or root-relative (/…)`);
      else if (token.content.trim() === "") problems.push(`image "${src}" needs alt text, e.g. ![Delegates at the table](${src})`);
      else if (!size && !(ours && title === "")) {
        problems.push(
          ours
            ? `image "${src}": its title is its size (e.g. "1600x900") or nothing, which reads the size from the file`
            : `image "${src}" is on another site: give its size as the title, e.g. ![Delegates at the table](${src} "1600x900")`,
        );
      } else {
        token.attrs = (token.attrs ?? []).filter(([name]) => name !== "title");
        if (size) {
          token.attrSet("width", size[1]!);
          token.attrSet("height", size[2]!);
        }
        // Below the headline and the lead image: loaded as the reader scrolls (ours get it with their srcset).
        if (!ours) token.attrSet("loading", "lazy");
      }
    } else if (token.type === "table_open") {
      tableLine = (token.map?.[0] ?? 0) + firstLine;
    } else if ((token.type === "th_open" || token.type === "td_open") && token.attrGet("style") !== null) {
      problems.push(
        `line ${tableLine}: table column alignment is not supported (it needs inline styles); remove the colons from the separator row`,
      );
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
  // The allowlist partners republish on (see sanitize.ts); reported once per kind.
  if (problems.length === 0) problems.push(...unsafeMarkup(html));
  return { html, ledeEnd, ledeText, problems: [...new Set(problems)] };
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
