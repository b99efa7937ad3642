/**
 * The policy report's *Released* view (SPEC §8.3): the auto-claimed licences a reclaim run released
 * after their keep-or-release notice — who, which product, claimed when, last used when, released
 * when — from the notices, which outlive the assignments they released. Newest release first; the
 * report's date range (on the release) and search (name or UPN); numbered pages (a run releases at
 * most a tenth of a product's units, so the list stays small next to the licences held).
 */
import { Prisma, type PrismaClient } from "@/generated/prisma/client";
import { containsPattern, rangeStart } from "./service";
import type { ReportFilter } from "./schema";

export const RELEASED_PAGE_SIZE = 50;

export interface ReleasedRow {
  noticeId: string;
  userId: string;
  displayName: string | null;
  userPrincipalName: string | null;
  productName: string | null;
  assignedAt: Date;
  lastUsedAt: Date;
  noticedAt: Date;
  releasedAt: Date;
}

export interface ReleasedPage {
  rows: ReleasedRow[];
  total: number;
  page: number;
  pages: number;
}

export async function listReleased(
  db: PrismaClient,
  tenantId: string,
  policyId: string,
  { filter, page }: { filter: ReportFilter; page: number },
  asOf: Date,
): Promise<ReleasedPage> {
  const parts: Prisma.Sql[] = [
    Prisma.sql`n."tenantId" = ${tenantId}::uuid`,
    Prisma.sql`n."policyId" = ${policyId}::uuid`,
    Prisma.sql`n."status" = 'RELEASED'`,
    Prisma.sql`n."closedAt" <= ${asOf}`,
  ];
  const since = rangeStart(filter.range, asOf);
  if (since) parts.push(Prisma.sql`n."closedAt" >= ${since}`);
  if (filter.q) {
    const pattern = containsPattern(filter.q);
    parts.push(Prisma.sql`(u."displayName" ILIKE ${pattern} OR u."userPrincipalName" ILIKE ${pattern})`);
  }
  const where = Prisma.join(parts, " AND ");
  const [{ total }] = await db.$queryRaw<{ total: number }[]>`
    SELECT count(*)::int AS "total" FROM "ReclaimNotice" n LEFT JOIN "User" u ON u."id" = n."userId" WHERE ${where}`;
  const pages = Math.max(1, Math.ceil(total / RELEASED_PAGE_SIZE));
  const current = Math.min(page, pages);
  const rows = await db.$queryRaw<ReleasedRow[]>`
    SELECT n."id" AS "noticeId", n."userId", u."displayName", u."userPrincipalName", p."displayName" AS "productName",
           n."assignedAt", n."lastUsedAt", n."noticedAt", n."closedAt" AS "releasedAt"
      FROM "ReclaimNotice" n
      LEFT JOIN "User" u ON u."id" = n."userId"
      LEFT JOIN "Product" p ON p."id" = n."productId"
     WHERE ${where}
     ORDER BY n."closedAt" DESC, n."id" DESC
     LIMIT ${RELEASED_PAGE_SIZE} OFFSET ${(current - 1) * RELEASED_PAGE_SIZE}`;
  return { rows, total, page: current, pages };
}
