import { describe, expect, it } from "vitest";
import { useTestDb } from "../../../../tests/setup/db";
import { createEnvironment, createProduct, createTenant } from "../../../../tests/factories";
import { POWER_APPS_PREMIUM } from "../../../../prisma/seed/catalog";
import { AUTO_CREATED_POLICY_NAME, ensureAutoCreatedPolicy } from "./auto-created";

const t = useTestDb();

async function tenantWithProduct() {
  const tenant = await createTenant(t.prisma);
  await createProduct(t.prisma, tenant.id, { ...POWER_APPS_PREMIUM, purchasedUnits: 10 });
  return tenant;
}

describe("ensureAutoCreatedPolicy (SPEC §4)", () => {
  it("does nothing without a managed environment", async () => {
    const tenant = await tenantWithProduct();
    await createEnvironment(t.prisma, tenant.id, { managed: false });
    expect(await ensureAutoCreatedPolicy(t.prisma, tenant.id)).toEqual({ created: false, reason: "NO_MANAGED_ENVIRONMENT" });
    expect(await t.prisma.autoClaimPolicy.count({ where: { tenantId: tenant.id } })).toBe(0);
  });

  it("makes the policy Microsoft makes, turns the setting on, and audits it", async () => {
    const tenant = await tenantWithProduct();
    await createEnvironment(t.prisma, tenant.id, { managed: true });
    const outcome = await ensureAutoCreatedPolicy(t.prisma, tenant.id);
    expect(outcome.created).toBe(true);
    const policy = await t.prisma.autoClaimPolicy.findFirstOrThrow({ where: { tenantId: tenant.id }, include: { products: { include: { product: true } } } });
    expect(policy).toMatchObject({ name: AUTO_CREATED_POLICY_NAME, app: "POWER_APPS", enabled: true, scope: "MANAGED_ONLY", autoCreated: true });
    expect(policy.products.map((p) => [p.position, p.product.skuPartNumber, p.disabledPlanIds])).toEqual([[0, "POWERAPPS_PER_USER", []]]);
    expect((await t.prisma.tenant.findUniqueOrThrow({ where: { id: tenant.id } })).autoClaimEnabled).toBe(true);
    expect(await t.prisma.auditEntry.count({ where: { tenantId: tenant.id, action: "policy.autoCreated", actorLabel: "System" } })).toBe(1);
  });

  it("does not make a second one while a Power Apps policy exists", async () => {
    const tenant = await tenantWithProduct();
    await createEnvironment(t.prisma, tenant.id, { managed: true });
    await ensureAutoCreatedPolicy(t.prisma, tenant.id);
    expect(await ensureAutoCreatedPolicy(t.prisma, tenant.id)).toEqual({ created: false, reason: "POLICY_EXISTS" });
  });

  it("is not made again after an admin deleted it", async () => {
    const tenant = await tenantWithProduct();
    await createEnvironment(t.prisma, tenant.id, { managed: true });
    const first = await ensureAutoCreatedPolicy(t.prisma, tenant.id);
    if (!first.created) throw new Error("expected a policy");
    const deletedAt = new Date();
    await t.prisma.autoClaimPolicy.update({ where: { id: first.policyId }, data: { deletedAt } });
    await t.prisma.tenant.update({ where: { id: tenant.id }, data: { autoCreatedPolicyDeletedAt: deletedAt } });
    await createEnvironment(t.prisma, tenant.id, { managed: true });
    expect(await ensureAutoCreatedPolicy(t.prisma, tenant.id)).toEqual({ created: false, reason: "DELETED_BEFORE" });
  });

  it("makes exactly one when two environments become managed at the same moment", async () => {
    const tenant = await tenantWithProduct();
    await createEnvironment(t.prisma, tenant.id, { managed: true });
    const outcomes = await Promise.all(Array.from({ length: 4 }, () => t.prisma.$transaction((tx) => ensureAutoCreatedPolicy(tx, tenant.id))));
    expect(outcomes.filter((o) => o.created)).toHaveLength(1);
    expect(await t.prisma.autoClaimPolicy.count({ where: { tenantId: tenant.id } })).toBe(1);
    expect(await t.prisma.policyProduct.count({ where: { policy: { tenantId: tenant.id } } })).toBe(1);
  });
});
