/**
 * Media types, each with its charset (RFC 9110 §8.3): every Content-Type the service sends but
 * the feeds' (each feed format gives its own, `src/render/feed-formats.ts`) and the photos'
 * (`src/core/photo-names.ts`).
 */

/** A text media type with its charset: every text the service sends is UTF-8. */
export const withCharset = (type: string) => `${type}; charset=utf-8`;

export const mediaTypes = {
  html: withCharset("text/html"),
  css: withCharset("text/css"),
  svg: withCharset("image/svg+xml"),
  xml: withCharset("application/xml"),
  text: withCharset("text/plain"),
  schema: withCharset("application/schema+json"),
  /** ActivityStreams 2.0 (actors, objects, collections, activities). */
  activity: withCharset("application/activity+json"),
  /** A WebFinger answer (RFC 7033 §10.2). */
  jrd: withCharset("application/jrd+json"),
  /** NodeInfo 2.1 (its schema's profile). */
  nodeinfo: withCharset('application/json; profile="http://nodeinfo.diaspora.software/ns/schema/2.1#"'),
} as const;
