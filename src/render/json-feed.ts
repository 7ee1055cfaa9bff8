/**
 * JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/), built as a typed object and
 * serialised with `JSON.stringify`. HTML appears only in `content_html`, as the spec says.
 */
import type { Article, Author, Site } from "../model.js";
import { absoluteUrl, paths, resolveUrl } from "../urls.js";
import { articleContentHtml, feedItems } from "./article-html.js";
import { jsonStringReplacer } from "./html.js";

interface JsonFeedAuthor {
  name: string;
  url?: string;
}

interface JsonFeedItem {
  id: string;
  url: string;
  title: string;
  content_html: string;
  summary: string;
  image?: string;
  date_published: string;
  date_modified: string;
  authors: JsonFeedAuthor[];
  tags?: string[];
  language?: string;
}

export interface JsonFeed {
  version: "https://jsonfeed.org/version/1.1";
  title: string;
  home_page_url: string;
  feed_url: string;
  description: string;
  icon?: string;
  favicon: string;
  language: string;
  authors: JsonFeedAuthor[];
  items: JsonFeedItem[];
}

// JSON Feed authors have no e-mail member; the name and the page are what readers show.
const toAuthor = (author: Author): JsonFeedAuthor => (author.url ? { name: author.name, url: author.url } : { name: author.name });

export function jsonFeed(site: Site, articles: readonly Article[]): JsonFeed {
  return {
    version: "https://jsonfeed.org/version/1.1",
    title: site.name,
    home_page_url: absoluteUrl(site, paths.home),
    feed_url: absoluteUrl(site, paths.jsonFeed),
    description: site.description,
    favicon: absoluteUrl(site, paths.icon),
    language: site.language,
    authors: [{ name: site.name, url: absoluteUrl(site, paths.home) }],
    items: feedItems(site, articles).map((article) => {
      const item: JsonFeedItem = {
        id: article.id,
        url: absoluteUrl(site, paths.article(article.slug)),
        title: article.title,
        content_html: articleContentHtml(site, article),
        summary: article.summary,
        date_published: article.published,
        date_modified: article.updated,
        authors: article.authors.map(toAuthor),
      };
      const src = article.image?.src;
      if (src !== undefined) item.image = resolveUrl(site, src);
      if (article.tags.length > 0) item.tags = [...article.tags];
      if (article.language !== undefined && article.language !== site.language) item.language = article.language;
      return item;
    }),
  };
}

export function renderJsonFeed(site: Site, articles: readonly Article[]): string {
  return `${JSON.stringify(jsonFeed(site, articles), jsonStringReplacer)}\n`;
}
