import { describe, expect, it } from "vitest";
import { POWER_APPS_PREMIUM } from "../../../../prisma/seed/catalog";
import { createEnvironment, createProduct, createTenant } from "../../../../tests/factories";
import { useTestDb } from "../../../../tests/setup/db";
import { setEnvironmentManaged } from "./service";

const t = useTestDb();
const admin = { id: null, label: "admin@contoso.com" };

describe("setEnvironmentManaged", () => {
  it("makes an environment managed, audits it, and brings the auto-created policy once", async () => {
    const tenant = await createTenant(t.prisma);
    await createProduct(t.prisma, tenant.id, { ...POWER_APPS_PREMIUM, purchasedUnits: 5 });
    const a = await createEnvironment(t.prisma, tenant.id);
    const b = await createEnvironment(t.prisma, tenant.id);
    const first = await setEnvironmentManaged({ db: t.prisma, actor: admin, tenantId: tenant.id }, { environmentId: a.id, managed: true });
    expect(first).toMatchObject({ changed: true, autoCreated: { created: true } });
    expect((await t.prisma.tenant.findUniqueOrThrow({ where: { id: tenant.id } })).autoClaimEnabled).toBe(true);
    const second = await setEnvironmentManaged({ db: t.prisma, actor: admin, tenantId: tenant.id }, { environmentId: b.id, managed: true });
    expect(second).toMatchObject({ changed: true, autoCreated: { created: false, reason: "POLICY_EXISTS" } });
    expect(await t.prisma.auditEntry.count({ where: { tenantId: tenant.id, action: "environment.managed" } })).toBe(2);
    // No change, no audit.
    expect(await setEnvironmentManaged({ db: t.prisma, actor: admin, tenantId: tenant.id }, { environmentId: b.id, managed: true })).toEqual({
      changed: false,
      autoCreated: null,
    });
    expect(await t.prisma.auditEntry.count({ where: { tenantId: tenant.id, action: "environment.managed" } })).toBe(2);
  });

  it("refuses another tenant's environment", async () => {
    const mine = await createTenant(t.prisma);
    const theirs = await createTenant(t.prisma);
    const env = await createEnvironment(t.prisma, theirs.id);
    await expect(setEnvironmentManaged({ db: t.prisma, actor: admin, tenantId: mine.id }, { environmentId: env.id, managed: true })).rejects.toMatchObject({
      httpStatus: 404,
    });
    expect((await t.prisma.environment.findUniqueOrThrow({ where: { id: env.id } })).managed).toBe(false);
  });
});
