/**
 * The launch API (SPEC §6) called as a program would: every status code, the shapes, and a
 * property test that random bodies never get a 500 and never write.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as getApps } from "@/app/api/v1/apps/route";
import { POST as postLaunch } from "@/app/api/v1/launches/route";
import { GET as getUsers } from "@/app/api/v1/users/route";
import { hashToken } from "@/server/domain/tokens/hash";
import { launchResponseSchema } from "@/server/http/openapi";
import { assignGroupLicense, createApp, createEnvironment, createGroup, createPolicy, createProduct, createTenant, createUser } from "../factories";
import { useAppDb } from "../setup/app-db";
import { useTestDb } from "../setup/db";

const t = useTestDb();
const BASE = "http://127.0.0.1/api/v1";
let w: Awaited<ReturnType<typeof world>>;

async function world() {
  const tenant = await createTenant(t.prisma, { autoClaimEnabled: true });
  const product = await createProduct(t.prisma, tenant.id, { displayName: "Power Apps Premium", purchasedUnits: 100 });
  const env = await createEnvironment(t.prisma, tenant.id, { managed: true, name: "Production" });
  const app = await createApp(t.prisma, tenant.id, env.id, { premium: true, name: "Inspections" });
  const policy = await createPolicy(t.prisma, tenant.id, { productIds: [product.id], name: "Auto-Created Policy for PowerApps" });
  const user = await createUser(t.prisma, tenant, { userPrincipalName: `ada.lovelace@${tenant.domain}` });
  const tokens = {
    launches: "tok-launches-0123456789",
    read: "tok-read-0123456789",
    revoked: "tok-revoked-0123456789",
  };
  await t.prisma.apiToken.createMany({
    data: [
      { tenantId: tenant.id, name: "runtime", tokenHash: hashToken(tokens.launches), prefix: "tok-laun", scopes: ["launches"] },
      { tenantId: tenant.id, name: "reader", tokenHash: hashToken(tokens.read), prefix: "tok-read", scopes: ["directory.read"] },
      { tenantId: tenant.id, name: "old", tokenHash: hashToken(tokens.revoked), prefix: "tok-revo", scopes: ["launches"], revokedAt: new Date() },
    ],
  });
  return { tenant, product, env, app, policy, user, tokens };
}

beforeAll(async () => {
  useAppDb(t.db);
  w = await world();
});

/** Next hands route handlers a params promise, resolving to undefined on static routes. */
const staticRoute = { params: Promise.resolve(undefined as unknown as Record<string, string>) };

function post(body: unknown, token: string | null = w.tokens.launches, raw = false) {
  return postLaunch(
    new Request(`${BASE}/launches`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: raw ? (body as string) : JSON.stringify(body),
    }),
    staticRoute,
  );
}

describe("POST /api/v1/launches", () => {
  it("200: claims for an unlicensed user by UPN, with the assignment and a plain message", async () => {
    const res = await post({ user: w.user.userPrincipalName, app: w.app.id });
    expect(res.status).toBe(200);
    const body = await res.json();
    // The answer is the shape the OpenAPI document declares.
    launchResponseSchema.strict().parse(body);
    expect(body).toMatchObject({
      decision: "ALLOW",
      reason: "AUTO_CLAIMED",
      user: { id: w.user.id },
      app: { id: w.app.id, managed: true, premium: true },
      assignment: { product: { id: w.product.id, displayName: "Power Apps Premium" }, policy: { id: w.policy.id }, position: 0 },
    });
    expect(body.message).toMatch(/assigned to you automatically by the policy "Auto-Created Policy for PowerApps"/);
    // Then, by id: already licensed.
    const again = await (await post({ user: w.user.id, app: w.app.id })).json();
    expect(again).toMatchObject({ decision: "ALLOW", reason: "LICENSED" });
    expect(again.assignment).toBeUndefined();
  });

  it("400 names the field for a malformed body", async () => {
    for (const [body, field] of [
      [{ app: w.app.id }, "user"],
      [{ user: "", app: w.app.id }, "user"],
      [{ user: w.user.id, app: "not-a-guid" }, "app"],
      [{ user: w.user.id, app: w.app.id, extra: 1 }, "body"],
      [[], "body"],
    ] as const) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const json = await res.json();
      expect(json.error.code).toBe("VALIDATION_FAILED");
      expect(Object.keys(json.error.fields)).toContain(field);
    }
    const res = await post("{not json", undefined, true);
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe("INVALID_JSON");
  });

  it("401 without a token, with an unknown one, or a revoked one", async () => {
    expect((await post({ user: w.user.id, app: w.app.id }, null)).status).toBe(401);
    expect((await post({ user: w.user.id, app: w.app.id }, "nope-nope-nope")).status).toBe(401);
    expect((await post({ user: w.user.id, app: w.app.id }, w.tokens.revoked)).status).toBe(401);
  });

  it("403 for a token without the launches scope", async () => {
    const res = await post({ user: w.user.id, app: w.app.id }, w.tokens.read);
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe("FORBIDDEN");
  });

  it("404 for an unknown user or app, naming which", async () => {
    const u = await post({ user: "nobody@nowhere.example", app: w.app.id });
    expect(u.status).toBe(404);
    expect((await u.json()).error.fields).toHaveProperty("user");
    const a = await post({ user: w.user.id, app: "00000000-0000-4000-8000-000000000001" });
    expect(a.status).toBe(404);
    expect((await a.json()).error.fields).toHaveProperty("app");
  });

  it("never answers 500 and never writes for random bodies (property)", async () => {
    const before = { launches: await t.prisma.launch.count(), assignments: await t.prisma.licenseAssignment.count() };
    const bodies = fc.oneof(
      fc.anything(),
      fc.record({ user: fc.anything(), app: fc.anything() }, { requiredKeys: [] }),
      fc.record({ user: fc.string(), app: fc.oneof(fc.uuid(), fc.string()) }),
    );
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        const res = await post(body === undefined ? null : body);
        expect(res.status).not.toBe(500);
        expect([400, 404]).toContain(res.status);
      }),
      { numRuns: 300 },
    );
    expect({ launches: await t.prisma.launch.count(), assignments: await t.prisma.licenseAssignment.count() }).toEqual(before);
  });
});

describe("GET /api/v1/apps and /api/v1/users", () => {
  it("lists the apps with their environment", async () => {
    const res = await getApps(new Request(`${BASE}/apps`, { headers: { authorization: `Bearer ${w.tokens.read}` } }), staticRoute);
    expect(res.status).toBe(200);
    expect((await res.json()).value).toEqual([
      expect.objectContaining({
        id: w.app.id,
        name: "Inspections",
        premium: true,
        environment: expect.objectContaining({ id: w.env.id, name: "Production", managed: true }),
      }),
    ]);
  });

  it("finds a user by UPN, case-insensitively", async () => {
    const res = await getUsers(
      new Request(`${BASE}/users?upn=${encodeURIComponent(w.user.userPrincipalName.toUpperCase())}`, {
        headers: { authorization: `Bearer ${w.tokens.launches}` },
      }),
      staticRoute,
    );
    expect(res.status).toBe(200);
    expect((await res.json()).value).toEqual([{ id: w.user.id, userPrincipalName: w.user.userPrincipalName, displayName: w.user.displayName }]);
  });

  it("401 without a token", async () => {
    expect((await getApps(new Request(`${BASE}/apps`))).status).toBe(401);
    expect((await getUsers(new Request(`${BASE}/users`))).status).toBe(401);
  });
});

describe("POST /api/v1/launches with a policy that adds claimers to a group (SPEC §9)", () => {
  it("200 for every claimer once the group's product is used up: the backup is claimed, the group licence is in error", async () => {
    const tenant = await createTenant(t.prisma, { autoClaimEnabled: true });
    const premium = await createProduct(t.prisma, tenant.id, { displayName: "Power Apps Premium", purchasedUnits: 1 });
    const perApp = await createProduct(t.prisma, tenant.id, { displayName: "Power Apps per app", purchasedUnits: 10 });
    const makers = await createGroup(t.prisma, tenant.id, { displayName: "Power Apps Makers" });
    await assignGroupLicense(t.prisma, tenant.id, makers.id, premium.id);
    await createPolicy(t.prisma, tenant.id, { productIds: [premium.id, perApp.id], groupId: makers.id });
    const env = await createEnvironment(t.prisma, tenant.id, { managed: true });
    const app = await createApp(t.prisma, tenant.id, env.id, { premium: true });
    const token = "tok-group-claims-0123456789";
    await t.prisma.apiToken.create({ data: { tenantId: tenant.id, name: "runtime", tokenHash: hashToken(token), prefix: "tok-grou", scopes: ["launches"] } });
    const users = await Promise.all([1, 2, 3, 4].map(() => createUser(t.prisma, tenant)));
    const answers = await Promise.all(users.map((u) => post({ user: u.id, app: app.id }, token)));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const bodies = await Promise.all(answers.map((r) => r.json()));
    expect(bodies.map((b) => b.reason)).toEqual(["AUTO_CLAIMED", "AUTO_CLAIMED", "AUTO_CLAIMED", "AUTO_CLAIMED"]);
    expect(bodies.filter((b) => b.assignment.product.id === premium.id)).toHaveLength(1);
    expect(await t.prisma.licenseAssignment.count({ where: { groupId: makers.id, state: "ERROR", error: "COUNT_VIOLATION" } })).toBe(3);
    expect(await t.prisma.launch.count({ where: { tenantId: tenant.id, reason: "AUTO_CLAIMED" } })).toBe(4);
    expect((await t.prisma.product.findUniqueOrThrow({ where: { id: premium.id } })).consumedUnits).toBe(1);
  });
});

describe("POST /api/v1/launches when every unit is taken (SPEC §8.1)", () => {
  it("answers the user's place on the waiting list, keeping it on a second refusal", async () => {
    const tenant = await createTenant(t.prisma, { autoClaimEnabled: true });
    const product = await createProduct(t.prisma, tenant.id, { purchasedUnits: 0 });
    await createPolicy(t.prisma, tenant.id, { productIds: [product.id] });
    const env = await createEnvironment(t.prisma, tenant.id, { managed: true });
    const app = await createApp(t.prisma, tenant.id, env.id, { premium: true });
    const token = "tok-waitlist-0123456789";
    await t.prisma.apiToken.create({ data: { tenantId: tenant.id, name: "runtime", tokenHash: hashToken(token), prefix: "tok-wait", scopes: ["launches"] } });
    const [first, second] = await Promise.all([1, 2].map(() => createUser(t.prisma, tenant)));
    const a = await (await post({ user: first.id, app: app.id }, token)).json();
    const b = await (await post({ user: second.id, app: app.id }, token)).json();
    const again = await (await post({ user: first.id, app: app.id }, token)).json();
    expect([a, b, again].map((r) => [r.reason, r.waitlistPosition])).toEqual([
      ["NO_LICENSES_AVAILABLE", 1],
      ["NO_LICENSES_AVAILABLE", 2],
      ["NO_LICENSES_AVAILABLE", 1],
    ]);
  });
});
