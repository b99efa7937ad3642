/** The seed's invariants: what SPEC §7 promises, and a history the launch rule could have made. */
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDb } from "../../tests/setup/db";
import { listWaitlist, waitlistTotals } from "@/server/domain/launches/waitlist";
import { getLicenseOverview } from "@/server/domain/licenses/service";
import { AUTO_CREATED_POLICY_NAME } from "@/server/domain/policies/auto-created";
import { dryRun } from "@/server/domain/reclaim/service";
import { LAPSED, PREMIUM_UNITS, seedContoso } from "./contoso";

const t = useTestDb();
const NOW = new Date("2026-11-27T12:00:00Z");

/** Every test reads the one demo-mode seed, made before any of them runs. */
let tenantId = "";
beforeAll(async () => {
  const summary = await seedContoso(t.prisma, { demo: true, demoPassword: "contoso-demo", demoApiToken: "demo-token", now: NOW });
  tenantId = summary.tenantId;
});

describe("the Contoso seed", () => {
  it("makes the tenant of SPEC §7", async () => {
    const [users, groups, envs, managed, apps, premiumApps, products] = await Promise.all([
      t.prisma.user.count({ where: { tenantId } }),
      t.prisma.group.count({ where: { tenantId } }),
      t.prisma.environment.count({ where: { tenantId } }),
      t.prisma.environment.count({ where: { tenantId, managed: true } }),
      t.prisma.app.count({ where: { tenantId } }),
      t.prisma.app.count({ where: { tenantId, premium: true } }),
      t.prisma.product.findMany({ where: { tenantId }, select: { skuPartNumber: true, standaloneFor: true } }),
    ]);
    expect({ users, groups, envs, managed, apps }).toEqual({ users: 51, groups: 4, envs: 3, managed: 1, apps: 12 });
    expect(premiumApps).toBeGreaterThan(0);
    expect(products.map((p) => p.skuPartNumber).sort()).toEqual(["POWERAPPS_PER_APP_NEW", "POWERAPPS_PER_USER", "POWERAUTOMATE_ATTENDED_RPA", "SPE_E3"]);
    expect(products.find((p) => p.skuPartNumber === "SPE_E3")?.standaloneFor).toBeNull();
    const prices = await t.prisma.product.findMany({ where: { tenantId }, select: { skuPartNumber: true, unitPrice: true, currency: true } });
    expect(Object.fromEntries(prices.map((p) => [p.skuPartNumber, `${p.unitPrice?.toFixed(2)} ${p.currency}`]))).toEqual({
      POWERAPPS_PER_USER: "20.00 USD",
      POWERAPPS_PER_APP_NEW: "5.00 USD",
      POWERAUTOMATE_ATTENDED_RPA: "15.00 USD",
      SPE_E3: "36.00 USD",
    });
    expect(
      await t.prisma.user.findMany({
        where: { tenantId, role: { not: "USER" } },
        select: { userPrincipalName: true, role: true },
        orderBy: { userPrincipalName: "asc" },
      }),
    ).toEqual([
      { userPrincipalName: "admin@contoso.com", role: "GLOBAL_ADMIN" },
      { userPrincipalName: "licenses@contoso.com", role: "LICENSE_ADMIN" },
      { userPrincipalName: "reports@contoso.com", role: "REPORTS_READER" },
    ]);
    expect(await t.prisma.groupLicense.count({ where: { group: { tenantId } } })).toBe(1);
  });

  it("has the auto-created policy, with the setting on", async () => {
    const policy = await t.prisma.autoClaimPolicy.findFirstOrThrow({ where: { tenantId } });
    expect(policy).toMatchObject({ name: AUTO_CREATED_POLICY_NAME, autoCreated: true, scope: "MANAGED_ONLY", enabled: true });
    expect((await t.prisma.tenant.findUniqueOrThrow({ where: { id: tenantId } })).autoClaimEnabled).toBe(true);
  });

  it("keeps consumed = distinct holders ≤ purchased for every product", async () => {
    const products = await t.prisma.product.findMany({ where: { tenantId } });
    for (const p of products) {
      const holders = await t.prisma.licenseAssignment.findMany({ where: { productId: p.id }, distinct: ["userId"], select: { userId: true } });
      expect(p.consumedUnits, p.skuPartNumber).toBe(holders.length);
      expect(p.consumedUnits).toBeLessThanOrEqual(p.purchasedUnits);
    }
    // Someone holds Power Apps Premium both directly and through the makers group: one unit.
    const both = await t.prisma.user.count({
      where: {
        tenantId,
        AND: [
          { assignments: { some: { source: "DIRECT", product: { skuPartNumber: "POWERAPPS_PER_USER" } } } },
          { assignments: { some: { source: "GROUP" } } },
        ],
      },
    });
    expect(both).toBeGreaterThan(0);
  });

  it("has 90 days of history whose every claim points at its policy and its launch", async () => {
    const claims = await t.prisma.licenseAssignment.findMany({ where: { tenantId, source: "AUTO_CLAIM" }, include: { launch: true } });
    expect(claims.length).toBeGreaterThanOrEqual(15);
    for (const c of claims) {
      expect(c.policyId).not.toBeNull();
      expect(c.launch).toMatchObject({ userId: c.userId, reason: "AUTO_CLAIMED", decision: "ALLOW", productId: c.productId, policyId: c.policyId });
      expect(c.assignedAt.getTime()).toBe(c.launch!.createdAt.getTime());
    }
    const first = await t.prisma.launch.findFirstOrThrow({ where: { tenantId }, orderBy: { createdAt: "asc" } });
    const last = await t.prisma.launch.findFirstOrThrow({ where: { tenantId }, orderBy: { createdAt: "desc" } });
    expect((NOW.getTime() - first.createdAt.getTime()) / 86_400_000).toBeGreaterThan(88);
    expect(last.createdAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
    const reasons = await t.prisma.launch.groupBy({ by: ["reason"], where: { tenantId }, _count: { _all: true } });
    expect(reasons.map((r) => r.reason).sort()).toEqual(
      expect.arrayContaining(["AUTO_CLAIMED", "LICENSED", "NOT_REQUIRED", "OUT_OF_SCOPE", "NO_LICENSES_AVAILABLE"]),
    );
  });

  it("has demo accounts with hashed passwords and a hashed demo token only", async () => {
    const users = await t.prisma.user.findMany({ where: { tenantId }, select: { passwordHash: true } });
    expect(users.every((u) => u.passwordHash?.startsWith("$2"))).toBe(true);
    const token = await t.prisma.apiToken.findFirstOrThrow({ where: { tenantId } });
    expect(token.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(token.tokenHash).not.toContain("demo-token");
  });

  it("shows a pool used up on Home", async () => {
    const overview = await getLicenseOverview(t.prisma, tenantId, { now: NOW });
    const bySku = Object.fromEntries(overview.products.map((p) => [p.skuPartNumber, p]));
    expect(bySku.POWERAPPS_PER_USER).toMatchObject({ purchased: PREMIUM_UNITS, consumed: PREMIUM_UNITS, available: 0, alert: "EMPTY" });
    expect(bySku.SPE_E3).toMatchObject({ purchased: 60, consumed: 50, available: 10 });
    const claimsInWindow = await t.prisma.licenseAssignment.count({
      where: { tenantId, source: "AUTO_CLAIM", assignedAt: { gte: new Date(NOW.getTime() - 7 * 86_400_000) } },
    });
    expect(bySku.POWERAPPS_PER_USER.recentClaims).toBe(claimsInWindow);
  });

  it("has a reclaim rule on the Power Apps policy, in report only, whose dry run lists the people who stopped using their claimed licence", async () => {
    const policy = await t.prisma.autoClaimPolicy.findFirstOrThrow({ where: { tenantId, app: "POWER_APPS" } });
    expect(await t.prisma.reclaimRule.findUniqueOrThrow({ where: { policyId: policy.id } })).toMatchObject({
      enabled: true,
      mode: "REPORT_ONLY",
      inactivityDays: 30,
      graceDays: 14,
    });
    const run = await dryRun(t.prisma, tenantId, policy.id, NOW);
    expect(run.rows).toHaveLength(LAPSED);
    expect(run.skipped.OVER_CAP).toBe(0);
    for (const r of run.rows) {
      // Claimed by the policy more than 45 days ago; no Power Apps app opened in the last 40.
      const claim = await t.prisma.licenseAssignment.findUniqueOrThrow({ where: { id: r.assignmentId } });
      expect(claim).toMatchObject({ source: "AUTO_CLAIM", policyId: policy.id });
      expect((NOW.getTime() - claim.assignedAt.getTime()) / 86_400_000).toBeGreaterThan(45);
      expect(r.idleDays).toBeGreaterThanOrEqual(40);
      expect(
        await t.prisma.launch.count({
          where: { userId: r.userId, app: { autoClaimApp: "POWER_APPS" }, createdAt: { gt: new Date(NOW.getTime() - 40 * 86_400_000) } },
        }),
      ).toBe(0);
    }
    // Nothing was sent or released: report only.
    expect(await t.prisma.reclaimNotice.count({ where: { tenantId } })).toBe(0);
  });

  it("has a short waiting list on the Power Apps policy, in order of first refusal, each entry on its refused launch", async () => {
    const policy = await t.prisma.autoClaimPolicy.findFirstOrThrow({ where: { tenantId, app: "POWER_APPS" } });
    const { total, rows } = await listWaitlist(t.prisma, tenantId, policy.id, { now: NOW });
    expect(total).toBe(3);
    expect(rows.map((r) => [r.position, r.userPrincipalName])).toEqual([
      [1, "chloe.martin@contoso.com"],
      [2, "bruno.costa@contoso.com"],
      [3, "rosa.jimenez@contoso.com"],
    ]);
    const entries = await t.prisma.waitlistEntry.findMany({ where: { tenantId }, include: { launch: true }, orderBy: { since: "asc" } });
    expect(entries).toHaveLength(3);
    for (const e of entries) {
      expect(e.leftAt).toBeNull();
      // The refusal that queued them: theirs, for lack of units, on this policy, at `since`; their last launch since then is no later than now.
      expect(e.launch).toMatchObject({ userId: e.userId, decision: "DENY", reason: "NO_LICENSES_AVAILABLE", policyId: policy.id });
      expect(e.launch.createdAt.getTime()).toBe(e.since.getTime());
      const first = await t.prisma.launch.findFirstOrThrow({ where: { userId: e.userId, reason: "NO_LICENSES_AVAILABLE" }, orderBy: { createdAt: "asc" } });
      const last = await t.prisma.launch.findFirstOrThrow({ where: { userId: e.userId, reason: "NO_LICENSES_AVAILABLE" }, orderBy: { createdAt: "desc" } });
      expect(first.id).toBe(e.launchId);
      expect(last.createdAt.getTime()).toBe(e.lastLaunchAt.getTime());
      expect(e.lastLaunchAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
      // Waiting means holding no Power Apps licence.
      expect(await t.prisma.licenseAssignment.count({ where: { userId: e.userId, product: { standaloneFor: "POWER_APPS" } } })).toBe(0);
    }
    // Refused a few days apart, within the last two weeks; nobody was refused before the pool ran out.
    const days = entries.map((e) => (NOW.getTime() - e.since.getTime()) / 86_400_000);
    expect(days[0]).toBeLessThan(15);
    for (let i = 1; i < days.length; i++) expect(days[i - 1] - days[i]).toBeGreaterThan(2);
    const lastClaim = await t.prisma.licenseAssignment.findFirstOrThrow({ where: { tenantId, source: "AUTO_CLAIM" }, orderBy: { assignedAt: "desc" } });
    expect(await t.prisma.launch.count({ where: { tenantId, reason: "NO_LICENSES_AVAILABLE", createdAt: { lt: lastClaim.assignedAt } } })).toBe(0);
    expect((await waitlistTotals(t.prisma, tenantId, { now: NOW })).total).toBe(3);
    // Nobody waiting asked for a licence: they were told they would get one.
    expect(await t.prisma.licenseRequest.count({ where: { tenantId, userId: { in: entries.map((e) => e.userId) } } })).toBe(0);
  });

  it("has the thresholds its pools crossed open as alerts, raised by the database as the claims filled them", async () => {
    const alerts = await t.prisma.productAlert.findMany({
      where: { tenantId, resolvedAt: null },
      select: { level: true, consumedUnits: true, purchasedUnits: true, product: { select: { skuPartNumber: true } } },
    });
    const open = alerts.map((a) => `${a.product.skuPartNumber} ${a.level} at ${a.consumedUnits}/${a.purchasedUnits}`).sort();
    // Each level raised once, when the transaction that crossed it committed, with the pool as committed (the alert trigger is deferred to the commit).
    expect(open).toEqual([
      "POWERAPPS_PER_APP_NEW WARNING at 13/14",
      `POWERAPPS_PER_USER CRITICAL at ${PREMIUM_UNITS}/${PREMIUM_UNITS}`,
      `POWERAPPS_PER_USER EMPTY at ${PREMIUM_UNITS}/${PREMIUM_UNITS}`,
      `POWERAPPS_PER_USER WARNING at ${PREMIUM_UNITS}/${PREMIUM_UNITS}`,
      "SPE_E3 WARNING at 50/60",
    ]);
    expect(await t.prisma.productAlert.count({ where: { tenantId, resolvedAt: { not: null } } })).toBe(0);
  });
});

describe("the seed outside demo mode", () => {
  it("is deterministic and makes no demo accounts or token", async () => {
    const other = await import("../../tests/setup/db").then((m) => m.createTestDb());
    try {
      const a = await seedContoso(other.prisma, { demo: false, now: NOW });
      expect(await other.prisma.user.count({ where: { passwordHash: { not: null } } })).toBe(0);
      expect(await other.prisma.apiToken.count()).toBe(0);
      // Same ids and the same history as the demo-mode seed above.
      const mine = await t.prisma.launch.findMany({ orderBy: { id: "asc" }, select: { id: true, userId: true, appId: true, reason: true, createdAt: true } });
      const theirs = await other.prisma.launch.findMany({
        orderBy: { id: "asc" },
        select: { id: true, userId: true, appId: true, reason: true, createdAt: true },
      });
      expect(a.launches).toBe(mine.length);
      expect(theirs).toEqual(mine);
    } finally {
      await other.close();
    }
  });
});
