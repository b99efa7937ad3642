/**
 * The policy report (SPEC §5 › Report): the licences a policy assigned that people still hold, with
 * who, which product, when, and the app and environment whose launch claimed it.
 *
 * Fast at 100,000 assignments (ADR 0007): pages are read by keyset ("the 50 rows after this one in
 * this order"), never by OFFSET, with the assignment id breaking ties; in the default order (newest
 * first) the index ("policyId", "tenantId", "source", "assignedAt", "id") hands PostgreSQL the rows already sorted, so
 * a page costs ~50 index entries whatever its depth. The count and the chart read the same filter
 * once per page view. The CSV export streams the whole filtered set in keyset batches (ADR 0030).
 */
import { Prisma, type PrismaClient } from "@/generated/prisma/client";
import { isUuid } from "../users/lookup";
import type { AutoClaimApp } from "@/generated/prisma/enums";
import type { Tx } from "@/server/db/client";
import { wouldHaveClaimedCounts } from "../policies/report-only";
import { cursorDate, decodeCursor, encodeCursor, type Cursor } from "./cursor";
import type { ReportFilter, ReportQuery, ReportRange, ReportSort } from "./schema";

const DAY_MS = 24 * 60 * 60 * 1000;

export interface ReportPolicy {
  id: string;
  name: string;
  app: AutoClaimApp;
  enabled: boolean;
  deletedAt: Date | null;
  /** In report only (SPEC §8.5): since when, and the people it would have claimed a licence for since then; null otherwise. */
  reportOnly: { since: Date; wouldHaveClaimed: number } | null;
  /** The products of the policy, primary first (none once the policy is deleted). */
  products: { id: string; displayName: string; skuId: string }[];
}

/** The policy of a report: live or deleted (its licences still point at it), in the tenant; else null. */
export async function getReportPolicy(db: PrismaClient | Tx, tenantId: string, policyId: string): Promise<ReportPolicy | null> {
  if (!isUuid(policyId)) return null;
  const row = await db.autoClaimPolicy.findFirst({
    where: { id: policyId.toLowerCase(), tenantId },
    select: {
      id: true,
      name: true,
      app: true,
      enabled: true,
      deletedAt: true,
      reportOnlySince: true,
      products: { orderBy: { position: "asc" }, select: { product: { select: { id: true, displayName: true, skuId: true } } } },
    },
  });
  if (!row) return null;
  const { reportOnlySince, ...policy } = row;
  const reportOnly =
    reportOnlySince && !row.deletedAt
      ? { since: reportOnlySince, wouldHaveClaimed: (await wouldHaveClaimedCounts(db, tenantId, [row.id])).get(row.id) ?? 0 }
      : null;
  return { ...policy, reportOnly, products: row.products.map((p) => p.product) };
}

export interface ReportRow {
  /** The assignment's id: what a row selection names. */
  id: string;
  assignedAt: Date;
  userId: string;
  /** The identity provider's id for the person (Entra's object id, set by SCIM provisioning), if any. */
  userExternalId: string | null;
  displayName: string;
  userPrincipalName: string;
  productId: string;
  productName: string;
  skuId: string;
  appName: string;
  environmentName: string;
  /** The launch that claimed it (its stored trace says why, ADR 28). */
  launchId: string;
}

/** The column each sort key orders by (whitelisted: never a string from the request). */
const SORT_COLUMNS: Record<ReportSort, Prisma.Sql> = {
  assignedAt: Prisma.raw(`a."assignedAt"`),
  user: Prisma.raw(`u."displayName"`),
  upn: Prisma.raw(`u."userPrincipalName"`),
  product: Prisma.raw(`p."displayName"`),
  app: Prisma.raw(`ap."name"`),
  environment: Prisma.raw(`e."name"`),
};

/** The joins a sort value needs, for the orders that sort the filtered set (see readRows). */
const NARROW_SORT_FROM: Partial<Record<ReportSort, Prisma.Sql>> = {
  product: Prisma.sql`JOIN "Product" p ON p."id" = a."productId"`,
  app: Prisma.sql`JOIN "Launch" l ON l."id" = a."launchId" JOIN "App" ap ON ap."id" = l."appId"`,
  environment: Prisma.sql`JOIN "Launch" l ON l."id" = a."launchId" JOIN "Environment" e ON e."id" = l."environmentId"`,
};

/** The start of a range, counted back from `asOf`; null for all time. */
export function rangeStart(range: ReportRange, asOf: Date): Date | null {
  return range === "all" ? null : new Date(asOf.getTime() - Number(range) * DAY_MS);
}

/** `%text%` for ILIKE, with the pattern characters of the text taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const FROM = Prisma.sql`
  FROM "LicenseAssignment" a
  JOIN "User" u ON u."id" = a."userId"
  JOIN "Product" p ON p."id" = a."productId"
  JOIN "Launch" l ON l."id" = a."launchId"
  JOIN "App" ap ON ap."id" = l."appId"
  JOIN "Environment" e ON e."id" = l."environmentId"`;

const COLUMNS = Prisma.sql`
  a."id", a."assignedAt", u."id" AS "userId", u."externalId" AS "userExternalId", u."displayName", u."userPrincipalName",
  p."id" AS "productId", p."displayName" AS "productName", p."skuId"::text AS "skuId",
  ap."name" AS "appName", e."name" AS "environmentName", l."id" AS "launchId"`;

export interface FilterScope {
  tenantId: string;
  policyId: string;
  filter: ReportFilter;
  /** The moment the range counts back from, and after which nothing is included (default: now). */
  asOf?: Date;
  /** Only these assignments (a selection of rows). */
  ids?: string[];
}

/**
 * The WHERE of the report: the policy's auto-claimed assignments in the range whose holder's name or
 * UPN contains the search text. Reads `a` (LicenseAssignment) and, with a search, `u` (User).
 */
export function filterWhere({ tenantId, policyId, filter, asOf, ids }: FilterScope): Prisma.Sql {
  const parts: Prisma.Sql[] = [
    Prisma.sql`a."policyId" = ${policyId}::uuid`,
    Prisma.sql`a."tenantId" = ${tenantId}::uuid`,
    Prisma.sql`a."source" = 'AUTO_CLAIM'`,
  ];
  const since = rangeStart(filter.range, asOf ?? new Date());
  if (since) parts.push(Prisma.sql`a."assignedAt" >= ${since}`);
  if (asOf) parts.push(Prisma.sql`a."assignedAt" <= ${asOf}`);
  if (ids) parts.push(Prisma.sql`a."id" = ANY(${ids}::uuid[])`);
  if (filter.q) {
    const pattern = containsPattern(filter.q);
    // The holder is always the tenant's; said so that a search reads only the tenant's people.
    parts.push(Prisma.sql`u."tenantId" = ${tenantId}::uuid`, Prisma.sql`(u."displayName" ILIKE ${pattern} OR u."userPrincipalName" ILIKE ${pattern})`);
  }
  return Prisma.join(parts, " AND ");
}

export function cursorValue(sort: ReportSort, row: ReportRow): string {
  switch (sort) {
    case "assignedAt":
      return row.assignedAt.toISOString();
    case "user":
      return row.displayName;
    case "upn":
      return row.userPrincipalName;
    case "product":
      return row.productName;
    case "app":
      return row.appName;
    case "environment":
      return row.environmentName;
  }
}

/** A cursor whose value fits the order (a date for "assignedAt"), else null. */
export function usableCursor(sort: ReportSort, cursor: Cursor | null): Cursor | null {
  if (!cursor) return null;
  if (sort === "assignedAt" && !cursorDate(cursor.value)) return null;
  return cursor;
}

/**
 * The keyset condition: rows strictly after (or before) the cursor in the order (sort, id). The
 * bound on the sort column alone (implied by the row comparison) lets PostgreSQL start an index
 * scan on that column at the cursor when the column is another table's (a user's name).
 */
function keyset(sort: ReportSort, cursor: Cursor, comparison: "<" | ">"): Prisma.Sql {
  const column = SORT_COLUMNS[sort];
  const value = sort === "assignedAt" ? Prisma.sql`${new Date(cursor.value)}::timestamp(3)` : Prisma.sql`${cursor.value}`;
  return Prisma.sql`(${column}, a."id") ${Prisma.raw(comparison)} (${value}, ${cursor.id}::uuid) AND ${column} ${Prisma.raw(comparison)}= ${value}`;
}

/**
 * Up to `limit` rows of the filtered set in the order (sort, dir), starting after `after` (or
 * ending before `before`: the previous page). The raw read that pages, the CSV and bulk selections share.
 */
export async function readRows(
  db: PrismaClient | Tx,
  scope: FilterScope,
  order: { sort: ReportSort; dir: "asc" | "desc" },
  { after, before, limit }: { after?: Cursor | null; before?: Cursor | null; limit: number },
): Promise<ReportRow[]> {
  const backwards = Boolean(before) && !after;
  // Walking backwards reads the reversed order and flips the page afterwards.
  const descending = (order.dir === "desc") !== backwards;
  const where = [filterWhere(scope)];
  if (after) where.push(keyset(order.sort, after, order.dir === "desc" ? "<" : ">"));
  else if (before) where.push(keyset(order.sort, before, order.dir === "desc" ? ">" : "<"));
  const direction = Prisma.raw(descending ? "DESC" : "ASC");
  const orderBy = Prisma.sql`ORDER BY ${SORT_COLUMNS[order.sort]} ${direction}, a."id" ${direction}`;
  const narrow = NARROW_SORT_FROM[order.sort];
  const rows = narrow
    ? // Sorted on a column no index of the assignment holds: sort the narrow (value, id) pairs of the
      // filtered set with only the joins the value needs, then join the rest for the page's rows only.
      await db.$queryRaw<ReportRow[]>`
        SELECT ${COLUMNS} ${FROM}
        WHERE a."id" IN (
          SELECT a."id" FROM "LicenseAssignment" a ${narrow}${scope.filter.q ? Prisma.sql` JOIN "User" u ON u."id" = a."userId"` : Prisma.empty}
          WHERE ${Prisma.join(where, " AND ")} ${orderBy} LIMIT ${limit})
        ${orderBy}`
    : // The holder is the tenant's (always true; said so that the planner can walk the people in name order through ("tenantId", "displayName")).
      await db.$queryRaw<ReportRow[]>`
        SELECT ${COLUMNS} ${FROM}
        WHERE ${Prisma.join([...where, Prisma.sql`u."tenantId" = ${scope.tenantId}::uuid`], " AND ")}
        ${orderBy} LIMIT ${limit}`;
  return backwards ? rows.reverse() : rows;
}

/** The tables the filter alone needs: the assignment, and its holder when there is a search. */
const filterFrom = (scope: FilterScope) =>
  scope.filter.q ? Prisma.sql`FROM "LicenseAssignment" a JOIN "User" u ON u."id" = a."userId"` : Prisma.sql`FROM "LicenseAssignment" a`;

/** How many rows the filter matches. */
export async function countRows(db: PrismaClient | Tx, scope: FilterScope): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n ${filterFrom(scope)} WHERE ${filterWhere(scope)}`;
  return row.n;
}

export interface DayCount {
  /** The day (UTC), yyyy-mm-dd. */
  day: string;
  claims: number;
}

/** Claims per day (UTC) of the filtered set, every day of the range present (zeros included). */
export async function claimsPerDay(db: PrismaClient | Tx, scope: FilterScope): Promise<DayCount[]> {
  const rows = await db.$queryRaw<{ day: string; claims: number }[]>`
    SELECT to_char(d."day", 'YYYY-MM-DD') AS "day", d."claims" FROM (
      SELECT date_trunc('day', a."assignedAt") AS "day", count(*)::int AS "claims"
      ${filterFrom(scope)} WHERE ${filterWhere(scope)}
      GROUP BY 1
    ) d ORDER BY d."day"`;
  if (rows.length === 0) return [];
  const asOf = scope.asOf ?? new Date();
  const since = rangeStart(scope.filter.range, asOf);
  const start = since ? since.toISOString().slice(0, 10) : rows[0].day;
  const end = asOf.toISOString().slice(0, 10);
  const byDay = new Map(rows.map((r) => [r.day, r.claims]));
  const days: DayCount[] = [];
  for (let t = Date.parse(`${start}T00:00:00Z`); t <= Date.parse(`${end}T00:00:00Z`); t += DAY_MS) {
    const day = new Date(t).toISOString().slice(0, 10);
    days.push({ day, claims: byDay.get(day) ?? 0 });
  }
  return days;
}

export interface ReportPage {
  rows: ReportRow[];
  total: number;
  perDay: DayCount[];
  /** Cursors of the neighbouring pages, null where there is none. */
  next: string | null;
  previous: string | null;
  page: number;
  pages: number;
}

/** One page of the report, its total and its chart, for the page's query. */
export async function getReportPage(db: PrismaClient, tenantId: string, policyId: string, query: ReportQuery, asOf = new Date()): Promise<ReportPage> {
  // Everything up to `asOf`, so that the rows, the chart and the total describe the same set.
  const scope: FilterScope = { tenantId, policyId, filter: { range: query.range, q: query.q }, asOf };
  const order = { sort: query.sort, dir: query.dir };
  const after = usableCursor(query.sort, decodeCursor(query.after));
  const before = after ? null : usableCursor(query.sort, decodeCursor(query.before));
  // The chart's days add up to the total: one scan of the filtered set serves both.
  const perDay = await claimsPerDay(db, scope);
  const total = perDay.reduce((n, d) => n + d.claims, 0);
  const pages = Math.max(1, Math.ceil(total / query.size));

  let rows: ReportRow[];
  let hasNext: boolean;
  let hasPrevious: boolean;
  let page: number;
  if (query.last) {
    // The last page: the final rows of the order, as many as make the page count come out right.
    const size = total % query.size || query.size;
    rows = await readLastRows(db, scope, order, size);
    hasNext = false;
    hasPrevious = total > rows.length;
    page = pages;
  } else if (before) {
    const fetched = await readRows(db, scope, order, { before, limit: query.size + 1 });
    hasPrevious = fetched.length > query.size;
    rows = hasPrevious ? fetched.slice(1) : fetched;
    hasNext = true;
    page = hasPrevious ? Math.max(1, Math.min(query.page, pages)) : 1;
  } else {
    const fetched = await readRows(db, scope, order, { after, limit: query.size + 1 });
    hasNext = fetched.length > query.size;
    rows = fetched.slice(0, query.size);
    hasPrevious = Boolean(after);
    page = after ? Math.max(1, Math.min(query.page, pages)) : 1;
  }
  const cursorOf = (row: ReportRow | undefined) => (row ? encodeCursor({ value: cursorValue(order.sort, row), id: row.id }) : null);
  return {
    rows,
    total,
    perDay,
    next: hasNext ? cursorOf(rows.at(-1)) : null,
    previous: hasPrevious ? cursorOf(rows[0]) : null,
    page,
    pages,
  };
}

async function readLastRows(db: PrismaClient | Tx, scope: FilterScope, order: { sort: ReportSort; dir: "asc" | "desc" }, limit: number): Promise<ReportRow[]> {
  const reversed = { sort: order.sort, dir: order.dir === "desc" ? ("asc" as const) : ("desc" as const) };
  const rows = await readRows(db, scope, reversed, { limit });
  return rows.reverse();
}

/** Rows per query of the CSV export: few round trips and plans, and a bounded amount held at once (~2 MB of CSV). */
export const CSV_BATCH = 5000;

/**
 * Every row of the filtered set, in order, read `batch` rows at a time by keyset (for the CSV
 * stream): each batch is one indexed range read after the previous batch's last row — never an
 * OFFSET — so the cost per batch does not grow with its depth in the default order.
 */
export async function* streamRows(
  db: PrismaClient,
  scope: FilterScope,
  order: { sort: ReportSort; dir: "asc" | "desc" },
  batch = CSV_BATCH,
): AsyncGenerator<ReportRow[]> {
  let after: Cursor | null = null;
  for (;;) {
    const rows = await readRows(db, scope, order, { after, limit: batch });
    if (rows.length > 0) yield rows;
    if (rows.length < batch) return;
    const last = rows[rows.length - 1];
    after = { value: cursorValue(order.sort, last), id: last.id };
  }
}
