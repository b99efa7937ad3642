/**
 * Users fed by an identity provider (SPEC §10.1, ADR 22): created, replaced, disabled, enabled and
 * deleted, each in one transaction under the user's row lock, audited.
 *
 * Disabling (`active: false`) ends the user's sessions, refuses their sign-in and launches, takes
 * them off every waiting list and releases their auto-claimed licences at once — the freed units
 * serve the waiting list in the same transaction (`serveProductsTx`) — and, with the Org setting
 * "Disabling a user also releases their direct licenses", the direct ones too. Group licences follow
 * the membership. Deleting releases every licence the same way, then removes the user.
 *
 * The user principal name is unique across the service and compared as everywhere else:
 * `lower(upn) = lower($1)` (./lookup.ts), never as a pattern; `externalId` is compared exactly and
 * is unique in the tenant.
 */
import { Prisma } from "@/generated/prisma/client";
import type { LicenseSource } from "@/generated/prisma/enums";
import type { Tx } from "@/server/db/client";
import { recordAudit } from "../audit/service";
import type { DomainContext, TxContext } from "../context";
import { DomainError, NotFoundError, ValidationError } from "../errors";
import { serveProductsTx } from "../licenses/serving";
import { lockUsers } from "./locks";
import { isUuid } from "./lookup";

/** The attributes a provisioning client sets on a user. */
export interface ProvisionedUserInput {
  userPrincipalName: string;
  externalId: string | null;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  mail: string | null;
  jobTitle: string | null;
  department: string | null;
  employeeNumber: string | null;
  costCenter: string | null;
  managerId: string | null;
  accountEnabled: boolean;
}

export const PROVISIONED_USER_SELECT = {
  id: true,
  tenantId: true,
  userPrincipalName: true,
  externalId: true,
  displayName: true,
  givenName: true,
  surname: true,
  mail: true,
  jobTitle: true,
  department: true,
  employeeNumber: true,
  costCenter: true,
  managerId: true,
  accountEnabled: true,
  createdAt: true,
} satisfies Prisma.UserSelect;

export type ProvisionedUser = Prisma.UserGetPayload<{ select: typeof PROVISIONED_USER_SELECT }>;

/** A userName or externalId already taken: SCIM's 409 `uniqueness`. */
export class UserNotUniqueError extends DomainError {
  constructor(message: string, field: string) {
    super(message, { code: "CONFLICT", httpStatus: 409, field });
  }
}

const userNotFound = () => new NotFoundError("That user does not exist in this organization.", { code: "USER_NOT_FOUND", field: "user" });
const TRANSACTION = { maxWait: 30_000, timeout: 30_000 };

/** The ids of the tenant's users whose UPN is `upn`, compared literally and case-insensitively. */
export async function userIdsByUpn(db: Tx | DomainContext["db"], tenantId: string, upn: string): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "User" WHERE lower("userPrincipalName") = lower(${upn}) AND "tenantId" = ${tenantId}::uuid`;
  return rows.map((r) => r.id);
}

async function checkUnique(tx: Tx, tenantId: string, input: ProvisionedUserInput, selfId: string | null): Promise<void> {
  // UPNs are unique across the service (one sign-in names one person), so any tenant counts.
  const [sameUpn] = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "User" WHERE lower("userPrincipalName") = lower(${input.userPrincipalName}) LIMIT 1`;
  if (sameUpn && sameUpn.id !== selfId) throw new UserNotUniqueError(`A user with userName ${input.userPrincipalName} already exists.`, "userName");
  if (input.externalId !== null) {
    const same = await tx.user.findFirst({ where: { tenantId, externalId: input.externalId }, select: { id: true } });
    if (same && same.id !== selfId) throw new UserNotUniqueError(`A user with externalId ${input.externalId} already exists.`, "externalId");
  }
  if (input.managerId !== null) {
    const manager = isUuid(input.managerId) ? await tx.user.findFirst({ where: { id: input.managerId, tenantId }, select: { id: true } }) : null;
    if (!manager || manager.id === selfId) throw new ValidationError("The manager must be another user of this organization.", { field: "manager" });
  }
}

/** A unique violation lost in a race with another create: the same 409 as the check's. */
function raceToConflict(error: unknown): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
    throw new UserNotUniqueError("A user with that userName or externalId already exists.", "userName");
  }
  throw error;
}

const dataOf = (input: ProvisionedUserInput) => ({
  userPrincipalName: input.userPrincipalName,
  externalId: input.externalId,
  displayName: input.displayName,
  givenName: input.givenName,
  surname: input.surname,
  mail: input.mail,
  jobTitle: input.jobTitle,
  department: input.department,
  employeeNumber: input.employeeNumber,
  costCenter: input.costCenter,
  managerId: input.managerId,
});

export async function createProvisionedUser(ctx: DomainContext, input: ProvisionedUserInput): Promise<ProvisionedUser> {
  const { db, actor, tenantId } = ctx;
  try {
    return await db.$transaction(async (tx) => {
      await checkUnique(tx, tenantId, input, null);
      const user = await tx.user.create({
        data: { tenantId, ...dataOf(input), accountEnabled: input.accountEnabled },
        select: PROVISIONED_USER_SELECT,
      });
      await recordAudit(tx, {
        tenantId,
        actor,
        action: "user.provisioned",
        targetType: "User",
        targetId: user.id,
        summary: `Provisioned ${user.userPrincipalName}${user.accountEnabled ? "" : " (disabled)"}`,
        after: { ...dataOf(input), accountEnabled: input.accountEnabled },
      });
      return user;
    }, TRANSACTION);
  } catch (error) {
    raceToConflict(error);
  }
}

export async function getProvisionedUser(db: DomainContext["db"], tenantId: string, id: string): Promise<ProvisionedUser> {
  const user = isUuid(id) ? await db.user.findFirst({ where: { id, tenantId }, select: PROVISIONED_USER_SELECT }) : null;
  if (!user) throw userNotFound();
  return user;
}

/** What a replace did to the account, besides its attributes. */
export interface ReplaceOutcome {
  user: ProvisionedUser;
  /** Auto-claimed licences released because the account was disabled (product ids). */
  released: string[];
}

/**
 * Replaces every provisioned attribute of the user (SCIM PUT, and PATCH once applied). Turning
 * `accountEnabled` off disables the account as `setAccountEnabledTx` does, in the same transaction.
 */
export async function replaceProvisionedUser(
  ctx: DomainContext,
  { userId, input, now = new Date() }: { userId: string; input: ProvisionedUserInput; now?: Date },
): Promise<ReplaceOutcome> {
  const { db, actor, tenantId } = ctx;
  if (!isUuid(userId)) throw userNotFound();
  try {
    return await db.$transaction(async (tx) => {
      const [locked] = await lockUsers(tx, [userId], { tenantId });
      if (!locked) throw userNotFound();
      const before = await tx.user.findUniqueOrThrow({ where: { id: userId, tenantId }, select: PROVISIONED_USER_SELECT });
      await checkUnique(tx, tenantId, input, userId);
      await tx.user.update({ where: { id: userId, tenantId }, data: dataOf(input) });
      const changed = (Object.keys(dataOf(input)) as (keyof ReturnType<typeof dataOf>)[]).filter((k) => before[k] !== input[k]);
      if (changed.length > 0) {
        await recordAudit(tx, {
          tenantId,
          actor,
          action: "user.provisionedUpdate",
          targetType: "User",
          targetId: userId,
          summary: `Updated ${input.userPrincipalName} from the identity provider: ${changed.join(", ")}`,
          before: Object.fromEntries(changed.map((k) => [k, before[k]])),
          after: Object.fromEntries(changed.map((k) => [k, input[k]])),
        });
      }
      let released: string[] = [];
      if (before.accountEnabled !== input.accountEnabled) {
        released = await setAccountEnabledTx(tx, { actor, tenantId }, { userId, enabled: input.accountEnabled, now });
      }
      const user = await tx.user.findUniqueOrThrow({ where: { id: userId, tenantId }, select: PROVISIONED_USER_SELECT });
      return { user, released };
    }, TRANSACTION);
  } catch (error) {
    raceToConflict(error);
  }
}

/**
 * Turns the account on or off, in the caller's transaction, which holds the user's row lock.
 * Off: sessions end (sessionVersion), open waiting-list entries close (REMOVED), auto-claimed
 * licences are released and their units serve the waiting list. Returns the released product ids.
 */
export async function setAccountEnabledTx(
  tx: Tx,
  ctx: TxContext,
  { userId, enabled, now = new Date() }: { userId: string; enabled: boolean; now?: Date },
): Promise<string[]> {
  const { actor, tenantId } = ctx;
  const user = await tx.user.update({
    where: { id: userId, tenantId },
    data: enabled ? { accountEnabled: true } : { accountEnabled: false, sessionVersion: { increment: 1 } },
    select: { userPrincipalName: true },
  });
  if (enabled) {
    await recordAudit(tx, {
      tenantId,
      actor,
      action: "user.enabled",
      targetType: "User",
      targetId: userId,
      summary: `Enabled ${user.userPrincipalName}`,
    });
    return [];
  }
  await tx.waitlistEntry.updateMany({ where: { userId, tenantId, leftAt: null }, data: { leftAt: now, leftReason: "REMOVED" } });
  const { disableReleasesDirect } = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { disableReleasesDirect: true } });
  const released = await releaseTx(tx, tenantId, userId, { sources: disableReleasesDirect ? ["AUTO_CLAIM", "DIRECT"] : ["AUTO_CLAIM"] });
  await recordAudit(tx, {
    tenantId,
    actor,
    action: "user.disabled",
    targetType: "User",
    targetId: userId,
    summary:
      `Disabled ${user.userPrincipalName}` +
      (released.length > 0 ? `; released ${released.map((r) => `${r.skuPartNumber} (${r.source === "DIRECT" ? "direct" : "auto-claimed"})`).join(", ")}` : ""),
    before: { accountEnabled: true, licenses: released.map((r) => r.skuPartNumber) },
    after: { accountEnabled: false, licenses: [] },
  });
  return released.map((r) => r.productId);
}

/** Removes the user's licences of these sources (all: with their group memberships too) and serves the freed units. */
async function releaseTx(tx: Tx, tenantId: string, userId: string, { sources }: { sources: LicenseSource[] | "all" }) {
  const keepMemberships = sources !== "all";
  const held = await tx.licenseAssignment.findMany({
    where: { userId, tenantId, ...(sources !== "all" ? { source: { in: sources } } : {}) },
    select: { id: true, productId: true, source: true, product: { select: { skuPartNumber: true } } },
  });
  if (held.length === 0) {
    if (!keepMemberships) await tx.groupMember.deleteMany({ where: { userId } });
    return [];
  }
  // Group licences go with the membership (the database cascades them); the rest one by one.
  if (!keepMemberships) await tx.groupMember.deleteMany({ where: { userId } });
  await tx.licenseAssignment.deleteMany({ where: { id: { in: held.map((a) => a.id) }, tenantId } });
  await serveProductsTx(
    tx,
    held.map((a) => a.productId),
    { tenantId },
  );
  return held.map((a) => ({ productId: a.productId, source: a.source, skuPartNumber: a.product.skuPartNumber }));
}

/** Deletes the user: every licence they hold is released first (the units serve the waiting list), then the row goes. */
export async function deleteProvisionedUser(ctx: DomainContext, { userId }: { userId: string }): Promise<void> {
  const { db, actor, tenantId } = ctx;
  if (!isUuid(userId)) throw userNotFound();
  await db.$transaction(async (tx) => {
    const [locked] = await lockUsers(tx, [userId], { tenantId });
    if (!locked) throw userNotFound();
    await tx.waitlistEntry.updateMany({ where: { userId, tenantId, leftAt: null }, data: { leftAt: new Date(), leftReason: "REMOVED" } });
    const released = await releaseTx(tx, tenantId, userId, { sources: "all" });
    await tx.user.delete({ where: { id: userId, tenantId } });
    await recordAudit(tx, {
      tenantId,
      actor,
      action: "user.deleted",
      targetType: "User",
      targetId: userId,
      summary: `Deleted ${locked.userPrincipalName}` + (released.length > 0 ? `; released ${released.map((r) => r.skuPartNumber).join(", ")}` : ""),
      before: { userPrincipalName: locked.userPrincipalName, licenses: released.map((r) => r.skuPartNumber) },
    });
  }, TRANSACTION);
}
