/**
 * The links in Graph answers (`@odata.context`, `@odata.nextLink`) point at the app's public origin:
 * APP_URL when set; else the request's own origin; a reverse proxy's X-Forwarded-Host/-Proto only
 * with TRUST_PROXY=true (src/server/http/origin.ts).
 */
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { hashToken } from "@/server/domain/tokens/hash";
import { createTenant, createUser } from "../factories";
import { useAppDb } from "../setup/app-db";
import { useTestDb } from "../setup/db";

const settings = vi.hoisted(() => ({ TRUST_PROXY: false, APP_URL: undefined as string | undefined }));
vi.mock("@/env", async (original) => {
  const actual = await original<typeof import("@/env")>();
  return {
    ...actual,
    env: new Proxy(actual.env, { get: (target, key) => (key in settings ? settings[key as keyof typeof settings] : Reflect.get(target, key)) }),
  };
});

const { dispatch } = await import("./server");

const t = useTestDb();
const TOKEN = "graph-links-0123456789";
const FORGED = { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" };

beforeAll(async () => {
  useAppDb(t.db);
  const tenant = await createTenant(t.prisma);
  for (let i = 0; i < 3; i++) await createUser(t.prisma, tenant);
  await t.prisma.apiToken.create({ data: { tenantId: tenant.id, name: "links", tokenHash: hashToken(TOKEN), prefix: "graph-li", scopes: ["directory.read"] } });
});

beforeEach(() => {
  settings.TRUST_PROXY = false;
  settings.APP_URL = undefined;
});

async function firstPage(headers: Record<string, string> = {}) {
  const res = await dispatch(
    new Request("http://127.0.0.1:3000/graph/v1.0/users?$top=1", { headers: { host: "127.0.0.1:3000", authorization: `Bearer ${TOKEN}`, ...headers } }),
  );
  expect(res.status).toBe(200);
  const json = (await res.json()) as Record<string, string>;
  return { context: json["@odata.context"], next: json["@odata.nextLink"] };
}

describe("@odata.nextLink", () => {
  it("ignores X-Forwarded-Host and -Proto without TRUST_PROXY", async () => {
    const { context, next } = await firstPage(FORGED);
    expect(next).toMatch(/^http:\/\/127\.0\.0\.1:3000\/graph\/v1\.0\/users\?\$top=1&\$skiptoken=/);
    expect(context).toBe("http://127.0.0.1:3000/graph/v1.0/$metadata#users");
  });

  it("uses APP_URL when set, even with forwarding headers and TRUST_PROXY", async () => {
    settings.APP_URL = "https://portal.contoso.com";
    expect((await firstPage(FORGED)).next).toMatch(/^https:\/\/portal\.contoso\.com\/graph\/v1\.0\/users\?\$top=1&\$skiptoken=/);
    settings.TRUST_PROXY = true;
    const { context, next } = await firstPage(FORGED);
    expect(next).toMatch(/^https:\/\/portal\.contoso\.com\/graph\/v1\.0\/users\?/);
    expect(context).toBe("https://portal.contoso.com/graph/v1.0/$metadata#users");
  });

  it("follows a trusted proxy's X-Forwarded-Host and -Proto with TRUST_PROXY and no APP_URL", async () => {
    settings.TRUST_PROXY = true;
    expect((await firstPage({ "x-forwarded-host": "portal.contoso.com", "x-forwarded-proto": "https" })).next).toMatch(
      /^https:\/\/portal\.contoso\.com\/graph\/v1\.0\/users\?/,
    );
  });
});
