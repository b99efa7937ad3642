/**
 * The seed leaves Contoso's Power Apps Premium used up, with people waiting on the auto-created
 * policy's list (prisma/seed/contoso.ts). A spec that needs units buys them as an admin would on the
 * product's page: through the domain, so that the people waiting are served first, in order.
 */
import type { PrismaClient } from "@/generated/prisma/client";
import { setPurchasedUnits } from "../../src/server/domain/licenses/products";
import type { SeededTenant } from "./fixtures";

export async function premiumPool(db: PrismaClient, tenant: SeededTenant) {
  const { id: tenantId } = await db.tenant.findFirstOrThrow({ where: { domain: tenant.domain } });
  const product = await db.product.findFirstOrThrow({ where: { tenantId, displayName: "Power Apps Premium" } });
  const policy = await db.autoClaimPolicy.findFirstOrThrow({ where: { tenantId, app: "POWER_APPS", deletedAt: null } });
  const waiting = await db.waitlistEntry.count({ where: { policyId: policy.id, leftAt: null } });
  return { tenantId, product, policy, waiting };
}

/** Buys enough Power Apps Premium for everyone waiting and `left` units more. */
export async function buyPremium(db: PrismaClient, tenant: SeededTenant, left: number): Promise<void> {
  const { tenantId, product, waiting } = await premiumPool(db, tenant);
  await setPurchasedUnits(
    { db, actor: { id: null, label: "Test set-up" }, tenantId },
    { productId: product.id, purchasedUnits: product.consumedUnits + waiting + left },
  );
}
