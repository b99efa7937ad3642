/**
 * Reclaim runs on PGlite and PostgreSQL (SPEC §8.3, ADR 20), every date passed in: report only sends
 * nothing; two processes starting the day's run at once make one run, one notice each, one release
 * each; a run killed after its notices, or between release chunks, is resumed and releases each
 * licence once; a covered launch during the notice period cancels the notice; Keep it resets the
 * clock; releases never touch direct or group holdings, serve the waiting list at once and hold to
 * the run's cap.
 */
import { describe, expect, it } from "vitest";
import {
  addGroupMembers,
  assignDirect,
  assignGroupLicense,
  createApp,
  createEnvironment,
  createGroup,
  createPolicy,
  createProduct,
  createTenant,
  createUser,
} from "../../../../tests/factories";
import { createDb } from "@/server/db/client";
import { useTestDb } from "../../../../tests/setup/db";
import type { DomainContext } from "../context";
import { recordLaunch } from "../launches/service";
import { DAY_MS } from "./candidates";
import { keepLicense, listOpenNotices } from "./notices";
import { performDueRuns, requestRun, RUN_LEASE_MS, setReclaimMode, type PassResult } from "./runs";
import { dryRun, setReclaimRule } from "./service";

const t = useTestDb();
const NOW = new Date(Date.now() + 90 * DAY_MS);
const at = (days: number) => new Date(NOW.getTime() + days * DAY_MS);

/**
 * People who claimed Power Apps Premium through the policy `idleDays` ago and never launched since,
 * and a rule (threshold 30, grace 14, notice 7, cap 100 %) in enforce unless `reportOnly`.
 */
async function world({ people = 3, units = 20, reportOnly = false, capPercent = 100 } = {}) {
  const tenant = await createTenant(t.prisma, { autoClaimEnabled: true });
  const premium = await createProduct(t.prisma, tenant.id, { displayName: "Power Apps Premium", purchasedUnits: units });
  const policy = await createPolicy(t.prisma, tenant.id, { productIds: [premium.id] });
  const env = await createEnvironment(t.prisma, tenant.id, { managed: true });
  const app = await createApp(t.prisma, tenant.id, env.id, { premium: true });
  const holders = [];
  for (let i = 0; i < people; i++) {
    const u = await createUser(t.prisma, tenant);
    expect((await recordLaunch(t.prisma, { tenantId: tenant.id, user: u.id, appId: app.id })).reason).toBe("AUTO_CLAIMED");
    await t.prisma.licenseAssignment.updateMany({ where: { userId: u.id }, data: { assignedAt: at(-60) } });
    await t.prisma.launch.updateMany({ where: { userId: u.id }, data: { createdAt: at(-60) } });
    holders.push(u);
  }
  const admin = await createUser(t.prisma, tenant, { role: "GLOBAL_ADMIN" });
  const ctx: DomainContext = { db: t.prisma, actor: { id: admin.id, label: admin.userPrincipalName }, tenantId: tenant.id };
  await setReclaimRule(ctx, {
    policyId: policy.id,
    enabled: true,
    inactivityDays: 30,
    graceDays: 14,
    noticeDays: 7,
    capPercent,
    allowUsers: "",
    allowGroupIds: [],
  });
  if (!reportOnly) await setReclaimMode(ctx, { policyId: policy.id, mode: "ENFORCE" });
  /** A covered launch by `userId`, dated `when`. */
  const launch = async (userId: string, when: Date) => {
    const r = await recordLaunch(t.prisma, { tenantId: tenant.id, user: userId, appId: app.id });
    await t.prisma.launch.update({ where: { id: r.launchId }, data: { createdAt: when } });
    return r;
  };
  const autoClaims = () => t.prisma.licenseAssignment.count({ where: { policyId: policy.id, source: "AUTO_CLAIM" } });
  const notices = (status?: "OPEN" | "KEPT" | "CANCELLED" | "RELEASED") => t.prisma.reclaimNotice.count({ where: { policyId: policy.id, status } });
  const notifications = (kind: "RECLAIM_NOTICE" | "LICENSE_RECLAIMED" | "RECLAIM_RUN") => t.prisma.notification.count({ where: { policyId: policy.id, kind } });
  const runs = () => t.prisma.reclaimRun.findMany({ where: { policyId: policy.id }, orderBy: { requestedAt: "asc" } });
  /** What a pass did to this world's runs (a pass also performs the runs other tests' rules left due in the same database). */
  const own = async (pass: PassResult) => {
    const ids = new Set((await runs()).map((r) => r.id));
    return { performed: pass.performed.filter((id) => ids.has(id)), failed: pass.failed.filter((f) => ids.has(f.runId)) };
  };
  return { tenant, premium, policy, app, holders, admin, ctx, launch, autoClaims, notices, notifications, runs, own };
}

describe("a reclaim run", () => {
  it("in report only records its candidates and sends and releases nothing", async () => {
    const w = await world({ reportOnly: true });
    expect(await requestRun(w.ctx, { policyId: w.policy.id }, NOW)).toMatchObject({ created: true });
    // Asked twice: the run already waiting is the answer.
    expect(await requestRun(w.ctx, { policyId: w.policy.id }, NOW)).toMatchObject({ created: false });
    await performDueRuns(t.prisma, { now: NOW });
    await performDueRuns(t.prisma, { now: at(10) });
    const [run] = await w.runs();
    expect(run).toMatchObject({ trigger: "MANUAL", mode: "REPORT_ONLY", status: "DONE", candidates: 3, noticesSent: 0, released: 0 });
    expect(run.requestedByLabel).toBe(w.admin.userPrincipalName);
    expect(await w.notices()).toBe(0);
    expect(await w.notifications("RECLAIM_NOTICE")).toBe(0);
    expect(await w.autoClaims()).toBe(3);
  });

  it("started by two processes at once is one run: one notice each, then one release each", async () => {
    const w = await world();
    const second = t.db.url ? createDb(t.db.url) : null;
    const other = second?.prisma ?? t.prisma;
    try {
      const both = await Promise.all([performDueRuns(t.prisma, { now: NOW, schedule: "DAILY" }), performDueRuns(other, { now: NOW, schedule: "COMMAND" })]);
      expect((await Promise.all(both.map(w.own))).flatMap((b) => b.performed)).toHaveLength(1);
      expect(await w.runs()).toHaveLength(1);
      expect(await w.notices("OPEN")).toBe(3);
      expect(await w.notifications("RECLAIM_NOTICE")).toBe(3);
      expect(await t.prisma.emailOutbox.count({ where: { notification: { policyId: w.policy.id, kind: "RECLAIM_NOTICE" } } })).toBe(3);
      // The notice says when, and since when.
      const [open] = await listOpenNotices(t.prisma, w.tenant.id, w.holders[0].id);
      expect(open).toMatchObject({ productName: "Power Apps Premium", releaseOn: at(7), lastUsedAt: at(-60) });

      // A week later the day's run releases them, once, however many processes try.
      const later = await Promise.all([performDueRuns(t.prisma, { now: at(8), schedule: "DAILY" }), performDueRuns(other, { now: at(8), schedule: "DAILY" })]);
      expect((await Promise.all(later.map(w.own))).flatMap((b) => b.performed)).toHaveLength(1);
      expect(await w.autoClaims()).toBe(0);
      expect(await w.notices("RELEASED")).toBe(3);
      expect(await w.notifications("LICENSE_RECLAIMED")).toBe(3);
      expect(await t.prisma.auditEntry.count({ where: { tenantId: w.tenant.id, action: "license.reclaimed" } })).toBe(3);
      expect(await t.prisma.product.findUniqueOrThrow({ where: { id: w.premium.id } })).toMatchObject({ consumedUnits: 0 });
      const runs = await w.runs();
      expect(runs.map((r) => [r.status, r.noticesSent, r.released])).toEqual([
        ["DONE", 3, 0],
        ["DONE", 0, 3],
      ]);
      // The record outlives the assignment.
      expect(await t.prisma.reclaimNotice.findFirstOrThrow({ where: { userId: w.holders[0].id } })).toMatchObject({
        status: "RELEASED",
        releasedBy: runs[1].id,
        assignedAt: at(-60),
        lastUsedAt: at(-60),
        closedAt: at(8),
      });
      expect(await w.notifications("RECLAIM_RUN")).toBe(2);
    } finally {
      await second?.close();
    }
  });

  it("killed after its notices, or between release chunks, is resumed by the next holder of the lease and releases each licence once", async () => {
    const w = await world({ people: 5 });
    const killed = await performDueRuns(t.prisma, {
      now: NOW,
      schedule: "DAILY",
      hooks: {
        afterNotices: () => {
          throw new Error("killed");
        },
      },
    });
    expect((await w.own(killed)).failed).toHaveLength(1);
    expect((await w.runs())[0]).toMatchObject({ status: "RUNNING", phase: "RELEASES", noticesSent: 5 });
    // While its lease lasts nobody else takes it; then the next pass finishes it, without a second notice.
    expect((await w.own(await performDueRuns(t.prisma, { now: new Date(NOW.getTime() + 1000) }))).performed).toHaveLength(0);
    expect((await w.own(await performDueRuns(t.prisma, { now: new Date(NOW.getTime() + RUN_LEASE_MS + 1) }))).performed).toHaveLength(1);
    expect(await w.notices("OPEN")).toBe(5);
    expect(await w.notifications("RECLAIM_NOTICE")).toBe(5);

    // The release run dies in its second chunk: the first chunk (2) stands, the second rolls back.
    const dying = await performDueRuns(t.prisma, {
      now: at(8),
      schedule: "DAILY",
      hooks: {
        chunkSize: 2,
        inChunk: (chunk) => {
          if (chunk === 1) throw new Error("killed");
        },
      },
    });
    expect((await w.own(dying)).failed).toHaveLength(1);
    expect(await w.notices("RELEASED")).toBe(2);
    expect(await w.autoClaims()).toBe(3);
    await performDueRuns(t.prisma, { now: new Date(at(8).getTime() + RUN_LEASE_MS + 1), hooks: { chunkSize: 2 } });
    expect(await w.autoClaims()).toBe(0);
    expect(await w.notices("RELEASED")).toBe(5);
    expect(await t.prisma.auditEntry.count({ where: { tenantId: w.tenant.id, action: "license.reclaimed" } })).toBe(5);
    expect(await w.notifications("LICENSE_RECLAIMED")).toBe(5);
    const runs = await w.runs();
    expect(runs[1]).toMatchObject({ status: "DONE", released: 5, attempts: 2 });
  });

  it("does not release a licence launched during the notice period: the notice is cancelled, and not shown", async () => {
    const w = await world({ people: 2 });
    await performDueRuns(t.prisma, { now: NOW, schedule: "DAILY" });
    const [active, idle] = w.holders;
    await w.launch(active.id, at(3));
    expect(await listOpenNotices(t.prisma, w.tenant.id, active.id)).toEqual([]);
    expect(await listOpenNotices(t.prisma, w.tenant.id, idle.id)).toHaveLength(1);
    await performDueRuns(t.prisma, { now: at(8), schedule: "DAILY" });
    expect(await t.prisma.licenseAssignment.count({ where: { userId: active.id, source: "AUTO_CLAIM" } })).toBe(1);
    expect(await t.prisma.licenseAssignment.count({ where: { userId: idle.id, source: "AUTO_CLAIM" } })).toBe(0);
    expect(await t.prisma.reclaimNotice.findFirstOrThrow({ where: { userId: active.id } })).toMatchObject({ status: "CANCELLED", closedReason: "LAUNCHED" });
    expect((await w.runs())[1].skipped).toMatchObject({ USED_AFTER_NOTICE: 1 });
  });

  it("Keep it (the holder only) keeps the licence and starts the clock again", async () => {
    const w = await world({ people: 2 });
    await performDueRuns(t.prisma, { now: NOW, schedule: "DAILY" });
    const [keeper, other] = w.holders;
    const [notice] = await listOpenNotices(t.prisma, w.tenant.id, keeper.id);
    const as = (u: { id: string; userPrincipalName: string }) => ({
      db: t.prisma,
      tenantId: w.tenant.id,
      userId: u.id,
      actor: { id: u.id, label: u.userPrincipalName },
    });
    await expect(keepLicense(as(other), { noticeId: notice.id }, at(2))).rejects.toMatchObject({ httpStatus: 403 });
    expect(await keepLicense(as(keeper), { noticeId: notice.id }, at(2))).toMatchObject({ kept: true });
    expect(await keepLicense(as(keeper), { noticeId: notice.id }, at(2))).toMatchObject({ kept: false });
    expect(await listOpenNotices(t.prisma, w.tenant.id, keeper.id)).toEqual([]);
    await performDueRuns(t.prisma, { now: at(8), schedule: "DAILY" });
    expect(await t.prisma.licenseAssignment.count({ where: { userId: keeper.id } })).toBe(1);
    expect(await t.prisma.licenseAssignment.count({ where: { userId: other.id } })).toBe(0);
    // Used at Keep it: idle again only 30 days after it.
    const dry = await dryRun(t.prisma, w.tenant.id, w.policy.id, at(31));
    expect(dry.rows).toEqual([]);
    expect((await dryRun(t.prisma, w.tenant.id, w.policy.id, at(33))).rows).toMatchObject([{ userId: keeper.id, lastUsedAt: at(2) }]);
    expect(await t.prisma.auditEntry.count({ where: { tenantId: w.tenant.id, action: "reclaim.kept" } })).toBe(1);
  });

  it("never touches direct or group holdings of the same people", async () => {
    const w = await world({ people: 2 });
    const [alsoDirect, inGroup] = w.holders;
    await assignDirect(t.prisma, w.tenant.id, alsoDirect.id, w.premium.id);
    const makers = await createGroup(t.prisma, w.tenant.id, { displayName: "Makers" });
    await assignGroupLicense(t.prisma, w.tenant.id, makers.id, w.premium.id);
    await addGroupMembers(t.prisma, w.tenant.id, makers.id, [inGroup.id]);
    await performDueRuns(t.prisma, { now: NOW, schedule: "DAILY" });
    await performDueRuns(t.prisma, { now: at(8), schedule: "DAILY" });
    expect(await w.autoClaims()).toBe(0);
    const left = await t.prisma.licenseAssignment.findMany({
      where: { userId: { in: [alsoDirect.id, inGroup.id] } },
      select: { userId: true, source: true, state: true },
    });
    expect(left).toEqual(
      expect.arrayContaining([
        { userId: alsoDirect.id, source: "DIRECT", state: "ACTIVE" },
        { userId: inGroup.id, source: "GROUP", state: "ACTIVE" },
      ]),
    );
    expect(left).toHaveLength(2);
  });

  it("serves the waiting list with the freed units at once, and releases at most the run's cap", async () => {
    const w = await world({ people: 4, units: 4 });
    // The pool is full: a fifth person is refused and waits.
    const waiting = await createUser(t.prisma, w.tenant);
    expect(await w.launch(waiting.id, at(-1))).toMatchObject({ reason: "NO_LICENSES_AVAILABLE", waitlistPosition: 1 });
    await t.prisma.waitlistEntry.updateMany({ where: { userId: waiting.id }, data: { since: at(-1), lastLaunchAt: at(-1) } });
    await performDueRuns(t.prisma, { now: NOW, schedule: "DAILY" });
    expect(await w.notices("OPEN")).toBe(4);
    // 25 % of 4 units: one release a run; the rest waits for the next runs.
    await t.prisma.reclaimRule.update({ where: { policyId: w.policy.id }, data: { capPercent: 25 } });
    await performDueRuns(t.prisma, { now: at(8), schedule: "DAILY" });
    expect(await w.notices("RELEASED")).toBe(1);
    expect((await w.runs())[1]).toMatchObject({ released: 1, skipped: expect.objectContaining({ OVER_CAP: 3 }) });
    // The unit went to the person waiting, in the same transaction.
    expect(await t.prisma.licenseAssignment.findFirst({ where: { userId: waiting.id, productId: w.premium.id } })).toMatchObject({ source: "AUTO_CLAIM" });
    expect(await t.prisma.notification.count({ where: { userId: waiting.id, kind: "LICENSE_SERVED" } })).toBe(1);
    await performDueRuns(t.prisma, { now: at(9), schedule: "DAILY" });
    expect(await w.notices("RELEASED")).toBe(2);
  });

  it("switched back to report only cancels the open notices", async () => {
    const w = await world({ people: 2 });
    await performDueRuns(t.prisma, { now: NOW, schedule: "DAILY" });
    expect(await setReclaimMode(w.ctx, { policyId: w.policy.id, mode: "REPORT_ONLY" }, at(1))).toMatchObject({ changed: true, cancelled: 2 });
    await performDueRuns(t.prisma, { now: at(8), schedule: "DAILY" });
    expect(await w.autoClaims()).toBe(2);
    expect(await t.prisma.auditEntry.count({ where: { tenantId: w.tenant.id, action: "reclaim.mode" } })).toBe(2);
  });
});
