// Which addresses the Worker may fetch a key from or deliver to (src/fediverse/addresses.ts):
// https on public hosts; loopback, over http too, only when the newsroom itself runs on loopback.
import { describe, expect, it } from "vitest";
import { refusedAddress } from "../../src/fediverse/addresses.js";
import { makeSite } from "../helpers/fixtures.js";

const production = makeSite({ baseUrl: "https://news.example" });
const local = makeSite({ baseUrl: "http://127.0.0.1:8787" });

describe("refusedAddress", () => {
  it.each([
    ["https://mastodon.social/users/alice", undefined, undefined],
    ["https://203.0.113.7/users/a", undefined, undefined],
    ["https://[2001:db8::1]/users/a", undefined, undefined],
    ["http://mastodon.social/users/alice", "not https", "not https"],
    ["https://127.0.0.1/users/a", "a private, loopback or link-local address", undefined],
    ["http://127.0.0.1:3000/users/a", "not https", undefined],
    ["http://localhost:3000/users/a", "not https", undefined],
    ["https://localhost/users/a", "a local name", undefined],
    ["https://[::1]/users/a", "a private, loopback or link-local address", undefined],
    ["https://10.0.0.1/users/a", "a private, loopback or link-local address", "a private, loopback or link-local address"],
    ["https://172.16.5.4/a", "a private, loopback or link-local address", "a private, loopback or link-local address"],
    ["https://192.168.1.1/a", "a private, loopback or link-local address", "a private, loopback or link-local address"],
    ["https://169.254.169.254/latest", "a private, loopback or link-local address", "a private, loopback or link-local address"],
    ["https://100.64.0.1/a", "a private, loopback or link-local address", "a private, loopback or link-local address"],
    ["https://0.0.0.0/a", "a private, loopback or link-local address", "a private, loopback or link-local address"],
    ["https://[fe80::1]/a", "a private, loopback or link-local address", "a private, loopback or link-local address"],
    ["https://[fc00::1]/a", "a private, loopback or link-local address", "a private, loopback or link-local address"],
    ["https://[::ffff:10.0.0.1]/a", "a private, loopback or link-local address", "a private, loopback or link-local address"],
    ["https://printer.local/a", "a local name", "a local name"],
    ["https://intranet/a", "a local name", "a local name"],
    ["https://user:pw@mastodon.social/a", "a URL with credentials", "a URL with credentials"],
    ["ftp://mastodon.social/a", "not https", "not https"],
    ["not a url", "not a URL", "not a URL"],
  ])("%s: production %s, local run %s", (url, inProduction, inLocalRun) => {
    expect(refusedAddress(url, production)).toBe(inProduction);
    expect(refusedAddress(url, local)).toBe(inLocalRun);
  });
});
