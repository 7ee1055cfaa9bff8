/**
 * The Hono app: thin routes over pure renderers. Built by `createApp` from its inputs so
 * tests can pass fixtures; the Worker entry (`index.ts`) wires in the bundled content.
 */
import { Hono } from "hono";
import type { Article, ContentBundle, Site } from "./model.js";
import { icon, stylesheet } from "./render/assets.js";
import { renderAtom } from "./render/atom.js";
import { renderJsonFeed } from "./render/json-feed.js";
import { renderArticlePage, renderHomePage, renderNotFoundPage } from "./render/pages.js";
import { renderRss } from "./render/rss.js";
import { paths } from "./urls.js";

/** Media types, each with its charset (RFC 9110 §8.3). */
export const mediaTypes = {
  rss: "application/rss+xml; charset=utf-8",
  atom: "application/atom+xml; charset=utf-8",
  jsonFeed: "application/feed+json; charset=utf-8",
  html: "text/html; charset=utf-8",
  css: "text/css; charset=utf-8",
  svg: "image/svg+xml; charset=utf-8",
} as const;

/** A response body rendered and encoded once, then served from memory. */
interface Representation {
  body: Uint8Array;
  contentType: string;
}

export interface AppInputs {
  content: ContentBundle;
  site: Site;
}

const encoder = new TextEncoder();

/** Renders on first use and keeps the bytes: documents depend only on content and site. */
function memo(contentType: string, render: () => string): () => Representation {
  let value: Representation | undefined;
  return () => (value ??= { body: encoder.encode(render()), contentType });
}

export function createApp({ content, site }: AppInputs): Hono {
  const articles = content.articles;
  const bySlug = new Map<string, Article>(articles.map((a) => [a.slug, a]));
  const articlePages = new Map<string, Representation>();

  const documents = {
    home: memo(mediaTypes.html, () => renderHomePage(site, articles)),
    rss: memo(mediaTypes.rss, () => renderRss(site, articles)),
    atom: memo(mediaTypes.atom, () => renderAtom(site, articles)),
    jsonFeed: memo(mediaTypes.jsonFeed, () => renderJsonFeed(site, articles)),
    notFound: memo(mediaTypes.html, () => renderNotFoundPage(site)),
    stylesheet: memo(mediaTypes.css, () => stylesheet),
    icon: memo(mediaTypes.svg, () => icon),
  };

  const send = (rep: Representation, status: 200 | 404 = 200) =>
    new Response(rep.body, { status, headers: { "Content-Type": rep.contentType } });

  const app = new Hono();

  // GET and HEAD only (Hono answers HEAD from the GET route without a body).
  app.use("*", async (c, next) => {
    if (c.req.method === "GET" || c.req.method === "HEAD") return next();
    return new Response(null, { status: 405, headers: { Allow: "GET, HEAD" } });
  });

  app.get(paths.home, () => send(documents.home()));
  app.get(paths.rss, () => send(documents.rss()));
  app.get(paths.atom, () => send(documents.atom()));
  app.get(paths.jsonFeed, () => send(documents.jsonFeed()));
  app.get(paths.stylesheet, () => send(documents.stylesheet()));
  app.get(paths.icon, () => send(documents.icon()));
  app.get("/articles/:slug", (c) => {
    const slug = c.req.param("slug");
    const article = bySlug.get(slug);
    if (!article) return send(documents.notFound(), 404);
    let page = articlePages.get(slug);
    if (!page) {
      page = { body: encoder.encode(renderArticlePage(site, article)), contentType: mediaTypes.html };
      articlePages.set(slug, page);
    }
    return send(page);
  });

  app.notFound(() => send(documents.notFound(), 404));
  // Content cannot fail per request (it is validated at build time); anything else is a
  // bug, answered without detail and never cached.
  app.onError((error) => {
    console.error(error);
    return new Response("Internal error\n", {
      status: 500,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  });
  return app;
}
