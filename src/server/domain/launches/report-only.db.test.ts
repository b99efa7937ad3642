/**
 * Report-only policies (SPEC §8.5) on both databases: a launch is refused exactly as under an off
 * policy, records the product the policy would have claimed (the first in order with a unit, at
 * that moment), claims nothing and joins no waiting list; "would have claimed N" counts the people
 * since the policy was put in report only, once each.
 */
import { describe, expect, it } from "vitest";
import type { PrismaClient } from "@/generated/prisma/client";
import { assignDirect, createApp, createEnvironment, createPolicy, createProduct, createTenant, createUser } from "../../../../tests/factories";
import { createTestDb, useTestDb } from "../../../../tests/setup/db";
import { getPolicy, listPolicies, updatePolicy } from "../policies/service";
import { getReportPolicy } from "../reports/service";
import { recordLaunch } from "./service";

const t = useTestDb();

async function world(db: PrismaClient, { primaryUnits = 2, backupUnits = 3, since = new Date(Date.now() - 60_000) } = {}) {
  const tenant = await createTenant(db, { autoClaimEnabled: true });
  const admin = await createUser(db, tenant, { role: "GLOBAL_ADMIN" });
  const primary = await createProduct(db, tenant.id, { displayName: "Power Apps Premium", purchasedUnits: primaryUnits });
  const backup = await createProduct(db, tenant.id, { displayName: "Power Apps per app", purchasedUnits: backupUnits });
  const managed = await createEnvironment(db, tenant.id, { managed: true });
  const standard = await createEnvironment(db, tenant.id, { managed: false });
  const app = await createApp(db, tenant.id, managed.id, { premium: true });
  const outOfScope = await createApp(db, tenant.id, standard.id, { premium: true });
  const policy = await createPolicy(db, tenant.id, { productIds: [primary.id, backup.id], reportOnlySince: since });
  const ctx = { db, actor: { id: admin.id, label: admin.userPrincipalName }, tenantId: tenant.id };
  return { tenant, admin, ctx, primary, backup, app, outOfScope, policy };
}
type World = Awaited<ReturnType<typeof world>>;

const launch = (w: World, userId: string, appId = w.app.id) => recordLaunch(t.prisma, { tenantId: w.tenant.id, user: userId, appId });
const units = async (id: string) => (await t.prisma.product.findUniqueOrThrow({ where: { id } })).consumedUnits;

describe("a launch under a report-only policy", () => {
  it("is refused as off (POLICY_OFF), records the product it would have claimed, claims nothing, queues nobody", async () => {
    const w = await world(t.prisma);
    const user = await createUser(t.prisma, w.tenant);
    const r = await launch(w, user.id);
    expect(r).toMatchObject({ decision: "DENY", reason: "POLICY_OFF", policy: { id: w.policy.id } });
    expect(r.assignment).toBeUndefined();
    expect(r.waitlistPosition).toBeUndefined();
    expect(await t.prisma.launch.findUniqueOrThrow({ where: { id: r.launchId } })).toMatchObject({
      decision: "DENY",
      reason: "POLICY_OFF",
      policyId: w.policy.id,
      productId: null,
      wouldClaimProductId: w.primary.id,
    });
    expect(await t.prisma.licenseAssignment.count({ where: { tenantId: w.tenant.id } })).toBe(0);
    expect(await t.prisma.waitlistEntry.count({ where: { tenantId: w.tenant.id } })).toBe(0);
    expect([await units(w.primary.id), await units(w.backup.id)]).toEqual([0, 0]);
  });

  it("would have claimed the backup when the primary is used up, and nothing when every product is", async () => {
    const w = await world(t.prisma, { primaryUnits: 1, backupUnits: 1 });
    const [holder1, holder2, a, b] = [
      await createUser(t.prisma, w.tenant),
      await createUser(t.prisma, w.tenant),
      await createUser(t.prisma, w.tenant),
      await createUser(t.prisma, w.tenant),
    ];
    await assignDirect(t.prisma, w.tenant.id, holder1.id, w.primary.id);
    const first = await launch(w, a.id);
    expect((await t.prisma.launch.findUniqueOrThrow({ where: { id: first.launchId } })).wouldClaimProductId).toBe(w.backup.id);
    await assignDirect(t.prisma, w.tenant.id, holder2.id, w.backup.id);
    const second = await launch(w, b.id);
    expect(second).toMatchObject({ decision: "DENY", reason: "POLICY_OFF" });
    expect(second.waitlistPosition).toBeUndefined();
    expect((await t.prisma.launch.findUniqueOrThrow({ where: { id: second.launchId } })).wouldClaimProductId).toBeNull();
    expect(await t.prisma.waitlistEntry.count({ where: { tenantId: w.tenant.id } })).toBe(0);
  });

  it("records nothing out of scope or for a licensed person, and nothing once the policy is simply off", async () => {
    const w = await world(t.prisma);
    const user = await createUser(t.prisma, w.tenant);
    const out = await launch(w, user.id, w.outOfScope.id);
    expect(out.reason).toBe("POLICY_OFF"); // as off: step 3 comes before the scope
    const holder = await createUser(t.prisma, w.tenant);
    await assignDirect(t.prisma, w.tenant.id, holder.id, w.backup.id);
    expect((await launch(w, holder.id)).reason).toBe("LICENSED");
    await updatePolicy(w.ctx, { policyId: w.policy.id, status: "OFF" });
    const off = await launch(w, user.id);
    expect(off.reason).toBe("POLICY_OFF");
    const rows = await t.prisma.launch.findMany({ where: { tenantId: w.tenant.id }, select: { wouldClaimProductId: true } });
    expect(rows.map((r) => r.wouldClaimProductId)).toEqual([null, null, null]);
  });

  it("an ON policy claims as before (the cap and the pool untouched by report only)", async () => {
    const w = await world(t.prisma);
    await updatePolicy(w.ctx, { policyId: w.policy.id, status: "ON" });
    const user = await createUser(t.prisma, w.tenant);
    const r = await launch(w, user.id);
    expect(r).toMatchObject({ decision: "ALLOW", reason: "AUTO_CLAIMED" });
    expect((await t.prisma.launch.findUniqueOrThrow({ where: { id: r.launchId } })).wouldClaimProductId).toBeNull();
    expect(await units(w.primary.id)).toBe(1);
  });
});

describe("statements", () => {
  it("a report-only launch takes 2, like any launch that needs no claim: the facts (with the product it would claim) and the launch row", async () => {
    const counted = await createTestDb({ log: [{ emit: "event", level: "query" }] });
    try {
      const statements: string[] = [];
      (counted.prisma as unknown as { $on(e: "query", cb: (e: { query: string }) => void): void }).$on("query", (e) => statements.push(e.query));
      const w = await world(counted.prisma);
      const user = await createUser(counted.prisma, w.tenant);
      statements.length = 0;
      const r = await recordLaunch(counted.prisma, { tenantId: w.tenant.id, user: user.id, appId: w.app.id });
      expect(r.reason).toBe("POLICY_OFF");
      expect(statements).toHaveLength(2);
      expect((await counted.prisma.launch.findUniqueOrThrow({ where: { id: r.launchId } })).wouldClaimProductId).toBe(w.primary.id);
    } finally {
      await counted.close();
    }
  });
});

describe("would have claimed N", () => {
  it("counts distinct people since the policy was put in report only; the list, details and the report agree", async () => {
    const w = await world(t.prisma);
    const [a, b, c] = [await createUser(t.prisma, w.tenant), await createUser(t.prisma, w.tenant), await createUser(t.prisma, w.tenant)];
    await launch(w, a.id);
    await launch(w, a.id);
    await launch(w, b.id);
    await launch(w, c.id, w.outOfScope.id); // out of scope: not counted
    const listed = (await listPolicies(t.prisma, w.tenant.id)).find((p) => p.id === w.policy.id)!;
    expect(listed).toMatchObject({ status: "REPORT_ONLY", wouldHaveClaimed: 2 });
    expect((await getPolicy(t.prisma, w.tenant.id, w.policy.id))?.wouldHaveClaimed).toBe(2);
    expect((await getReportPolicy(t.prisma, w.tenant.id, w.policy.id))?.reportOnly).toMatchObject({ wouldHaveClaimed: 2 });
  });

  it("starts again when the policy is put back in report only, and is not shown for an on or off policy", async () => {
    const w = await world(t.prisma);
    const [a, b] = [await createUser(t.prisma, w.tenant), await createUser(t.prisma, w.tenant)];
    await launch(w, a.id);
    await updatePolicy(w.ctx, { policyId: w.policy.id, status: "OFF" });
    expect(await getPolicy(t.prisma, w.tenant.id, w.policy.id)).toMatchObject({ status: "OFF", wouldHaveClaimed: null, reportOnlySince: null });
    expect((await getReportPolicy(t.prisma, w.tenant.id, w.policy.id))?.reportOnly).toBeNull();
    await updatePolicy(w.ctx, { policyId: w.policy.id, status: "REPORT_ONLY" });
    expect(await getPolicy(t.prisma, w.tenant.id, w.policy.id)).toMatchObject({ status: "REPORT_ONLY", wouldHaveClaimed: 0 });
    await launch(w, b.id);
    expect((await getPolicy(t.prisma, w.tenant.id, w.policy.id))?.wouldHaveClaimed).toBe(1);
    await updatePolicy(w.ctx, { policyId: w.policy.id, status: "ON" });
    expect(await getPolicy(t.prisma, w.tenant.id, w.policy.id)).toMatchObject({ status: "ON", enabled: true, wouldHaveClaimed: null });
  });
});

describe("the status change", () => {
  it("is audited like the other status changes, and a request that changes nothing writes none", async () => {
    const w = await world(t.prisma);
    await updatePolicy(w.ctx, { policyId: w.policy.id, status: "ON" });
    await updatePolicy(w.ctx, { policyId: w.policy.id, status: "ON" });
    await updatePolicy(w.ctx, { policyId: w.policy.id, status: "REPORT_ONLY" });
    await updatePolicy(w.ctx, { policyId: w.policy.id, enabled: false });
    const entries = await t.prisma.auditEntry.findMany({ where: { tenantId: w.tenant.id, action: "policy.update" }, orderBy: { createdAt: "asc" } });
    expect(entries.map((e) => [e.before, e.after])).toEqual([
      [{ enabled: false, status: "REPORT_ONLY" }, { enabled: true }],
      [{ enabled: true }, { enabled: false, status: "REPORT_ONLY" }],
      [{ enabled: false, status: "REPORT_ONLY" }, { enabled: false }],
    ]);
    expect(entries.map((e) => e.summary)).toEqual([
      expect.stringContaining("turned it on"),
      expect.stringContaining("put it in report only"),
      expect.stringContaining("turned it off"),
    ]);
  });

  it("the database refuses a policy both on and in report only", async () => {
    const w = await world(t.prisma);
    await expect(t.prisma.autoClaimPolicy.update({ where: { id: w.policy.id }, data: { enabled: true } })).rejects.toThrow();
  });
});
