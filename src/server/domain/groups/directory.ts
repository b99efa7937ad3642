/**
 * The Groups page: the tenant's groups, each one's members and group licence assignments. Adding
 * and removing members goes through members.ts (one transaction each, audited).
 */
import { z } from "zod";
import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import { NotFoundError, ValidationError } from "../errors";
import { findUserRef, isUuid, literalFilter } from "../users/lookup";

export const GROUP_MEMBERS_PAGE_SIZE = 50;

// The member forms' inputs live in ./schema.ts (the UPN checked as text).
export { addMemberSchema, removeMemberSchema } from "./schema";

/** What the Groups page shows of a product: its units (live availability) and its service plans. */
const PRODUCT_COLUMNS = {
  id: true,
  displayName: true,
  skuPartNumber: true,
  purchasedUnits: true,
  consumedUnits: true,
  servicePlans: { orderBy: { position: "asc" }, select: { servicePlanId: true, displayName: true } },
} as const satisfies Prisma.ProductSelect;

export async function listGroups(db: PrismaClient, tenantId: string) {
  const groups = await db.group.findMany({
    where: { tenantId },
    orderBy: { displayName: "asc" },
    select: {
      id: true,
      displayName: true,
      description: true,
      _count: { select: { members: true } },
      licenses: { orderBy: { product: { displayName: "asc" } }, select: { product: { select: { id: true, displayName: true } } } },
    },
  });
  return groups.map((g) => ({
    id: g.id,
    displayName: g.displayName,
    description: g.description,
    members: g._count.members,
    licenses: g.licenses.map((l) => l.product),
  }));
}

/** One group with its licences (and their units) and a page of its members (by display name). */
export async function getGroupDetail(db: PrismaClient, tenantId: string, groupId: string, { q = "", page = 1 }: { q?: string; page?: number } = {}) {
  if (!isUuid(groupId)) return null;
  const group = await db.group.findFirst({
    where: { id: groupId.toLowerCase(), tenantId },
    select: {
      id: true,
      displayName: true,
      description: true,
      mailNickname: true,
      createdAt: true,
      licenses: {
        orderBy: { product: { displayName: "asc" } },
        select: {
          assignedAt: true,
          disabledPlanIds: true,
          product: { select: PRODUCT_COLUMNS },
        },
      },
    },
  });
  if (!group) return null;
  const errorStates = await db.licenseAssignment.groupBy({ by: ["productId"], where: { groupId: group.id, state: "ERROR" }, _count: { _all: true } });
  const where = {
    groupId: group.id,
    ...(q ? { user: { OR: [{ displayName: literalFilter("contains", q) }, { userPrincipalName: literalFilter("contains", q) }] } } : {}),
  };
  const total = await db.groupMember.count({ where });
  const pages = Math.max(1, Math.ceil(total / GROUP_MEMBERS_PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pages);
  const members = await db.groupMember.findMany({
    where,
    orderBy: [{ user: { displayName: "asc" } }, { userId: "asc" }],
    skip: (current - 1) * GROUP_MEMBERS_PAGE_SIZE,
    take: GROUP_MEMBERS_PAGE_SIZE,
    select: { addedAt: true, user: { select: { id: true, displayName: true, userPrincipalName: true, department: true } } },
  });
  return {
    ...group,
    licenses: group.licenses.map((l) => ({
      productId: l.product.id,
      displayName: l.product.displayName,
      skuPartNumber: l.product.skuPartNumber,
      assignedAt: l.assignedAt,
      available: Math.max(0, l.product.purchasedUnits - l.product.consumedUnits),
      purchased: l.product.purchasedUnits,
      enabledPlans: l.product.servicePlans.filter((s) => !l.disabledPlanIds.includes(s.servicePlanId)).map((s) => s.displayName),
      plans: l.product.servicePlans.map((s) => ({ id: s.servicePlanId, displayName: s.displayName, enabled: !l.disabledPlanIds.includes(s.servicePlanId) })),
      membersInError: errorStates.find((e) => e.productId === l.product.id)?._count._all ?? 0,
    })),
    members: members.map((m) => ({ ...m.user, addedAt: m.addedAt })),
    total,
    page: current,
    pages,
  };
}
export type GroupDetail = NonNullable<Awaited<ReturnType<typeof getGroupDetail>>>;

/** The person an admin typed (a UPN, literally and case-insensitively, or an id), or NotFoundError beside the field. */
export async function resolveDirectoryUser(db: PrismaClient, tenantId: string, reference: string): Promise<{ id: string; userPrincipalName: string }> {
  const text = reference.trim();
  const person = await findUserRef(db, tenantId, text);
  if (!person) throw new NotFoundError(`No user "${text}" in this organization.`, { code: "USER_NOT_FOUND", field: "user" });
  return person;
}

/** The group licence forms' inputs: a product with the service plans to keep on (at least one). */
const groupId = z.guid({ error: "That group does not exist." });
const productId = z.guid({ error: "Choose a product." });
const planIds = z.preprocess(
  (v) => (v === undefined || v === null || v === "" ? [] : Array.isArray(v) ? v : [v]),
  z.array(z.guid({ error: "That service plan is not part of the product." })).max(100, { error: "Too many service plans." }),
);
export const groupProductSchema = z.object({
  groupId,
  productId,
  enabledPlanIds: planIds.refine((ids) => ids.length > 0, { error: "Keep at least one app on." }),
});
export const groupProductRefSchema = z.object({ groupId, productId });
export const groupRefSchema = z.object({ groupId });

/** The products a group can be given, each with its live availability and service plans. */
export async function groupProductChoices(db: PrismaClient, tenantId: string) {
  const products = await db.product.findMany({
    where: { tenantId },
    orderBy: [{ displayName: "asc" }],
    select: PRODUCT_COLUMNS,
  });
  return products.map((p) => ({
    id: p.id,
    displayName: p.displayName,
    skuPartNumber: p.skuPartNumber,
    available: Math.max(0, p.purchasedUnits - p.consumedUnits),
    plans: p.servicePlans.map((s) => ({ id: s.servicePlanId, displayName: s.displayName })),
  }));
}

/**
 * The plans to switch off, from the plans an admin kept on: the product's other plans. At least one
 * stays on; a plan the product does not have is refused beside the checkboxes.
 */
export async function disabledPlansFromEnabled(db: PrismaClient, tenantId: string, productId: string, enabledPlanIds: string[]): Promise<string[]> {
  const product = isUuid(productId)
    ? await db.product.findFirst({ where: { id: productId.toLowerCase(), tenantId }, select: { servicePlans: { select: { servicePlanId: true } } } })
    : null;
  if (!product) throw new NotFoundError("That product does not exist in this organization.", { code: "UNKNOWN_LICENSE", field: "productId" });
  const enabled = new Set(enabledPlanIds.map((id) => id.toLowerCase()));
  const plans = product.servicePlans.map((s) => s.servicePlanId);
  if (![...enabled].every((id) => plans.includes(id))) throw new ValidationError("That service plan is not part of the product.", { field: "enabledPlanIds" });
  if (plans.length > 0 && enabled.size === 0) throw new ValidationError("Keep at least one app on.", { field: "enabledPlanIds" });
  return plans.filter((id) => !enabled.has(id));
}

/** Per member of the group (among `userIds`): the products whose group licence is in error, and the units removing them would free. */
export async function memberLicenceStates(db: PrismaClient, tenantId: string, groupId: string, userIds: string[]) {
  const states = new Map<string, { inError: string[]; unitsFreed: number }>();
  if (!isUuid(groupId) || userIds.length === 0) return states;
  for (const id of userIds) states.set(id, { inError: [], unitsFreed: 0 });
  const errors = await db.licenseAssignment.findMany({
    where: { tenantId, groupId: groupId.toLowerCase(), userId: { in: userIds }, state: "ERROR" },
    orderBy: { product: { displayName: "asc" } },
    select: { userId: true, product: { select: { displayName: true } } },
  });
  for (const e of errors) states.get(e.userId)?.inError.push(e.product.displayName);
  // The rule of licenses/serving.ts unitsFreedByRemoving, per member: an active group licence whose
  // holder holds the product no other active way frees one unit.
  const freed = await db.$queryRaw<{ userId: string; freed: number }[]>`
    SELECT la."userId", count(DISTINCT la."productId")::int AS "freed"
    FROM "LicenseAssignment" la
    WHERE la."tenantId" = ${tenantId}::uuid AND la."groupId" = ${groupId.toLowerCase()}::uuid AND la."state" = 'ACTIVE'
      AND la."userId" = ANY(${userIds}::uuid[])
      AND NOT EXISTS (SELECT 1 FROM "LicenseAssignment" o
                      WHERE o."productId" = la."productId" AND o."userId" = la."userId" AND o."state" = 'ACTIVE' AND o."id" <> la."id")
    GROUP BY la."userId"`;
  for (const f of freed) {
    const s = states.get(f.userId);
    if (s) s.unitsFreed = f.freed;
  }
  return states;
}

/** How many members have at least one licence of the group in error. */
export async function countMembersWithLicenseErrors(db: PrismaClient, tenantId: string, groupId: string): Promise<number> {
  if (!isUuid(groupId)) return 0;
  const rows = await db.licenseAssignment.groupBy({ by: ["userId"], where: { tenantId, groupId: groupId.toLowerCase(), state: "ERROR" } });
  return rows.length;
}
