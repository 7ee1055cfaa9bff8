/**
 * A child process serving the newsroom fixture over HTTP at the fixed test time, with
 * feeds naming the address it listens on; prints that address on its first line. A
 * separate process because the readers run synchronously in the test's own.
 *   node --import tsx tests/helpers/serve-newsroom.ts
 */
import { resolve } from "node:path";
import { freePort } from "../../scripts/serve-locally.js";
import { createApp } from "../../src/app/create-app.js";
import { buildFixtureSite } from "./build-site.js";
import { NOW, newsroomSite } from "./newsroom.js";
import { serveApp } from "./node-server.js";

const fixture = resolve(import.meta.dirname, "../fixtures/newsroom");
const { articles, icons: files } = await buildFixtureSite(fixture);
const port = await freePort();
const site = newsroomSite({ baseUrl: `http://127.0.0.1:${port}` });
const server = await serveApp(createApp({ content: { version: "fixture", files, articles }, site, clock: () => NOW }), port);
console.log(server.url);
