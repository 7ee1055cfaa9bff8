// RFC 9110 §13 row by row, on the pure functions.
import { describe, expect, it } from "vitest";
import { ifNoneMatchMatches, isNotModified, MAX_CONDITIONAL_HEADER_BYTES, MAX_ETAGS, parseHttpDate } from "../../src/http/conditional.js";

const ETAG = 'W/"sha256-abc"';
const LAST_MODIFIED = Date.UTC(2022, 2, 1, 17, 40, 0); // Tue, 01 Mar 2022 17:40:00 GMT

describe("If-None-Match, weak comparison (§13.1.2)", () => {
  it.each([
    ['"sha256-abc"', true, "the same tag, strong form"],
    ['W/"sha256-abc"', true, "the same tag, weak form"],
    ['"x", W/"sha256-abc"', true, "a list containing it"],
    ['"x",W/"sha256-abc" , "y"', true, "a list without spaces"],
    ["*", true, "*"],
    ['"sha256-abd"', false, "another tag"],
    ['"sha256-abc', false, "an unterminated tag"],
    ["sha256-abc", false, "an unquoted tag"],
    ['W/"sha256-abc"x', false, "junk after a tag"],
    ["", false, "an empty value"],
  ])("%s → %s (%s)", (header, expected) => {
    expect(ifNoneMatchMatches(header, ETAG)).toBe(expected);
  });

  it(`examines at most ${MAX_ETAGS} tags, so a huge list costs bounded work`, () => {
    const others = Array.from({ length: 1000 }, (_, i) => `"t${i}"`);
    expect(ifNoneMatchMatches([ETAG, ...others].join(", "), ETAG)).toBe(true);
    expect(ifNoneMatchMatches([...others.slice(0, MAX_ETAGS), ETAG].join(", "), ETAG)).toBe(false);
  });

  it("ignores a header longer than the cap", () => {
    expect(ifNoneMatchMatches(`${ETAG}, "${"x".repeat(MAX_CONDITIONAL_HEADER_BYTES)}"`, ETAG)).toBe(false);
  });
});

describe("parseHttpDate (§5.6.7)", () => {
  it.each([
    ["Tue, 01 Mar 2022 17:40:00 GMT", "IMF-fixdate"],
    ["Tuesday, 01-Mar-22 17:40:00 GMT", "obsolete RFC 850"],
    ["Tue Mar  1 17:40:00 2022", "obsolete asctime"],
  ])("reads %s (%s)", (value) => {
    expect(parseHttpDate(value)).toBe(LAST_MODIFIED);
  });

  it.each([
    "not-a-date",
    "Tue, 01 Mar 2022 17:40:00 GMT, Wed, 02 Mar 2022 17:40:00 GMT",
    "Mon, 31 Feb 2022 00:00:00 GMT",
    "Tue, 01 Mar 2022 17:40:00 +0000",
    "2022-03-01T17:40:00Z",
    "",
  ])("rejects %j", (value) => {
    expect(parseHttpDate(value)).toBeUndefined();
  });
});

describe("isNotModified (§13.2.2)", () => {
  const ask = (headers: Record<string, string>) => isNotModified(new Headers(headers), ETAG, LAST_MODIFIED);

  it("is false without conditional headers", () => {
    expect(ask({})).toBe(false);
  });

  it("uses If-None-Match when present and ignores If-Modified-Since", () => {
    expect(ask({ "If-None-Match": '"other"', "If-Modified-Since": "Tue, 01 Mar 2022 17:40:00 GMT" })).toBe(false);
    expect(ask({ "If-None-Match": ETAG, "If-Modified-Since": "Sat, 01 Jan 2000 00:00:00 GMT" })).toBe(true);
  });

  it.each([
    ["Tue, 01 Mar 2022 17:40:00 GMT", true, "equal to Last-Modified"],
    ["Wed, 02 Mar 2022 00:00:00 GMT", true, "later (a reader's own fetch time)"],
    ["Tue, 01 Mar 2022 17:39:59 GMT", false, "one second earlier"],
    ["not-a-date", false, "invalid, so ignored"],
    ["Tue, 01 Mar 2022 17:40:00 GMT, Tue, 01 Mar 2022 17:40:00 GMT", false, "two dates, so ignored"],
  ])("If-Modified-Since %s → %s (%s)", (value, expected) => {
    expect(ask({ "If-Modified-Since": value })).toBe(expected);
  });

  it("ignores If-Modified-Since when the resource has no Last-Modified", () => {
    expect(isNotModified(new Headers({ "If-Modified-Since": "Tue, 01 Mar 2022 17:40:00 GMT" }), ETAG)).toBe(false);
  });
});

describe("If-None-Match edge cases (§13.1.2)", () => {
  it("matches `*` surrounded by optional whitespace", () => {
    expect(ifNoneMatchMatches(" * ", ETAG)).toBe(true);
    expect(ifNoneMatchMatches("\t*", ETAG)).toBe(true);
  });

  it("still reads a header of exactly the cap's length", () => {
    const prefix = `${ETAG}, "`;
    const header = `${prefix}${"x".repeat(MAX_CONDITIONAL_HEADER_BYTES - prefix.length - 1)}"`;
    expect(header.length).toBe(MAX_CONDITIONAL_HEADER_BYTES);
    expect(ifNoneMatchMatches(header, ETAG)).toBe(true);
    expect(ifNoneMatchMatches(`${header} `, ETAG)).toBe(false);
  });

  it("matches a header identical to the current ETag without parsing it", () => {
    // The fast path: the client sends back exactly what it got.
    expect(ifNoneMatchMatches('"a b"', '"a b"')).toBe(true);
    expect(ifNoneMatchMatches('"a b"', '"a c"')).toBe(false);
  });
});

describe("parseHttpDate field ranges and exact values (§5.6.7)", () => {
  it.each([
    ["Tue, 01 Mar 2022 23:00:00 GMT", Date.UTC(2022, 2, 1, 23, 0, 0), "hour 23"],
    ["Tue, 01 Mar 2022 17:59:00 GMT", Date.UTC(2022, 2, 1, 17, 59, 0), "minute 59"],
    ["Tue, 01 Mar 2022 17:39:60 GMT", Date.UTC(2022, 2, 1, 17, 40, 0), "second 60 (a leap second)"],
    ["Tue, 01 Mar 2022 17:40:07 GMT", Date.UTC(2022, 2, 1, 17, 40, 7), "IMF-fixdate seconds"],
    ["Tuesday, 01-Mar-22 17:40:07 GMT", Date.UTC(2022, 2, 1, 17, 40, 7), "RFC 850 seconds"],
    ["Tue Mar  1 17:40:07 2022", Date.UTC(2022, 2, 1, 17, 40, 7), "asctime seconds"],
    ["Thu Mar 31 17:40:07 2022", Date.UTC(2022, 2, 31, 17, 40, 7), "asctime two-digit day"],
    ["Thursday, 01-Jan-70 00:00:00 GMT", 0, "RFC 850 year 70 is 1970"],
    ["Tuesday, 31-Dec-69 23:59:59 GMT", Date.UTC(2069, 11, 31, 23, 59, 59), "RFC 850 year 69 is 2069"],
  ])("reads %s as %d (%s)", (value, expected) => {
    expect(parseHttpDate(value)).toBe(expected);
  });

  it.each([
    "Tue, 01 Mar 2022 17:60:00 GMT",
    "Tue, 01 Mar 2022 17:40:61 GMT",
    "Tue, 01 Mar 2022 24:00:00 GMT",
    "Tue, 01 Foo 2022 17:40:00 GMT",
  ])("rejects the out-of-range field in %j", (value) => {
    expect(parseHttpDate(value)).toBeUndefined();
  });
});

describe("isNotModified precedence (§13.2.2)", () => {
  it("answers a matching If-None-Match alone with 304, Last-Modified or not", () => {
    expect(isNotModified(new Headers({ "If-None-Match": ETAG }), ETAG, LAST_MODIFIED)).toBe(true);
    expect(isNotModified(new Headers({ "If-None-Match": ETAG }), ETAG)).toBe(true);
  });
});
