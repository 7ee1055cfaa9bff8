import { describe, expect, it } from "vitest";
import { pageSecurityHeaders } from "../../src/http/security-headers.js";

describe("page security headers", () => {
  it("over http: no Strict-Transport-Security, no deprecated headers, the strict CSP", async () => {
    const headers = await pageSecurityHeaders("http://127.0.0.1:8787");
    expect(headers).toEqual({
      "content-security-policy":
        "default-src 'none'; style-src 'self'; img-src 'self' https: data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
      "cross-origin-opener-policy": "same-origin",
      "cross-origin-resource-policy": "same-origin",
      "origin-agent-cluster": "?1",
      "referrer-policy": "no-referrer",
      "x-content-type-options": "nosniff",
      "x-dns-prefetch-control": "off",
      "x-frame-options": "SAMEORIGIN",
      "x-permitted-cross-domain-policies": "none",
    });
  });

  it("over https: HSTS as well", async () => {
    const headers = await pageSecurityHeaders("https://news.example");
    expect(headers["strict-transport-security"]).toBe("max-age=15552000; includeSubDomains");
    expect(headers["x-xss-protection"]).toBeUndefined();
    expect(headers["x-download-options"]).toBeUndefined();
  });
});
