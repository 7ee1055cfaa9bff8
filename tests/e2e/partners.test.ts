// The partner feed from outside, on `npm start` with a partner made by `npm run partner -- add`
// (tests/e2e/serve.ts): the token it printed works through wrangler dev's own reading of the
// file, with curl as /partners shows it, with a feed parser's HTTP client and through
// REDbot's checks with the token on every probe; raw HTTP/1.1 requests no fetch() can send
// (repeated headers, a token in the request target) get 400 or 401 and nothing else.
import { spawnSync } from "node:child_process";
import { connect } from "node:net";
import { extract } from "@extractus/feed-extractor";
import { describe, expect, inject, it } from "vitest";
import { run } from "../../scripts/partner.js";
import { fetchRaw, httpLint, WRANGLER_DEV } from "../helpers/http-lint.js";

const base = inject("baseUrl");
const token = inject("partnerToken");
const partnerFile = inject("partnerFile");
const FEED = "/partners/feed.json";
const auth = { Authorization: `Bearer ${token}` };

/** One HTTP/1.1 request written byte for byte; the status and the whole response as text. */
function rawRequest(head: string): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(`${head}\r\nHost: ${hostname}:${port}\r\nConnection: close\r\n\r\n`));
    const chunks: Buffer[] = [];
    socket.on("data", (c: Buffer) => chunks.push(c));
    socket.on("error", reject);
    socket.on("end", () => {
      const text = Buffer.concat(chunks).toString("latin1");
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text });
    });
  });
}

describe("the partner feed on npm start", () => {
  it("curl with the token, as /partners shows it, gets the partners' JSON Feed, profile version 3", () => {
    const curl = spawnSync("curl", ["-sS", "-D", "-", "-H", `Authorization: Bearer ${token}`, `${base}${FEED}`], { encoding: "utf8" });
    expect(curl.status, curl.stderr).toBe(0);
    const [head, body] = curl.stdout.split("\r\n\r\n");
    expect(head).toMatch(/^HTTP\/1\.1 200 /);
    expect(head).toMatch(/\r\ncache-control: private, no-cache\r\n/i);
    const feed = JSON.parse(body!);
    expect(feed.version).toBe("https://jsonfeed.org/version/1.1");
    expect(feed.feed_url).toBe(`${base}${FEED}`);
    expect(feed._syndication).toMatchObject({ version: 3, schema: `${base}/schemas/syndication-3.json` });
    // The same items as the public feed (nothing is under embargo in content/ now).
    const pub = JSON.parse(spawnSync("curl", ["-sS", `${base}/feed.json`], { encoding: "utf8" }).stdout);
    expect(feed.items).toEqual(pub.items);
    for (const item of feed.items) expect(item._syndication.version).toBe(3);
  });

  it("a feed parser with its own HTTP client (feed-extractor, fetch) reads it with the token, and is refused without", async () => {
    // Its third argument is the fetch it uses: the platform's, with the partner's header.
    const feed = await extract(`${base}${FEED}`, {}, (url: string) => fetch(url, { headers: auth }));
    expect(feed.title).toBe("Meridian Wire: partners");
    expect(feed.entries?.length).toBeGreaterThan(0);
    await expect(extract(`${base}${FEED}`)).rejects.toThrow(/401/);
  });

  it("a partner added while npm start runs gets in, and is refused at once when revoked (npm start restarts wrangler dev)", async () => {
    const printed: string[] = [];
    await run(["add", "Late Herald", "--file", partnerFile], (line) => printed.push(line));
    const late = { Authorization: `Bearer ${printed.at(-1)!}` };
    /** The status once it is `want` (polling while wrangler dev restarts), within 60 s. */
    const settle = async (want: number) => {
      let status = 0;
      for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 250))) {
        status = await fetch(`${base}${FEED}`, { headers: late }).then(
          (r) => r.status,
          () => 0, // restarting: not listening for a moment
        );
        if (status === want) break;
      }
      return status;
    };
    expect(await settle(200)).toBe(200);
    const id = /^Added partner (p-[0-9a-f]{8}) /.exec(printed[0]!)![1]!;
    await run(["revoke", id, "--file", partnerFile], () => {});
    expect(await settle(401)).toBe(401);
    // The partner made at start-up is still served.
    expect((await fetch(`${base}${FEED}`, { headers: auth })).status).toBe(200);
  }, 150_000);

  it("passes REDbot's checks with the token on every probe: private, Vary: Authorization, 304s, HEAD, codings", async () => {
    expect(await httpLint(`${base}${FEED}`, { headers: auth, allow: WRANGLER_DEV })).toEqual([]);
  });

  it("its 401 and 400 pass REDbot's checks, and are never stored", async () => {
    expect(await httpLint(`${base}${FEED}`, { status: 401, requireLastModified: false, allow: WRANGLER_DEV })).toEqual([]);
    expect(
      await httpLint(`${base}${FEED}?access_token=${token}`, { status: 400, requireLastModified: false, allow: WRANGLER_DEV }),
    ).toEqual([]);
    const refused = await fetchRaw(`${base}${FEED}`, { Authorization: `Bearer ${token}x` });
    const fields = Object.fromEntries(refused.fields.map(([k, v]) => [k.toLowerCase(), v]));
    expect(refused.status).toBe(401);
    expect(fields["www-authenticate"]).toBe('Bearer realm="partners"');
    expect(fields["cache-control"]).toBe("no-store");
    expect(refused.body.toString()).not.toContain(token);
  });

  it("the partners' ninjs address: REDbot's checks pass on its 401 and, with the token, on its 404 for a story not under embargo", async () => {
    // content/ has nothing under embargo: the seed is published, so it has only its public document.
    const path = `${base}/partners/articles/us-expels-12-russian-un-diplomats.ninjs.json`;
    expect(await httpLint(path, { status: 401, requireLastModified: false, allow: WRANGLER_DEV })).toEqual([]);
    expect(await httpLint(path, { status: 404, headers: auth, requireLastModified: false, allow: WRANGLER_DEV })).toEqual([]);
    const refused = await fetchRaw(path, auth);
    const fields = Object.fromEntries(refused.fields.map(([k, v]) => [k.toLowerCase(), v]));
    expect(fields["cache-control"]).toBe("no-store");
    expect(fields.vary).toBe("Authorization, Accept-Encoding");
    expect((await fetch(`${base}/articles/us-expels-12-russian-un-diplomats.ninjs.json`)).status).toBe(200);
  });

  // (An absolute-form request target, `GET http://host/… HTTP/1.1`, is a 500 from wrangler dev's
  // own HTTP server on every path, before the Worker runs: not this Worker's, so not listed.)
  it.each([
    {
      name: "two Authorization headers, the real one second",
      head: `GET ${FEED} HTTP/1.1\r\nAuthorization: Bearer nrp_wrong\r\nAuthorization: Bearer ${token}`,
      status: 401,
    },
    {
      name: "two Authorization headers, both real",
      head: `GET ${FEED} HTTP/1.1\r\nAuthorization: Bearer ${token}\r\nAuthorization: Bearer ${token}`,
      status: 401,
    },
    { name: "the token in the query string", head: `GET ${FEED}?token=${token} HTTP/1.1`, status: 400 },
    {
      name: "the token in the query string, the header too",
      head: `GET ${FEED}?t=${token} HTTP/1.1\r\nAuthorization: Bearer ${token}`,
      status: 400,
    },
    { name: "the token as a path segment", head: `GET ${FEED}/${token} HTTP/1.1`, status: 404 },
    {
      name: "Basic with the token as the password",
      head: `GET ${FEED} HTTP/1.1\r\nAuthorization: Basic ${btoa(`x:${token}`)}`,
      status: 401,
    },
    { name: "the token in a cookie", head: `GET ${FEED} HTTP/1.1\r\nCookie: token=${token}`, status: 401 },
    { name: "the token and a control character", head: `GET ${FEED} HTTP/1.1\r\nAuthorization: Bearer ${token}\u0001`, status: 401 },
    { name: "the token, a tab and more", head: `GET ${FEED} HTTP/1.1\r\nAuthorization: Bearer ${token}\tx`, status: 401 },
    { name: "a 100 KB token", head: `GET ${FEED} HTTP/1.1\r\nAuthorization: Bearer nrp_${"A".repeat(100_000)}`, status: 401 },
    {
      name: "500 Authorization headers, the real one last",
      head: `GET ${FEED} HTTP/1.1\r\n${Array.from({ length: 499 }, (_, i) => `Authorization: Bearer nrp_${i}\r\n`).join("")}Authorization: Bearer ${token}`,
      status: 401,
    },
    { name: "the token on a folded line (obs-fold)", head: `GET ${FEED} HTTP/1.1\r\nAuthorization: Bearer\r\n nrp_x`, status: 401 },
    // The runtime's HTTP parser refuses a NUL in a field itself.
    { name: "a NUL in the token", head: `GET ${FEED} HTTP/1.1\r\nAuthorization: Bearer ${token}\u0000x`, status: 400 },
    { name: "a non-ASCII letter in the token", head: `GET ${FEED} HTTP/1.1\r\nAuthorization: Bearer ${token}\u00e9`, status: 401 },
  ])("raw HTTP/1.1: $name gets $status, no feed byte, no echo", async ({ head, status }) => {
    const r = await rawRequest(head);
    // Never a 5xx, never a 200.
    expect(r.status).toBe(status);
    expect(r.text).not.toContain(token.slice(4));
    expect(r.text).not.toContain('"_syndication"');
  });
});
