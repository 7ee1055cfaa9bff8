/**
 * The naive peer: a Hono Worker that builds each feed with the `feed` package on every
 * request, as a straightforward feed service would. Compiled by the benchmark against
 * the same generated content as the service: the benchmark copies it to the same place
 * in its work directory, beside a copy of src/, so these imports resolve there too.
 */
import { Feed } from "feed";
import { Hono } from "hono";
import { content } from "../../src/generated/content.js";

const BASE = "https://news.example";

function build(): Feed {
  const articles = content.articles.slice(0, 50);
  const feed = new Feed({
    title: "Meridian Wire",
    description: "Independent reporting on world affairs from the Meridian Wire newsroom.",
    id: `${BASE}/`,
    link: `${BASE}/`,
    language: "en",
    copyright: "Meridian Wire",
    updated: articles[0] ? new Date(articles[0].updated) : new Date(0),
    feedLinks: { rss: `${BASE}/rss.xml`, atom: `${BASE}/atom.xml`, json: `${BASE}/feed.json` },
  });
  for (const a of articles) {
    feed.addItem({
      title: a.title,
      id: a.id,
      link: `${BASE}/articles/${a.slug}`,
      description: a.summary,
      // The naive peer carries every body in its script (the bench builds it so).
      content: "bodyHtml" in a ? a.bodyHtml : "",
      date: new Date(a.updated),
      published: new Date(a.published),
      author: a.authors.map((author) => ({ name: author.name })),
      category: a.tags.map((name) => ({ name })),
    });
  }
  return feed;
}

const app = new Hono();
app.get("/rss.xml", (c) => c.body(build().rss2(), 200, { "Content-Type": "application/rss+xml; charset=utf-8" }));
app.get("/atom.xml", (c) => c.body(build().atom1(), 200, { "Content-Type": "application/atom+xml; charset=utf-8" }));
app.get("/feed.json", (c) => c.body(build().json1(), 200, { "Content-Type": "application/feed+json; charset=utf-8" }));
export default app;
