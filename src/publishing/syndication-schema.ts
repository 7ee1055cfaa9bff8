/**
 * The JSON Schema (2020-12) of the `_syndication` profile in each of its versions
 * (`SYNDICATION_VERSION`), at `/schemas/syndication-<version>.json`: 1, the public feeds' first;
 * 2, the partner feed's (version 1 plus `status: "embargoed"` with `embargo_until`); 3, which
 * every feed carries now (version 2 plus each item's `ninjs` document). The root validates one
 * JSON Feed item carrying the extension; `$defs/feed` validates the feed-level object. Partners
 * can validate what they read; the tests validate every item the service emits.
 *
 * Compatible changes (new optional members) keep a version; anything else is a new version
 * at a new URL, and the old ones stay served, byte for byte (the golden files hold them).
 */
import type { SyndicationVersion } from "../render/syndication.js";

const rfc3339 = { type: "string", format: "date-time" } as const;
const httpUrl = { type: "string", format: "uri", pattern: "^https?://" } as const;

export function syndicationSchema(id: string, documentation: string, version: SyndicationVersion): object {
  const statuses = version === 1 ? ["published", "updated", "withdrawn"] : ["embargoed", "published", "updated", "withdrawn"];
  // What each version adds to the one before.
  const newer =
    version === 1
      ? {}
      : {
          embargo_until: {
            ...rfc3339,
            description:
              "With status embargoed: the item must not be published, in any form, before this time; from then on it is published.",
          },
          ...(version >= 3 && {
            ninjs: {
              ...httpUrl,
              description:
                "The item as an IPTC ninjs 3.1 document (usable; withheld under embargo, with the partner's token; canceled, with 410, once withdrawn).",
            },
          }),
        };
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: id,
    title: `JSON Feed item with the _syndication extension, version ${version}`,
    description: `How to republish an item lawfully, or take it down. Documentation: ${documentation}`,
    type: "object",
    required: ["id", "url", "_syndication"],
    properties: {
      id: { type: "string", minLength: 1 },
      url: httpUrl,
      _syndication: { $ref: "#/$defs/item" },
    },
    $defs: {
      license: {
        type: "object",
        required: ["spdx", "name", "url"],
        properties: {
          spdx: { type: "string", pattern: "^(?:[A-Za-z0-9.+-]+|LicenseRef-[A-Za-z0-9.-]+)$" },
          name: { type: "string", minLength: 1 },
          url: httpUrl,
        },
        additionalProperties: false,
      },
      correction: {
        type: "object",
        required: ["date", "text"],
        properties: { date: rfc3339, text: { type: "string", minLength: 1 } },
        additionalProperties: false,
      },
      image: {
        type: "object",
        required: ["republishable"],
        properties: {
          url: httpUrl,
          width: { type: "integer", minimum: 1 },
          height: { type: "integer", minimum: 1 },
          type: { type: "string", description: "Media type of the file at url, e.g. image/jpeg (for images the newsroom serves itself)." },
          alt: { type: "string" },
          caption: { type: "string" },
          credit: { type: "string", description: 'To be printed with the image, e.g. "Photo: Shutterstock".' },
          republishable: { type: "boolean", description: "False: use the text without this image." },
        },
        dependentRequired: { url: ["width", "height", "alt"] },
        additionalProperties: false,
      },
      item: {
        type: "object",
        required: ["version", "status", "canonical_url", "corrections", ...(version >= 3 ? ["ninjs"] : [])],
        properties: {
          version: { const: version },
          status: { enum: statuses },
          ...newer,
          canonical_url: { ...httpUrl, description: "Point rel=canonical here from the republished copy." },
          license: { $ref: "#/$defs/license" },
          republishable: { type: "boolean" },
          attribution_text: { type: "string", minLength: 1 },
          attribution_html: { type: "string", minLength: 1 },
          republish_until: { oneOf: [rfc3339, { type: "null" }], description: "Take copies down after this time." },
          images: { type: "array", items: { $ref: "#/$defs/image" } },
          corrections: { type: "array", items: { $ref: "#/$defs/correction" } },
          withdrawn: {
            type: "object",
            required: ["date", "reason"],
            properties: { date: rfc3339, reason: { type: "string", minLength: 1 } },
            additionalProperties: false,
          },
        },
        // A live item says how to republish it; a withdrawn one says when and why to take it down.
        if: { properties: { status: { const: "withdrawn" } } },
        // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword.
        then: { required: ["withdrawn"], not: { required: ["license"] } },
        else: {
          required: ["license", "republishable", "attribution_text", "attribution_html", "republish_until", "images"],
          not: { required: ["withdrawn"] },
        },
        // From version 2: an embargoed item says until when, and only an embargoed one does.
        ...(version >= 2 && {
          dependentSchemas: {
            status: {
              if: { properties: { status: { const: "embargoed" } } },
              // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword.
              then: { required: ["embargo_until"] },
              else: { not: { required: ["embargo_until"] } },
            },
          },
        }),
        additionalProperties: false,
      },
      feed: {
        type: "object",
        required: ["version", "schema", "documentation", "license"],
        properties: {
          version: { const: version },
          schema: httpUrl,
          documentation: httpUrl,
          license: { $ref: "#/$defs/license" },
        },
        additionalProperties: false,
      },
    },
  };
}
