/**
 * Keep-or-release notices (SPEC §8.3, ADR 20). A run in enforce mode gives each candidate one notice
 * (a `ReclaimNotice` row, an in-app notification and its e-mail through the outbox, in one
 * transaction); the licence is released on `releaseOn` unless, before then:
 *
 * - the holder chooses **Keep it** (`keepLicense`, the holder only): the notice is KEPT and the
 *   clock starts again from that moment (the candidate rule's `keptAt`);
 * - the holder launches an app the product covers after `noticedAt`: judged when the notice is
 *   shown (`listOpenNotices` leaves it out) and when the run would release it (it is CANCELLED
 *   instead), so the launch path never writes anything for it;
 * - the rule is changed, or switched back to report only, or the holding is no longer the policy's.
 */
import { Prisma, type PrismaClient } from "@/generated/prisma/client";
import type { Tx } from "@/server/db/client";
import { recordAudit } from "../audit/service";
import type { DomainContext } from "../context";
import { ForbiddenError, NotFoundError, ValidationError } from "../errors";
import { isUuid } from "../users/lookup";

export type CancelReason = "LAUNCHED" | "RULE_CHANGED" | "GONE" | "ALLOWLISTED";

/** A covered launch by the notice's holder after it was given: the notice no longer stands. */
export const launchedSince = (n: Prisma.Sql) => Prisma.sql`EXISTS (
  SELECT 1 FROM "Launch" l JOIN "App" a ON a."id" = l."appId" JOIN "AutoClaimPolicy" pol ON pol."id" = ${n}."policyId"
   WHERE l."userId" = ${n}."userId" AND a."autoClaimApp" = pol."app" AND l."createdAt" > ${n}."noticedAt")`;

/** Closes the policy's open notices (the rule changed or went back to report only), in the caller's transaction. */
export async function cancelOpenNoticesTx(tx: Tx, policyId: string, reason: CancelReason, now: Date): Promise<number> {
  const { count } = await tx.reclaimNotice.updateMany({
    where: { policyId, status: "OPEN" },
    data: { status: "CANCELLED", closedAt: now, closedReason: reason },
  });
  return count;
}

export interface OpenNotice {
  id: string;
  productName: string;
  policyName: string;
  lastUsedAt: Date;
  noticedAt: Date;
  releaseOn: Date;
}

/** The person's notices that still stand: open, and no covered launch since (a launch cancels it). */
export async function listOpenNotices(db: PrismaClient, tenantId: string, userId: string): Promise<OpenNotice[]> {
  return db.$queryRaw<OpenNotice[]>`
    SELECT n."id", p."displayName" AS "productName", pol."name" AS "policyName", n."lastUsedAt", n."noticedAt", n."releaseOn"
      FROM "ReclaimNotice" n
      JOIN "Product" p ON p."id" = n."productId"
      JOIN "AutoClaimPolicy" pol ON pol."id" = n."policyId"
     WHERE n."tenantId" = ${tenantId}::uuid AND n."userId" = ${userId}::uuid AND n."status" = 'OPEN'
       AND NOT ${launchedSince(Prisma.raw("n"))}
     ORDER BY n."releaseOn", n."id"`;
}

/**
 * Keep it: the holder (and only the holder) keeps the licence; the notice closes as kept and the
 * licence counts as used now. Keeping a notice already kept, or cancelled by a launch, changes
 * nothing; one already released is refused.
 */
export async function keepLicense(
  ctx: DomainContext & { userId: string },
  { noticeId }: { noticeId: string },
  now = new Date(),
): Promise<{ kept: boolean; releaseOn: Date }> {
  const { db, actor, tenantId, userId } = ctx;
  if (!isUuid(noticeId)) throw new NotFoundError("That notice does not exist.", { field: "noticeId" });
  return db.$transaction(async (tx) => {
    const [notice] = await tx.$queryRaw<{ id: string; userId: string; status: string; releaseOn: Date; productId: string; assignmentId: string }[]>`
      SELECT "id", "userId", "status", "releaseOn", "productId", "assignmentId" FROM "ReclaimNotice"
       WHERE "id" = ${noticeId.toLowerCase()}::uuid AND "tenantId" = ${tenantId}::uuid FOR UPDATE`;
    if (!notice) throw new NotFoundError("That notice does not exist.", { field: "noticeId" });
    if (notice.userId !== userId) throw new ForbiddenError("Only the person who holds the license can keep it.");
    if (notice.status === "RELEASED") throw new ValidationError("This license was already released: open your app again to get one.", { field: "noticeId" });
    if (notice.status !== "OPEN") return { kept: false, releaseOn: notice.releaseOn };
    await tx.reclaimNotice.update({ where: { id: notice.id, tenantId }, data: { status: "KEPT", closedAt: now } });
    const product = await tx.product.findUnique({ where: { id: notice.productId, tenantId }, select: { displayName: true } });
    await recordAudit(tx, {
      tenantId,
      actor,
      action: "reclaim.kept",
      targetType: "User",
      targetId: userId,
      summary: `${actor.label}: kept ${product?.displayName ?? "a license"} (it was to be released on ${notice.releaseOn.toISOString().slice(0, 10)})`,
      before: { status: "OPEN", releaseOn: notice.releaseOn.toISOString() },
      after: { status: "KEPT" },
    });
    return { kept: true, releaseOn: notice.releaseOn };
  });
}
