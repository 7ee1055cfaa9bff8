/**
 * Serves a `createApp` app over real HTTP from Node, for feed readers that need a URL
 * (newsboat, feedparser) when the content is a fixture and the clock is fixed. The
 * served bytes are the app's own; only the socket is Node's.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { Hono } from "hono";

export interface NodeServer {
  url: string;
  close(): Promise<void>;
}

/** Listens on `port` (any free one by default) on the loopback interface. */
export function serveApp(app: Hono, port = 0): Promise<NodeServer> {
  const server = createServer(async (req: IncomingMessage, res) => {
    try {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
      const response = await app.fetch(new Request(`http://${req.headers.host}${req.url}`, { method: req.method, headers }));
      const body = req.method === "HEAD" ? new Uint8Array() : new Uint8Array(await response.arrayBuffer());
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(body);
    } catch (error) {
      res.writeHead(500);
      res.end(String(error));
    }
  });
  // No Keep-Alive header (deprecated, and not the app's): Node sends it only with a timeout.
  server.keepAliveTimeout = 0;
  return new Promise((resolve) => {
    server.listen(port, "127.0.0.1", () => {
      const { port: bound } = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${bound}`, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}
