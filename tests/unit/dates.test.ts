import { describe, expect, it } from "vitest";
import { timestampProblem } from "../../src/content-build/schema.js";
import { displayDate, epochMs, imfFixdate } from "../../src/render/dates.js";

describe("imfFixdate (RFC 9110 §5.6.7, RFC 822 + RFC 1123 for RSS)", () => {
  it("formats in GMT whatever the offset written", () => {
    expect(imfFixdate(epochMs("2022-03-01T19:40:00+02:00"))).toBe("Tue, 01 Mar 2022 17:40:00 GMT");
    expect(imfFixdate(epochMs("2022-03-01T00:30:00-05:00"))).toBe("Tue, 01 Mar 2022 05:30:00 GMT");
  });

  it("truncates to whole seconds (an HTTP-date has one-second resolution)", () => {
    expect(imfFixdate(epochMs("2022-03-02T08:00:00.999Z"))).toBe("Wed, 02 Mar 2022 08:00:00 GMT");
  });

  it("pads single digits and handles leap days", () => {
    expect(imfFixdate(epochMs("2024-02-29T01:02:03Z"))).toBe("Thu, 29 Feb 2024 01:02:03 GMT");
  });
});

describe("displayDate", () => {
  it("uses the newsroom's wall-clock date as written, not UTC's", () => {
    // 00:30 on 2 March in Kyiv is still 1 March in UTC; readers there saw 2 March.
    expect(displayDate("2022-03-02T00:30:00+02:00")).toBe("2 March 2022");
    expect(displayDate("2022-12-31T23:59:59Z")).toBe("31 December 2022");
  });
});

describe("timestampProblem (RFC 3339 with offset)", () => {
  it.each(["2022-03-01T19:40:00+02:00", "2022-03-01T19:40:00Z", "2022-03-01T19:40:00.123456-05:30", "2024-02-29T00:00:00Z"])(
    "accepts %s",
    (value) => {
      expect(timestampProblem(value)).toBeUndefined();
    },
  );

  it.each([
    "2022-03-01",
    "2022-03-01T19:40:00",
    "2022-03-01 19:40",
    "2023-02-29T00:00:00Z",
    "2022-13-01T00:00:00Z",
    "2022-03-01T24:00:00Z",
    "2022-03-01T19:40:00+0200",
    "1 March 2022",
  ])("rejects %s", (value) => {
    expect(timestampProblem(value)).toMatch(/^"/);
  });
});
