/**
 * Reclaim runs (SPEC §8.3, ADR 20). A run is a `ReclaimRun` row: requested by Run now, scheduled
 * once a day per policy with an enabled rule (by every app process's background worker, or by
 * `npm run reclaim` from cron — one run per policy and day whoever writes it first), and performed
 * by exactly one process, which leases the row (`FOR UPDATE SKIP LOCKED`, `lockedUntil`) and proves
 * in every transaction of the run that it still holds the lease (`attempts` unchanged).
 *
 * A run has two phases, each committed as it goes, so a process killed anywhere loses nothing and
 * the next holder of the lease (after it expires) or the next run goes on from where it stopped:
 *
 * 1. **Notices** (one transaction): open notices a covered launch has cancelled are closed; the
 *    holdings without an open notice are judged by `selectCandidates` (with each holder's last
 *    Keep it); in report only the run records the candidates and stops; in enforce each candidate
 *    gets a notice (at most one open per assignment, a unique index) and a notification.
 * 2. **Releases** (one transaction per chunk): the notices whose release date has passed, at most
 *    the run's cap per product, are re-checked under the holders' row locks — still that policy's
 *    active AUTO_CLAIM assignment, not kept, no covered launch since the notice, not allowlisted
 *    since — then the assignment is removed (the counting triggers free the unit), audited, the
 *    notice becomes the record of the release, the freed units serve the waiting list at once and
 *    the person is told. A notice is released once: its status changes in the same transaction.
 */
import { Prisma, type PrismaClient } from "@/generated/prisma/client";
import type { ReclaimMode, ReclaimTrigger } from "@/generated/prisma/enums";
import type { Tx } from "@/server/db/client";
import { recordAudit, recordAuditMany, SYSTEM_ACTOR } from "../audit/service";
import type { DomainContext } from "../context";
import { ValidationError } from "../errors";
import { serveProductsTx } from "../licenses/serving";
import { lockUsers } from "../users/locks";
import { releaseDate, runCap, selectCandidates, type SkipReason } from "./candidates";
import { cancelOpenNoticesTx, launchedSince } from "./notices";
import { policyOf, readHoldings } from "./service";

/** A process performing a run holds it this long after each step; one that died lets it go then. */
export const RUN_LEASE_MS = 120_000;
/** Releases per transaction. */
export const RELEASE_CHUNK = 50;
/** A run that failed this many times (its process died or it threw) is given up as FAILED. */
export const MAX_ATTEMPTS = 5;

const TRANSACTION = { maxWait: 15_000, timeout: 60_000 };

/** Why a holding was passed over by a run: the dry run's reasons, and the run's own. */
export type RunSkipReason = SkipReason | "NOTICED" | "USED_AFTER_NOTICE" | "GONE" | "RULE_OFF";
export type SkipCounts = Partial<Record<RunSkipReason, number>>;

export class LeaseLostError extends Error {
  constructor() {
    super("Another process holds this reclaim run now.");
  }
}

interface Lease {
  id: string;
  attempts: number;
}

/** The UTC day of `now`, as the `day` of a day's run. */
export function utcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

/**
 * Run now (a Global admin, on the Reclaim page): asks for a run of the policy's rule, performed in
 * the background. A run of the policy already waiting or running is the answer instead.
 */
export async function requestRun(ctx: DomainContext, { policyId }: { policyId: string }, now = new Date()): Promise<{ runId: string; created: boolean }> {
  const { db, actor, tenantId } = ctx;
  const policy = await policyOf(db, tenantId, policyId);
  const rule = await db.reclaimRule.findUnique({ where: { policyId: policy.id, tenantId }, select: { enabled: true } });
  if (!rule?.enabled) throw new ValidationError("Turn the rule on and save it before running it.", { field: "policyId" });
  const [inserted] = await db.$queryRaw<{ id: string }[]>`
    INSERT INTO "ReclaimRun" ("id", "tenantId", "policyId", "trigger", "requestedAt", "requestedById", "requestedByLabel")
    VALUES (gen_random_uuid(), ${tenantId}::uuid, ${policy.id}::uuid, 'MANUAL', ${now}, ${actor.id}::uuid, ${actor.label})
    ON CONFLICT DO NOTHING RETURNING "id"`;
  if (inserted) return { runId: inserted.id, created: true };
  const open = await db.reclaimRun.findFirst({ where: { policyId: policy.id, status: { in: ["REQUESTED", "RUNNING"] } }, select: { id: true } });
  if (!open) throw new ValidationError("A run of this policy could not be requested. Try again.", { field: "policyId" });
  return { runId: open.id, created: false };
}

/**
 * The day's runs: one per policy with an enabled rule and day (UTC), unless one is already open.
 * Idempotent, so every app process and cron may call it.
 */
export async function scheduleDayRuns(db: PrismaClient, now: Date, trigger: Exclude<ReclaimTrigger, "MANUAL"> = "DAILY"): Promise<number> {
  return db.$executeRaw`
    INSERT INTO "ReclaimRun" ("id", "tenantId", "policyId", "trigger", "day", "requestedAt")
    SELECT gen_random_uuid(), r."tenantId", r."policyId", ${trigger}::"ReclaimTrigger", ${utcDay(now)}::date, ${now}
      FROM "ReclaimRule" r JOIN "AutoClaimPolicy" pol ON pol."id" = r."policyId" AND pol."deletedAt" IS NULL
     WHERE r."enabled"
       AND NOT EXISTS (SELECT 1 FROM "ReclaimRun" o WHERE o."policyId" = r."policyId" AND o."day" = ${utcDay(now)}::date)
    ON CONFLICT DO NOTHING`;
}

/** Leases the oldest run that is waiting, or whose process let it go. */
async function leaseNext(db: PrismaClient, now: Date): Promise<Lease | null> {
  // Given up: a run that failed too often is not taken again.
  await db.$executeRaw`
    UPDATE "ReclaimRun" SET "status" = 'FAILED', "finishedAt" = ${now}, "lockedUntil" = NULL,
           "error" = COALESCE("error", 'The run stopped ' || "attempts" || ' times before it finished.')
     WHERE "status" = 'RUNNING' AND "lockedUntil" <= ${now} AND "attempts" >= ${MAX_ATTEMPTS}`;
  const [lease] = await db.$queryRaw<Lease[]>`
    UPDATE "ReclaimRun" r SET "status" = 'RUNNING', "lockedUntil" = ${new Date(now.getTime() + RUN_LEASE_MS)},
           "attempts" = r."attempts" + 1, "startedAt" = COALESCE(r."startedAt", ${now})
     WHERE r."id" = (
       SELECT "id" FROM "ReclaimRun"
        WHERE "status" = 'REQUESTED' OR ("status" = 'RUNNING' AND "lockedUntil" <= ${now})
        ORDER BY "requestedAt", "id"
        LIMIT 1
        FOR UPDATE SKIP LOCKED)
    RETURNING r."id", r."attempts"`;
  return lease ?? null;
}

interface RunRow {
  id: string;
  tenantId: string;
  policyId: string;
  phase: "NOTICES" | "RELEASES" | "FINISHED";
  mode: ReclaimMode;
  candidates: number;
  noticesSent: number;
  released: number;
  skipped: SkipCounts;
}

/** Proves the lease is still ours and extends it; the run's row as it is. Throws LeaseLostError otherwise. */
async function holdLease(tx: Tx, lease: Lease, now: Date): Promise<RunRow> {
  const [row] = await tx.$queryRaw<RunRow[]>`
    UPDATE "ReclaimRun" SET "lockedUntil" = ${new Date(now.getTime() + RUN_LEASE_MS)}
     WHERE "id" = ${lease.id}::uuid AND "attempts" = ${lease.attempts} AND "status" = 'RUNNING'
    RETURNING "id", "tenantId", "policyId", "phase", "mode", "candidates", "noticesSent", "released", "skipped"`;
  if (!row) throw new LeaseLostError();
  return row;
}

function addSkips(into: SkipCounts, more: SkipCounts): SkipCounts {
  const out = { ...into };
  for (const [k, n] of Object.entries(more) as [RunSkipReason, number][]) if (n > 0) out[k] = (out[k] ?? 0) + n;
  return out;
}

/** The rule as a run reads it, share-locked so a change of the rule waits for the step in progress. */
async function ruleOf(tx: Tx, policyId: string) {
  const [rule] = await tx.$queryRaw<
    {
      enabled: boolean;
      mode: ReclaimMode;
      inactivityDays: number;
      graceDays: number;
      noticeDays: number;
      capPercent: number;
      allowUserIds: string[];
      allowGroupIds: string[];
    }[]
  >`SELECT "enabled", "mode", "inactivityDays", "graceDays", "noticeDays", "capPercent", "allowUserIds", "allowGroupIds"
      FROM "ReclaimRule" WHERE "policyId" = ${policyId}::uuid FOR SHARE`;
  return rule ?? null;
}

/** Test hooks: what a process that dies midway would leave behind. */
export interface RunHooks {
  /** After the notices committed, before any release. */
  afterNotices?: () => void | Promise<void>;
  /** Inside each release chunk's transaction, after its writes (a throw rolls the chunk back). */
  inChunk?: (chunk: number) => void | Promise<void>;
  /** Releases per transaction (RELEASE_CHUNK). */
  chunkSize?: number;
}

/** Phase 1: cancels the notices launches made void, judges the holdings, gives the notices. */
async function noticesPhase(db: PrismaClient, lease: Lease, now: Date): Promise<RunRow> {
  return db.$transaction(async (tx) => {
    const run = await holdLease(tx, lease, now);
    if (run.phase !== "NOTICES") return run;
    const rule = await ruleOf(tx, run.policyId);
    const policy = await tx.autoClaimPolicy.findFirst({ where: { id: run.policyId, deletedAt: null }, select: { id: true, app: true, name: true } });
    if (!rule?.enabled || !policy) {
      const [row] = await tx.$queryRaw<RunRow[]>`
        UPDATE "ReclaimRun" SET "phase" = 'FINISHED', "skipped" = ${JSON.stringify({ RULE_OFF: 1 })}::jsonb WHERE "id" = ${run.id}::uuid
        RETURNING "id", "tenantId", "policyId", "phase", "mode", "candidates", "noticesSent", "released", "skipped"`;
      return row;
    }
    const used = await tx.$executeRaw`
      UPDATE "ReclaimNotice" n SET "status" = 'CANCELLED', "closedAt" = ${now}, "closedReason" = 'LAUNCHED'
       WHERE n."policyId" = ${run.policyId}::uuid AND n."status" = 'OPEN' AND ${launchedSince(Prisma.raw("n"))}`;
    const holdings = await readHoldings(tx, run.tenantId, policy, now);
    const fresh = holdings.filter((h) => !h.openNoticeId);
    const products = await tx.product.findMany({
      where: { id: { in: [...new Set(holdings.map((h) => h.productId))] } },
      select: { id: true, purchasedUnits: true },
    });
    const selection = selectCandidates(
      fresh,
      { ...rule, allowUserIds: new Set(rule.allowUserIds), allowGroupIds: new Set(rule.allowGroupIds) },
      new Map(products.map((p) => [p.id, p.purchasedUnits])),
      now,
    );
    // Told already: those past their release date are this run's to release, the others wait.
    const due = await tx.reclaimNotice.count({ where: { policyId: run.policyId, status: "OPEN", releaseOn: { lte: now } } });
    const skipped: SkipCounts = { NOTICED: Math.max(0, holdings.length - fresh.length - due), USED_AFTER_NOTICE: used };
    for (const s of selection.skipped) skipped[s.reason] = (skipped[s.reason] ?? 0) + 1;

    let noticesSent = 0;
    if (rule.mode === "ENFORCE" && selection.candidates.length > 0) {
      const byId = new Map(holdings.map((h) => [h.assignmentId, h]));
      const releaseOn = releaseDate(now, rule.noticeDays);
      const values = selection.candidates.map(
        (c) =>
          Prisma.sql`(gen_random_uuid(), ${run.tenantId}::uuid, ${run.id}::uuid, ${run.policyId}::uuid, ${c.assignmentId}::uuid, ${c.userId}::uuid,
                      ${c.productId}::uuid, ${byId.get(c.assignmentId)!.assignedAt}, ${c.lastUsedAt}, ${now}, ${releaseOn})`,
      );
      const notices = await tx.$queryRaw<{ id: string; userId: string; productId: string }[]>`
        INSERT INTO "ReclaimNotice" ("id", "tenantId", "runId", "policyId", "assignmentId", "userId", "productId", "assignedAt", "lastUsedAt", "noticedAt", "releaseOn")
        VALUES ${Prisma.join(values)}
        ON CONFLICT DO NOTHING RETURNING "id", "userId", "productId"`;
      await tx.notification.createMany({
        data: notices.map((n) => ({
          tenantId: run.tenantId,
          userId: n.userId,
          productId: n.productId,
          policyId: run.policyId,
          noticeId: n.id,
          kind: "RECLAIM_NOTICE" as const,
          createdAt: now,
        })),
      });
      noticesSent = notices.length;
    }
    const [row] = await tx.$queryRaw<RunRow[]>`
      UPDATE "ReclaimRun" SET "mode" = ${rule.mode}::"ReclaimMode", "candidates" = ${selection.candidates.length}, "noticesSent" = ${noticesSent},
             "skipped" = ${JSON.stringify(addSkips(run.skipped, skipped))}::jsonb,
             "phase" = ${rule.mode === "ENFORCE" ? "RELEASES" : "FINISHED"}::"ReclaimPhase"
       WHERE "id" = ${run.id}::uuid
      RETURNING "id", "tenantId", "policyId", "phase", "mode", "candidates", "noticesSent", "released", "skipped"`;
    return row;
  }, TRANSACTION);
}

interface DueNotice {
  id: string;
  assignmentId: string;
  userId: string;
  productId: string;
  assignedAt: Date;
  lastUsedAt: Date;
  noticedAt: Date;
  launched: boolean;
}

/** Phase 2, one chunk: releases due notices, re-checked under the holders' locks. Returns how many it settled (0: done). */
async function releaseChunk(db: PrismaClient, lease: Lease, now: Date, chunk: number, hooks: RunHooks): Promise<{ settled: number; finished: boolean }> {
  return db.$transaction(async (tx) => {
    const run = await holdLease(tx, lease, now);
    if (run.phase !== "RELEASES") return { settled: 0, finished: true };
    const rule = await ruleOf(tx, run.policyId);
    const policy = await tx.autoClaimPolicy.findUnique({ where: { id: run.policyId, tenantId: run.tenantId }, select: { name: true, app: true } });
    if (!rule?.enabled || rule.mode !== "ENFORCE" || !policy) return { settled: 0, finished: true };

    // The run's cap, per product: what this run released already counts.
    const [products, releasedHere] = await Promise.all([
      tx.$queryRaw<{ id: string; purchasedUnits: number; displayName: string }[]>`
        SELECT p."id", p."purchasedUnits", p."displayName" FROM "Product" p
         WHERE p."id" IN (SELECT DISTINCT "productId" FROM "ReclaimNotice" WHERE "policyId" = ${run.policyId}::uuid AND "status" = 'OPEN' AND "releaseOn" <= ${now})`,
      tx.reclaimNotice.groupBy({ by: ["productId"], where: { releasedBy: run.id }, _count: { _all: true } }),
    ]);
    const done = new Map(releasedHere.map((r) => [r.productId, r._count._all]));
    const room = new Map(products.map((p) => [p.id, runCap(p.purchasedUnits, rule.capPercent) - (done.get(p.id) ?? 0)]));
    const open = [...room].filter(([, n]) => n > 0).map(([id]) => id);
    if (open.length === 0) return { settled: 0, finished: true };

    const due = await tx.$queryRaw<DueNotice[]>`
      SELECT n."id", n."assignmentId", n."userId", n."productId", n."assignedAt", n."lastUsedAt", n."noticedAt",
             ${launchedSince(Prisma.raw("n"))} AS "launched"
        FROM "ReclaimNotice" n
       WHERE n."policyId" = ${run.policyId}::uuid AND n."status" = 'OPEN' AND n."releaseOn" <= ${now}
         AND n."productId" = ANY(${open}::uuid[])
       ORDER BY n."releaseOn", n."id"
       LIMIT ${hooks.chunkSize ?? RELEASE_CHUNK}
       FOR UPDATE OF n`;
    if (due.length === 0) return { settled: 0, finished: true };

    const users = await lockUsers(
      tx,
      due.map((d) => d.userId),
    );
    const upn = new Map(users.map((u) => [u.id, u.userPrincipalName]));
    // Re-read under the locks: the launch check again (a launch that committed while we waited), the holding, the groups.
    const [still, launchedNow, groups] = await Promise.all([
      tx.licenseAssignment.findMany({
        where: { id: { in: due.map((d) => d.assignmentId) }, source: "AUTO_CLAIM", policyId: run.policyId, state: "ACTIVE" },
        select: { id: true },
      }),
      tx.$queryRaw<{ id: string }[]>`
        SELECT n."id" FROM "ReclaimNotice" n WHERE n."id" = ANY(${due.map((d) => d.id)}::uuid[]) AND ${launchedSince(Prisma.raw("n"))}`,
      tx.groupMember.findMany({ where: { userId: { in: due.map((d) => d.userId) }, groupId: { in: rule.allowGroupIds } }, select: { userId: true } }),
    ]);
    const held = new Set(still.map((s) => s.id));
    const launched = new Set(launchedNow.map((l) => l.id));
    const allowGroup = new Set(groups.map((g) => g.userId));
    const allowUser = new Set(rule.allowUserIds);

    const cancel: { id: string; reason: "LAUNCHED" | "GONE" | "ALLOWLISTED" }[] = [];
    const release: DueNotice[] = [];
    const skipped: SkipCounts = {};
    for (const d of due) {
      if (d.launched || launched.has(d.id)) {
        cancel.push({ id: d.id, reason: "LAUNCHED" });
        skipped.USED_AFTER_NOTICE = (skipped.USED_AFTER_NOTICE ?? 0) + 1;
      } else if (!held.has(d.assignmentId)) {
        cancel.push({ id: d.id, reason: "GONE" });
        skipped.GONE = (skipped.GONE ?? 0) + 1;
      } else if (allowUser.has(d.userId) || allowGroup.has(d.userId)) {
        cancel.push({ id: d.id, reason: "ALLOWLISTED" });
        const reason = allowUser.has(d.userId) ? "ALLOWLISTED_USER" : "ALLOWLISTED_GROUP";
        skipped[reason] = (skipped[reason] ?? 0) + 1;
      } else if ((room.get(d.productId) ?? 0) > 0) {
        room.set(d.productId, room.get(d.productId)! - 1);
        release.push(d);
      }
    }
    for (const reason of ["LAUNCHED", "GONE", "ALLOWLISTED"] as const) {
      const ids = cancel.filter((c) => c.reason === reason).map((c) => c.id);
      if (ids.length > 0) {
        await tx.reclaimNotice.updateMany({ where: { id: { in: ids }, status: "OPEN" }, data: { status: "CANCELLED", closedAt: now, closedReason: reason } });
      }
    }
    if (release.length > 0) {
      const names = new Map(products.map((p) => [p.id, p.displayName]));
      await tx.licenseAssignment.deleteMany({ where: { id: { in: release.map((r) => r.assignmentId) }, tenantId: run.tenantId } });
      await tx.reclaimNotice.updateMany({
        where: { id: { in: release.map((r) => r.id) }, tenantId: run.tenantId, status: "OPEN" },
        data: { status: "RELEASED", closedAt: now, releasedBy: run.id },
      });
      await recordAuditMany(
        tx,
        release.map((r) => ({
          tenantId: run.tenantId,
          actor: SYSTEM_ACTOR,
          action: "license.reclaimed" as const,
          targetType: "User",
          targetId: r.userId,
          summary: `${upn.get(r.userId) ?? r.userId}: released ${names.get(r.productId)} (auto-claimed by "${policy.name}", unused since ${r.lastUsedAt.toISOString().slice(0, 10)})`,
          before: {
            product: names.get(r.productId) ?? null,
            source: "AUTO_CLAIM",
            policy: policy.name,
            assignedAt: r.assignedAt.toISOString(),
            lastUsedAt: r.lastUsedAt.toISOString(),
          },
          after: { reason: "RECLAIMED", run: run.id, notice: r.id },
        })),
      );
      await tx.notification.createMany({
        data: release.map((r) => ({
          tenantId: run.tenantId,
          userId: r.userId,
          productId: r.productId,
          policyId: run.policyId,
          noticeId: r.id,
          kind: "LICENSE_RECLAIMED" as const,
          createdAt: now,
        })),
      });
      await serveProductsTx(
        tx,
        release.map((r) => r.productId),
        { now, tenantId: run.tenantId },
      );
    }
    await tx.$executeRaw`
      UPDATE "ReclaimRun" SET "released" = "released" + ${release.length}, "skipped" = ${JSON.stringify(addSkips(run.skipped, skipped))}::jsonb
       WHERE "id" = ${run.id}::uuid`;
    await hooks.inChunk?.(chunk);
    return { settled: release.length + cancel.length, finished: false };
  }, TRANSACTION);
}

/** Closes the run: what is still due past the cap is said, the admins are told of an enforcing run that did something. */
async function finish(db: PrismaClient, lease: Lease, now: Date): Promise<void> {
  await db.$transaction(async (tx) => {
    const run = await holdLease(tx, lease, now);
    const overCap = run.mode === "ENFORCE" ? await tx.reclaimNotice.count({ where: { policyId: run.policyId, status: "OPEN", releaseOn: { lte: now } } }) : 0;
    await tx.$executeRaw`
      UPDATE "ReclaimRun" SET "status" = 'DONE', "phase" = 'FINISHED', "finishedAt" = ${now}, "lockedUntil" = NULL,
             "skipped" = ${JSON.stringify(addSkips(run.skipped, { OVER_CAP: overCap }))}::jsonb
       WHERE "id" = ${run.id}::uuid`;
    if (run.mode === "ENFORCE" && run.noticesSent + run.released > 0) {
      await tx.notification.create({ data: { tenantId: run.tenantId, policyId: run.policyId, runId: run.id, kind: "RECLAIM_RUN", createdAt: now } });
    }
  }, TRANSACTION);
}

/** Performs one leased run to its end (or until the lease is lost, which throws). */
export async function performRun(db: PrismaClient, lease: Lease, now: Date, hooks: RunHooks = {}): Promise<string> {
  const run = await noticesPhase(db, lease, now);
  await hooks.afterNotices?.();
  if (run.phase === "RELEASES") {
    for (let chunk = 0; ; chunk++) {
      const { finished } = await releaseChunk(db, lease, now, chunk, hooks);
      if (finished) break;
    }
  }
  await finish(db, lease, now);
  return run.id;
}

export interface PassResult {
  /** Runs this call performed to their end. */
  performed: string[];
  /** Runs it started and did not finish (the error is logged by the caller; the lease lets another resume). */
  failed: { runId: string; error: unknown }[];
}

/**
 * Performs every run that is due — requested, or let go by a process that died — one after the
 * other, and returns. `schedule` first writes the day's runs (the worker: DAILY; `npm run reclaim`:
 * COMMAND). Safe in any number of processes at once: each run is leased by one.
 */
export async function performDueRuns(
  db: PrismaClient,
  { now = new Date(), schedule, hooks, limit = 100 }: { now?: Date; schedule?: Exclude<ReclaimTrigger, "MANUAL">; hooks?: RunHooks; limit?: number } = {},
): Promise<PassResult> {
  if (schedule) await scheduleDayRuns(db, now, schedule);
  const result: PassResult = { performed: [], failed: [] };
  for (let i = 0; i < limit; i++) {
    const lease = await leaseNext(db, now);
    if (!lease) break;
    try {
      result.performed.push(await performRun(db, lease, now, hooks));
    } catch (error) {
      result.failed.push({ runId: lease.id, error });
      await db.reclaimRun
        .updateMany({
          where: { id: lease.id, attempts: lease.attempts, status: "RUNNING" },
          data: { error: String(error instanceof Error ? error.message : error).slice(0, 500) },
        })
        .catch(() => {});
    }
  }
  return result;
}

/** The policy's runs, newest first. */
export async function listRuns(db: PrismaClient, tenantId: string, policyId: string, take = 20) {
  const policy = await policyOf(db, tenantId, policyId);
  const rows = await db.reclaimRun.findMany({
    where: { policyId: policy.id, tenantId },
    orderBy: [{ requestedAt: "desc" }, { id: "desc" }],
    take,
    select: {
      id: true,
      trigger: true,
      mode: true,
      status: true,
      requestedAt: true,
      requestedByLabel: true,
      startedAt: true,
      finishedAt: true,
      candidates: true,
      noticesSent: true,
      released: true,
      skipped: true,
      error: true,
    },
  });
  return rows.map((r) => ({ ...r, skipped: (r.skipped ?? {}) as SkipCounts }));
}
export type RunView = Awaited<ReturnType<typeof listRuns>>[number];

/**
 * Report only ↔ Enforce (a Global admin). Enforcing needs the rule on. Going back to report only
 * cancels the notices still open: nobody loses a licence under a rule that no longer enforces.
 */
export async function setReclaimMode(ctx: DomainContext, { policyId, mode }: { policyId: string; mode: ReclaimMode }, now = new Date()) {
  const { db, actor, tenantId } = ctx;
  return db.$transaction(async (tx) => {
    const policy = await policyOf(tx, tenantId, policyId);
    await tx.$queryRaw`SELECT 1 FROM "AutoClaimPolicy" WHERE "id" = ${policy.id}::uuid AND "tenantId" = ${tenantId}::uuid FOR NO KEY UPDATE`;
    const rule = await tx.reclaimRule.findUnique({ where: { policyId: policy.id, tenantId } });
    if (!rule?.enabled) throw new ValidationError("Turn the rule on and save it before enforcing it.", { field: "mode" });
    if (rule.mode === mode) return { changed: false, mode, cancelled: 0 };
    await tx.reclaimRule.update({ where: { policyId: policy.id, tenantId }, data: { mode } });
    const cancelled = mode === "REPORT_ONLY" ? await cancelOpenNoticesTx(tx, policy.id, "RULE_CHANGED", now) : 0;
    await recordAudit(tx, {
      tenantId,
      actor,
      action: "reclaim.mode",
      targetType: "AutoClaimPolicy",
      targetId: policy.id,
      summary:
        mode === "ENFORCE"
          ? `Reclaim rule of “${policy.name}”: enforce — runs tell the holders of unused licenses and release them after the notice period`
          : `Reclaim rule of “${policy.name}”: back to report only${cancelled ? ` (${cancelled} open notice${cancelled === 1 ? "" : "s"} cancelled)` : ""}`,
      before: { mode: rule.mode },
      after: { mode, cancelledNotices: cancelled },
    });
    return { changed: true, mode, cancelled };
  });
}
