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
