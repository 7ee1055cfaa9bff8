/** Reading HTML the way a browser would (parse5 implements the HTML5 parsing algorithm). */
import { parseFragment } from "parse5";

interface Node {
  nodeName: string;
  value?: string;
  childNodes?: Node[];
}

function textOf(node: Node): string {
  if (node.nodeName === "#text") return node.value ?? "";
  return (node.childNodes ?? []).map(textOf).join("");
}

/** The text of every element of the given tag names, in document order. */
export function blockTexts(html: string, tags: string[] = ["p", "h2", "figcaption"]): string[] {
  const out: string[] = [];
  const visit = (node: Node) => {
    if (tags.includes(node.nodeName)) out.push(textOf(node));
    else for (const child of node.childNodes ?? []) visit(child);
  };
  visit(parseFragment(html) as unknown as Node);
  return out;
}
