/**
 * The one schema for article front matter. Strict: unknown keys are errors (a typo such
 * as `pubilshed` must not be silently ignored), and nothing is coerced (`draft: "false"`
 * is a string, not a boolean).
 */
import { z } from "zod";
import { LICENSE_IDS } from "../core/licenses.js";
import { parsesAsUrl } from "../core/urls.js";
import { markupInPlainText } from "./text-rules.js";

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const ZONELESS = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
const UUID_URN = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// RFC 4151: tag:<authority>,<date>:<specific>
const TAG_URI =
  /^tag:(?:[a-z0-9-]+\.)*[a-z0-9-]+(?:@(?:[a-z0-9-]+\.)*[a-z0-9-]+)?,\d{4}(?:-\d{2}(?:-\d{2})?)?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?%]+$/;
// RFC 5646 syntax (the same check as the JSON Feed 1.1 schema).
const BCP47 = /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/;
const EMAIL = /^[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]+$/;

/** Why a front-matter timestamp is unusable, or undefined if it is a valid one. */
export function timestampProblem(value: string): string | undefined {
  if (DATE_ONLY.test(value)) return `"${value}" is a date only; write a full timestamp with offset, e.g. ${value}T09:00:00+02:00`;
  if (ZONELESS.test(value))
    return `"${value}" has no time-zone offset; add Z or ±hh:mm, e.g. ${value.replace(" ", "T")}${value.length === 16 ? ":00" : ""}+02:00`;
  const m = RFC3339.exec(value);
  if (!m) return `"${value}" is not an RFC 3339 timestamp such as 2022-03-01T19:40:00+02:00`;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as number[];
  const offset = m[8]!;
  const daysInMonth = new Date(Date.UTC(year!, month!, 0)).getUTCDate();
  if (month! < 1 || month! > 12 || day! < 1 || day! > daysInMonth || hour! > 23 || minute! > 59 || second! > 59) {
    return `"${value}" is not a real date and time`;
  }
  if (offset !== "Z" && (Number(offset.slice(1, 3)) > 23 || Number(offset.slice(4, 6)) > 59)) {
    return `"${value}" has an impossible offset`;
  }
  if (year! < 1990 || year! > 2100) return `"${value}" is outside the years 1990–2100`;
  return undefined;
}

/** A required plain-text string (no HTML) with messages an editor understands. */
const text = (max: number) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? "is required" : `must be text, got ${describe(issue.input)}`) })
    .trim()
    .min(1, { error: "must not be empty" })
    .max(max, { error: `must be at most ${max} characters` })
    .superRefine((value, ctx) => {
      const problem = markupInPlainText(value);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    });

const timestamp = z
  .string({ error: (issue) => (issue.input === undefined ? "is required" : `must be a quoted timestamp, got ${describe(issue.input)}`) })
  .superRefine((value, ctx) => {
    const problem = timestampProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

// URLs are stored in their ASCII form (`new URL().href`: punycode host, percent-encoded
// path), which is what feed validators and every consumer expect.
const httpUrl = z
  .string({ error: "must be a URL" })
  .refine((v) => /^https?:\/\/[^\s/]+/.test(v) && parsesAsUrl(v), { error: "must be an absolute http(s) URL" })
  .transform((v) => new URL(v).href);

/** An image or link URL: absolute http(s), or root-relative to the site (`/images/x.jpg`). */
const siteUrl = z
  .string({ error: "must be a URL" })
  .refine((v) => (/^\/(?!\/)\S*$/.test(v) || /^https?:\/\/[^\s/]+/.test(v)) && parsesAsUrl(v, "https://x.invalid"), {
    error: "must be an absolute http(s) URL or a root-relative path such as /images/photo.jpg",
  })
  .transform((v) => {
    if (!v.startsWith("/")) return new URL(v).href;
    const url = new URL(v, "https://x.invalid");
    return url.pathname + url.search + url.hash;
  });

const dimension = z
  .number({ error: (issue) => (issue.input === undefined ? "is required" : `must be a number, got ${describe(issue.input)}`) })
  .int({ error: "must be a whole number of pixels" })
  .min(1, { error: "must be at least 1" })
  .max(20000, { error: "must be at most 20000" });

/** An author: a name, or an object with a name and optional url and e-mail. */
const author = z.preprocess(
  (value) => (typeof value === "string" ? { name: value } : value),
  z.strictObject(
    {
      name: text(200),
      url: httpUrl.optional(),
      email: z.string({ error: "must be an e-mail address" }).regex(EMAIL, { error: "must be an e-mail address" }).optional(),
    },
    { error: "must be a name, or a mapping with name and optional url and email" },
  ),
);

const image = z
  .strictObject({
    src: siteUrl.optional(),
    alt: text(500).optional(),
    width: dimension.optional(),
    height: dimension.optional(),
    caption: text(1000).optional(),
    credit: text(200).optional(),
    republishable: z.boolean({ error: (issue) => `must be true or false (unquoted), got ${describe(issue.input)}` }).default(false),
  })
  .superRefine((img, ctx) => {
    if (img.src !== undefined) {
      if (img.alt === undefined) ctx.addIssue({ code: "custom", path: ["alt"], message: "is required when src is given" });
      // A photo of ours (/images/…) has its size read from the file; one on another site states it.
      if (!img.src.startsWith("/")) {
        for (const key of ["width", "height"] as const) {
          if (img[key] === undefined)
            ctx.addIssue({
              code: "custom",
              path: [key],
              message: "is required for an image on another site (for /images/… it is read from the file)",
            });
        }
      }
    } else if (img.caption === undefined && img.credit === undefined) {
      ctx.addIssue({ code: "custom", path: ["src"], message: "is required unless a caption or credit is given" });
    }
  });

export const frontMatterSchema = z
  .strictObject(
    {
      id: z
        .string({ error: (issue) => (issue.input === undefined ? "is required" : "must be text") })
        .refine((v) => UUID_URN.test(v) || TAG_URI.test(v), {
          error: "must be a stable urn:uuid: (lower case) or tag: URI (RFC 4151), e.g. urn:uuid:cd940d31-3c8f-476f-ab8b-6f15e0a365a0",
        }),
      title: text(300),
      published: timestamp,
      updated: timestamp.optional(),
      authors: z
        .array(author, { error: (issue) => (issue.input === undefined ? "is required" : "must be a list") })
        .min(1, { error: "must name at least one author" }),
      summary: text(1000).optional(),
      tags: z
        .array(text(64), { error: "must be a list" })
        .refine((tags) => new Set(tags.map((t) => t.toLowerCase())).size === tags.length, { error: "must not repeat a tag" })
        .default([]),
      section: text(64).optional(),
      language: z
        .string({ error: "must be a language tag such as en or en-GB" })
        .regex(BCP47, { error: "must be a language tag such as en or en-GB (BCP 47)" })
        .optional(),
      image: image.optional(),
      corrections: z
        .array(z.strictObject({ at: timestamp, text: text(1000) }, { error: "must be a mapping with at and text" }), {
          error: "must be a list of corrections, each with at and text",
        })
        .default([]),
      withdrawn: z.strictObject({ at: timestamp, reason: text(1000) }, { error: "must be a mapping with at and reason" }).optional(),
      license: z
        .string({ error: "must be an SPDX licence id" })
        .refine((v) => LICENSE_IDS.includes(v), { error: `must be one of ${LICENSE_IDS.join(", ")}` })
        .optional(),
      republish_until: timestamp.optional(),
      partners_from: timestamp.optional(),
      draft: z.boolean({ error: (issue) => `must be true or false (unquoted), got ${describe(issue.input)}` }).default(false),
    },
    {
      error: (issue) =>
        issue.input === undefined || issue.input === null
          ? "is empty; expected fields such as title and id"
          : "must be a mapping of fields",
    },
  )
  .superRefine((fm, ctx) => {
    const published = Date.parse(fm.published);
    if (fm.updated !== undefined && Date.parse(fm.updated) < published) {
      ctx.addIssue({ code: "custom", path: ["updated"], message: "is earlier than published" });
    }
    let previous = published;
    for (const [i, correction] of fm.corrections.entries()) {
      const at = Date.parse(correction.at);
      if (at < published) ctx.addIssue({ code: "custom", path: ["corrections", i, "at"], message: "is earlier than published" });
      else if (at < previous)
        ctx.addIssue({
          code: "custom",
          path: ["corrections", i, "at"],
          message: "is earlier than the correction before it; list corrections oldest first",
        });
      else if (fm.updated !== undefined && at > Date.parse(fm.updated)) {
        ctx.addIssue({
          code: "custom",
          path: ["updated"],
          message: `is earlier than corrections[${i}].at; a correction updates the article`,
        });
      }
      previous = Math.max(previous, at);
    }
    if (fm.republish_until !== undefined && Date.parse(fm.republish_until) <= published) {
      ctx.addIssue({ code: "custom", path: ["republish_until"], message: "must be later than published" });
    }
    if (fm.withdrawn !== undefined && Date.parse(fm.withdrawn.at) < published) {
      ctx.addIssue({ code: "custom", path: ["withdrawn", "at"], message: "is earlier than published" });
    }
    // Partners see the article early, under embargo until published: only a story about to
    // be published can be shared so (src/app/partner-feed.ts).
    if (fm.partners_from !== undefined) {
      const reason =
        Date.parse(fm.partners_from) >= published
          ? "must be earlier than published: partners see the article from then until published, under embargo"
          : fm.draft
            ? "is not allowed on a draft: a draft is shown to no one, partners included"
            : fm.withdrawn !== undefined
              ? "is not allowed on a withdrawn article: it must not be shared early"
              : undefined;
      if (reason !== undefined) ctx.addIssue({ code: "custom", path: ["partners_from"], message: reason });
    }
  });

export type FrontMatter = z.output<typeof frontMatterSchema>;

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return `the text ${JSON.stringify(value)}`;
  if (typeof value === "object") return "a mapping";
  return `${typeof value} ${String(value)}`;
}
