/**
 * Groups fed by an identity provider (SPEC §10.1, ADR 22): created, renamed, their members added
 * and removed, deleted — each call in one transaction, audited like the console's changes.
 *
 * Members join through `addMembersTx` (./membership.ts), the code the console's "Add member" uses:
 * they get the group's licences, or wait for a unit in error (SPEC §9). Leaving takes the licences
 * held through the group with the membership, and the freed units serve whoever waits longest
 * (`serveProductsTx`), as the console's removal does. The members' rows are locked in id order first,
 * queueing these changes behind the members' launches and licence changes.
 */
import { Prisma } from "@/generated/prisma/client";
import type { Tx } from "@/server/db/client";
import { recordAudit, recordAuditMany } from "../audit/service";
import type { DomainContext } from "../context";
import { DomainError, NotFoundError, ValidationError } from "../errors";
import { serveProductsTx } from "../licenses/serving";
import { lockUsers } from "../users/locks";
import { isUuid } from "../users/lookup";
import { addMembersTx } from "./membership";

export interface ProvisionedGroup {
  id: string;
  displayName: string;
  externalId: string | null;
  createdAt: Date;
  members: { id: string; displayName: string }[];
}

/** A displayName or externalId already taken in the tenant: SCIM's 409 `uniqueness`. */
export class GroupNotUniqueError extends DomainError {
  constructor(message: string, field: string) {
    super(message, { code: "CONFLICT", httpStatus: 409, field });
  }
}

const groupNotFound = () => new NotFoundError("That group does not exist in this organization.", { code: "GROUP_NOT_FOUND", field: "group" });
const TRANSACTION = { maxWait: 30_000, timeout: 30_000 };
/** The most members one request may add or remove. */
export const MAX_MEMBER_CHANGES = 1000;

/** `Sales & Marketing` → `SalesMarketing`: the mail nickname Entra would derive (letters and digits). */
const nicknameOf = (displayName: string) => displayName.replace(/[^A-Za-z0-9]/g, "").slice(0, 64) || "group";

async function readGroup(db: Tx | DomainContext["db"], tenantId: string, groupId: string): Promise<ProvisionedGroup | null> {
  const group = await db.group.findFirst({
    where: { id: groupId, tenantId },
    select: {
      id: true,
      displayName: true,
      externalId: true,
      createdAt: true,
      members: { select: { user: { select: { id: true, displayName: true } } }, orderBy: { addedAt: "asc" } },
    },
  });
  return group ? { ...group, members: group.members.map((m) => m.user) } : null;
}

export async function getProvisionedGroup(db: DomainContext["db"], tenantId: string, groupId: string): Promise<ProvisionedGroup> {
  const group = isUuid(groupId) ? await readGroup(db, tenantId, groupId) : null;
  if (!group) throw groupNotFound();
  return group;
}

/** The ids of the tenant's groups named `displayName`, compared literally and case-insensitively. */
export async function groupIdsByName(db: Tx | DomainContext["db"], tenantId: string, displayName: string): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "Group" WHERE lower("displayName") = lower(${displayName}) AND "tenantId" = ${tenantId}::uuid`;
  return rows.map((r) => r.id);
}

async function checkUnique(tx: Tx, tenantId: string, { displayName, externalId }: { displayName: string; externalId: string | null }, selfId: string | null) {
  const named = await groupIdsByName(tx, tenantId, displayName);
  if (named.some((id) => id !== selfId)) throw new GroupNotUniqueError(`A group named ${displayName} already exists.`, "displayName");
  if (externalId !== null) {
    const same = await tx.group.findFirst({ where: { tenantId, externalId }, select: { id: true } });
    if (same && same.id !== selfId) throw new GroupNotUniqueError(`A group with externalId ${externalId} already exists.`, "externalId");
  }
}

/** Locks the users and checks they all belong to the tenant; their UPNs by id. */
async function lockMembers(tx: Tx, tenantId: string, userIds: string[]): Promise<Map<string, string>> {
  if (userIds.length > MAX_MEMBER_CHANGES) throw new ValidationError(`At most ${MAX_MEMBER_CHANGES} member changes at a time.`, { field: "members" });
  const bad = userIds.find((id) => !isUuid(id));
  if (bad !== undefined) throw new ValidationError(`No user with id ${bad} in this organization.`, { field: "members" });
  const locked = await lockUsers(tx, userIds, { tenantId });
  const found = new Map(locked.map((u) => [u.id, u.userPrincipalName]));
  const missing = userIds.find((id) => !found.has(id.toLowerCase()));
  if (missing !== undefined) throw new ValidationError(`No user with id ${missing} in this organization.`, { field: "members" });
  return found;
}

function raceToConflict(error: unknown): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
    throw new GroupNotUniqueError("A group with that displayName or externalId already exists.", "displayName");
  }
  throw error;
}

export interface GroupChanges {
  displayName?: string;
  externalId?: string | null;
  /** User ids to add (already members are skipped) and to remove (non-members are skipped). */
  add?: string[];
  remove?: string[];
  /** Replace the members with exactly these (SCIM PUT). */
  members?: string[];
}

export async function createProvisionedGroup(
  ctx: DomainContext,
  input: { displayName: string; externalId: string | null; members: string[] },
): Promise<ProvisionedGroup> {
  const { db, actor, tenantId } = ctx;
  try {
    return await db.$transaction(async (tx) => {
      await checkUnique(tx, tenantId, input, null);
      const upns = await lockMembers(tx, tenantId, input.members);
      const group = await tx.group.create({
        data: { tenantId, displayName: input.displayName, externalId: input.externalId, mailNickname: nicknameOf(input.displayName) },
        select: { id: true },
      });
      await addMembersTx(tx, tenantId, group.id, [...upns.keys()]);
      await recordAudit(tx, {
        tenantId,
        actor,
        action: "group.provisioned",
        targetType: "Group",
        targetId: group.id,
        summary: `Provisioned group ${input.displayName}` + (upns.size > 0 ? ` with ${upns.size} member${upns.size === 1 ? "" : "s"}` : ""),
        after: { displayName: input.displayName, externalId: input.externalId, members: [...upns.values()] },
      });
      return (await readGroup(tx, tenantId, group.id))!;
    }, TRANSACTION);
  } catch (error) {
    raceToConflict(error);
  }
}

/** Renames the group and changes its members, all or nothing. */
export async function updateProvisionedGroup(ctx: DomainContext, { groupId, changes }: { groupId: string; changes: GroupChanges }): Promise<ProvisionedGroup> {
  const { db, actor, tenantId } = ctx;
  if (!isUuid(groupId)) throw groupNotFound();
  try {
    return await db.$transaction(async (tx) => {
      // NO KEY UPDATE: changes of this group queue here, while the console's member adds (which
      // take the users' locks, then a key-share lock on the group through the foreign key) do not.
      const [group] = await tx.$queryRaw<{ id: string; displayName: string; externalId: string | null }[]>`
        SELECT "id", "displayName", "externalId" FROM "Group" WHERE "id" = ${groupId}::uuid AND "tenantId" = ${tenantId}::uuid FOR NO KEY UPDATE`;
      if (!group) throw groupNotFound();
      const displayName = changes.displayName ?? group.displayName;
      const externalId = changes.externalId === undefined ? group.externalId : changes.externalId;
      if (displayName !== group.displayName || externalId !== group.externalId) {
        await checkUnique(tx, tenantId, { displayName, externalId }, groupId);
        await tx.group.update({ where: { id: groupId, tenantId }, data: { displayName, externalId } });
        await recordAudit(tx, {
          tenantId,
          actor,
          action: "group.provisionedUpdate",
          targetType: "Group",
          targetId: groupId,
          summary: displayName !== group.displayName ? `Renamed group ${group.displayName} to ${displayName}` : `Updated group ${displayName}`,
          before: { displayName: group.displayName, externalId: group.externalId },
          after: { displayName, externalId },
        });
      }

      const current = (await tx.groupMember.findMany({ where: { groupId }, select: { userId: true } })).map((m) => m.userId);
      const lower = (ids: string[]) => ids.map((id) => id.toLowerCase());
      let add = lower(changes.add ?? []);
      let remove = lower(changes.remove ?? []);
      if (changes.members) {
        const wanted = new Set(lower(changes.members));
        add = [...wanted].filter((id) => !current.includes(id));
        remove = current.filter((id) => !wanted.has(id));
      }
      add = [...new Set(add)].filter((id) => !current.includes(id) && !remove.includes(id));
      remove = [...new Set(remove)].filter((id) => current.includes(id));
      if (add.length + remove.length === 0) return (await readGroup(tx, tenantId, groupId))!;

      const upns = await lockMembers(tx, tenantId, [...add, ...remove]);
      const entries = [];
      if (remove.length > 0) {
        const held = await tx.licenseAssignment.findMany({ where: { groupId, userId: { in: remove } }, select: { productId: true } });
        await tx.groupMember.deleteMany({ where: { groupId, userId: { in: remove } } });
        await serveProductsTx(
          tx,
          held.map((a) => a.productId),
          { tenantId },
        );
        for (const userId of remove) {
          entries.push({
            tenantId,
            actor,
            action: "group.memberRemoved" as const,
            targetType: "Group",
            targetId: groupId,
            summary: `Removed ${upns.get(userId)} from ${displayName}`,
            before: { userId, userPrincipalName: upns.get(userId)! },
          });
        }
      }
      if (add.length > 0) {
        await addMembersTx(tx, tenantId, groupId, add);
        for (const userId of add) {
          entries.push({
            tenantId,
            actor,
            action: "group.memberAdded" as const,
            targetType: "Group",
            targetId: groupId,
            summary: `Added ${upns.get(userId)} to ${displayName}`,
            after: { userId, userPrincipalName: upns.get(userId)! },
          });
        }
      }
      await recordAuditMany(tx, entries);
      return (await readGroup(tx, tenantId, groupId))!;
    }, TRANSACTION);
  } catch (error) {
    raceToConflict(error);
  }
}

/** Deletes the group; the licences its members held through it go, and the freed units serve the waiting list. */
export async function deleteProvisionedGroup(ctx: DomainContext, { groupId }: { groupId: string }): Promise<void> {
  const { db, actor, tenantId } = ctx;
  if (!isUuid(groupId)) throw groupNotFound();
  await db.$transaction(async (tx) => {
    // The members' locks first, then the group's: the order the console's member changes take them.
    const members = (await tx.groupMember.findMany({ where: { groupId, group: { tenantId } }, select: { userId: true } })).map((m) => m.userId);
    await lockUsers(tx, members, { tenantId });
    const [group] = await tx.$queryRaw<{ id: string; displayName: string }[]>`
      SELECT "id", "displayName" FROM "Group" WHERE "id" = ${groupId}::uuid AND "tenantId" = ${tenantId}::uuid FOR UPDATE`;
    if (!group) throw groupNotFound();
    const held = await tx.licenseAssignment.findMany({ where: { groupId, tenantId }, select: { productId: true } });
    await tx.group.delete({ where: { id: groupId, tenantId } });
    await serveProductsTx(
      tx,
      held.map((a) => a.productId),
      { tenantId },
    );
    await recordAudit(tx, {
      tenantId,
      actor,
      action: "group.deleted",
      targetType: "Group",
      targetId: groupId,
      summary: `Deleted group ${group.displayName} (${members.length} member${members.length === 1 ? "" : "s"})`,
      before: { displayName: group.displayName, members: members.length },
    });
  }, TRANSACTION);
}
