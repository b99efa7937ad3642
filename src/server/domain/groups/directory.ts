/**
 * The Groups page: the tenant's groups, each one's members and group licence assignments. Adding
 * and removing members goes through members.ts (one transaction each, audited).
 */
import type { PrismaClient } from "@/generated/prisma/client";
import { NotFoundError } from "../errors";
import { findUserRef, isUuid, literalFilter } from "../users/lookup";

export const GROUP_MEMBERS_PAGE_SIZE = 50;

// The member forms' inputs live in ./schema.ts (the UPN checked as text).
export { addMemberSchema, removeMemberSchema } from "./schema";

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
          product: {
            select: {
              id: true,
              displayName: true,
              skuPartNumber: true,
              purchasedUnits: true,
              consumedUnits: true,
              servicePlans: { orderBy: { position: "asc" }, select: { servicePlanId: true, displayName: true } },
            },
          },
        },
      },
    },
  });
  if (!group) return null;
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
