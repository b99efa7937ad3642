/**
 * The audit log page: every admin change of the tenant, newest first, filtered by actor, action and
 * date, paged by keyset on ("createdAt", "id") so that deep pages cost what the first does (the
 * index ("tenantId", "createdAt") serves the order).
 */
import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import { cursorDate, decodeCursor, encodeCursor, type Cursor } from "../reports/cursor";
import type { AuditQuery } from "./schema";
import { dateRangeProblem, describeAuditEntry, type AuditNames, type AuditView } from "./words";

export const AUDIT_PAGE_SIZE = 50;
const DAY_MS = 24 * 60 * 60 * 1000;

function filterWhere(tenantId: string, query: AuditQuery): Prisma.AuditEntryWhereInput {
  const createdAt: Prisma.DateTimeFilter = {};
  if (query.from) createdAt.gte = new Date(`${query.from}T00:00:00Z`);
  if (query.to) createdAt.lt = new Date(Date.parse(`${query.to}T00:00:00Z`) + DAY_MS);
  return {
    tenantId,
    ...(query.actor ? { actorLabel: query.actor } : {}),
    ...(query.action ? { action: query.action } : {}),
    ...(query.from || query.to ? { createdAt } : {}),
  };
}

function keyset(cursor: Cursor, direction: "older" | "newer"): Prisma.AuditEntryWhereInput {
  const at = new Date(cursor.value);
  return direction === "older"
    ? { OR: [{ createdAt: { lt: at } }, { createdAt: at, id: { lt: cursor.id } }] }
    : { OR: [{ createdAt: { gt: at } }, { createdAt: at, id: { gt: cursor.id } }] };
}

const usable = (c: Cursor | null) => (c && cursorDate(c.value) ? c : null);

export async function listAuditEntries(db: PrismaClient, tenantId: string, requested: AuditQuery) {
  // From after To: the filter says so beside From, and the list is read without the dates (never an empty page for it).
  const query: AuditQuery = dateRangeProblem(requested) ? { ...requested, from: "", to: "" } : requested;
  const where = filterWhere(tenantId, query);
  const after = usable(decodeCursor(query.after));
  const before = after ? null : usable(decodeCursor(query.before));
  const select = {
    id: true,
    createdAt: true,
    actorLabel: true,
    action: true,
    targetType: true,
    targetId: true,
    summary: true,
    before: true,
    after: true,
  } as const;
  const [total, fetched] = await Promise.all([
    db.auditEntry.count({ where }),
    before
      ? db.auditEntry.findMany({
          where: { AND: [where, keyset(before, "newer")] },
          orderBy: [{ createdAt: "asc" }, { id: "asc" }],
          take: AUDIT_PAGE_SIZE + 1,
          select,
        })
      : db.auditEntry.findMany({
          where: after ? { AND: [where, keyset(after, "older")] } : where,
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
          take: AUDIT_PAGE_SIZE + 1,
          select,
        }),
  ]);
  const more = fetched.length > AUDIT_PAGE_SIZE;
  const page = before ? fetched.slice(0, AUDIT_PAGE_SIZE).reverse() : fetched.slice(0, AUDIT_PAGE_SIZE);
  const names = await auditNames(db, tenantId, page);
  const rows = page.map((row) => ({ ...row, view: describeAuditEntry(row, names) as AuditView }));
  const cursorOf = (row: (typeof rows)[number] | undefined) => (row ? encodeCursor({ value: row.createdAt.toISOString(), id: row.id }) : null);
  return {
    rows,
    total,
    /** Older entries (the next page down), newer entries (back up). */
    older: (before ? true : more) ? cursorOf(rows.at(-1)) : null,
    newer: (before ? more : Boolean(after)) ? cursorOf(rows[0]) : null,
  };
}
export type AuditRow = Awaited<ReturnType<typeof listAuditEntries>>["rows"][number];

/** The names the entries of a page refer to: products and service plans of the tenant, and each entry's target as it is called now. */
export async function auditNames(db: PrismaClient, tenantId: string, rows: readonly { targetType: string; targetId: string | null }[]): Promise<AuditNames> {
  const ids = (type: string) => [...new Set(rows.filter((r) => r.targetType === type && r.targetId).map((r) => r.targetId!))];
  const some = <T>(list: string[], read: (ids: string[]) => Promise<T[]>) => (list.length === 0 ? Promise.resolve([] as T[]) : read(list));
  const [products, policies, users, groups, environments, tokens] = await Promise.all([
    rows.length === 0
      ? Promise.resolve([])
      : db.product.findMany({
          where: { tenantId },
          select: { id: true, skuPartNumber: true, displayName: true, servicePlans: { select: { id: true, servicePlanId: true, displayName: true } } },
        }),
    some(ids("AutoClaimPolicy"), (id) => db.autoClaimPolicy.findMany({ where: { tenantId, id: { in: id } }, select: { id: true, name: true } })),
    some(ids("User"), (id) => db.user.findMany({ where: { tenantId, id: { in: id } }, select: { id: true, displayName: true } })),
    some(ids("Group"), (id) => db.group.findMany({ where: { tenantId, id: { in: id } }, select: { id: true, displayName: true } })),
    some(ids("Environment"), (id) => db.environment.findMany({ where: { tenantId, id: { in: id } }, select: { id: true, name: true } })),
    some(ids("ApiToken"), (id) => db.apiToken.findMany({ where: { tenantId, id: { in: id } }, select: { id: true, name: true } })),
  ]);
  const targets = new Map<string, string>();
  for (const p of products) targets.set(p.id, p.displayName);
  for (const r of [...policies, ...environments, ...tokens]) targets.set(r.id, r.name);
  for (const r of [...users, ...groups]) targets.set(r.id, r.displayName);
  const productNames = new Map<string, string>();
  const plans = new Map<string, string>();
  for (const p of products) {
    productNames.set(p.skuPartNumber, p.displayName).set(p.id, p.displayName);
    for (const plan of p.servicePlans) plans.set(plan.id, plan.displayName).set(plan.servicePlanId, plan.displayName);
  }
  return { products: productNames, plans, targets };
}

/** The actors and actions that occur in the tenant's log (the filter's choices). */
export async function auditFilterOptions(db: PrismaClient, tenantId: string) {
  const [actors, actions] = await Promise.all([
    db.auditEntry.groupBy({ by: ["actorLabel"], where: { tenantId }, orderBy: { actorLabel: "asc" } }),
    db.auditEntry.groupBy({ by: ["action"], where: { tenantId }, orderBy: { action: "asc" } }),
  ]);
  return { actors: actors.map((a) => a.actorLabel), actions: actions.map((a) => a.action) };
}

/** Top-level keys whose values differ between before and after (what the log shows as before → after). */
export function changedFields(before: unknown, after: unknown): { key: string; before: unknown; after: unknown }[] {
  const obj = (v: unknown) => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
  const b = obj(before);
  const a = obj(after);
  if (!b && !a) return before === after || (before == null && after == null) ? [] : [{ key: "", before, after }];
  const keys = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])];
  return keys
    .filter((k) => JSON.stringify(b?.[k] ?? null) !== JSON.stringify(a?.[k] ?? null))
    .map((k) => ({ key: k, before: b?.[k] ?? null, after: a?.[k] ?? null }));
}
