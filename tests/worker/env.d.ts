// Types for the Worker under test, as `cloudflare:workers` exposes it to tests.
import type { SiteVars } from "../../src/config.js";

declare global {
  namespace Cloudflare {
    interface Env extends SiteVars {}
    interface GlobalProps {
      mainModule: typeof import("../../src/index.js");
    }
  }
}
