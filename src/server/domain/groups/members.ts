/**
 * Adding a user to a group and removing them, audited, in one transaction each. A member holds the
 * group's licences (group-based licensing): joining takes a unit of each product the user does not
 * hold yet — a full pool refuses the whole change — and leaving frees them (the database cascades
 * the group assignments and counts the units).
 */
import { recordAudit } from "../audit/service";
import type { DomainContext } from "../context";
import { lockUsers } from "../users/locks";
import { isUuid } from "../users/lookup";
import { DomainError, NotFoundError } from "../errors";
import { isUnitsExhausted, NoLicensesAvailableError } from "../licenses/errors";
import { addMembersTx } from "./membership";

export class AlreadyMemberError extends DomainError {
  constructor(userPrincipalName: string, groupName: string) {
    super(`${userPrincipalName} is already a member of ${groupName}.`, { code: "ALREADY_MEMBER", httpStatus: 409 });
  }
}

/** Removing someone who is not (or no longer) a member: 404, so that a repeated removal answers 204 then 404. */
export class NotMemberError extends NotFoundError {
  readonly userId: string;
  constructor(userId: string, groupName: string, userPrincipalName: string | null = null) {
    super(
      userPrincipalName
        ? `${userPrincipalName} is not a member of ${groupName}: they may have been removed already.`
        : `User ${userId} is not a member of ${groupName}.`,
      { code: "NOT_MEMBER" },
    );
    this.userId = userId;
  }
}

const groupNotFound = () => new NotFoundError("That group does not exist in this organization.", { code: "GROUP_NOT_FOUND", field: "group" });
const userNotFound = () => new NotFoundError("That user does not exist in this organization.", { code: "USER_NOT_FOUND", field: "user" });
const TRANSACTION = { maxWait: 10_000, timeout: 15_000 };

/** Adds the user to the group with the group's licences. */
export async function addGroupMember(ctx: DomainContext, { groupId, userId }: { groupId: string; userId: string }): Promise<void> {
  const { db, actor, tenantId } = ctx;
  if (!isUuid(groupId)) throw groupNotFound();
  if (!isUuid(userId)) throw userNotFound();
  await db.$transaction(async (tx) => {
    const group = await tx.group.findFirst({
      where: { id: groupId, tenantId },
      select: {
        id: true,
        displayName: true,
        licenses: {
          select: { product: { select: { id: true, skuId: true, skuPartNumber: true, displayName: true, purchasedUnits: true, consumedUnits: true } } },
        },
      },
    });
    if (!group) throw groupNotFound();
    // The user's row lock queues this behind the user's launches and licence changes.
    const [user] = await lockUsers(tx, [userId], { tenantId });
    if (!user) throw userNotFound();
    const seats = await tx.licenseSeat.findMany({ where: { userId, productId: { in: group.licenses.map((l) => l.product.id) } }, select: { productId: true } });
    // Products that joining takes a unit of; the ones already full are refused by name up front,
    // and a race to the last unit is refused by the database.
    const needed = group.licenses.map((l) => l.product).filter((p) => !seats.some((s) => s.productId === p.id));
    const full = needed.filter((p) => p.consumedUnits >= p.purchasedUnits);
    if (full.length > 0) throw new NoLicensesAvailableError(full);
    let added: string[];
    try {
      added = await addMembersTx(tx, tenantId, groupId, [userId]);
    } catch (error) {
      if (isUnitsExhausted(error)) throw new NoLicensesAvailableError(needed, { cause: error });
      throw error;
    }
    if (added.length === 0) throw new AlreadyMemberError(user.userPrincipalName, group.displayName);
    await recordAudit(tx, {
      tenantId,
      actor,
      action: "group.memberAdded",
      targetType: "Group",
      targetId: groupId,
      summary: `Added ${user.userPrincipalName} to ${group.displayName}`,
      after: { userId, userPrincipalName: user.userPrincipalName, licenses: group.licenses.map((l) => l.product.skuPartNumber) },
    });
  }, TRANSACTION);
}

/**
 * Removes the user from the group; the licences they held through it go with the membership.
 * Idempotent under concurrency: removals of one user queue on the user's row lock, the first
 * removes and audits, the others find no membership (NotMemberError, 404) and write nothing.
 */
export async function removeGroupMember(ctx: DomainContext, { groupId, userId }: { groupId: string; userId: string }): Promise<void> {
  const { db, actor, tenantId } = ctx;
  if (!isUuid(groupId)) throw groupNotFound();
  await db.$transaction(async (tx) => {
    const group = await tx.group.findFirst({ where: { id: groupId, tenantId }, select: { id: true, displayName: true } });
    if (!group) throw groupNotFound();
    if (!isUuid(userId)) throw new NotMemberError(userId, group.displayName);
    // The same lock as addGroupMember's: adds and removals of one user run one after the other.
    const [user] = await lockUsers(tx, [userId], { tenantId });
    if (!user) throw new NotMemberError(userId, group.displayName);
    const membership = await tx.groupMember.findUnique({
      where: { groupId_userId: { groupId, userId } },
      select: { assignments: { select: { product: { select: { skuPartNumber: true } } } } },
    });
    if (!membership) throw new NotMemberError(userId, group.displayName, user.userPrincipalName);
    const removed = await tx.groupMember.deleteMany({ where: { groupId, userId } });
    if (removed.count === 0) throw new NotMemberError(userId, group.displayName, user.userPrincipalName);
    await recordAudit(tx, {
      tenantId,
      actor,
      action: "group.memberRemoved",
      targetType: "Group",
      targetId: groupId,
      summary: `Removed ${user.userPrincipalName} from ${group.displayName}`,
      before: { userId, userPrincipalName: user.userPrincipalName, licenses: membership.assignments.map((a) => a.product.skuPartNumber) },
    });
  }, TRANSACTION);
}
