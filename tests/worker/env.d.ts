// Types for the Worker under test, as `cloudflare:workers` exposes it to tests.
import type { Env as WorkerEnv } from "../../src/index.js";

declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {
      /** The D1 migrations (vitest.config.ts), applied by tests/worker/setup.ts. */
      TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
    }
    interface GlobalProps {
      mainModule: typeof import("../../src/index.js");
    }
  }
}
