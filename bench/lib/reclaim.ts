/**
 * A reclaim run at scale (SPEC §8.3, ADR 20): the large tenant's Power Apps policy — A auto-claimed
 * licences and L launches over 90 days (./seed.ts) — gets a rule (unused for 30 days, grace 14,
 * notice 7, at most 10 % of the units a run), and three runs are timed with their SQL statements:
 *
 *   report only   candidates judged and counted, nothing sent or released;
 *   notices       the rule enforced: each candidate up to the run's cap gets a notice and a notification;
 *   releases      eight days later: every notice past its date is re-checked and released, in chunks,
 *                 each freed unit offered to the waiting list (empty here).
 *
 * The baseline, in the same run on the same data: the plain candidate query alone (`readHoldings`:
 * the policy's active auto-claims with each holder's last covered launch, Keep it and groups) — the
 * read no run can do without. Then checked: released = notices given = min(candidates, cap), the
 * released assignments gone, consumed units down by as many, no notice released twice.
 */
import type { PrismaClient } from "@/generated/prisma/client";
import { readHoldings } from "@/server/domain/reclaim/service";
import { setReclaimRule } from "@/server/domain/reclaim/service";
import { performDueRuns, requestRun, setReclaimMode } from "@/server/domain/reclaim/runs";
import type { BenchWorld } from "./seed";
import type { Sql } from "./db";
import { listen, timed, timing, type Timed } from "./timed";

const DAY = 86_400_000;

export interface ReclaimRunTiming extends Timed {
  candidates: number;
  noticesSent: number;
  released: number;
}

export interface ReclaimResult {
  where: string;
  assignments: number;
  launches: number;
  /** The plain candidate query alone. */
  baseline: Timed & { rows: number };
  reportOnly: ReclaimRunTiming;
  notices: ReclaimRunTiming;
  releases: ReclaimRunTiming;
  /** run time / baseline time */
  ratios: { reportOnly: number; notices: number; releases: number };
  check: { ok: boolean; released: number; noticesSent: number; consumedBefore: number; consumedAfter: number; releasedTwice: number; stillHeld: number };
}

async function runOnce(prisma: PrismaClient, events: ReturnType<typeof listen>, ctx: Parameters<typeof requestRun>[0], policyId: string, now: Date) {
  await requestRun(ctx, { policyId }, now);
  const t = await timed(prisma, events, () => performDueRuns(prisma, { now }));
  if (t.value.failed.length) throw new Error(`reclaim bench: the run failed: ${String(t.value.failed[0].error)}`);
  const run = await prisma.reclaimRun.findUniqueOrThrow({ where: { id: t.value.performed[0] } });
  return { ...timing(t), candidates: run.candidates, noticesSent: run.noticesSent, released: run.released };
}

/**
 * On the seeded large tenant: `sql` one connection to its database, `prisma` a client on it made
 * with query events. Releases licences of the tenant: run it after the measurements that read them.
 */
export async function measureReclaim(
  sql: Sql,
  prisma: PrismaClient,
  world: BenchWorld,
  sizes: { assignments: number; launches: number },
  where: string,
): Promise<ReclaimResult> {
  const events = listen(prisma);
  const policyId = world.policies.powerApps;
  const ctx = { db: prisma, actor: { id: world.admin.id, label: world.admin.upn }, tenantId: world.tenantId };
  const now = new Date();
  await prisma.$transaction((tx) => tx.$queryRaw`SELECT 1`);

  // The baseline twice: the first read warms the caches the runs then find warm.
  const holdings = () => readHoldings(prisma, world.tenantId, { id: policyId, app: "POWER_APPS" }, now);
  await holdings();
  const baseline = await timed(prisma, events, holdings);
  await setReclaimRule(ctx, { policyId, enabled: true, inactivityDays: 30, graceDays: 14, noticeDays: 7, capPercent: 10, allowUsers: "", allowGroupIds: [] });
  const reportOnly = await runOnce(prisma, events, ctx, policyId, now);
  await setReclaimMode(ctx, { policyId, mode: "ENFORCE" }, now);
  const [before] = await sql.query<{ consumed: number }>(`SELECT "consumedUnits" AS "consumed" FROM "Product" WHERE "id" = $1`, [world.products.powerApps]);
  const notices = await runOnce(prisma, events, ctx, policyId, new Date(now.getTime() + 60_000));
  const releases = await runOnce(prisma, events, ctx, policyId, new Date(now.getTime() + 8 * DAY));

  const [after] = await sql.query<{ consumed: number; releasedTwice: number; stillHeld: number; released: number }>(
    `SELECT (SELECT "consumedUnits" FROM "Product" WHERE "id" = $1) AS "consumed",
            (SELECT count(*)::int FROM (SELECT "assignmentId" FROM "ReclaimNotice" WHERE "policyId" = $2 AND "status" = 'RELEASED' GROUP BY 1 HAVING count(*) > 1) d) AS "releasedTwice",
            (SELECT count(*)::int FROM "ReclaimNotice" n JOIN "LicenseAssignment" a ON a."id" = n."assignmentId" WHERE n."policyId" = $2 AND n."status" = 'RELEASED') AS "stillHeld",
            (SELECT count(*)::int FROM "ReclaimNotice" WHERE "policyId" = $2 AND "status" = 'RELEASED') AS "released"`,
    [world.products.powerApps, policyId],
  );
  const check = {
    released: after.released,
    noticesSent: notices.noticesSent,
    consumedBefore: before.consumed,
    consumedAfter: after.consumed,
    releasedTwice: after.releasedTwice,
    stillHeld: after.stillHeld,
  };
  const ok =
    notices.noticesSent > 0 &&
    releases.released === notices.noticesSent &&
    after.released === notices.noticesSent &&
    before.consumed - after.consumed === after.released &&
    after.releasedTwice === 0 &&
    after.stillHeld === 0 &&
    reportOnly.noticesSent === 0 &&
    reportOnly.released === 0;
  return {
    where,
    ...sizes,
    baseline: { ...timing(baseline), rows: baseline.value.length },
    reportOnly,
    notices,
    releases,
    ratios: { reportOnly: reportOnly.ms / baseline.ms, notices: notices.ms / baseline.ms, releases: releases.ms / baseline.ms },
    check: { ok, ...check },
  };
}
