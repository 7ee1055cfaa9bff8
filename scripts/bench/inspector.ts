/** workerd's V8 inspector (Chrome DevTools Protocol) for a Miniflare started with `inspectorPort`: the user Worker's isolate. */
import WebSocket from "ws";

export interface Inspector {
  /** A protocol command's result; rejects with the inspector's error, or when there is no answer within `timeoutMs`. */
  send(method: string, params?: Record<string, unknown>, timeoutMs?: number): Promise<unknown>;
  close(): void;
}

export async function openInspector(port: number): Promise<Inspector> {
  const list = (await (await fetch(`http://127.0.0.1:${port}/json`)).json()) as { id: string; webSocketDebuggerUrl: string }[];
  const target = list.find((t) => t.id === "core:user:") ?? list[0];
  if (!target) throw new Error("workerd's inspector lists no worker");
  const ws = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((done, fail) => {
    ws.once("open", done);
    ws.once("error", fail);
  });
  let nextId = 1;
  const waiting = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();
  ws.on("message", (data: Buffer) => {
    const message = JSON.parse(data.toString()) as { id?: number; result?: unknown; error?: { message: string } };
    const waiter = message.id === undefined ? undefined : waiting.get(message.id);
    if (!waiter) return;
    waiting.delete(message.id!);
    if (message.error) waiter.reject(new Error(message.error.message));
    else waiter.resolve(message.result);
  });
  return {
    send: (method, params = {}, timeoutMs = 120_000) =>
      new Promise<unknown>((resolve, reject) => {
        const id = nextId++;
        const timer = setTimeout(() => reject(new Error(`${method}: no answer within ${timeoutMs} ms`)), timeoutMs);
        waiting.set(id, {
          resolve: (result) => {
            clearTimeout(timer);
            resolve(result);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        });
        ws.send(JSON.stringify({ id, method, params }));
      }),
    close: () => ws.close(),
  };
}

/**
 * What the isolate holds: the JS heap in use and the ArrayBuffers' backing stores (the held
 * bodies are Uint8Arrays, outside the heap), after a full collection. workerd does not answer
 * `HeapProfiler.collectGarbage`, but V8 collects all garbage before it takes a heap snapshot
 * (whose chunks are dropped here).
 */
export async function liveMemory(inspector: Inspector): Promise<{ heap: number; arrayBuffers: number }> {
  await inspector.send("HeapProfiler.takeHeapSnapshot", { reportProgress: false }, 300_000);
  const usage = (await inspector.send("Runtime.getHeapUsage", {}, 10_000)) as { usedSize: number; backingStorageSize?: number };
  return { heap: usage.usedSize, arrayBuffers: usage.backingStorageSize ?? 0 };
}

/** The JS heap in use now, garbage included (bytes). */
export async function heapNow(inspector: Inspector): Promise<number> {
  return ((await inspector.send("Runtime.getHeapUsage")) as { usedSize: number }).usedSize;
}

/** A free-enough inspector port for one Miniflare. */
export const inspectorPort = () => 9300 + Math.floor(Math.random() * 500);
