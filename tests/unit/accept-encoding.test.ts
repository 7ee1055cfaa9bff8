import { describe, expect, it } from "vitest";
import { acceptsGzip } from "../../src/http/encoding.js";

describe("acceptsGzip (RFC 9110 §12.5.3)", () => {
  it.each([
    ["gzip", true],
    ["gzip, deflate, br", true],
    ["br;q=1.0, gzip;q=0.8, *;q=0.1", true],
    ["x-gzip", true],
    ["*", true],
    ["GZIP", true],
    ["gzip;q=0", false],
    ["*;q=0", false],
    ["br, *;q=0", false],
    ["gzip;q=0, *", false],
    ["identity", false],
    ["", false],
    ["gzip;q=junk", false],
    [";;;,,,", false],
  ])("%j → %s", (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });

  it("is false without the header", () => {
    expect(acceptsGzip(null)).toBe(false);
  });
});
