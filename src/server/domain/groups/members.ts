/**
 * Adding a user to a group and removing them, audited, in one transaction each. A member holds the
 * group's licences (group-based licensing): joining takes a unit of each product the user does not
 * hold yet — or, with none left, puts that licence in error until one frees up (SPEC §9) — and
 * leaving frees them for whoever waits longest (the database cascades the group assignments and
 * counts the units).
 */
import { recordAudit } from "../audit/service";
import type { DomainContext } from "../context";
import { lockUsers } from "../users/locks";
import { isUuid } from "../users/lookup";
import { DomainError, NotFoundError } from "../errors";
import { serveProductsTx } from "../licenses/serving";
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
/** Joins of one group queue on its products' rows (as claims do): wait for them rather than fail. */
const TRANSACTION = { maxWait: 30_000, timeout: 30_000 };

/** What adding a member did: the group's products the member holds now, and those waiting for a unit. */
export interface MemberAdded {
  active: string[];
  /** Products in error (COUNT_VIOLATION): no unit was left; the member is served when one frees up. */
  waiting: string[];
}

/**
 * Adds the user to the group with the group's licences. Never refused for lack of units (SPEC §9):
 * a product with no unit left is in error for this member until one frees up.
 */
export async function addGroupMember(ctx: DomainContext, { groupId, userId }: { groupId: string; userId: string }): Promise<MemberAdded> {
  const { db, actor, tenantId } = ctx;
  if (!isUuid(groupId)) throw groupNotFound();
  if (!isUuid(userId)) throw userNotFound();
  return db.$transaction(async (tx) => {
    const group = await tx.group.findFirst({
      where: { id: groupId, tenantId },
      select: { id: true, displayName: true, licenses: { select: { product: { select: { id: true, skuPartNumber: true } } } } },
    });
    if (!group) throw groupNotFound();
    // The user's row lock queues this behind the user's launches and licence changes.
    const [user] = await lockUsers(tx, [userId], { tenantId });
    if (!user) throw userNotFound();
    const { added } = await addMembersTx(tx, tenantId, groupId, [userId]);
    if (added.length === 0) throw new AlreadyMemberError(user.userPrincipalName, group.displayName);
    const states = await tx.licenseAssignment.findMany({ where: { groupId, userId }, select: { productId: true, state: true } });
    const sku = (productId: string) => group.licenses.find((l) => l.product.id === productId)!.product.skuPartNumber;
    const result: MemberAdded = {
      active: states.filter((a) => a.state === "ACTIVE").map((a) => sku(a.productId)),
      waiting: states.filter((a) => a.state === "ERROR").map((a) => sku(a.productId)),
    };
    await recordAudit(tx, {
      tenantId,
      actor,
      action: "group.memberAdded",
      targetType: "Group",
      targetId: groupId,
      summary:
        `Added ${user.userPrincipalName} to ${group.displayName}` +
        (result.waiting.length > 0 ? ` (no unit left of ${result.waiting.join(", ")}: in error until one frees up)` : ""),
      after: { userId, userPrincipalName: user.userPrincipalName, licenses: result.active, licenseErrors: result.waiting },
    });
    return result;
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
      select: { assignments: { select: { productId: true, state: true, product: { select: { skuPartNumber: true } } } } },
    });
    if (!membership) throw new NotMemberError(userId, group.displayName, user.userPrincipalName);
    const removed = await tx.groupMember.deleteMany({ where: { groupId, userId } });
    if (removed.count === 0) throw new NotMemberError(userId, group.displayName, user.userPrincipalName);
    // The units the member held through the group go to whoever waits longest.
    await serveProductsTx(
      tx,
      membership.assignments.map((a) => a.productId),
      { tenantId },
    );
    await recordAudit(tx, {
      tenantId,
      actor,
      action: "group.memberRemoved",
      targetType: "Group",
      targetId: groupId,
      summary: `Removed ${user.userPrincipalName} from ${group.displayName}`,
      before: {
        userId,
        userPrincipalName: user.userPrincipalName,
        licenses: membership.assignments.filter((a) => a.state === "ACTIVE").map((a) => a.product.skuPartNumber),
        licenseErrors: membership.assignments.filter((a) => a.state === "ERROR").map((a) => a.product.skuPartNumber),
      },
    });
  }, TRANSACTION);
}
