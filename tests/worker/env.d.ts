// Types for the Worker under test, as `cloudflare:workers` exposes it to tests.
import type { Env as WorkerEnv } from "../../src/index.js";

declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {}
    interface GlobalProps {
      mainModule: typeof import("../../src/index.js");
    }
  }
}
