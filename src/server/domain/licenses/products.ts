/**
 * Changes made from a product's page (SPEC §9): purchased units (raising them serves the members
 * waiting for a unit), bulk Unassign of holders, and Remove the direct assignment of people who
 * also hold the product through a group — make-before-break, so no unit is consumed or lost in
 * between. Plus reprocessing one person (the user page's button, Graph's reprocessLicenseAssignment).
 * Each change is one transaction, audited; bulk ones take at most PRODUCT_BULK_CHUNK people each.
 */
import type { PrismaClient } from "@/generated/prisma/client";
import type { Tx } from "@/server/db/client";
import { recordAudit, recordAuditMany } from "../audit/service";
import type { DomainContext } from "../context";
import { NotFoundError, ValidationError } from "../errors";
import { lockUsers } from "../users/locks";
import { isUuid } from "../users/lookup";
import { serveProductsTx, unitsFreedByRemoving } from "./serving";

export const PRODUCT_BULK_CHUNK = 250;
export const MAX_PURCHASED_UNITS = 1_000_000;

const TRANSACTION = { maxWait: 10_000, timeout: 30_000 };
const productNotFound = () => new NotFoundError("That product does not exist in this organization.", { code: "NOT_FOUND", field: "productId" });
const userNotFound = () => new NotFoundError("That user does not exist in this organization.", { code: "USER_NOT_FOUND", field: "user" });

export interface PurchasedUnitsResult {
  purchasedUnits: number;
  consumedUnits: number;
  /** Group members in error who got the product because of the new units. */
  served: number;
  /** People on policy waiting lists who got it. */
  servedFromWaitlist: number;
  stillInError: number;
}

/**
 * Sets the product's purchased units. Fewer than are consumed is refused beside the field (unassign
 * first); more serves the members waiting for a unit, longest-waiting first, in the same transaction.
 */
export async function setPurchasedUnits(
  ctx: DomainContext,
  { productId, purchasedUnits }: { productId: string; purchasedUnits: number },
): Promise<PurchasedUnitsResult> {
  if (!Number.isSafeInteger(purchasedUnits) || purchasedUnits < 0 || purchasedUnits > MAX_PURCHASED_UNITS) {
    throw new ValidationError(`Purchased units must be a whole number from 0 to ${MAX_PURCHASED_UNITS.toLocaleString("en-US")}.`, { field: "purchasedUnits" });
  }
  if (!isUuid(productId)) throw productNotFound();
  const { db, actor, tenantId } = ctx;
  return db.$transaction(async (tx) => {
    const [product] = await tx.$queryRaw<{ id: string; displayName: string; purchasedUnits: number; consumedUnits: number }[]>`
      SELECT "id", "displayName", "purchasedUnits", "consumedUnits" FROM "Product"
      WHERE "id" = ${productId.toLowerCase()}::uuid AND "tenantId" = ${tenantId}::uuid FOR NO KEY UPDATE`;
    if (!product) throw productNotFound();
    if (purchasedUnits < product.consumedUnits) {
      throw new ValidationError(
        `${product.consumedUnits} ${product.displayName} licenses are assigned: purchased units cannot be fewer. Unassign licenses first.`,
        { field: "purchasedUnits" },
      );
    }
    if (purchasedUnits === product.purchasedUnits) {
      const stillInError = await tx.licenseAssignment.count({ where: { productId: product.id, tenantId, state: "ERROR" } });
      return { purchasedUnits, consumedUnits: product.consumedUnits, served: 0, servedFromWaitlist: 0, stillInError };
    }
    await tx.product.update({ where: { id: product.id, tenantId }, data: { purchasedUnits } });
    const serving = await serveProductsTx(tx, [product.id], { tenantId });
    const served = serving.served.get(product.id) ?? 0;
    const servedFromWaitlist = serving.fromWaitlist.get(product.id) ?? 0;
    const stillInError = serving.waiting.get(product.id) ?? 0;
    await recordAudit(tx, {
      tenantId,
      actor,
      action: "product.purchasedUnits",
      targetType: "Product",
      targetId: product.id,
      summary:
        `${product.displayName}: purchased units ${product.purchasedUnits} → ${purchasedUnits}` +
        (served > 0 ? `; ${served} group license${served === 1 ? "" : "s"} in error assigned` : "") +
        (servedFromWaitlist > 0 ? `; ${servedFromWaitlist} ${servedFromWaitlist === 1 ? "person" : "people"} on the waiting list served` : ""),
      before: { purchasedUnits: product.purchasedUnits },
      after: { purchasedUnits, served, servedFromWaitlist },
    });
    const after = await tx.product.findUniqueOrThrow({ where: { id: product.id, tenantId }, select: { consumedUnits: true } });
    return { purchasedUnits, consumedUnits: after.consumedUnits, served, servedFromWaitlist, stillInError };
  }, TRANSACTION);
}

/**
 * Reprocess one person (Graph's `reprocessLicenseAssignment`, the user page's button): serves the
 * queues of the products they wait for. They get a unit only in their turn — nobody jumps the queue.
 */
export async function reprocessUser(ctx: DomainContext, { userId }: { userId: string }): Promise<{ served: number; stillInError: number }> {
  if (!isUuid(userId)) throw userNotFound();
  const { db, actor, tenantId } = ctx;
  return db.$transaction(async (tx) => {
    const user = await tx.user.findFirst({ where: { id: userId.toLowerCase(), tenantId }, select: { id: true, userPrincipalName: true } });
    if (!user) throw userNotFound();
    const waitingFor = await tx.licenseAssignment.findMany({ where: { userId: user.id, state: "ERROR" }, select: { id: true, productId: true } });
    await serveProductsTx(
      tx,
      waitingFor.map((w) => w.productId),
      { tenantId },
    );
    const stillInError = await tx.licenseAssignment.count({ where: { id: { in: waitingFor.map((w) => w.id) }, state: "ERROR" } });
    const served = waitingFor.length - stillInError;
    await recordAudit(tx, {
      tenantId,
      actor,
      action: "user.reprocessed",
      targetType: "User",
      targetId: user.id,
      summary: `Reprocessed the licenses of ${user.userPrincipalName}: ${served} assigned, ${stillInError} still in error`,
      after: { served, stillInError },
    });
    return { served, stillInError };
  }, TRANSACTION);
}

export interface ProductBulkResult {
  /** People whose assignments were removed. */
  done: number;
  /** Units given back to the pool (a person who keeps the product another way frees none). */
  unitsFreed: number;
  /** People skipped, with why. */
  skipped: { userPrincipalName: string | null; reason: string }[];
}

async function lockProduct(db: PrismaClient, tenantId: string, productId: string) {
  if (!isUuid(productId)) throw productNotFound();
  const product = await db.product.findFirst({
    where: { id: productId.toLowerCase(), tenantId },
    select: { id: true, displayName: true, skuPartNumber: true },
  });
  if (!product) throw productNotFound();
  return product;
}

function checkChunk(userIds: string[]): string[] {
  const ids = [...new Set(userIds.map((id) => id.toLowerCase()))];
  if (ids.length === 0) throw new ValidationError("Select at least one person.", { field: "userIds" });
  if (ids.length > PRODUCT_BULK_CHUNK) throw new ValidationError(`At most ${PRODUCT_BULK_CHUNK} people at a time.`, { field: "userIds" });
  for (const id of ids) if (!isUuid(id)) throw userNotFound();
  return ids;
}

/** Locks the people (id order) and reads their active assignments of the product; people no longer in the organization are skipped. */
async function lockHoldings(tx: Tx, tenantId: string, productId: string, ids: string[]) {
  const users = await lockUsers(tx, ids, { tenantId });
  const rows = await tx.licenseAssignment.findMany({
    where: { productId, userId: { in: users.map((u) => u.id) }, state: "ACTIVE" },
    select: { id: true, userId: true, source: true, membership: { select: { group: { select: { displayName: true } } } } },
  });
  const skipped: ProductBulkResult["skipped"] = ids
    .filter((id) => !users.some((u) => u.id === id))
    .map(() => ({ userPrincipalName: null, reason: "no longer in the organization" }));
  return { users, rows, skipped };
}

/**
 * Unassign (the product page's bulk action): removes the selected people's direct and auto-claimed
 * assignments of the product; licences held through a group are left to the group (skipped, said why).
 * The freed units serve the queue in the same transaction.
 */
export async function unassignProduct(ctx: DomainContext, { productId, userIds }: { productId: string; userIds: string[] }): Promise<ProductBulkResult> {
  const ids = checkChunk(userIds);
  const { db, actor, tenantId } = ctx;
  const product = await lockProduct(db, tenantId, productId);
  return db.$transaction(async (tx) => {
    const { users, rows, skipped } = await lockHoldings(tx, tenantId, product.id, ids);
    const targets = rows.filter((r) => r.source !== "GROUP");
    for (const user of users) {
      if (targets.some((t) => t.userId === user.id)) continue;
      const viaGroup = rows.some((r) => r.userId === user.id);
      skipped.push({ userPrincipalName: user.userPrincipalName, reason: viaGroup ? "holds it only through a group" : "no longer holds it" });
    }
    const unitsFreed = await unitsFreedByRemoving(
      tx,
      targets.map((t) => t.id),
      tenantId,
    );
    if (targets.length > 0) {
      await tx.licenseAssignment.deleteMany({ where: { id: { in: targets.map((t) => t.id) } } });
      await serveProductsTx(tx, [product.id], { tenantId });
      const upn = (userId: string) => users.find((u) => u.id === userId)!.userPrincipalName;
      await recordAuditMany(
        tx,
        [...new Set(targets.map((t) => t.userId))].map((userId) => ({
          tenantId,
          actor,
          action: "license.unassigned" as const,
          targetType: "User",
          targetId: userId,
          summary: `${upn(userId)}: unassigned ${product.displayName}`,
          before: { product: product.displayName, sources: targets.filter((t) => t.userId === userId).map((t) => t.source) },
          after: null,
        })),
      );
    }
    return { done: new Set(targets.map((t) => t.userId)).size, unitsFreed, skipped };
  }, TRANSACTION);
}

/**
 * Remove the direct assignment (duplicates): for people who hold the product both directly (or by
 * claim) and through an active group licence, removes the direct and auto-claimed assignments.
 * Make-before-break: only where the group licence is active, under the people's row locks, in one
 * transaction — consumed units do not move and everybody stays licensed.
 */
export async function removeDirectDuplicates(ctx: DomainContext, { productId, userIds }: { productId: string; userIds: string[] }): Promise<ProductBulkResult> {
  const ids = checkChunk(userIds);
  const { db, actor, tenantId } = ctx;
  const product = await lockProduct(db, tenantId, productId);
  return db.$transaction(async (tx) => {
    const { users, rows, skipped } = await lockHoldings(tx, tenantId, product.id, ids);
    const targets: typeof rows = [];
    for (const user of users) {
      const mine = rows.filter((r) => r.userId === user.id);
      const direct = mine.filter((r) => r.source !== "GROUP");
      const group = mine.find((r) => r.source === "GROUP");
      if (direct.length === 0) skipped.push({ userPrincipalName: user.userPrincipalName, reason: "has no direct assignment" });
      else if (!group) skipped.push({ userPrincipalName: user.userPrincipalName, reason: "has no active group license of it" });
      else targets.push(...direct.map((d) => ({ ...d, membership: group.membership })));
    }
    if (targets.length > 0) {
      await tx.licenseAssignment.deleteMany({ where: { id: { in: targets.map((t) => t.id) } } });
      const upn = (userId: string) => users.find((u) => u.id === userId)!.userPrincipalName;
      const people = [...new Set(targets.map((t) => t.userId))];
      await recordAuditMany(
        tx,
        people.map((userId) => {
          const mine = targets.filter((t) => t.userId === userId);
          const groupName = mine[0].membership?.group.displayName ?? "a group";
          return {
            tenantId,
            actor,
            action: "license.duplicateRemoved" as const,
            targetType: "User",
            targetId: userId,
            summary: `${upn(userId)}: removed the direct ${product.displayName}; still licensed through ${groupName}`,
            before: { product: product.displayName, sources: [...mine.map((t) => t.source), "GROUP"] },
            after: { product: product.displayName, sources: ["GROUP"], group: groupName },
          };
        }),
      );
    }
    return { done: new Set(targets.map((t) => t.userId)).size, unitsFreed: 0, skipped };
  }, TRANSACTION);
}

/** People holding the product both directly (or by claim) and through an active group licence: how many, and a page of their ids. */
export async function listDuplicateHolders(
  db: PrismaClient,
  tenantId: string,
  productId: string,
  { after = null as string | null, take = PRODUCT_BULK_CHUNK } = {},
) {
  if (!isUuid(productId)) return { total: 0, userIds: [] as string[] };
  const pid = productId.toLowerCase();
  const afterId = after && isUuid(after) ? after.toLowerCase() : "00000000-0000-0000-0000-000000000000";
  const [count] = await db.$queryRaw<{ total: number }[]>`
    SELECT count(DISTINCT d."userId")::int AS "total" FROM "LicenseAssignment" d
    WHERE d."productId" = ${pid}::uuid AND d."tenantId" = ${tenantId}::uuid AND d."source" <> 'GROUP'
      AND EXISTS (SELECT 1 FROM "LicenseAssignment" g WHERE g."productId" = d."productId" AND g."userId" = d."userId" AND g."source" = 'GROUP' AND g."state" = 'ACTIVE')`;
  const rows = await db.$queryRaw<{ userId: string }[]>`
    SELECT DISTINCT d."userId" FROM "LicenseAssignment" d
    WHERE d."productId" = ${pid}::uuid AND d."tenantId" = ${tenantId}::uuid AND d."source" <> 'GROUP' AND d."userId" > ${afterId}::uuid
      AND EXISTS (SELECT 1 FROM "LicenseAssignment" g WHERE g."productId" = d."productId" AND g."userId" = d."userId" AND g."source" = 'GROUP' AND g."state" = 'ACTIVE')
    ORDER BY d."userId" LIMIT ${take}`;
  return { total: count.total, userIds: rows.map((r) => r.userId) };
}
