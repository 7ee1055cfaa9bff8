// Global setup of the e2e tier: `npm start` on a free port, exactly as the README tells a
// newcomer to run it; its URL is handed to the tests.
import type { TestProject } from "vitest/node";
import { serveLocally } from "../../scripts/serve-locally.js";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const service = await serveLocally();
  project.provide("baseUrl", service.url);
  return () => service.stop();
}
