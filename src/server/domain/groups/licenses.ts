/**
 * Group-based licensing (SPEC §9): the products a group carries, changed from the Groups page and by
 * Graph `POST /groups/{id}/assignLicense` — one function for both — plus reprocessing a group and
 * reading its members with licence errors. Adding a product never fails for lack of units: members
 * the pool cannot serve are in error and wait (licenses/serving.ts). Removing one frees the units of
 * the members who hold the product no other way, and the queue is served in the same transaction.
 */
import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import type { Tx } from "@/server/db/client";
import { recordAudit } from "../audit/service";
import type { DomainContext } from "../context";
import { NotFoundError, ValidationError } from "../errors";
import { checkOnceEach, disabledPlansOf, MAX_LICENSE_CHANGES, resolveProducts, type ProductRef } from "../licenses/assign";
import { LicenseNotHeldError } from "../licenses/errors";
import { serveProductsTx, unitsFreedByRemoving, waiting } from "../licenses/serving";
import { isUuid } from "../users/lookup";

export interface GroupLicenseChanges {
  groupId: string;
  /** Products to put on the group (or whose disabled plans to change), with the service plans to switch off. */
  add?: (ProductRef & { disabledPlanIds?: string[] })[];
  remove?: ProductRef[];
}

export interface GroupLicenseResult {
  groupId: string;
  /** Product ids the group carries now and did not before. */
  added: string[];
  /** Product ids whose disabled plans changed. */
  updated: string[];
  /** Product ids the group no longer carries. */
  removed: string[];
  /** Per product added: members now holding it, and members in error (no unit left). */
  members: { productId: string; active: number; inError: number }[];
  /** Units given back to the pool by the removals (a member holding the product another way frees none). */
  unitsFreed: number;
}

const groupNotFound = (field = "groupId") => new NotFoundError("That group does not exist in this organization.", { code: "GROUP_NOT_FOUND", field });
const TRANSACTION = { maxWait: 10_000, timeout: 30_000 };

/** Reads the group or throws; its row is locked, so changes of one group's licences queue. */
async function lockGroup(tx: Tx, tenantId: string, groupId: string) {
  if (!isUuid(groupId)) throw groupNotFound();
  const [group] = await tx.$queryRaw<{ id: string; displayName: string }[]>`
    SELECT "id", "displayName" FROM "Group" WHERE "id" = ${groupId.toLowerCase()}::uuid AND "tenantId" = ${tenantId}::uuid FOR NO KEY UPDATE`;
  if (!group) throw groupNotFound();
  return group;
}

/**
 * Adds, updates and removes the group's products in one transaction, audited once
 * ("group.licenses"). Throws NotFoundError (group), UnknownLicenseError, InvalidServicePlanError,
 * ValidationError (a product twice) or LicenseNotHeldError (removing a product the group does not
 * carry) — and then writes nothing.
 */
export async function changeGroupLicenses(ctx: DomainContext, changes: GroupLicenseChanges): Promise<GroupLicenseResult> {
  const add = changes.add ?? [];
  const remove = changes.remove ?? [];
  if (add.length + remove.length > MAX_LICENSE_CHANGES) throw new ValidationError(`At most ${MAX_LICENSE_CHANGES} license changes at a time.`);
  const { db, actor, tenantId } = ctx;
  return db.$transaction(async (tx) => {
    const group = await lockGroup(tx, tenantId, changes.groupId);
    const addProducts = await resolveProducts(tx, tenantId, add);
    const removeProducts = await resolveProducts(tx, tenantId, remove);
    checkOnceEach([...addProducts, ...removeProducts]);
    const plans = addProducts.map((product, i) => disabledPlansOf(product, add[i].disabledPlanIds));
    const carried = await tx.groupLicense.findMany({ where: { groupId: group.id }, select: { productId: true, disabledPlanIds: true } });
    const carries = (productId: string) => carried.find((c) => c.productId === productId);
    const result: GroupLicenseResult = { groupId: group.id, added: [], updated: [], removed: [], members: [], unitsFreed: 0 };
    const before: Record<string, Prisma.InputJsonValue | null> = {};
    const after: Record<string, Prisma.InputJsonValue | null> = {};

    for (const product of removeProducts)
      if (!carries(product.id)) throw new LicenseNotHeldError(product, `${group.displayName} does not carry ${product.displayName}.`);
    // Removals first, so that the units they free can serve the additions' queues.
    if (removeProducts.length > 0) {
      const doomed = await tx.licenseAssignment.findMany({
        where: { groupId: group.id, productId: { in: removeProducts.map((p) => p.id) } },
        select: { id: true },
      });
      result.unitsFreed = await unitsFreedByRemoving(
        tx,
        doomed.map((d) => d.id),
        tenantId,
      );
      // The group assignments go with the group licence (ON DELETE CASCADE); the triggers count the units.
      await tx.groupLicense.deleteMany({ where: { groupId: group.id, productId: { in: removeProducts.map((p) => p.id) } } });
      for (const product of removeProducts) {
        before[product.skuPartNumber] = { disabledPlans: carries(product.id)!.disabledPlanIds };
        after[product.skuPartNumber] = null;
        result.removed.push(product.id);
      }
    }

    const members = await tx.groupMember.findMany({ where: { groupId: group.id }, select: { userId: true }, orderBy: { addedAt: "asc" } });
    const state = waiting();
    for (const [i, product] of addProducts.entries()) {
      const disabledPlanIds = plans[i];
      const held = carries(product.id);
      if (held) {
        if (held.disabledPlanIds.length === disabledPlanIds.length && held.disabledPlanIds.every((p) => disabledPlanIds.includes(p))) continue;
        await tx.groupLicense.update({ where: { groupId_productId: { groupId: group.id, productId: product.id } }, data: { disabledPlanIds } });
        await tx.licenseAssignment.updateMany({ where: { groupId: group.id, productId: product.id }, data: { disabledPlanIds } });
        before[product.skuPartNumber] = { disabledPlans: held.disabledPlanIds };
        after[product.skuPartNumber] = { disabledPlans: disabledPlanIds };
        result.updated.push(product.id);
        continue;
      }
      await tx.groupLicense.create({ data: { groupId: group.id, productId: product.id, disabledPlanIds } });
      if (members.length > 0) {
        await tx.licenseAssignment.createMany({
          data: members.map(({ userId }) => ({
            tenantId,
            userId,
            productId: product.id,
            source: "GROUP" as const,
            groupId: group.id,
            disabledPlanIds,
            ...state,
          })),
        });
      }
      before[product.skuPartNumber] = null;
      after[product.skuPartNumber] = { disabledPlans: disabledPlanIds };
      result.added.push(product.id);
    }

    await serveProductsTx(tx, [...result.removed, ...result.added], { tenantId });
    for (const productId of result.added) {
      const counts = await tx.licenseAssignment.groupBy({ by: ["state"], where: { groupId: group.id, productId }, _count: { _all: true } });
      const of = (s: "ACTIVE" | "ERROR") => counts.find((c) => c.state === s)?._count._all ?? 0;
      result.members.push({ productId, active: of("ACTIVE"), inError: of("ERROR") });
    }

    if (result.added.length + result.updated.length + result.removed.length > 0) {
      const all = [...addProducts, ...removeProducts];
      const names = (ids: string[]) => ids.map((id) => all.find((p) => p.id === id)!.displayName).join(", ");
      const inError = result.members.reduce((n, m) => n + m.inError, 0);
      const parts = [
        result.added.length
          ? `assigned ${names(result.added)}${inError ? ` (${inError} member${inError === 1 ? "" : "s"} in error: no unit left)` : ""}`
          : null,
        result.updated.length ? `changed the apps of ${names(result.updated)}` : null,
        result.removed.length ? `removed ${names(result.removed)} (${result.unitsFreed} unit${result.unitsFreed === 1 ? "" : "s"} freed)` : null,
      ].filter(Boolean);
      await recordAudit(tx, {
        tenantId,
        actor,
        action: "group.licenses",
        targetType: "Group",
        targetId: group.id,
        summary: `${group.displayName}: ${parts.join("; ")}`,
        before,
        after,
      });
    }
    return result;
  }, TRANSACTION);
}

/** What removing the product from the group would do, for the confirm dialog: members who lose it, units it frees. */
export async function groupLicenseRemovalImpact(db: PrismaClient, tenantId: string, groupId: string, productId: string) {
  if (!isUuid(groupId) || !isUuid(productId)) return null;
  const licence = await db.groupLicense.findFirst({
    where: { groupId: groupId.toLowerCase(), productId: productId.toLowerCase(), group: { tenantId } },
    select: { product: { select: { displayName: true } } },
  });
  if (!licence) return null;
  const rows = await db.licenseAssignment.findMany({
    where: { groupId: groupId.toLowerCase(), productId: productId.toLowerCase() },
    select: { id: true, state: true },
  });
  return {
    productName: licence.product.displayName,
    membersLosing: rows.filter((r) => r.state === "ACTIVE").length,
    membersInError: rows.filter((r) => r.state === "ERROR").length,
    unitsFreed: await unitsFreedByRemoving(
      db,
      rows.map((r) => r.id),
      tenantId,
    ),
  };
}

export interface ReprocessResult {
  /** Assignments that became active. */
  served: number;
  /** Assignments still in error: no unit left. */
  stillInError: number;
}

/**
 * Reprocess (the group page's button): serves the queues of the products the group carries — the
 * longest-waiting members first, whichever group they wait through — and says what is still in error.
 */
export async function reprocessGroup(ctx: DomainContext, { groupId }: { groupId: string }): Promise<ReprocessResult> {
  const { db, actor, tenantId } = ctx;
  return db.$transaction(async (tx) => {
    const group = await lockGroup(tx, tenantId, groupId);
    const licences = await tx.groupLicense.findMany({ where: { groupId: group.id }, select: { productId: true } });
    const serving = await serveProductsTx(
      tx,
      licences.map((l) => l.productId),
      { tenantId },
    );
    const served = [...serving.served.values()].reduce((a, b) => a + b, 0);
    const stillInError = await tx.licenseAssignment.count({ where: { groupId: group.id, state: "ERROR" } });
    await recordAudit(tx, {
      tenantId,
      actor,
      action: "group.reprocessed",
      targetType: "Group",
      targetId: group.id,
      summary: `Reprocessed the licenses of ${group.displayName}: ${served} assigned, ${stillInError} still in error`,
      after: { served, stillInError },
    });
    return { served, stillInError };
  }, TRANSACTION);
}

export const MEMBERS_WITH_ERRORS_PAGE_SIZE = 50;

/** Members of the group with a licence in error (Graph's membersWithLicenseErrors; the group page), longest-waiting first. */
export async function listMembersWithLicenseErrors(
  db: PrismaClient,
  tenantId: string,
  groupId: string,
  { take = MEMBERS_WITH_ERRORS_PAGE_SIZE, skip = 0 } = {},
) {
  if (!isUuid(groupId)) return null;
  const group = await db.group.findFirst({ where: { id: groupId.toLowerCase(), tenantId }, select: { id: true } });
  if (!group) return null;
  const where = { groupId: group.id, state: "ERROR" as const };
  const [total, rows] = await Promise.all([
    db.licenseAssignment.count({ where }),
    db.licenseAssignment.findMany({
      where,
      orderBy: [{ waitingSince: "asc" }, { userId: "asc" }, { productId: "asc" }],
      skip,
      take,
      select: {
        waitingSince: true,
        user: { select: { id: true, displayName: true, userPrincipalName: true } },
        product: { select: { id: true, displayName: true, skuId: true } },
      },
    }),
  ]);
  return { total, rows: rows.map((r) => ({ ...r.user, product: r.product, waitingSince: r.waitingSince! })) };
}
