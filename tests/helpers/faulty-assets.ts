// The real ASSETS binding with a fault switched on or off between the app and it: what the
// storage tests (tests/worker/storage.test.ts, tests/worker/photos.test.ts) inject.
import type { AssetFetcher } from "../../src/storage/archive-store.js";

export type AssetFault = "ok" | "throw" | "hang" | "404" | "500" | "corrupt" | "truncated" | "not-utf8";

export function faultyAssets(assets: AssetFetcher): AssetFetcher & { mode: AssetFault; calls: number } {
  return {
    mode: "ok",
    calls: 0,
    async fetch(request: Request) {
      this.calls++;
      switch (this.mode) {
        case "ok":
          return assets.fetch(request);
        case "throw":
          throw new Error("network connection lost");
        case "hang":
          return new Promise<Response>(() => {});
        case "404":
          return new Response("Not Found", { status: 404 });
        case "500":
          return new Response("oops", { status: 500 });
        case "corrupt": {
          const bytes = new Uint8Array(await (await assets.fetch(request)).arrayBuffer());
          bytes[bytes.length >> 1]! ^= 0x20; // one letter's case: still UTF-8, wrong bytes
          return new Response(bytes);
        }
        case "truncated": {
          const bytes = new Uint8Array(await (await assets.fetch(request)).arrayBuffer());
          return new Response(bytes.slice(0, bytes.length >> 1));
        }
        case "not-utf8":
          return new Response(new Uint8Array([0xff, 0xfe, 0xfd]));
      }
    },
  };
}
