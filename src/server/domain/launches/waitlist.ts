/**
 * The policy waiting list (SPEC §8.1, ADR 16): a launch refused for lack of units queues the user
 * once per policy, in order of their first refusal; `licenses/serving.ts` serves the list together
 * with the group licences in error, longest-waiting first, whenever units free up. An entry counts
 * while it is open, not expired (a launch within the policy's expiry days) and its user holds no
 * standalone licence for the policy's app (they may have got one another way).
 */
import { Prisma, type PrismaClient } from "@/generated/prisma/client";
import type { LaunchKind } from "@/generated/prisma/enums";
import type { Tx } from "@/server/db/client";
import { recordAudit } from "../audit/service";
import type { DomainContext } from "../context";
import { NotFoundError } from "../errors";
import { isUuid } from "../users/lookup";

/** SQL: the entry `w` (joined with its policy `pol`) still waits at `now`. */
export const waitingCondition = (now: Date) => Prisma.sql`
  w."leftAt" IS NULL
  AND w."lastLaunchAt" >= ${now}::timestamp - make_interval(days => pol."waitlistExpiryDays")
  AND NOT EXISTS (SELECT 1 FROM "LicenseSeat" s JOIN "Product" p ON p."id" = s."productId"
                  WHERE s."userId" = w."userId" AND p."standaloneFor" = pol."app")`;

/** A launch refused for lack of units (the pool's or, past its cap, the policy's), as recorded. */
export interface Refusal {
  id: string;
  tenantId: string;
  userId: string;
  appId: string;
  environmentId: string;
  kind: LaunchKind;
  policyId: string;
  createdAt: Date;
  /** Both queue the same way (SPEC §8.1); NO_LICENSES_AVAILABLE unless given. */
  reason?: "NO_LICENSES_AVAILABLE" | "POLICY_CAP_REACHED";
  /** The launch rule's trace of the refusal (launches/rules.ts), stored with the launch. */
  trace?: Prisma.InputJsonObject;
}

/**
 * Records the refusal and queues the user, in one statement — both or neither, and no transaction
 * to queue for in a storm. Already queued, the user keeps their place and the launch is recorded as
 * their last; an entry expired since starts again at the back. Answers their position: 1 = next served.
 */
export async function refuseAndQueue(db: Tx, launch: Refusal): Promise<number> {
  const { id, tenantId, userId, appId, environmentId, kind, policyId, createdAt: now, reason = "NO_LICENSES_AVAILABLE", trace = null } = launch;
  const expired = Prisma.sql`"WaitlistEntry"."lastLaunchAt" < EXCLUDED."lastLaunchAt" - make_interval(days => (SELECT "waitlistExpiryDays" FROM "AutoClaimPolicy" WHERE "id" = EXCLUDED."policyId"))`;
  const rows = await db.$queryRaw<{ position: number }[]>`
    WITH l AS (
      INSERT INTO "Launch" ("id", "tenantId", "userId", "appId", "environmentId", "kind", "decision", "reason", "policyId", "createdAt", "trace")
      VALUES (${id}::uuid, ${tenantId}::uuid, ${userId}::uuid, ${appId}::uuid, ${environmentId}::uuid, ${kind}::"LaunchKind", 'DENY', ${reason}::"LaunchReason", ${policyId}::uuid, ${now}, ${trace === null ? null : JSON.stringify(trace)}::jsonb)
      RETURNING "id"
    ), e AS (
      INSERT INTO "WaitlistEntry" ("id", "tenantId", "policyId", "userId", "launchId", "since", "lastLaunchAt")
      SELECT gen_random_uuid(), ${tenantId}::uuid, ${policyId}::uuid, ${userId}::uuid, l."id", ${now}, ${now} FROM l
      ON CONFLICT ("policyId", "userId") WHERE "leftAt" IS NULL DO UPDATE SET
        "since" = CASE WHEN ${expired} THEN EXCLUDED."since" ELSE "WaitlistEntry"."since" END,
        "launchId" = CASE WHEN ${expired} THEN EXCLUDED."launchId" ELSE "WaitlistEntry"."launchId" END,
        "lastLaunchAt" = EXCLUDED."lastLaunchAt"
      RETURNING "id", "since"
    )
    SELECT (SELECT count(*)::int FROM "WaitlistEntry" w JOIN "AutoClaimPolicy" pol ON pol."id" = w."policyId"
            WHERE w."policyId" = ${policyId}::uuid AND w."id" <> e."id" AND (w."since", w."id") < (e."since", e."id") AND ${waitingCondition(now)}) + 1 AS "position"
    FROM e`;
  return rows[0].position;
}

export interface WaitlistRow {
  id: string;
  position: number;
  userId: string;
  displayName: string;
  userPrincipalName: string;
  since: Date;
  lastLaunchAt: Date;
}

/** The policy's waiting list in serving order (policy details). */
export async function listWaitlist(
  db: PrismaClient,
  tenantId: string,
  policyId: string,
  { now = new Date(), take = 100 } = {},
): Promise<{ total: number; rows: WaitlistRow[] }> {
  if (!isUuid(policyId)) return { total: 0, rows: [] };
  const rows = await db.$queryRaw<(Omit<WaitlistRow, "position"> & { total: number })[]>`
    SELECT w."id", w."userId", u."displayName", u."userPrincipalName", w."since", w."lastLaunchAt", count(*) OVER ()::int AS "total"
    FROM "WaitlistEntry" w JOIN "AutoClaimPolicy" pol ON pol."id" = w."policyId" JOIN "User" u ON u."id" = w."userId"
    WHERE w."policyId" = ${policyId.toLowerCase()}::uuid AND w."tenantId" = ${tenantId}::uuid AND ${waitingCondition(now)}
    ORDER BY w."since", w."id"
    LIMIT ${take}`;
  return {
    total: rows[0]?.total ?? 0,
    rows: rows.map((r, i) => ({
      id: r.id,
      userId: r.userId,
      displayName: r.displayName,
      userPrincipalName: r.userPrincipalName,
      since: r.since,
      lastLaunchAt: r.lastLaunchAt,
      position: i + 1,
    })),
  };
}

/** People waiting, per policy and in all (Home). */
export async function waitlistTotals(db: PrismaClient, tenantId: string, { now = new Date() } = {}) {
  const rows = await db.$queryRaw<{ policyId: string; policyName: string; waiting: number }[]>`
    SELECT pol."id" AS "policyId", pol."name" AS "policyName", count(*)::int AS "waiting"
    FROM "WaitlistEntry" w JOIN "AutoClaimPolicy" pol ON pol."id" = w."policyId"
    WHERE w."tenantId" = ${tenantId}::uuid AND pol."deletedAt" IS NULL AND ${waitingCondition(now)}
    GROUP BY pol."id", pol."name" ORDER BY pol."name"`;
  return { total: rows.reduce((n, r) => n + r.waiting, 0), policies: rows };
}

/** An admin removes someone from the waiting list (audited); they rejoin at the back on their next refused launch. */
export async function removeWaitlistEntry(ctx: DomainContext, { entryId }: { entryId: string }): Promise<void> {
  const notFound = () => new NotFoundError("That person is no longer on the waiting list.", { code: "NOT_FOUND", field: "entryId" });
  if (!isUuid(entryId)) throw notFound();
  const { db, actor, tenantId } = ctx;
  await db.$transaction(async (tx) => {
    const entry = await tx.waitlistEntry.findFirst({
      where: { id: entryId.toLowerCase(), tenantId, leftAt: null },
      select: { id: true, since: true, policy: { select: { id: true, name: true } }, user: { select: { id: true, userPrincipalName: true } } },
    });
    if (!entry) throw notFound();
    const left = await tx.waitlistEntry.updateMany({ where: { id: entry.id, leftAt: null }, data: { leftAt: new Date(), leftReason: "REMOVED" } });
    if (left.count === 0) throw notFound();
    await recordAudit(tx, {
      tenantId,
      actor,
      action: "waitlist.removed",
      targetType: "User",
      targetId: entry.user.id,
      summary: `Removed ${entry.user.userPrincipalName} from the waiting list of "${entry.policy.name}"`,
      before: { policy: entry.policy.name, since: entry.since.toISOString() },
      after: null,
    });
  });
}

/** The user's place on the policy's waiting list now (1 = next served), or null when they do not wait (served, licensed, expired, removed). */
export async function waitlistPlace(
  db: PrismaClient,
  { policyId, userId, now = new Date() }: { policyId: string; userId: string; now?: Date },
): Promise<number | null> {
  const rows = await db.$queryRaw<{ position: number }[]>`
    SELECT (SELECT count(*)::int FROM "WaitlistEntry" w JOIN "AutoClaimPolicy" pol ON pol."id" = w."policyId"
            WHERE w."policyId" = me."policyId" AND (w."since", w."id") < (me."since", me."id") AND ${waitingCondition(now)}) + 1 AS "position"
    FROM "WaitlistEntry" me
    WHERE me."policyId" = ${policyId}::uuid AND me."userId" = ${userId}::uuid AND me."leftAt" IS NULL
      AND EXISTS (SELECT 1 FROM "WaitlistEntry" w JOIN "AutoClaimPolicy" pol ON pol."id" = w."policyId" WHERE w."id" = me."id" AND ${waitingCondition(now)})`;
  return rows[0]?.position ?? null;
}
