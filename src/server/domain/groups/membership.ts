import type { Tx } from "@/server/db/client";

/**
 * Adds users to a group and gives them the group's licences (group-based licensing), in the
 * caller's transaction. Users already in the group are skipped. A licence that would exceed the
 * product's purchased units makes the database refuse the whole statement (check_violation).
 * Returns the ids of the users actually added.
 */
export async function addMembersTx(tx: Tx, tenantId: string, groupId: string, userIds: string[]): Promise<string[]> {
  if (userIds.length === 0) return [];
  const added = await tx.groupMember.createManyAndReturn({
    data: userIds.map((userId) => ({ groupId, userId })),
    skipDuplicates: true,
    select: { userId: true },
  });
  // In product order, as every other multi-product write, so that concurrent writers lock product
  // rows in the same order and cannot deadlock.
  const licences = await tx.groupLicense.findMany({ where: { groupId }, orderBy: { productId: "asc" } });
  if (added.length > 0 && licences.length > 0) {
    await tx.licenseAssignment.createMany({
      data: licences.flatMap((l) =>
        added.map(({ userId }) => ({
          tenantId,
          userId,
          productId: l.productId,
          source: "GROUP" as const,
          groupId,
          disabledPlanIds: l.disabledPlanIds,
        })),
      ),
    });
  }
  return added.map((a) => a.userId);
}

/** Puts a product on a group: every current member then holds it through the group. */
export async function assignGroupLicenseTx(tx: Tx, tenantId: string, groupId: string, productId: string, disabledPlanIds: string[] = []): Promise<void> {
  await tx.groupLicense.create({ data: { groupId, productId, disabledPlanIds } });
  const members = await tx.groupMember.findMany({ where: { groupId }, select: { userId: true } });
  if (members.length === 0) return;
  await tx.licenseAssignment.createMany({
    data: members.map(({ userId }) => ({ tenantId, userId, productId, source: "GROUP" as const, groupId, disabledPlanIds })),
  });
}
