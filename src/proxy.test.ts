/**
 * src/proxy.ts as Next calls it: what it passes on to the app (the request headers Next replaces
 * the request's with, `x-middleware-request-*`) and what it answers with. The built app is checked
 * end to end in tests/e2e/security-headers.spec.ts.
 */
import { NextRequest } from "next/server";
import { beforeEach, describe, expect, it, vi } from "vitest";

const settings = vi.hoisted(() => ({ TRUST_PROXY: false, APP_URL: undefined as string | undefined }));
vi.mock("@/env", async (original) => {
  const actual = await original<typeof import("@/env")>();
  return {
    ...actual,
    env: new Proxy(actual.env, { get: (target, key) => (key in settings ? settings[key as keyof typeof settings] : Reflect.get(target, key)) }),
  };
});

const { config, contentSecurityPolicy, proxy } = await import("./proxy");

const FORGED = {
  host: "127.0.0.1:3000",
  "x-forwarded-host": "evil.example",
  "x-forwarded-proto": "https",
  "x-forwarded-port": "443",
  "x-forwarded-for": "203.0.113.9",
  forwarded: "for=203.0.113.9;host=evil.example;proto=https",
};

/** The request headers the app will see after the proxy (Next's override protocol). */
function passedOn(response: Response): Record<string, string> {
  const names = (response.headers.get("x-middleware-override-headers") ?? "").split(",").filter(Boolean);
  return Object.fromEntries(names.map((name) => [name, response.headers.get(`x-middleware-request-${name}`) ?? ""]));
}

const call = (path: string, headers: Record<string, string> = {}) => proxy(new NextRequest(`http://127.0.0.1:3000${path}`, { headers }));

beforeEach(() => {
  settings.TRUST_PROXY = false;
  settings.APP_URL = undefined;
});

describe("proxy: X-Forwarded-* only with TRUST_PROXY", () => {
  it("removes the forwarding headers before pages, server actions and next-auth see them", () => {
    for (const path of ["/users", "/settings/org-settings", "/api/auth/callback/credentials"]) {
      const seen = passedOn(call(path, FORGED));
      expect(seen.host, path).toBe("127.0.0.1:3000");
      for (const name of ["x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-forwarded-for", "forwarded"])
        expect(seen, `${path} ${name}`).not.toHaveProperty(name);
    }
  });

  it("keeps them with TRUST_PROXY", () => {
    settings.TRUST_PROXY = true;
    const seen = passedOn(call("/users", FORGED));
    expect(seen["x-forwarded-host"]).toBe("evil.example");
    expect(seen["x-forwarded-proto"]).toBe("https");
  });

  it("runs for next-auth's endpoints but not for the token APIs (their links: src/server/http/origin.ts)", () => {
    const matchers = config.matcher.map((m) => m.replace(":path*", ".*"));
    const runs = (path: string) => matchers.some((m) => new RegExp(`^${m}$`).test(path));
    expect(runs("/api/auth/callback/credentials")).toBe(true);
    expect(runs("/users")).toBe(true);
    expect(runs("/")).toBe(true);
    expect(runs("/api/v1/users")).toBe(false);
    expect(runs("/graph/v1.0/users")).toBe(false);
  });
});

describe("proxy: server actions from another origin", () => {
  const post = (headers: Record<string, string>, path = "/settings/org-settings") =>
    proxy(new NextRequest(`http://127.0.0.1:3000${path}`, { method: "POST", headers: { host: "127.0.0.1:3000", "next-action": "abc123", ...headers } }));

  it("refuses them with 403, even when X-Forwarded-Host names the other origin", async () => {
    const forgeries: Record<string, string>[] = [
      { origin: "https://evil.example" },
      { origin: "https://evil.example", "x-forwarded-host": "evil.example" },
      { origin: "null" },
      { origin: "not a url" },
    ];
    for (const headers of forgeries) {
      const response = post(headers);
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect(await response.text()).toMatch(/another site/);
    }
  });

  it("lets the site's own actions through, and those without Origin (as Next does)", () => {
    expect(post({ origin: "http://127.0.0.1:3000" }).headers.get("x-middleware-next")).toBe("1");
    expect(post({}).headers.get("x-middleware-next")).toBe("1");
  });

  it("believes X-Forwarded-Host for the comparison only with TRUST_PROXY", () => {
    settings.TRUST_PROXY = true;
    expect(post({ origin: "https://portal.contoso.com", "x-forwarded-host": "portal.contoso.com" }).status).not.toBe(403);
    expect(post({ origin: "https://evil.example", "x-forwarded-host": "portal.contoso.com" }).status).toBe(403);
  });

  it("leaves next-auth's endpoints to next-auth (an identity provider may post its answer back)", () => {
    expect(post({ origin: "https://login.example" }, "/api/auth/callback/oidc").status).not.toBe(403);
  });
});

describe("proxy: page headers", () => {
  it("gives each page a Content-Security-Policy with a fresh nonce, on the request (for Next) and the response", () => {
    const first = call("/users");
    const policy = first.headers.get("content-security-policy") ?? "";
    expect(passedOn(first)["content-security-policy"]).toBe(policy);
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(policy)?.[1];
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(call("/users").headers.get("content-security-policy")).not.toContain(nonce);
    expect(passedOn(first)["x-pathname"]).toBe("/users");
  });

  it("sends HSTS only over HTTPS: an https APP_URL, or a trusted proxy saying https", () => {
    expect(call("/users", FORGED).headers.get("strict-transport-security")).toBeNull();
    expect(call("/users", FORGED).headers.get("content-security-policy")).not.toContain("upgrade-insecure-requests");
    settings.TRUST_PROXY = true;
    expect(call("/users", FORGED).headers.get("strict-transport-security")).toMatch(/^max-age=\d{8}/);
    settings.TRUST_PROXY = false;
    settings.APP_URL = "https://portal.contoso.com";
    const response = call("/users");
    expect(response.headers.get("strict-transport-security")).toMatch(/^max-age=\d{8}/);
    expect(response.headers.get("content-security-policy")).toContain("upgrade-insecure-requests");
    expect(call("/api/auth/session").headers.get("strict-transport-security")).toMatch(/^max-age=/);
  });

  it("leaves next-auth's JSON endpoints to the API policy of next.config.ts", () => {
    expect(call("/api/auth/session").headers.get("content-security-policy")).toBeNull();
  });

  it("allows eval only in development", () => {
    expect(contentSecurityPolicy("abc", { https: false, dev: true })).toContain("'unsafe-eval'");
    expect(contentSecurityPolicy("abc", { https: false, dev: false })).not.toContain("'unsafe-eval'");
  });
});
