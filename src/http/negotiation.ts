/**
 * Proactive negotiation on Accept (RFC 9110 §12.5.1) between an article's HTML page and its
 * ActivityStreams object: the object when the client prefers `application/activity+json` or
 * `application/ld+json; profile="https://www.w3.org/ns/activitystreams"` to `text/html`
 * (Mastodon sends both, with `text/html;q=0.1`), the page otherwise, and on a tie (a browser's
 * `*∕*`, curl's `*∕*`). Both carry `Vary: Accept`.
 */

const AS_PROFILE = "https://www.w3.org/ns/activitystreams";

interface Range {
  type: string;
  subtype: string;
  params: Map<string, string>;
  q: number;
}

/** The media ranges of an Accept value; malformed members are dropped (a bad header is no preference). */
function ranges(accept: string): Range[] {
  const out: Range[] = [];
  for (const member of accept.split(",")) {
    const [range, ...rawParams] = member.split(";");
    const match = /^\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\/([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*$/.exec(range ?? "");
    if (!match) continue;
    const params = new Map<string, string>();
    let q = 1;
    for (const p of rawParams) {
      const eq = p.indexOf("=");
      if (eq < 0) continue;
      const name = p.slice(0, eq).trim().toLowerCase();
      let value = p.slice(eq + 1).trim();
      if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
      if (name === "q") {
        const n = Number(value);
        q = /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(value) ? n : 0;
      } else params.set(name, value);
    }
    out.push({ type: match[1]!.toLowerCase(), subtype: match[2]!.toLowerCase(), params, q });
  }
  return out;
}

/** The quality the client gives `type/subtype`: that of the most specific range matching it (RFC 9110 §12.5.1). */
function quality(all: readonly Range[], type: string, subtype: string, matches: (r: Range) => boolean = () => true): number {
  let best = -1;
  let q = 0;
  for (const r of all) {
    const specificity = r.type === type && r.subtype === subtype ? 2 : r.type === type && r.subtype === "*" ? 1 : r.type === "*" ? 0 : -1;
    if (specificity < 0 || (specificity === 2 && !matches(r))) continue;
    if (specificity > best || (specificity === best && r.q > q)) {
      best = specificity;
      q = r.q;
    }
  }
  return q;
}

/** Whether a request's Accept prefers the ActivityStreams representation to HTML. */
export function prefersActivityStreams(accept: string | null): boolean {
  if (accept === null || !/json/i.test(accept)) return false;
  const all = ranges(accept);
  const activity = Math.max(
    quality(all, "application", "activity+json"),
    quality(all, "application", "ld+json", (r) => (r.params.get("profile") ?? "").split(/\s+/).includes(AS_PROFILE)),
  );
  // A bare application/ld+json (no profile) or */* alone is not a request for ActivityStreams.
  const named = all.some(
    (r) =>
      r.q > 0 &&
      r.type === "application" &&
      (r.subtype === "activity+json" || (r.subtype === "ld+json" && (r.params.get("profile") ?? "").includes(AS_PROFILE))),
  );
  return named && activity > quality(all, "text", "html");
}
