/**
 * `npm run demo` on a database seeded without demo mode (`npm run db:reset`, SPEC §7): the demo
 * accounts — the License administrator among them — sign in with the demo password and the demo API
 * token answers, while the tenant's data stays as it was.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { verifyCredentials } from "@/server/auth/users";
import { authenticateToken } from "@/server/domain/tokens/service";
import { useTestDb } from "../../tests/setup/db";
import { CONTOSO_DOMAIN, ensureDemoAccess, seedContoso } from "./contoso";

const t = useTestDb();
const NOW = new Date("2026-11-27T12:00:00Z");
let tenantId = "";

beforeAll(async () => {
  tenantId = (await seedContoso(t.prisma, { demo: false, now: NOW })).tenantId;
});

const ACCOUNTS = ["admin@contoso.com", "licenses@contoso.com", "reports@contoso.com", "adele.vance@contoso.com"];

describe("demo access on a tenant seeded without demo mode", () => {
  it("signs in nobody before and everyone after, with the demo token; keeps the data; brings back a revoked token and a missing account", async () => {
    for (const upn of ACCOUNTS) expect(await verifyCredentials(t.prisma, upn, "contoso-demo"), upn).toMatchObject({ ok: false, reason: "INVALID" });
    await expect(authenticateToken(t.prisma, "Bearer demo-token", ["launches"])).rejects.toThrow();
    const before = await Promise.all([t.prisma.user.count({ where: { tenantId } }), t.prisma.licenseAssignment.count({ where: { tenantId } })]);

    expect(await ensureDemoAccess(t.prisma, CONTOSO_DOMAIN, { demoPassword: "contoso-demo", demoApiToken: "demo-token" })).toEqual({ accounts: before[0] });

    for (const upn of ACCOUNTS) expect(await verifyCredentials(t.prisma, upn, "contoso-demo"), upn).toMatchObject({ ok: true, user: { upn } });
    expect(await verifyCredentials(t.prisma, "licenses@contoso.com", "contoso-demo")).toMatchObject({ ok: true, user: { role: "LICENSE_ADMIN" } });
    expect(await verifyCredentials(t.prisma, "admin@contoso.com", "wrong")).toMatchObject({ ok: false });
    expect(await authenticateToken(t.prisma, "Bearer demo-token", ["launches", "policies.write", "scim"])).toMatchObject({ tenantId });
    expect(await Promise.all([t.prisma.user.count({ where: { tenantId } }), t.prisma.licenseAssignment.count({ where: { tenantId } })])).toEqual(before);

    // Again after the token was revoked and the License administrator removed: both come back, once.
    await t.prisma.apiToken.updateMany({ where: { tenantId }, data: { revokedAt: new Date() } });
    await t.prisma.user.deleteMany({ where: { tenantId, userPrincipalName: "licenses@contoso.com" } });

    await ensureDemoAccess(t.prisma, CONTOSO_DOMAIN, { demoPassword: "other-password", demoApiToken: "demo-token" });
    await ensureDemoAccess(t.prisma, CONTOSO_DOMAIN, { demoPassword: "other-password", demoApiToken: "demo-token" });

    expect(await t.prisma.apiToken.count({ where: { tenantId } })).toBe(1);
    expect(await authenticateToken(t.prisma, "Bearer demo-token", ["launches"])).toMatchObject({ tenantId });
    expect(await t.prisma.user.count({ where: { tenantId, role: "LICENSE_ADMIN" } })).toBe(1);
    expect(await verifyCredentials(t.prisma, "licenses@contoso.com", "other-password")).toMatchObject({ ok: true });
    expect(await verifyCredentials(t.prisma, "admin@contoso.com", "contoso-demo")).toMatchObject({ ok: false });
  });

  it("does nothing for a tenant that is not there", async () => {
    expect(await ensureDemoAccess(t.prisma, "nowhere.example")).toBeNull();
  });
});
