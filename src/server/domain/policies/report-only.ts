/**
 * "Would have claimed N" (SPEC §8.5, ADR 21): for a policy in report only, N is the number of
 * distinct people with at least one launch, since the policy was (last) put in report only, that the
 * policy would have claimed a licence for — launches refused as off that recorded the product it
 * would have claimed (`Launch.wouldClaimProductId`). One grouped read of the partial index
 * "Launch_would_claim", whatever the number of policies.
 */
import { Prisma, type PrismaClient } from "@/generated/prisma/client";
import type { Tx } from "@/server/db/client";

/** policyId → N, for the tenant's report-only policies among `policyIds` (others are absent). */
export async function wouldHaveClaimedCounts(db: PrismaClient | Tx, tenantId: string, policyIds: readonly string[]): Promise<Map<string, number>> {
  if (policyIds.length === 0) return new Map();
  const rows = await db.$queryRaw<{ policyId: string; people: number }[]>`
    SELECT pol."id" AS "policyId",
           (SELECT count(DISTINCT l."userId")::int FROM "Launch" l
             WHERE l."policyId" = pol."id" AND l."wouldClaimProductId" IS NOT NULL
               AND l."createdAt" >= pol."reportOnlySince") AS "people"
    FROM "AutoClaimPolicy" pol
    WHERE pol."tenantId" = ${tenantId}::uuid AND pol."reportOnlySince" IS NOT NULL
      AND pol."id" IN (${Prisma.join(policyIds.map((id) => Prisma.sql`${id}::uuid`))})`;
  return new Map(rows.map((r) => [r.policyId, r.people]));
}
