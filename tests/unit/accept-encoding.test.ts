import { describe, expect, it } from "vitest";
import { acceptsGzip, clientAcceptEncoding, isCompressible } from "../../src/http/encoding.js";

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

describe("acceptsGzip, parameters and bounds", () => {
  it.each([
    ["gzip; q=0.5", true, "spaces around the parameter"],
    ["gzip;level=9", true, "a parameter other than q leaves the weight at 1"],
    ["gzip;level=9;q=0", false, "q after another parameter"],
    ["gzip;q=Infinity", false, "a weight that is not a finite number counts as 0"],
    ["*;q=0.001", true, "the smallest non-zero weight of *"],
    ["identity, *;q=0.5", true, "* standing in for gzip"],
  ])("%j → %s (%s)", (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });

  it("reads only the first 1024 characters of the header", () => {
    const padding = `${"a".repeat(1018)}, `; // 1020 characters
    expect(acceptsGzip(`${padding}gzip`)).toBe(true); // ends at 1024
    expect(acceptsGzip(`${padding}br, gzip`)).toBe(false);
  });

  it("gives the same answer for a value asked again, and after many distinct values", () => {
    expect(acceptsGzip("deflate, gzip")).toBe(true);
    for (let i = 0; i < 300; i++) expect(acceptsGzip(`br;q=0.${i}`)).toBe(false);
    expect(acceptsGzip("deflate, gzip")).toBe(true);
    expect(acceptsGzip("deflate")).toBe(false);
  });
});

describe("isCompressible: the types Cloudflare compresses", () => {
  it.each([
    ["text/html; charset=utf-8", true],
    ["text/plain", true],
    ["text/css", true],
    ["text/xml", true],
    ["application/xml", true],
    ["Application/RSS+XML ; charset=utf-8", true],
    ["application/json", true],
    ["application/ld+json", true],
    ["application/manifest+json", true],
    ["image/svg+xml", true],
    ["application/atom+xml; charset=utf-8", false],
    ["application/feed+json", false],
    ["image/png", false],
    ["", false],
  ])("%j → %s", (contentType, expected) => {
    expect(isCompressible(contentType)).toBe(expected);
  });
});

describe("clientAcceptEncoding", () => {
  const request = (headers: Record<string, string>, cf?: unknown) =>
    Object.assign(new Request("https://news.example/", { headers }), cf === undefined ? {} : { cf });

  it("reads the header when the edge left it alone", () => {
    expect(clientAcceptEncoding(request({ "Accept-Encoding": "gzip" }))).toBe("gzip");
    expect(clientAcceptEncoding(request({}))).toBeNull();
    expect(clientAcceptEncoding(request({ "Accept-Encoding": "gzip" }, {}))).toBe("gzip");
    expect(clientAcceptEncoding(request({ "Accept-Encoding": "gzip" }, { clientAcceptEncoding: 1 }))).toBe("gzip");
  });

  it('prefers cf.clientAcceptEncoding, the client\'s own value, and reads "" as none sent', () => {
    expect(clientAcceptEncoding(request({ "Accept-Encoding": "br, gzip" }, { clientAcceptEncoding: "identity" }))).toBe("identity");
    expect(clientAcceptEncoding(request({ "Accept-Encoding": "br, gzip" }, { clientAcceptEncoding: "" }))).toBeNull();
  });
});
