import { Hono } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { describe, expect, it } from "vitest";
import { CONTENT_SECURITY_POLICY, pageSecurityHeaders } from "../../src/http/security-headers.js";

/** What Hono's `secure-headers` middleware itself answers with this service's choices. */
async function honoAnswer(baseUrl: string): Promise<Record<string, string>> {
  const probe = new Hono();
  probe.use(
    secureHeaders({
      contentSecurityPolicy: CONTENT_SECURITY_POLICY,
      strictTransportSecurity: baseUrl.startsWith("https://"),
      xXssProtection: false,
      xDownloadOptions: false,
    }),
  );
  // An empty body carries no representation headers: what the probe answers is the middleware's alone.
  probe.get("/", () => new Response(null));
  return Object.fromEntries((await probe.request("/")).headers);
}

describe("page security headers", () => {
  it("over http: no Strict-Transport-Security, no deprecated headers, the strict CSP", () => {
    const headers = pageSecurityHeaders("http://127.0.0.1:8787");
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

  it("over https: HSTS as well", () => {
    const headers = pageSecurityHeaders("https://news.example");
    expect(headers["strict-transport-security"]).toBe("max-age=15552000; includeSubDomains");
    expect(headers["x-xss-protection"]).toBeUndefined();
    expect(headers["x-download-options"]).toBeUndefined();
  });

  it.each(["http://127.0.0.1:8787", "https://news.example"])(
    "is the set Hono's secure-headers answers with these choices (%s)",
    async (baseUrl) => {
      expect(pageSecurityHeaders(baseUrl)).toEqual(await honoAnswer(baseUrl));
    },
  );
});
