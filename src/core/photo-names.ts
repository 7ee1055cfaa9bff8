/**
 * The photos the newsroom keeps beside its stories (`content/images/`), as the build names
 * them and the Worker serves them. Shared by both; imports nothing.
 *
 * Every file the service serves is named by its own bytes: `/images/<folders/><name>.<hash>.<ext>`,
 * where `<hash>` is the first 16 hex digits (64 bits) of its SHA-256. A URL therefore never
 * shows other bytes (a changed photo gets a new URL), so it is cached as immutable and its
 * entity-tag is the hash itself, known without reading the file. Smaller copies are named
 * `<name>-<width>w.<hash>.<ext>`. The path the editor wrote (`/images/geneva.jpg`) is not
 * served: the build replaces it everywhere with the served one. Until an article that uses a
 * photo is published, no page or feed names its URL and the Worker does not serve it (to
 * anyone but a partner: `ContentBundle.photoReleases`).
 */

/** The formats every browser and feed reader shows, by the extension the build writes. */
export const IMAGE_TYPES = {
  jpg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
  avif: "image/avif",
  gif: "image/gif",
} as const;

export type ImageExtension = keyof typeof IMAGE_TYPES;

/** Where the photos are served: `/images/…`. */
export const IMAGES_PREFIX = "/images/";

/** Hex digits of the SHA-256 in a served name. */
export const IMAGE_HASH_DIGITS = 16;

/** A folder or file-name part of a photo's path: letters, digits, `-` and `_`, starting with a letter or digit. */
export const IMAGE_NAME_PART = "[A-Za-z0-9][A-Za-z0-9_-]*";

const SERVED = new RegExp(
  `^${IMAGES_PREFIX}((?:${IMAGE_NAME_PART}/)*${IMAGE_NAME_PART}\\.([0-9a-f]{${IMAGE_HASH_DIGITS}})\\.(${Object.keys(IMAGE_TYPES).join("|")}))$`,
);

/** A served photo's path within the image folder, its hash and its media type; undefined for any other path. */
export function servedImage(path: string): { name: string; hash: string; type: string } | undefined {
  const match = SERVED.exec(path);
  if (!match) return undefined;
  return { name: match[1]!, hash: match[2]!, type: IMAGE_TYPES[match[3] as ImageExtension] };
}

/** The served name of a file: `2026/geneva` + hash + `jpg` → `2026/geneva.<hash>.jpg`. */
export function servedImageName(stem: string, hash: string, extension: ImageExtension): string {
  return `${stem}.${hash.slice(0, IMAGE_HASH_DIGITS)}.${extension}`;
}

/** The `sizes` of a photo in an article: the column is at most 42rem wide. */
export const IMAGE_SIZES = "(min-width: 42rem) 42rem, 100vw";

/** A photo and its smaller copies, as `srcset` lists them. */
export interface Sized {
  src: string;
  width: number;
  variants?: readonly { src: string; width: number }[];
}

/** The `srcset` of a photo with smaller copies (URLs made by `url`), or undefined for one without. */
export function srcset(image: Sized, url: (src: string) => string = (src) => src): string | undefined {
  if (!image.variants || image.variants.length === 0) return undefined;
  return [...image.variants.map((v) => `${url(v.src)} ${v.width}w`), `${url(image.src)} ${image.width}w`].join(", ");
}

/** ` srcset="…" sizes="…"` for build-time HTML (the URLs need no escaping), or nothing. */
export function srcsetAttributes(image: Sized): string {
  const list = srcset(image);
  return list === undefined ? "" : ` srcset="${list}" sizes="${IMAGE_SIZES}"`;
}
