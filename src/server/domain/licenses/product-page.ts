/**
 * The product page's reads (SPEC §9 "Product page", "Duplicates"): the product with its units and
 * members in error, every holder one row per person with their sources (keyset pages by display
 * name), the groups carrying it, the members waiting for a unit, the people who hold it both
 * directly and through a group, and what an Unassign of some people would really free. The changes
 * themselves are in ./products.ts.
 */
import { z } from "zod";
import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import { cursorParam, first, searchText } from "@/lib/search-params";
import { text } from "@/lib/text";
import { decodeCursor, encodeCursor } from "../reports/cursor";
import { isUuid, literalFilter } from "../users/lookup";
import { listDuplicateHolders, MAX_PURCHASED_UNITS, PRODUCT_BULK_CHUNK } from "./products";
import { unitsFreedByRemoving } from "./serving";

export const PRODUCT_HOLDERS_PAGE_SIZE = 50;
/** How many people the duplicates and members-in-error lists show (the totals count them all). */
export const PRODUCT_LIST_LIMIT = 50;

export const HOLDER_FILTERS = ["all", "direct", "auto-claim", "group", "error"] as const;
export type HolderFilter = (typeof HOLDER_FILTERS)[number];
export const HOLDER_FILTER_LABELS: Record<HolderFilter, string> = {
  all: "All",
  direct: "Direct",
  "auto-claim": "Auto-claim",
  group: "Group",
  error: "In error",
};

/** The page's search params: source filter, search, and where the page starts (a keyset cursor). */
export const productPageQuerySchema = z.object({
  source: z.preprocess((v) => {
    const s = first(v);
    return typeof s === "string" && (HOLDER_FILTERS as readonly string[]).includes(s) ? s : "all";
  }, z.enum(HOLDER_FILTERS)),
  q: searchText(200),
  after: cursorParam(600),
  before: cursorParam(600),
});
export type ProductPageQuery = z.output<typeof productPageQuerySchema>;

// z.guid: any 8-4-4-4-12 hex id (the seed's bulk rows have md5-derived ids).
const id = (message: string) => z.guid({ error: message });
const productId = id("That product does not exist in this organization.");
const userIds = z
  .array(id("That person does not exist in this organization."))
  .min(1, "Select at least one person.")
  .max(PRODUCT_BULK_CHUNK, `At most ${PRODUCT_BULK_CHUNK} people at a time.`);

export const purchasedUnitsSchema = z.object({
  productId,
  purchasedUnits: z.preprocess(
    (v) => (typeof v === "string" && v.trim() !== "" ? Number(v) : v),
    z
      .number({ error: "Enter a whole number." })
      .int("Enter a whole number.")
      .min(0, "Purchased units cannot be negative.")
      .max(MAX_PURCHASED_UNITS, `At most ${MAX_PURCHASED_UNITS.toLocaleString("en-US")} units.`),
  ),
});
export const productPeopleSchema = z.object({ productId, userIds });
export const duplicatesChunkSchema = z.object({ productId, after: text({ max: 64, label: "The position" }).optional() });

export interface ProductSummary {
  id: string;
  displayName: string;
  skuPartNumber: string;
  purchased: number;
  consumed: number;
  available: number;
  /** Group licences of the product waiting for a unit. */
  inError: number;
  /** People holding it both directly (or by claim) and through an active group licence. */
  duplicates: number;
}

/** The product with its units (only active holdings count), or null when it is not the tenant's. */
export async function getProductSummary(db: PrismaClient, tenantId: string, productId: string): Promise<ProductSummary | null> {
  if (!isUuid(productId)) return null;
  const product = await db.product.findFirst({
    where: { id: productId.toLowerCase(), tenantId },
    select: { id: true, displayName: true, skuPartNumber: true, purchasedUnits: true, consumedUnits: true },
  });
  if (!product) return null;
  const [inError, duplicates] = await Promise.all([
    db.licenseAssignment.count({ where: { productId: product.id, state: "ERROR" } }),
    listDuplicateHolders(db, tenantId, product.id, { take: 0 }),
  ]);
  return {
    id: product.id,
    displayName: product.displayName,
    skuPartNumber: product.skuPartNumber,
    purchased: product.purchasedUnits,
    consumed: product.consumedUnits,
    available: Math.max(0, product.purchasedUnits - product.consumedUnits),
    inError,
    duplicates: duplicates.total,
  };
}

export type HolderSource =
  | { kind: "DIRECT"; assignedBy: string | null }
  | { kind: "AUTO_CLAIM"; policy: { id: string; name: string; deleted: boolean } | null; appName: string | null }
  | { kind: "GROUP"; group: { id: string; displayName: string }; inError: boolean; waitingSince: Date | null };

export interface HolderRow {
  id: string;
  displayName: string;
  userPrincipalName: string;
  sources: HolderSource[];
  /** True when every one of the person's holdings is a group licence in error: they hold nothing yet. */
  inError: boolean;
  /** When their oldest group licence in error started waiting. */
  waitingSince: Date | null;
}

function sourceCondition(productId: string, source: HolderFilter): Prisma.LicenseAssignmentWhereInput {
  switch (source) {
    case "direct":
      return { productId, source: "DIRECT" };
    case "auto-claim":
      return { productId, source: "AUTO_CLAIM" };
    case "group":
      return { productId, source: "GROUP" };
    case "error":
      return { productId, source: "GROUP", state: "ERROR" };
    default:
      return { productId };
  }
}

/**
 * Every holder of the product, one row per person, by display name: their sources and state. A page
 * starts after (or ends before) a cursor of the last (first) row shown; `total` counts the matches.
 */
export async function listProductHolders(
  db: PrismaClient,
  tenantId: string,
  productId: string,
  {
    source = "all",
    q = "",
    after,
    before,
    take = PRODUCT_HOLDERS_PAGE_SIZE,
  }: { source?: HolderFilter; q?: string; after?: string; before?: string; take?: number } = {},
) {
  const empty = { total: 0, rows: [] as HolderRow[], next: null as string | null, previous: null as string | null };
  if (!isUuid(productId)) return empty;
  const pid = productId.toLowerCase();
  const search = q.trim();
  const where: Prisma.UserWhereInput = {
    tenantId,
    assignments: { some: sourceCondition(pid, source) },
    ...(search ? { OR: [{ displayName: literalFilter("contains", search) }, { userPrincipalName: literalFilter("contains", search) }] } : {}),
  };
  const backward = !after && before ? decodeCursor(before) : null;
  const forward = after ? decodeCursor(after) : null;
  const cursor = backward ?? forward;
  const op = backward ? "lt" : "gt";
  const keyset: Prisma.UserWhereInput | undefined = cursor
    ? { OR: [{ displayName: { [op]: cursor.value } }, { displayName: cursor.value, id: { [op]: cursor.id } }] }
    : undefined;
  const dir = backward ? "desc" : "asc";
  const [total, found] = await Promise.all([
    db.user.count({ where }),
    db.user.findMany({
      where: keyset ? { AND: [where, keyset] } : where,
      orderBy: [{ displayName: dir }, { id: dir }],
      take: take + 1,
      select: {
        id: true,
        displayName: true,
        userPrincipalName: true,
        assignments: {
          where: { productId: pid },
          orderBy: [{ source: "asc" }, { assignedAt: "asc" }],
          select: {
            source: true,
            state: true,
            waitingSince: true,
            assignedBy: { select: { userPrincipalName: true } },
            policy: { select: { id: true, name: true, deletedAt: true } },
            launch: { select: { app: { select: { name: true } } } },
            groupLicense: { select: { group: { select: { id: true, displayName: true } } } },
          },
        },
      },
    }),
  ]);
  const more = found.length > take;
  const page = found.slice(0, take);
  if (backward) page.reverse();
  const rows: HolderRow[] = page.map((u) => {
    const sources: HolderSource[] = u.assignments.map((a) => {
      if (a.source === "DIRECT") return { kind: "DIRECT", assignedBy: a.assignedBy?.userPrincipalName ?? null };
      if (a.source === "AUTO_CLAIM") {
        return {
          kind: "AUTO_CLAIM",
          policy: a.policy ? { id: a.policy.id, name: a.policy.name, deleted: Boolean(a.policy.deletedAt) } : null,
          appName: a.launch?.app.name ?? null,
        };
      }
      return {
        kind: "GROUP",
        group: a.groupLicense ? a.groupLicense.group : { id: "", displayName: "a group" },
        inError: a.state === "ERROR",
        waitingSince: a.state === "ERROR" ? a.waitingSince : null,
      };
    });
    const waits = u.assignments.filter((a) => a.state === "ERROR" && a.waitingSince).map((a) => a.waitingSince!.getTime());
    return {
      id: u.id,
      displayName: u.displayName,
      userPrincipalName: u.userPrincipalName,
      sources,
      inError: u.assignments.every((a) => a.state === "ERROR"),
      waitingSince: waits.length > 0 ? new Date(Math.min(...waits)) : null,
    };
  });
  const cursorOf = (row: HolderRow | undefined) => (row ? encodeCursor({ value: row.displayName, id: row.id }) : null);
  return {
    total,
    rows,
    next: backward ? cursorOf(rows.at(-1)) : more ? cursorOf(rows.at(-1)) : null,
    previous: backward ? (more ? cursorOf(rows[0]) : null) : cursor ? cursorOf(rows[0]) : null,
  };
}

/** The groups carrying the product: members, how many hold it through the group, how many wait. */
export async function listGroupsCarryingProduct(db: PrismaClient, tenantId: string, productId: string) {
  if (!isUuid(productId)) return [];
  const pid = productId.toLowerCase();
  const licenses = await db.groupLicense.findMany({
    where: { productId: pid, group: { tenantId } },
    orderBy: { group: { displayName: "asc" } },
    select: { group: { select: { id: true, displayName: true, _count: { select: { members: true } } } } },
  });
  const counts = await db.licenseAssignment.groupBy({
    by: ["groupId", "state"],
    where: { productId: pid, source: "GROUP", groupId: { in: licenses.map((l) => l.group.id) } },
    _count: { _all: true },
  });
  const count = (groupId: string, state: "ACTIVE" | "ERROR") => counts.find((c) => c.groupId === groupId && c.state === state)?._count._all ?? 0;
  return licenses.map(({ group }) => ({
    id: group.id,
    displayName: group.displayName,
    members: group._count.members,
    active: count(group.id, "ACTIVE"),
    inError: count(group.id, "ERROR"),
  }));
}

/** The product's group licences in error, longest-waiting first: who, through which group, since when. */
export async function listProductMembersInError(db: PrismaClient, tenantId: string, productId: string, { take = PRODUCT_LIST_LIMIT } = {}) {
  if (!isUuid(productId)) return { total: 0, rows: [] };
  const where = { productId: productId.toLowerCase(), tenantId, state: "ERROR" as const };
  const [total, rows] = await Promise.all([
    db.licenseAssignment.count({ where }),
    db.licenseAssignment.findMany({
      where,
      orderBy: [{ waitingSince: "asc" }, { userId: "asc" }, { groupId: "asc" }],
      take,
      select: {
        waitingSince: true,
        user: { select: { id: true, displayName: true, userPrincipalName: true } },
        groupLicense: { select: { group: { select: { id: true, displayName: true } } } },
      },
    }),
  ]);
  return {
    total,
    rows: rows.map((r) => ({
      ...r.user,
      group: r.groupLicense?.group ?? null,
      waitingSince: r.waitingSince,
    })),
  };
}

/** People holding the product both directly (or by claim) and through an active group licence: how many, and the first of them. */
export async function listProductDuplicates(db: PrismaClient, tenantId: string, productId: string, { take = PRODUCT_LIST_LIMIT } = {}) {
  if (!isUuid(productId)) return { total: 0, rows: [] };
  const pid = productId.toLowerCase();
  const { total, userIds } = await listDuplicateHolders(db, tenantId, pid, { take });
  const users = await db.user.findMany({
    where: { id: { in: userIds }, tenantId },
    orderBy: [{ displayName: "asc" }, { id: "asc" }],
    select: {
      id: true,
      displayName: true,
      userPrincipalName: true,
      assignments: {
        where: { productId: pid, state: "ACTIVE" },
        select: { source: true, groupLicense: { select: { group: { select: { id: true, displayName: true } } } } },
      },
    },
  });
  return {
    total,
    rows: users.map((u) => ({
      id: u.id,
      displayName: u.displayName,
      userPrincipalName: u.userPrincipalName,
      direct: [...new Set(u.assignments.filter((a) => a.source !== "GROUP").map((a) => a.source))],
      groups: u.assignments.flatMap((a) => (a.source === "GROUP" && a.groupLicense ? [a.groupLicense.group] : [])),
    })),
  };
}

/**
 * What Unassign of these people would do: how many of them would lose a direct or auto-claimed
 * assignment, how many units that really frees (someone who also holds it through a group frees
 * none), and how many would be skipped because they hold it only through a group.
 */
export async function productUnassignImpact(db: PrismaClient, tenantId: string, productId: string, userIds: string[]) {
  const ids = [...new Set(userIds.filter(isUuid).map((u) => u.toLowerCase()))];
  if (!isUuid(productId) || ids.length === 0) return { people: 0, unitsFreed: 0, groupOnly: 0 };
  const rows = await db.licenseAssignment.findMany({
    where: { productId: productId.toLowerCase(), tenantId, userId: { in: ids }, state: "ACTIVE" },
    select: { id: true, userId: true, source: true },
  });
  const targets = rows.filter((r) => r.source !== "GROUP");
  const people = new Set(targets.map((t) => t.userId));
  const holders = new Set(rows.map((r) => r.userId));
  const unitsFreed = await unitsFreedByRemoving(
    db,
    targets.map((t) => t.id),
    tenantId,
  );
  return { people: people.size, unitsFreed, groupOnly: [...holders].filter((u) => !people.has(u)).length };
}

/** People holding a product both directly (or by claim) and through an active group licence, over all the tenant's products (Home). */
export async function countTenantDuplicates(db: PrismaClient, tenantId: string): Promise<{ total: number; byProduct: Record<string, number> }> {
  if (!isUuid(tenantId)) return { total: 0, byProduct: {} };
  const rows = await db.$queryRaw<{ productId: string; people: number }[]>`
    SELECT d."productId", count(DISTINCT d."userId")::int AS "people" FROM "LicenseAssignment" d
    WHERE d."tenantId" = ${tenantId}::uuid AND d."source" <> 'GROUP'
      AND EXISTS (SELECT 1 FROM "LicenseAssignment" g WHERE g."productId" = d."productId" AND g."userId" = d."userId" AND g."source" = 'GROUP' AND g."state" = 'ACTIVE')
    GROUP BY d."productId"`;
  return { total: rows.reduce((n, r) => n + r.people, 0), byProduct: Object.fromEntries(rows.map((r) => [r.productId, r.people])) };
}
