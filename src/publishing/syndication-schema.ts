/**
 * The JSON Schema (2020-12) of the `_syndication` profile, version 1, served at
 * `/schemas/syndication-1.json`, and version 2 (the partner feed's: version 1 plus
 * `status: "embargoed"` with `embargo_until`) at `/schemas/syndication-2.json`. The root validates one JSON Feed item carrying the
 * extension; `$defs/feed` validates the feed-level object. Partners can validate what
 * they read; the tests validate every item the service emits.
 *
 * Compatible changes (new optional members) keep version 1; anything else is version 2
 * at a new URL, and version 1 stays served.
 */
import { PARTNER_SYNDICATION_VERSION, SYNDICATION_VERSION } from "../render/syndication.js";

const rfc3339 = { type: "string", format: "date-time" } as const;
const httpUrl = { type: "string", format: "uri", pattern: "^https?://" } as const;

export function syndicationSchema(id: string, documentation: string, version: 1 | 2 = 1): object {
  const profile = version === 1 ? SYNDICATION_VERSION : PARTNER_SYNDICATION_VERSION;
  const statuses = version === 1 ? ["published", "updated", "withdrawn"] : ["embargoed", "published", "updated", "withdrawn"];
  const embargo =
    version === 1
      ? {}
      : {
          embargo_until: {
            ...rfc3339,
            description:
              "With status embargoed: the item must not be published, in any form, before this time; from then on it is published.",
          },
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
        required: ["version", "status", "canonical_url", "corrections"],
        properties: {
          version: { const: profile },
          status: { enum: statuses },
          ...embargo,
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
        // Version 2: an embargoed item says until when, and only an embargoed one does.
        ...(version === 2 && {
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
          version: { const: profile },
          schema: httpUrl,
          documentation: httpUrl,
          license: { $ref: "#/$defs/license" },
        },
        additionalProperties: false,
      },
    },
  };
}
