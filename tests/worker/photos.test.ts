// The newsroom's photos served in workerd from its static assets through the real ASSETS
// binding (src/app/photo-responses.ts): the bytes the build wrote, the headers every cache and reader
// needs, revalidation without reading the file, HEAD, and faults injected between the app and
// the binding — none gives a wrong body, a cacheable error or a 5xx for a name that is not there.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app/create-app.js";
import { STORAGE_RETRY_AFTER_SECONDS } from "../../src/app/fixed-responses.js";
import { servedImage } from "../../src/core/photo-names.js";
import { newsroomArticles } from "../../src/generated/all-articles.js";
import { content as newsroom } from "../../src/generated/newsroom.js";
import { ArchiveStore } from "../../src/storage/archive-store.js";
import { PhotoStore } from "../../src/storage/photo-store.js";
import { faultyAssets } from "../helpers/faulty-assets.js";
import { NOW, newsroomSite, SCHEDULED } from "../helpers/newsroom.js";

const BASE = "https://news.example";
const assets = env.ASSETS!;
const folder = newsroom.imageFolder!;
const lead = newsroomArticles.find((a) => a.slug === "orchestra-returns-to-restored-hall")!.image!;
/** Every photo URL these articles name: lead images, their copies and the body images. */
const photosOf = (articles: typeof newsroomArticles) => [
  ...new Set(
    articles.flatMap((a) => [
      ...(a.image?.src?.startsWith("/images/") ? [a.image.src, ...(a.image.variants ?? []).map((v) => v.src)] : []),
      ...[...a.bodyHtml.matchAll(/(?:src="|, |srcset=")(\/images\/[^" ]+)/g)].map((m) => m[1]!),
    ]),
  ),
];
/** The photos of the articles published at the fixture's now; the scheduled article's come later. */
const photoPaths = photosOf(newsroomArticles.filter((a) => Date.parse(a.published) <= NOW));
const scheduledPhotos = photosOf(newsroomArticles.filter((a) => a.slug === SCHEDULED.slug));

/** The real binding, with a fault switched on or off between the app and it. */
const faulty = () => faultyAssets(assets);

function appWith(store: PhotoStore, at = NOW) {
  const app = createApp({ content: newsroom, site: newsroomSite(), clock: () => at, store: new ArchiveStore(assets), photos: store });
  return (path: string, init: RequestInit = {}) => app.request(`${BASE}${path}`, init);
}

const stored = async (path: string) =>
  new Uint8Array(
    await (await assets.fetch(new Request(`https://assets.invalid/${folder}/${path.slice("/images/".length)}`))).arrayBuffer(),
  );

describe("photos from static assets", () => {
  it("names four published photos and their smaller copies, all in the build's image folder, and one still to come", () => {
    expect(folder).toBe("images-newsroom");
    expect(photoPaths).toHaveLength(7);
    expect(scheduledPhotos).toHaveLength(2);
    for (const path of scheduledPhotos) expect(photoPaths).not.toContain(path);
    // The build lists the photo and its copy as not to be shown before the article.
    expect(newsroom.photoReleases).toEqual(
      Object.fromEntries(
        scheduledPhotos.map((path) => [
          servedImage(path)!.name,
          { published: "2026-11-21T06:00:00Z", partnersFrom: "2026-11-20T06:00:00Z" },
        ]),
      ),
    );
    expect(lead.src).toMatch(/^\/images\/concert-hall\.[0-9a-f]{16}\.jpg$/);
    expect(lead.variants!.map((v) => v.width)).toEqual([640, 1280]);
  });

  it.each(scheduledPhotos)("%s, of an article still to come, is a 404 to the public until it is published, then served", async (path) => {
    for (const at of [NOW, SCHEDULED.at - 1000]) {
      const get = appWith(new PhotoStore(assets, folder), at);
      for (const init of [{}, { method: "HEAD" }, { headers: { "If-None-Match": `"${servedImage(path)!.hash}"` } }]) {
        const response = await get(path, init);
        expect(response.status, `${new Date(at).toISOString()} ${JSON.stringify(init)}`).toBe(404);
        // The same 404 as for a name that never existed, and never stored.
        expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
        expect(response.headers.get("cache-control")).toBe("no-store");
        expect(response.headers.get("cdn-cache-control")).toBeNull();
        expect(response.headers.get("access-control-allow-origin")).toBeNull();
        const unknown = await get(path.replace(/\.[0-9a-f]{16}\./, ".0123456789abcdef."), init);
        expect([...unknown.headers].filter(([n]) => n !== "date")).toEqual([...response.headers].filter(([n]) => n !== "date"));
        expect(await unknown.text()).toBe(await response.text());
      }
    }
    const published = await appWith(new PhotoStore(assets, folder), SCHEDULED.at)(path);
    expect(published.status).toBe(200);
    expect(new Uint8Array(await published.arrayBuffer())).toEqual(await stored(path));
    expect(published.headers.get("cache-control")).toBe("max-age=31536000, immutable");
    expect(published.headers.get("access-control-allow-origin")).toBe("*");
  });

  it.each(photoPaths)("serves %s: its bytes, its hash as ETag, immutable for a year, nosniff", async (path) => {
    const store = new PhotoStore(assets, folder);
    const get = appWith(store);
    const response = await get(path);
    expect(response.status).toBe(200);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(bytes).toEqual(await stored(path));
    // The name is the bytes' own SHA-256 (its first 16 hex digits).
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
    const hex = [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
    const { hash, type } = servedImage(path)!;
    expect(hex.startsWith(hash)).toBe(true);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      "content-type": type,
      etag: `"${hash}"`,
      "cache-control": "max-age=31536000, immutable",
      "cdn-cache-control": "max-age=31536000, immutable",
      "x-content-type-options": "nosniff",
      "cross-origin-resource-policy": "cross-origin",
      "access-control-allow-origin": "*",
    });
    expect(response.headers.get("date")).toBe(new Date(NOW).toUTCString());
    // The length when the storage says it (the local asset service streams without one: chunked).
    const length = response.headers.get("content-length");
    if (length !== null) expect(length).toBe(String(bytes.length));
    expect(response.headers.has("content-encoding")).toBe(false);
    expect(response.headers.has("vary")).toBe(false);
    expect(store.reads).toBe(1);
  });

  it("answers HEAD with the GET's headers and no body", async () => {
    const get = appWith(new PhotoStore(assets, folder));
    const full = await get(lead.src!);
    await full.arrayBuffer();
    const head = await get(lead.src!, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    expect([...head.headers]).toEqual([...full.headers]);
  });

  it.each([
    ["the ETag it got", (etag: string) => etag],
    ["the ETag weakened", (etag: string) => `W/${etag}`],
    ["a list holding it", (etag: string) => `"0000000000000000", ${etag}`],
    ["*", () => "*"],
  ])("answers If-None-Match with %s by a 304 that repeats the validators and Cache-Control, reading no bytes", async (_, header) => {
    const source = faulty();
    const store = new PhotoStore(source, folder);
    const get = appWith(store);
    const etag = (await get(lead.src!)).headers.get("ETag")!;
    const response = await get(lead.src!, { headers: { "If-None-Match": header(etag) } });
    expect(response.status).toBe(304);
    expect(await response.text()).toBe("");
    expect(Object.fromEntries(response.headers)).toMatchObject({
      etag,
      "cache-control": "max-age=31536000, immutable",
      "cdn-cache-control": "max-age=31536000, immutable",
      "x-content-type-options": "nosniff",
    });
    expect(response.headers.has("content-type")).toBe(false);
  });

  it("answers another entity-tag, or If-Modified-Since alone (it has no Last-Modified), with the photo", async () => {
    const get = appWith(new PhotoStore(assets, folder));
    expect((await get(lead.src!, { headers: { "If-None-Match": '"0000000000000000"' } })).status).toBe(200);
    expect((await get(lead.src!, { headers: { "If-Modified-Since": new Date(NOW).toUTCString() } })).status).toBe(200);
  });

  it.each([
    ["the path the editor wrote", "/images/concert-hall.jpg"],
    ["a hash this build has no file for", "/images/concert-hall.0000000000000000.jpg"],
    ["an upper-case hash", lead.src!.replace(/\.([0-9a-f]{16})\./, (_, h: string) => `.${h.toUpperCase()}.`)],
    ["a type the service does not serve", lead.src!.replace(/\.jpg$/, ".svg")],
    ["a path out of the folder", "/images/../archive-newsroom/r/0"],
    ["the settled archive's files", "/images/r/0"],
    ["the folder itself", "/images/"],
  ])("is a 404, never a 5xx, for %s", async (_, path) => {
    const get = appWith(new PhotoStore(assets, folder));
    const response = await get(path);
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    // Under /images/, never stored (a ../ path is resolved out of it by the URL parser first).
    if (new URL(path, BASE).pathname.startsWith("/images/")) expect(response.headers.get("cache-control")).toBe("no-store");
    const conditional = await get(path, { headers: { "If-None-Match": "*" } });
    expect(conditional.status).toBe(404);
  });

  it("is a 404 for a photo the storage no longer has, also on revalidation (never a 304 for what is gone)", async () => {
    const source = faulty();
    source.mode = "404";
    const get = appWith(new PhotoStore(source, folder));
    expect((await get(lead.src!)).status).toBe(404);
    expect((await get(lead.src!, { headers: { "If-None-Match": `"${servedImage(lead.src!)!.hash}"` } })).status).toBe(404);
  });

  it.each(["throw", "hang", "500"] as const)("answers a storage that fails (%s) with a 503 no cache keeps, and recovers", async (mode) => {
    const source = faulty();
    const get = appWith(new PhotoStore(source, folder, 50));
    source.mode = mode;
    for (const init of [{}, { method: "HEAD" }, { headers: { "If-None-Match": "*" } }]) {
      const response = await get(lead.src!, init);
      expect(response.status).toBe(503);
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(response.headers.get("retry-after")).toBe(String(STORAGE_RETRY_AFTER_SECONDS));
      expect(response.headers.has("etag")).toBe(false);
      await response.arrayBuffer();
    }
    source.mode = "ok";
    expect((await get(lead.src!)).status).toBe(200);
  });

  it("a photo still to come is asked of the storage like any name, so a failing storage answers it as it answers a name with no file", async () => {
    const source = faulty();
    const get = appWith(new PhotoStore(source, folder, 50));
    const [still] = scheduledPhotos;
    const none = still!.replace(/\.[0-9a-f]{16}\./, ".0123456789abcdef.");
    for (const mode of ["500", "throw"] as const) {
      source.mode = mode;
      const calls = source.calls;
      const answers = [];
      for (const path of [still!, none]) {
        const response = await get(path);
        answers.push([response.status, response.headers.get("cache-control")]);
        await response.arrayBuffer();
      }
      expect(answers, mode).toEqual([
        [503, "no-store"],
        [503, "no-store"],
      ]);
      expect(source.calls - calls).toBe(2);
    }
  });

  it("is a 404 when the build has no photos (no image folder)", async () => {
    const { imageFolder: _, ...withoutPhotos } = newsroom;
    const app = createApp({ content: withoutPhotos, site: newsroomSite(), clock: () => NOW, store: new ArchiveStore(assets) });
    expect((await app.request(`${BASE}${lead.src}`)).status).toBe(404);
  });
});
