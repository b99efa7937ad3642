import { NextRequest } from "next/server";
import { unstable_doesMiddlewareMatch } from "next/experimental/testing/server";
import { describe, expect, it } from "vitest";
import { config, proxy } from "@/proxy";
import { hasMalformedSegment, malformedPathResponse } from "./malformed-path";

const MALFORMED = [
  "/graph/v1.0/users/%FF",
  "/graph/v1.0/users/%",
  "/graph/v1.0/users/%E0%A4/licenseDetails",
  "/api/exports/policies/%FF/report",
  "/api/v1/users/%",
  "/launch/%FF",
  "/billing/licenses/auto-claim/%C0%80/report",
];

describe("hasMalformedSegment", () => {
  it("is true for a lone %, a bad hex pair or an encoding of invalid UTF-8", () => {
    for (const path of MALFORMED) expect(hasMalformedSegment(path), path).toBe(true);
  });
  it("is false for well-formed paths, encoded % included", () => {
    for (const path of ["/graph/v1.0/users/j_doe%25%40contoso.com", "/launch/abc", "/graph/v1.0/users/%00", "/"])
      expect(hasMalformedSegment(path), path).toBe(false);
  });
});

describe("the proxy on a malformed path", () => {
  it("is matched for every such path (Next would otherwise answer a plain-text 500)", () => {
    for (const path of MALFORMED) expect(unstable_doesMiddlewareMatch({ config, url: `http://x${path}` }), path).toBe(true);
  });
  it("answers 400 in Graph's error shape under /graph", async () => {
    const response = await proxy(new NextRequest("http://x/graph/v1.0/users/%FF", { headers: { "client-request-id": "abc" } }));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: {
        code: "BadRequest",
        message: expect.stringContaining("percent"),
        innerError: { date: expect.any(String), "request-id": response.headers.get("request-id"), "client-request-id": "abc" },
      },
    });
  });
  it("answers 400 with the field under /api and a page elsewhere", async () => {
    const api = malformedPathResponse(new Request("http://x/api/v1/users/%"))!;
    expect(api.status).toBe(400);
    expect((await api.json()).error.fields.path).toHaveLength(1);
    const exports = malformedPathResponse(new Request("http://x/api/exports/policies/%FF/report"))!;
    expect(await exports.json()).toMatchObject({ error: expect.any(String), fieldErrors: { path: [expect.any(String)] } });
    const page = await proxy(new NextRequest("http://x/launch/%FF"));
    expect(page.status).toBe(400);
    expect(page.headers.get("content-type")).toContain("text/html");
  });
  it("lets well-formed token API paths through untouched", async () => {
    const response = await proxy(new NextRequest("http://x/graph/v1.0/users/a%40b"));
    expect(response.headers.get("x-middleware-next")).toBe("1");
    expect(response.headers.get("content-security-policy")).toBeNull();
  });
});
