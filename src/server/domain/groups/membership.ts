import type { Tx } from "@/server/db/client";
import { serveProductsTx, waiting, type ServeResult } from "../licenses/serving";

/**
 * Adds users to a group and gives them the group's licences (group-based licensing), in the
 * caller's transaction. Users already in the group are skipped. Never fails for lack of units
 * (SPEC §9): each new group assignment joins the product's queue and is served at once where a unit
 * is free or the user already holds the product; the others stay in error (COUNT_VIOLATION).
 * Returns the ids of the users actually added and what the queues served.
 */
export async function addMembersTx(tx: Tx, tenantId: string, groupId: string, userIds: string[]): Promise<{ added: string[]; serving: ServeResult | null }> {
  if (userIds.length === 0) return { added: [], serving: null };
  const added = await tx.groupMember.createManyAndReturn({
    data: userIds.map((userId) => ({ groupId, userId })),
    skipDuplicates: true,
    select: { userId: true },
  });
  const licences = await tx.groupLicense.findMany({ where: { groupId }, orderBy: { productId: "asc" } });
  if (added.length === 0 || licences.length === 0) return { added: added.map((a) => a.userId), serving: null };
  const state = waiting();
  await tx.licenseAssignment.createMany({
    data: licences.flatMap((l) =>
      added.map(({ userId }) => ({
        tenantId,
        userId,
        productId: l.productId,
        source: "GROUP" as const,
        groupId,
        disabledPlanIds: l.disabledPlanIds,
        ...state,
      })),
    ),
  });
  const serving = await serveProductsTx(
    tx,
    licences.map((l) => l.productId),
    { tenantId },
  );
  return { added: added.map((a) => a.userId), serving };
}

/** Puts a product on a group: every current member then holds it through the group (or waits for a unit). */
export async function assignGroupLicenseTx(
  tx: Tx,
  tenantId: string,
  groupId: string,
  productId: string,
  disabledPlanIds: string[] = [],
): Promise<ServeResult | null> {
  await tx.groupLicense.create({ data: { groupId, productId, disabledPlanIds } });
  const members = await tx.groupMember.findMany({ where: { groupId }, select: { userId: true }, orderBy: { addedAt: "asc" } });
  if (members.length === 0) return null;
  const state = waiting();
  await tx.licenseAssignment.createMany({
    data: members.map(({ userId }) => ({ tenantId, userId, productId, source: "GROUP" as const, groupId, disabledPlanIds, ...state })),
  });
  return serveProductsTx(tx, [productId], { tenantId });
}
