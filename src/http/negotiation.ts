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
function quality(all: readonly Range[], type: string, subtype: string): number {
  let best = -1;
  let q = 0;
  for (const r of all) {
    const specificity = r.type === type && r.subtype === subtype ? 2 : r.type === type && r.subtype === "*" ? 1 : r.type === "*" ? 0 : -1;
    if (specificity < 0) continue;
    if (specificity > best || (specificity === best && r.q > q)) {
      best = specificity;
      q = r.q;
    }
  }
  return q;
}

/** Whether a range names ActivityStreams itself (a wildcard or a bare `application/ld+json` does not). */
const namesActivityStreams = (r: Range) =>
  r.type === "application" &&
  (r.subtype === "activity+json" || (r.subtype === "ld+json" && (r.params.get("profile") ?? "").split(/\s+/).includes(AS_PROFILE)));

/** The quality the client gives ActivityStreams through any range (named, `application/*`, `*∕*`). */
const activityQuality = (all: readonly Range[]) =>
  Math.max(quality(all, "application", "activity+json"), ...all.filter(namesActivityStreams).map((r) => r.q));

/**
 * Whether a request's Accept ranks HTML above ActivityStreams (a browser's `text/html,…,*∕*;q=0.8`),
 * for an actor's URL, which is ActivityStreams unless the client says otherwise: curl's `*∕*`,
 * no Accept at all and Mastodon get the actor.
 */
export function prefersHtml(accept: string | null): boolean {
  if (accept === null) return false;
  const all = ranges(accept);
  return quality(all, "text", "html") > activityQuality(all);
}

/** Whether a request's Accept prefers the ActivityStreams representation to HTML. */
export function prefersActivityStreams(accept: string | null): boolean {
  if (accept === null || !/json/i.test(accept)) return false;
  const all = ranges(accept);
  const activity = Math.max(0, ...all.filter(namesActivityStreams).map((r) => r.q));
  return activity > 0 && activity > quality(all, "text", "html");
}
