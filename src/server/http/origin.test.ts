import { describe, expect, it } from "vitest";
import { isHost, publicOrigin, servedOverHttps, type OriginSettings } from "./origin";

const direct: OriginSettings = { trustProxy: false };
const behindProxy: OriginSettings = { trustProxy: true };
const configured: OriginSettings = { appUrl: "https://portal.contoso.com/", trustProxy: false };

const request = (url: string, headers: Record<string, string> = {}) => new Request(url, { headers });
const forged = { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" };

describe("publicOrigin", () => {
  it("is APP_URL's origin when set, whatever the request says", () => {
    expect(publicOrigin(request("http://127.0.0.1:3000/graph/v1.0/users", { host: "127.0.0.1:3000", ...forged }), configured)).toBe(
      "https://portal.contoso.com",
    );
    expect(publicOrigin(request("http://127.0.0.1:3000/x", forged), { ...configured, trustProxy: true })).toBe("https://portal.contoso.com");
    expect(publicOrigin(request("http://127.0.0.1/x"), { appUrl: "http://portal.local:8080/app", trustProxy: false })).toBe("http://portal.local:8080");
  });

  it("ignores X-Forwarded-Host and -Proto without TRUST_PROXY: the request's own host and scheme", () => {
    expect(publicOrigin(request("http://127.0.0.1:3000/x", { host: "127.0.0.1:3000", ...forged }), direct)).toBe("http://127.0.0.1:3000");
    expect(publicOrigin(request("http://127.0.0.1:3000/x", { "x-forwarded-host": "evil.example" }), direct)).toBe("http://127.0.0.1:3000");
  });

  it("does not believe an https scheme that Next may have taken from a forged X-Forwarded-Proto", () => {
    // Next builds request.url as https:// when X-Forwarded-Proto says https.
    expect(publicOrigin(request("https://127.0.0.1:3000/x", { host: "127.0.0.1:3000", "x-forwarded-proto": "https" }), direct)).toBe("http://127.0.0.1:3000");
  });

  it("keeps the scheme of a request really made over HTTPS", () => {
    expect(publicOrigin(request("https://127.0.0.1:8443/x", { host: "127.0.0.1:8443" }), direct)).toBe("https://127.0.0.1:8443");
  });

  it("uses the Host the client addressed (not a proxy header), else the URL's host", () => {
    expect(publicOrigin(request("http://localhost:3000/x", { host: "portal.local:3000" }), direct)).toBe("http://portal.local:3000");
    expect(publicOrigin(request("http://localhost:3000/x"), direct)).toBe("http://localhost:3000");
    expect(publicOrigin(request("http://[::1]:3000/x", { host: "[::1]:3000" }), direct)).toBe("http://[::1]:3000");
  });

  it("with TRUST_PROXY, follows the proxy's first X-Forwarded-Proto and -Host", () => {
    expect(
      publicOrigin(
        request("http://127.0.0.1:3000/x", {
          host: "127.0.0.1:3000",
          "x-forwarded-host": "Portal.Contoso.com, inner.local",
          "x-forwarded-proto": "https, http",
        }),
        behindProxy,
      ),
    ).toBe("https://portal.contoso.com");
    expect(publicOrigin(request("http://127.0.0.1:3000/x", { host: "127.0.0.1:3000", "x-forwarded-host": "portal.contoso.com:8443" }), behindProxy)).toBe(
      "http://portal.contoso.com:8443",
    );
  });

  it("with TRUST_PROXY, ignores forwarded values that are not a host or a scheme", () => {
    const odd = { host: "127.0.0.1:3000", "x-forwarded-host": "evil.example/path@x", "x-forwarded-proto": "javascript" };
    expect(publicOrigin(request("http://127.0.0.1:3000/x", odd), behindProxy)).toBe("http://127.0.0.1:3000");
    expect(publicOrigin(request("http://127.0.0.1:3000/x", { "x-forwarded-host": "" }), behindProxy)).toBe("http://127.0.0.1:3000");
  });
});

describe("servedOverHttps", () => {
  it("is true for an https APP_URL, or when a trusted proxy says https", () => {
    expect(servedOverHttps(request("http://127.0.0.1/x"), configured)).toBe(true);
    expect(servedOverHttps(request("http://127.0.0.1/x", { "x-forwarded-proto": "https" }), behindProxy)).toBe(true);
  });
  it("is false over plain HTTP, and for an untrusted X-Forwarded-Proto", () => {
    expect(servedOverHttps(request("http://127.0.0.1/x"), direct)).toBe(false);
    expect(servedOverHttps(request("https://127.0.0.1/x", { "x-forwarded-proto": "https" }), direct)).toBe(false);
    expect(servedOverHttps(request("http://127.0.0.1/x", { "x-forwarded-proto": "https" }), { appUrl: "http://portal.local", trustProxy: true })).toBe(false);
  });
});

describe("isHost", () => {
  it("accepts host[:port] and nothing else", () => {
    for (const ok of ["localhost", "127.0.0.1:3000", "portal.contoso.com", "[::1]:443", "a-b.example."]) expect(isHost(ok), ok).toBe(true);
    for (const bad of ["", "evil.example/x", "user@evil.example", "evil.example:99999999", "-bad.example", "a b", "evil.example\r\nx: y", null, undefined]) {
      expect(isHost(bad), String(bad)).toBe(false);
    }
  });
});
