/**
 * Assigning and unassigning a user's licenses directly — the one rule behind the Users page, Graph's
 * `assignLicense` and approving a license request (`assignLicensesTx` inside the approval's
 * transaction). The user's row is locked first (`lockUsers`, as a launch's claim does), so
 * concurrent changes to one user queue; any failure writes nothing.
 *
 * As in Microsoft 365, an auto-claimed licence is a direct assignment from the admin's point of
 * view: removing a product removes the user's DIRECT and AUTO_CLAIM assignments of it, and adding
 * a product the user already holds that way updates its disabled service plans. Licences held
 * through a group are left to the group. The database counts the units and refuses the assignment
 * that would exceed the purchased units (prisma/migrations/*_licence_integrity).
 */
import type { Prisma } from "@/generated/prisma/client";
import type { LicenseSource } from "@/generated/prisma/enums";
import type { Tx } from "@/server/db/client";
import { recordAudit } from "../audit/service";
import type { DomainContext, TxContext } from "../context";
import { NotFoundError, ValidationError } from "../errors";
import { lockUsers } from "../users/locks";
import { serveProductsTx } from "./serving";
import { isUuid } from "../users/lookup";
import { InvalidServicePlanError, isUnitsExhausted, LicenseInheritedError, LicenseNotHeldError, NoLicensesAvailableError, UnknownLicenseError } from "./errors";

/** A product, by our id or by Microsoft's SKU id. */
export type ProductRef = { productId: string; skuId?: undefined } | { skuId: string; productId?: undefined };

export interface LicenseChanges {
  /** Products to give the user, each with the Microsoft service plan ids to switch off. */
  add?: (ProductRef & { disabledPlanIds?: string[] })[];
  remove?: ProductRef[];
}

export interface AssignOptions extends LicenseChanges {
  userId: string;
  /**
   * An addition of a product the user already holds directly leaves its disabled service plans as
   * they are (approving a request), instead of setting them (Graph's assignLicense, the Users page).
   */
  keepHeldPlans?: boolean;
}

export interface AssignResult {
  userId: string;
  /** Product ids given to the user directly by this call. */
  added: string[];
  /** Product ids whose direct assignments this call removed. */
  removed: string[];
  /** Product ids whose disabled service plans this call changed. */
  updated: string[];
}

export const MAX_LICENSE_CHANGES = 100;

/** Sources that Graph calls "direct" (not inherited from a group). */
const DIRECT_SOURCES: readonly LicenseSource[] = ["DIRECT", "AUTO_CLAIM"];

const refText = (ref: ProductRef) => (ref.productId ?? ref.skuId ?? "").toLowerCase();

type ProductRow = Prisma.ProductGetPayload<{ include: { servicePlans: { select: { servicePlanId: true } } } }>;

/** Resolves references to the tenant's products; an unknown one is an UnknownLicenseError. */
export async function resolveProducts(tx: Tx, tenantId: string, refs: ProductRef[]): Promise<ProductRow[]> {
  if (refs.length === 0) return [];
  for (const ref of refs) if (!isUuid(refText(ref))) throw new UnknownLicenseError(ref.productId ?? ref.skuId ?? "");
  const ids = refs.filter((r) => r.productId).map(refText);
  const skuIds = refs.filter((r) => r.skuId).map(refText);
  const products = await tx.product.findMany({
    where: { tenantId, OR: [{ id: { in: ids } }, { skuId: { in: skuIds } }] },
    include: { servicePlans: { select: { servicePlanId: true } } },
  });
  return refs.map((ref) => {
    const product = products.find((p) => (ref.productId ? p.id === refText(ref) : p.skuId === refText(ref)));
    if (!product) throw new UnknownLicenseError(ref.productId ?? ref.skuId ?? "");
    return product;
  });
}

/** The disabled service plans asked for, checked against the product's plans, lower-case, sorted, once each. */
export function disabledPlansOf(product: ProductRow, disabledPlanIds: string[] = []): string[] {
  const plans = [...new Set(disabledPlanIds.map((id) => id.toLowerCase()))];
  for (const plan of plans) if (!product.servicePlans.some((s) => s.servicePlanId === plan)) throw new InvalidServicePlanError(plan, product);
  return plans.sort();
}

/** A product referred to twice in one change. */
export function checkOnceEach(products: ProductRow[]): void {
  const duplicate = products.find((p, i) => products.findIndex((q) => q.id === p.id) !== i);
  if (duplicate) {
    throw new ValidationError(`${duplicate.displayName} (${duplicate.skuId}) appears more than once; add or remove each product once.`, {
      code: "DUPLICATE_LICENSE",
      field: "skuId",
    });
  }
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

const userNotFound = () => new NotFoundError("That user does not exist in this organization.", { code: "USER_NOT_FOUND", field: "user" });

/**
 * Applies the changes to the user's licenses (removals and additions) in one transaction of its
 * own. Writes one audit entry ("user.licenses") when anything changed. Throws NotFoundError
 * (user), UnknownLicenseError, InvalidServicePlanError, ValidationError (a product twice, or both
 * added and removed), LicenseInheritedError, LicenseNotHeldError or NoLicensesAvailableError — and
 * then writes nothing.
 */
export async function assignLicenses(ctx: DomainContext, options: AssignOptions): Promise<AssignResult> {
  checkChanges(options);
  return ctx.db.$transaction((tx) => assignLicensesTx(tx, ctx, options), TRANSACTION);
}

function checkChanges({ userId, add = [], remove = [] }: AssignOptions): void {
  if (add.length + remove.length > MAX_LICENSE_CHANGES) throw new ValidationError(`At most ${MAX_LICENSE_CHANGES} license changes at a time.`);
  if (!isUuid(userId)) throw userNotFound();
}

/**
 * The same in the caller's transaction, which then holds the user's row lock until it ends: the
 * one direct assignment, for every caller that assigns as part of a bigger change.
 */
export async function assignLicensesTx(tx: Tx, ctx: TxContext, options: AssignOptions): Promise<AssignResult> {
  checkChanges(options);
  const { actor, tenantId } = ctx;
  const { userId } = options;
  const add = options.add ?? [];
  const remove = options.remove ?? [];
  const [user] = await lockUsers(tx, [userId], { tenantId });
  if (!user) throw userNotFound();

  const addProducts = await resolveProducts(tx, tenantId, add);
  const removeProducts = await resolveProducts(tx, tenantId, remove);
  const all = [...addProducts, ...removeProducts];
  checkOnceEach(all);
  const addPlans = addProducts.map((product, i) => disabledPlansOf(product, add[i].disabledPlanIds));

  const held = await tx.licenseAssignment.findMany({
    where: { userId, productId: { in: all.map((p) => p.id) } },
    select: { id: true, productId: true, source: true, disabledPlanIds: true, state: true },
  });
  const heldOf = (productId: string) => held.filter((a) => a.productId === productId);
  const directOf = (productId: string) => heldOf(productId).filter((a) => DIRECT_SOURCES.includes(a.source));
  const before: Record<string, Prisma.InputJsonValue> = {};
  const after: Record<string, Prisma.InputJsonValue> = {};
  const describe = (rows: { source: LicenseSource; disabledPlanIds: string[] }[]) => rows.map((a) => ({ source: a.source, disabledPlans: a.disabledPlanIds }));
  const result: AssignResult = { userId, added: [], removed: [], updated: [] };

  // One pass in product-id order: concurrent calls lock product rows (through the counting
  // triggers) in the same order, so they queue instead of deadlocking.
  const steps = [
    ...removeProducts.map((product) => ({ product, remove: true, plans: [] as string[] })),
    ...addProducts.map((product, i) => ({ product, remove: false, plans: addPlans[i] })),
  ].sort((a, b) => (a.product.id < b.product.id ? -1 : 1));

  for (const { product, remove: isRemoval, plans: disabledPlanIds } of steps) {
    const direct = directOf(product.id);
    if (isRemoval) {
      if (direct.length === 0) {
        throw heldOf(product.id).some((a) => a.state === "ACTIVE") ? new LicenseInheritedError(product) : new LicenseNotHeldError(product);
      }
      await tx.licenseAssignment.deleteMany({ where: { id: { in: direct.map((a) => a.id) } } });
      before[product.skuPartNumber] = describe(heldOf(product.id));
      after[product.skuPartNumber] = describe(heldOf(product.id).filter((a) => !direct.includes(a)));
      result.removed.push(product.id);
    } else if (direct.length > 0) {
      const stale = options.keepHeldPlans ? [] : direct.filter((a) => !sameSet(a.disabledPlanIds, disabledPlanIds));
      if (stale.length === 0) continue;
      await tx.licenseAssignment.updateMany({ where: { id: { in: stale.map((a) => a.id) } }, data: { disabledPlanIds } });
      before[product.skuPartNumber] = describe(heldOf(product.id));
      after[product.skuPartNumber] = describe(heldOf(product.id).map((a) => (stale.includes(a) ? { ...a, disabledPlanIds } : a)));
      result.updated.push(product.id);
    } else {
      try {
        await tx.licenseAssignment.create({
          data: { tenantId, userId, productId: product.id, source: "DIRECT", disabledPlanIds, assignedById: actor.id },
          select: { id: true },
        });
      } catch (error) {
        if (isUnitsExhausted(error)) throw new NoLicensesAvailableError([product], { cause: error });
        throw error;
      }
      before[product.skuPartNumber] = describe(heldOf(product.id));
      after[product.skuPartNumber] = describe([...heldOf(product.id), { source: "DIRECT", disabledPlanIds }]);
      result.added.push(product.id);
    }
  }

  // Units freed go to the longest-waiting group members; a user who now holds a product they were
  // waiting for through a group has that group licence activated (it takes no further unit).
  await serveProductsTx(tx, [...result.removed, ...result.added], { tenantId });

  if (result.added.length + result.removed.length + result.updated.length > 0) {
    const names = (ids: string[]) => ids.map((id) => all.find((p) => p.id === id)!.displayName).join(", ");
    const parts = [
      result.added.length ? `assigned ${names(result.added)}` : null,
      result.removed.length ? `unassigned ${names(result.removed)}` : null,
      result.updated.length ? `changed the apps of ${names(result.updated)}` : null,
    ].filter(Boolean);
    await recordAudit(tx, {
      tenantId,
      actor,
      action: "user.licenses",
      targetType: "User",
      targetId: userId,
      summary: `${user.userPrincipalName}: ${parts.join("; ")}`,
      before,
      after,
    });
  }
  return result;
}

/** Changes to one user queue on the user's row lock (launch claims too); wait for them rather than fail. */
const TRANSACTION = { maxWait: 10_000, timeout: 15_000 };
