/** A parsing thread (`parse-threads.ts`): parses each batch of files it is sent, as the build would. */
import { parentPort } from "node:worker_threads";
import { parseArticle } from "./build-content.js";

parentPort!.on("message", ({ jobs }: { jobs: { file: string; slug: string; bytes: Uint8Array }[] }) => {
  parentPort!.postMessage({ parsed: jobs.map(({ file, slug, bytes }) => parseArticle(file, slug, bytes)) });
});
