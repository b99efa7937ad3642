/**
 * What an Unassign would really free (SPEC §9: every dialog that removes licences says so): a person
 * who also holds the product another active way — through a group, say — frees no unit. The
 * counting rule is licenses/serving.ts `unitsFreedByRemoving`; these reads name the assignments an
 * Unassign removes.
 */
import type { PrismaClient } from "@/generated/prisma/client";
import { unitsFreedByRemoving } from "../licenses/serving";
import { isUuid } from "../users/lookup";

/** The Users page's Unassign: per product the person holds directly or by claim, the units removing those assignments frees. */
export async function userUnassignImpact(db: PrismaClient, tenantId: string, userId: string): Promise<Map<string, number>> {
  const impact = new Map<string, number>();
  if (!isUuid(userId)) return impact;
  const rows = await db.licenseAssignment.findMany({
    where: { tenantId, userId: userId.toLowerCase(), source: { in: ["DIRECT", "AUTO_CLAIM"] } },
    select: { id: true, productId: true },
  });
  const byProduct = new Map<string, string[]>();
  for (const r of rows) byProduct.set(r.productId, [...(byProduct.get(r.productId) ?? []), r.id]);
  for (const [productId, ids] of byProduct) impact.set(productId, await unitsFreedByRemoving(db, ids));
  return impact;
}

/**
 * The report's bulk Unassign, for the rows picked (the policy's auto-claimed assignments): how many
 * of them exist still, and how many units unassigning them frees.
 */
export async function bulkUnassignImpact(
  db: PrismaClient,
  tenantId: string,
  { policyId, ids }: { policyId: string; ids: string[] },
): Promise<{ selected: number; unitsFreed: number }> {
  if (!isUuid(policyId)) return { selected: 0, unitsFreed: 0 };
  const rows = await db.licenseAssignment.findMany({
    where: { tenantId, policyId: policyId.toLowerCase(), source: "AUTO_CLAIM", id: { in: ids.filter(isUuid).map((id) => id.toLowerCase()) } },
    select: { id: true },
  });
  return {
    selected: rows.length,
    unitsFreed: await unitsFreedByRemoving(
      db,
      rows.map((r) => r.id),
    ),
  };
}
