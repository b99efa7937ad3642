/**
 * The Users page: the directory with each person's licences and where each comes from — Direct
 * (who assigned it), Auto-claim (which policy, when, and the launch of which app in which
 * environment triggered it) or Group (which group). Changes go through licenses/assign.ts.
 */
import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import type { LicenseSource } from "@/generated/prisma/enums";
import { isUuid, literalFilter } from "./lookup";
import type { UsersQuery } from "./schema";

export const USERS_PAGE_SIZE = 50;

// The page's inputs live in ./schema.ts (search params clamped and checked as text).
export { usersQuerySchema, userLicenseSchema, userLicensePlansSchema, type UsersQuery } from "./schema";

const licenceSelect = {
  id: true,
  source: true,
  assignedAt: true,
  state: true,
  waitingSince: true,
  product: { select: { id: true, displayName: true, skuPartNumber: true } },
  policy: { select: { id: true, name: true, deletedAt: true } },
  launch: { select: { createdAt: true, app: { select: { name: true } }, environment: { select: { name: true } } } },
  membership: { select: { group: { select: { id: true, displayName: true } } } },
  assignedBy: { select: { userPrincipalName: true } },
} as const satisfies Prisma.LicenseAssignmentSelect;

type LicenceRow = Prisma.LicenseAssignmentGetPayload<{ select: typeof licenceSelect }>;

export interface LicenceView {
  id: string;
  productId: string;
  productName: string;
  source: LicenseSource;
  assignedAt: Date;
  /** "Direct — assigned by admin@contoso.com", "Auto-claim — …", "Group — Power Apps Makers". */
  sourceLabel: string;
  detail: string | null;
  policy: { id: string; name: string; deleted: boolean } | null;
  group: { id: string; displayName: string } | null;
  /** A group licence in error holds nothing: no unit was left; it waits since `waitingSince`. */
  inError: boolean;
  waitingSince: Date | null;
}

const dateTime = (d: Date) => `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;

export function toLicenceView(row: LicenceRow): LicenceView {
  const base = {
    id: row.id,
    productId: row.product.id,
    productName: row.product.displayName,
    source: row.source,
    assignedAt: row.assignedAt,
    policy: null,
    group: null,
    inError: row.state === "ERROR",
    waitingSince: row.waitingSince,
  };
  switch (row.source) {
    case "AUTO_CLAIM":
      return {
        ...base,
        sourceLabel: `Auto-claim — ${row.policy?.name ?? "a policy"}${row.policy?.deletedAt ? " (deleted)" : ""}`,
        detail: `Claimed ${dateTime(row.assignedAt)}${row.launch ? ` when they opened ${row.launch.app.name} in ${row.launch.environment.name}` : ""}`,
        policy: row.policy ? { id: row.policy.id, name: row.policy.name, deleted: Boolean(row.policy.deletedAt) } : null,
      };
    case "GROUP":
      return {
        ...base,
        sourceLabel: `Group — ${row.membership?.group.displayName ?? "a group"}`,
        detail: row.waitingSince ? `License error: no unit left since ${dateTime(row.waitingSince)}; assigned as soon as one frees up` : null,
        group: row.membership?.group ?? null,
      };
    default:
      return {
        ...base,
        sourceLabel: "Direct",
        detail: `Assigned ${dateTime(row.assignedAt)}${row.assignedBy ? ` by ${row.assignedBy.userPrincipalName}` : ""}`,
      };
  }
}

/** A page of the directory (by display name), with each person's licences. */
export async function listUsers(db: PrismaClient, tenantId: string, query: UsersQuery) {
  const where: Prisma.UserWhereInput = {
    tenantId,
    ...(query.q ? { OR: [{ displayName: literalFilter("contains", query.q) }, { userPrincipalName: literalFilter("contains", query.q) }] } : {}),
  };
  const total = await db.user.count({ where });
  const pages = Math.max(1, Math.ceil(total / USERS_PAGE_SIZE));
  const page = Math.min(query.page, pages);
  const rows = await db.user.findMany({
    where,
    orderBy: [{ displayName: "asc" }, { id: "asc" }],
    skip: (page - 1) * USERS_PAGE_SIZE,
    take: USERS_PAGE_SIZE,
    select: {
      id: true,
      displayName: true,
      userPrincipalName: true,
      department: true,
      role: true,
      accountEnabled: true,
      assignments: { orderBy: [{ product: { displayName: "asc" } }, { assignedAt: "asc" }], select: licenceSelect },
    },
  });
  return { total, page, pages, rows: rows.map((r) => ({ ...r, licences: r.assignments.map(toLicenceView) })) };
}

/** One person with their licences and groups, or null. */
export async function getUserDetail(db: PrismaClient, tenantId: string, userId: string) {
  if (!isUuid(userId)) return null;
  const row = await db.user.findFirst({
    where: { id: userId.toLowerCase(), tenantId },
    select: {
      id: true,
      displayName: true,
      userPrincipalName: true,
      jobTitle: true,
      department: true,
      role: true,
      assignments: { orderBy: [{ product: { displayName: "asc" } }, { assignedAt: "asc" }], select: licenceSelect },
      memberships: { orderBy: { group: { displayName: "asc" } }, select: { group: { select: { id: true, displayName: true } } } },
    },
  });
  if (!row) return null;
  return { ...row, licences: row.assignments.map(toLicenceView), groups: row.memberships.map((m) => m.group) };
}
export type UserDetail = NonNullable<Awaited<ReturnType<typeof getUserDetail>>>;
