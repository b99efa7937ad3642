/**
 * Reclaim rules and their dry run (SPEC §8.3) on PGlite and PostgreSQL, with the clock controlled:
 * only the policy's auto-claimed licences idle for the threshold are listed — never direct or group
 * ones, never a claim in its grace period or a person on the allowlist (by user or group) — at most
 * the cap per product, with the units and the monthly cost they free; saving a rule is audited,
 * refuses an unknown person beside the field, and always puts the rule back in report only.
 */
import { describe, expect, it } from "vitest";
import {
  addGroupMembers,
  assignDirect,
  assignGroupLicense,
  createApp,
  createEnvironment,
  createGroup,
  createLaunch,
  createPolicy,
  createProduct,
  createTenant,
  createUser,
} from "../../../../tests/factories";
import { useTestDb } from "../../../../tests/setup/db";
import type { DomainContext } from "../context";
import { recordLaunch } from "../launches/service";
import { DAY_MS } from "./candidates";
import { dryRun, getReclaimRule, setReclaimRule } from "./service";

const t = useTestDb();
const NOW = new Date(Date.now() + 90 * DAY_MS);
const daysBefore = (d: number) => new Date(NOW.getTime() - d * DAY_MS);

/** Ten people who claimed Power Apps Premium (20 units, $20) through the policy, the launches and claims dated as each test needs. */
async function world() {
  const tenant = await createTenant(t.prisma, { autoClaimEnabled: true });
  const premium = await createProduct(t.prisma, tenant.id, { displayName: "Power Apps Premium", purchasedUnits: 20 });
  await t.prisma.product.update({ where: { id: premium.id }, data: { unitPrice: "20.00", currency: "USD" } });
  const policy = await createPolicy(t.prisma, tenant.id, { productIds: [premium.id] });
  const env = await createEnvironment(t.prisma, tenant.id, { managed: true });
  const app = await createApp(t.prisma, tenant.id, env.id, { premium: true });
  const people = [];
  for (let i = 0; i < 10; i++) {
    const u = await createUser(t.prisma, tenant);
    expect((await recordLaunch(t.prisma, { tenantId: tenant.id, user: u.id, appId: app.id })).reason).toBe("AUTO_CLAIMED");
    people.push(u);
  }
  /** Dates a person's claim and every launch of theirs `daysAgo` before NOW. */
  const dated = async (userId: string, claimedDaysAgo: number, launchedDaysAgo: number) => {
    await t.prisma.licenseAssignment.updateMany({ where: { userId }, data: { assignedAt: daysBefore(claimedDaysAgo) } });
    await t.prisma.launch.updateMany({ where: { userId }, data: { createdAt: daysBefore(launchedDaysAgo) } });
  };
  const admin = await createUser(t.prisma, tenant, { role: "GLOBAL_ADMIN" });
  const ctx: DomainContext = { db: t.prisma, actor: { id: admin.id, label: admin.userPrincipalName }, tenantId: tenant.id };
  const rule = (over: Record<string, unknown> = {}) => ({
    policyId: policy.id,
    enabled: true,
    inactivityDays: 30,
    graceDays: 14,
    noticeDays: 7,
    capPercent: 100,
    allowUsers: "",
    allowGroupIds: [] as string[],
    ...over,
  });
  return { tenant, premium, policy, people, dated, ctx, rule, env };
}

describe("the reclaim dry run", () => {
  it("lists the idle auto-claims longest idle first; never in-use, young, allowlisted, direct or group holdings; at most the cap", async () => {
    const w = await world();
    const [idle, older, used, young, vip, member, alsoDirect, inGroup, ...rest] = w.people;
    await w.dated(idle.id, 60, 40);
    await w.dated(older.id, 90, 75);
    await w.dated(used.id, 60, 10);
    await w.dated(young.id, 10, 10);
    await w.dated(vip.id, 60, 50);
    await w.dated(member.id, 60, 50);
    await w.dated(alsoDirect.id, 60, 50);
    await w.dated(inGroup.id, 60, 50);
    for (const p of rest) await w.dated(p.id, 60, 20);
    // Holding it directly or through a group as well: only the auto-claim is the policy's to release; both are still listed for it.
    await assignDirect(t.prisma, w.tenant.id, alsoDirect.id, w.premium.id).catch(() => {});
    const execs = await createGroup(t.prisma, w.tenant.id, { displayName: "Executives" });
    await addGroupMembers(t.prisma, w.tenant.id, execs.id, [member.id]);
    const makers = await createGroup(t.prisma, w.tenant.id, { displayName: "Makers" });
    await assignGroupLicense(t.prisma, w.tenant.id, makers.id, w.premium.id);
    await addGroupMembers(t.prisma, w.tenant.id, makers.id, [inGroup.id]);

    expect(await setReclaimRule(w.ctx, w.rule({ allowUsers: `${vip.userPrincipalName}\n`, allowGroupIds: [execs.id] }))).toEqual({
      changed: true,
      mode: "REPORT_ONLY",
    });
    const run = await dryRun(t.prisma, w.tenant.id, w.policy.id, NOW);
    // Longest idle first: 75 days, then the three idle for 40–50.
    expect(run.rows[0]).toMatchObject({ userId: older.id, idleDays: 75, releaseOn: new Date(NOW.getTime() + 7 * DAY_MS), productName: "Power Apps Premium" });
    expect(new Set(run.rows.map((r) => r.userId))).toEqual(new Set([older.id, idle.id, alsoDirect.id, inGroup.id]));
    expect(run.skipped).toEqual({ GRACE: 1, IN_USE: 1 + rest.length, ALLOWLISTED_USER: 1, ALLOWLISTED_GROUP: 1, OVER_CAP: 0 });
    expect(run.units).toEqual([{ productId: w.premium.id, productName: "Power Apps Premium", units: 4 }]);
    expect(run.monthlySavings).toEqual([{ currency: "USD", amount: "80.00" }]);
    // Only AUTO_CLAIM rows are candidates: the direct and group assignments are not in the run.
    const direct = await t.prisma.licenseAssignment.findMany({
      where: { userId: { in: [alsoDirect.id, inGroup.id] }, source: { not: "AUTO_CLAIM" } },
      select: { id: true },
    });
    expect(run.rows.some((r) => direct.some((d) => d.id === r.assignmentId))).toBe(false);

    // A cap of 10 % of 20 units: two a run, the longest idle first.
    await setReclaimRule(w.ctx, w.rule({ capPercent: 10, allowUsers: vip.userPrincipalName, allowGroupIds: [execs.id] }));
    const capped = await dryRun(t.prisma, w.tenant.id, w.policy.id, NOW);
    expect(capped.rows.map((r) => r.userId)[0]).toBe(older.id);
    expect(capped.rows).toHaveLength(2);
    expect(capped.skipped.OVER_CAP).toBe(2);
  });
});

describe("what counts as use (ADR 18)", () => {
  it("a launch of any app the product covers is use, a standard one too; a flow run or a launch after the moment of the run is not", async () => {
    const w = await world();
    const [flowsOnly, standardApp, launchedLater, ...rest] = w.people;
    for (const p of w.people) await w.dated(p.id, 60, 45);
    const flow = await createApp(t.prisma, w.tenant.id, w.env.id, { kind: "CLOUD_FLOW", premium: true });
    const standard = await createApp(t.prisma, w.tenant.id, w.env.id, { premium: false });
    // Recent launches: a premium flow (Power Automate: not covered), a standard Power Apps app (covered).
    await createLaunch(t.prisma, flow, flowsOnly.id, { createdAt: daysBefore(2), reason: "NO_POLICY" });
    await createLaunch(t.prisma, standard, standardApp.id, { createdAt: daysBefore(2), decision: "ALLOW", reason: "NOT_REQUIRED" });
    // A launch after `now` does not count either (the dry run is as of `now`).
    await createLaunch(t.prisma, standard, launchedLater.id, { createdAt: new Date(NOW.getTime() + DAY_MS), decision: "ALLOW", reason: "NOT_REQUIRED" });
    await setReclaimRule(w.ctx, w.rule());
    const run = await dryRun(t.prisma, w.tenant.id, w.policy.id, NOW);
    const listed = new Set(run.rows.map((r) => r.userId));
    expect(listed.has(flowsOnly.id)).toBe(true);
    expect(listed.has(standardApp.id)).toBe(false);
    expect(listed.has(launchedLater.id)).toBe(true);
    for (const p of rest) expect(listed.has(p.id)).toBe(true);
    expect(run.rows.find((r) => r.userId === flowsOnly.id)).toMatchObject({ idleDays: 45 });
    expect(run.skipped.IN_USE).toBe(1);
  });
});

describe("setReclaimRule", () => {
  it("is audited, refuses an unknown person beside the field writing nothing, and any change goes back to report only", async () => {
    const w = await world();
    expect(await getReclaimRule(t.prisma, w.tenant.id, w.policy.id)).toMatchObject({
      enabled: false,
      mode: "REPORT_ONLY",
      inactivityDays: 30,
      graceDays: 14,
      noticeDays: 7,
      capPercent: 10,
    });
    await expect(setReclaimRule(w.ctx, w.rule({ allowUsers: "nobody@elsewhere.example" }))).rejects.toMatchObject({
      field: "allowUsers",
      message: "Not in your organization: nobody@elsewhere.example.",
    });
    // Matched literally: a LIKE wildcard is a character of the name, not a pattern.
    await expect(setReclaimRule(w.ctx, w.rule({ allowUsers: `%${w.people[0].userPrincipalName.slice(1)}` }))).rejects.toMatchObject({ field: "allowUsers" });
    expect(await t.prisma.reclaimRule.count({ where: { policyId: w.policy.id } })).toBe(0);

    expect(await setReclaimRule(w.ctx, w.rule({ allowUsers: `${w.people[0].userPrincipalName}, ${w.people[0].userPrincipalName}` }))).toEqual({
      changed: true,
      mode: "REPORT_ONLY",
    });
    expect(await setReclaimRule(w.ctx, w.rule({ allowUsers: w.people[0].userPrincipalName }))).toEqual({ changed: false, mode: "REPORT_ONLY" });
    await t.prisma.reclaimRule.update({ where: { policyId: w.policy.id }, data: { mode: "ENFORCE" } });
    expect(await setReclaimRule(w.ctx, w.rule({ inactivityDays: 45, allowUsers: w.people[0].userPrincipalName }))).toEqual({
      changed: true,
      mode: "REPORT_ONLY",
    });
    expect(await getReclaimRule(t.prisma, w.tenant.id, w.policy.id)).toMatchObject({
      enabled: true,
      mode: "REPORT_ONLY",
      inactivityDays: 45,
      allowUsers: [{ id: w.people[0].id }],
    });
    const audit = await t.prisma.auditEntry.findMany({ where: { tenantId: w.tenant.id, action: "reclaim.rule" }, orderBy: { createdAt: "asc" } });
    expect(audit).toHaveLength(2);
    expect(audit[1]).toMatchObject({
      summary: `Reclaim rule of “${w.policy.name}”: release auto-claimed licenses unused for 45 days (grace 14 days, notice 7 days, at most 100 % a run), report only`,
      before: { inactivityDays: 30, mode: "ENFORCE" },
      after: { inactivityDays: 45, mode: "REPORT_ONLY", allowUsers: [w.people[0].userPrincipalName] },
    });
    // The database keeps the ranges too.
    await expect(t.prisma.reclaimRule.update({ where: { policyId: w.policy.id }, data: { inactivityDays: 3 } })).rejects.toThrow();
    // Another tenant's policy does not exist here.
    const other = await createTenant(t.prisma);
    await expect(setReclaimRule({ ...w.ctx, tenantId: other.id }, w.rule())).rejects.toMatchObject({ httpStatus: 404 });
  });
});
