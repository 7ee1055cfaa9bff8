// Site configuration from wrangler vars: defaults, overrides, and a clear error naming the var.
import { describe, expect, it } from "vitest";
import { siteDefaults, siteFromVars } from "../../src/core/config.js";

describe("siteFromVars", () => {
  it("keeps the defaults when no var is set", () => {
    expect(siteFromVars({})).toEqual(siteDefaults);
    expect(siteDefaults.hub).toBeUndefined();
    expect(siteDefaults.license).toBe("CC-BY-ND-4.0");
  });

  it("takes a WebSub hub and a licence, or none", () => {
    expect(siteFromVars({ WEBSUB_HUB: "https://hub.example" }).hub).toBe("https://hub.example/");
    expect(siteFromVars({ WEBSUB_HUB: "" }).hub).toBeUndefined();
    expect(siteFromVars({ LICENSE: "CC-BY-4.0" }).license).toBe("CC-BY-4.0");
    expect(siteFromVars({ LICENSE: "none" }).license).toBe("none");
  });

  it.each([
    [{ WEBSUB_HUB: "hub.example" }, 'WEBSUB_HUB: "hub.example" must be an absolute http(s) URL such as https://pubsubhubbub.appspot.com/'],
    [
      { LICENSE: "MIT" },
      'LICENSE: "MIT" must be none or one of CC-BY-4.0, CC-BY-SA-4.0, CC-BY-ND-4.0, CC-BY-NC-4.0, CC-BY-NC-ND-4.0, CC-BY-NC-SA-4.0, CC0-1.0',
    ],
    [{ FEED_SIZE: "0" }, 'FEED_SIZE: "0" must be a whole number from 1 to 1000'],
    [
      { BASE_URL: "https://news.example/path" },
      'BASE_URL: "https://news.example/path" must be an http(s) origin such as https://news.example (no path)',
    ],
  ])("rejects %o, naming the var", (vars, message) => {
    expect(() => siteFromVars(vars)).toThrow(message);
  });
});
