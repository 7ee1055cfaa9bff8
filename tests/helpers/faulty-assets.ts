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
          // A letter's case flipped in every 256 bytes past the check line: still UTF-8, wrong bytes
          // in every record and page of a pack (each is checked on its own) and in any other file.
          const bytes = new Uint8Array(await (await assets.fetch(request)).arrayBuffer());
          for (let at = 44; at < bytes.length; at += 256) {
            const letter = bytes.findIndex((b, i) => i >= at && ((b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a)));
            if (letter < 0) break;
            bytes[letter]! ^= 0x20;
          }
          return new Response(bytes);
        }
        case "truncated": {
          // Cut short within its first line past the check (a pack's table): nothing in it can be read.
          const bytes = new Uint8Array(await (await assets.fetch(request)).arrayBuffer());
          return new Response(bytes.slice(0, Math.min(bytes.length >> 1, 64)));
        }
        case "not-utf8":
          return new Response(new Uint8Array([0xff, 0xfe, 0xfd]));
      }
    },
  };
}
