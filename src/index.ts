/** The Worker entry: the Worker (`src/worker.ts`) for the bundled content. */
import { content } from "./generated/content.js";
import { type Env, workerFor } from "./worker.js";

export type { Env };

// Every export of the entry module must be a handler for workerd (a type is not one).
export default workerFor(content) satisfies ExportedHandler<Env>;
