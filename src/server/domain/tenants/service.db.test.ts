import { describe, expect, it } from "vitest";
import { createTenant } from "../../../../tests/factories";
import { useTestDb } from "../../../../tests/setup/db";
import { getTenantSettings, setAutoClaimEnabled } from "./service";

const t = useTestDb();
const actor = { id: null, label: "admin@contoso.com" };

describe(`setAutoClaimEnabled (${process.env.TEST_DATABASE})`, () => {
  it("turns the setting on and off, one audit entry per change, none when nothing changes", async () => {
    const tenant = await createTenant(t.prisma);
    expect((await getTenantSettings(t.prisma, tenant.id)).autoClaimEnabled).toBe(false);

    expect(await setAutoClaimEnabled({ db: t.prisma, actor, tenantId: tenant.id }, { enabled: true })).toEqual({ changed: true, enabled: true });
    expect((await getTenantSettings(t.prisma, tenant.id)).autoClaimEnabled).toBe(true);
    expect(await setAutoClaimEnabled({ db: t.prisma, actor, tenantId: tenant.id }, { enabled: true })).toEqual({ changed: false, enabled: true });
    expect(await setAutoClaimEnabled({ db: t.prisma, actor, tenantId: tenant.id }, { enabled: false })).toEqual({ changed: true, enabled: false });
    expect((await getTenantSettings(t.prisma, tenant.id)).autoClaimEnabled).toBe(false);

    const entries = await t.prisma.auditEntry.findMany({ where: { tenantId: tenant.id }, orderBy: { createdAt: "asc" } });
    expect(entries.map((e) => [e.action, e.actorLabel, e.targetId, e.before, e.after])).toEqual([
      ["tenant.autoClaim", "admin@contoso.com", tenant.id, { autoClaimEnabled: false }, { autoClaimEnabled: true }],
      ["tenant.autoClaim", "admin@contoso.com", tenant.id, { autoClaimEnabled: true }, { autoClaimEnabled: false }],
    ]);
  });

  it("concurrent switches each audit the state they replaced", async () => {
    const tenant = await createTenant(t.prisma);
    await Promise.all(Array.from({ length: 6 }, (_, i) => setAutoClaimEnabled({ db: t.prisma, actor, tenantId: tenant.id }, { enabled: i % 2 === 0 })));
    const entries = await t.prisma.auditEntry.findMany({ where: { tenantId: tenant.id } });
    const final = (await getTenantSettings(t.prisma, tenant.id)).autoClaimEnabled;
    // Every entry records a real flip, so starting from off the stored state is on after an odd number of them.
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries)
      expect((e.before as { autoClaimEnabled: boolean }).autoClaimEnabled).toBe(!(e.after as { autoClaimEnabled: boolean }).autoClaimEnabled);
    expect(final).toBe(entries.length % 2 === 1);
  });

  it("refuses an unknown tenant and writes nothing", async () => {
    await expect(setAutoClaimEnabled({ db: t.prisma, actor, tenantId: "00000000-0000-4000-8000-000000000000" }, { enabled: true })).rejects.toMatchObject({
      httpStatus: 404,
    });
  });
});
