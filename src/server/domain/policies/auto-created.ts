import type { Tx } from "@/server/db/client";
import { recordAudit, SYSTEM_ACTOR } from "../audit/service";

/** SPEC §4: Microsoft's name for the policy it makes for tenants with a managed environment. */
export const AUTO_CREATED_POLICY_NAME = "Auto-Created Policy for PowerApps";
/** The product it assigns: Power Apps Premium (per user). */
export const AUTO_CREATED_POLICY_SKU = "POWERAPPS_PER_USER";

export type AutoCreateOutcome =
  { created: true; policyId: string } | { created: false; reason: "NO_MANAGED_ENVIRONMENT" | "POLICY_EXISTS" | "DELETED_BEFORE" | "NO_PRODUCT" };

/**
 * Makes the auto-created Power Apps policy when the tenant has a managed environment, has no
 * Power Apps policy, and has never deleted the auto-created one; turns the tenant's auto-claim
 * setting on with it. Safe under concurrency: the one-policy-per-app unique index makes a second
 * concurrent insert a no-op (ON CONFLICT DO NOTHING).
 */
export async function ensureAutoCreatedPolicy(tx: Tx, tenantId: string): Promise<AutoCreateOutcome> {
  // One after the other: a transaction is one connection, which runs one query at a time.
  const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { autoCreatedPolicyDeletedAt: true } });
  const managed = await tx.environment.count({ where: { tenantId, managed: true } });
  const existing = await tx.autoClaimPolicy.findFirst({ where: { tenantId, app: "POWER_APPS", deletedAt: null }, select: { id: true } });
  const product = await tx.product.findFirst({ where: { tenantId, skuPartNumber: AUTO_CREATED_POLICY_SKU }, select: { id: true, displayName: true } });
  if (managed === 0) return { created: false, reason: "NO_MANAGED_ENVIRONMENT" };
  if (existing) return { created: false, reason: "POLICY_EXISTS" };
  if (tenant.autoCreatedPolicyDeletedAt) return { created: false, reason: "DELETED_BEFORE" };
  if (!product) return { created: false, reason: "NO_PRODUCT" };

  const [policy] = await tx.autoClaimPolicy.createManyAndReturn({
    data: [{ tenantId, name: AUTO_CREATED_POLICY_NAME, app: "POWER_APPS", enabled: true, scope: "MANAGED_ONLY", autoCreated: true }],
    skipDuplicates: true,
    select: { id: true },
  });
  if (!policy) return { created: false, reason: "POLICY_EXISTS" };
  await tx.policyProduct.create({ data: { policyId: policy.id, productId: product.id, position: 0, disabledPlanIds: [] } });
  await tx.tenant.update({ where: { id: tenantId }, data: { autoClaimEnabled: true } });
  await recordAudit(tx, {
    tenantId,
    actor: SYSTEM_ACTOR,
    action: "policy.autoCreated",
    targetType: "AutoClaimPolicy",
    targetId: policy.id,
    summary: `Created "${AUTO_CREATED_POLICY_NAME}" (${product.displayName}, managed environments) and turned on auto-claim`,
    after: { name: AUTO_CREATED_POLICY_NAME, app: "POWER_APPS", products: [product.displayName], scope: "MANAGED_ONLY", enabled: true },
  });
  return { created: true, policyId: policy.id };
}
