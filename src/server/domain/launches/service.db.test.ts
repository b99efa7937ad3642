/**
 * The launch service against a real database (PGlite and the PostgreSQL server): every reason of
 * SPEC §3 through the real path, backups in order, the policy group, statement counts, and the
 * invariants under concurrent launches.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/generated/prisma/client";
import { createTestDb, type TestDb, useTestDb } from "../../../../tests/setup/db";
import { assignDirect, createApp, createEnvironment, createGroup, createPolicy, createProduct, createTenant, createUser } from "../../../../tests/factories";
import { recordLaunch } from "./service";

const t = useTestDb();

async function world(
  db: PrismaClient,
  { primaryUnits = 5, backupUnits = 0, scope = "MANAGED_ONLY" as const, enabled = true, setting = true, policy = true, groupName = null as string | null } = {},
) {
  const tenant = await createTenant(db, { autoClaimEnabled: setting });
  const primary = await createProduct(db, tenant.id, { displayName: "Power Apps Premium", purchasedUnits: primaryUnits });
  const backup = await createProduct(db, tenant.id, { displayName: "Power Apps per app", purchasedUnits: backupUnits });
  const flowProduct = await createProduct(db, tenant.id, { displayName: "Power Automate Premium", standaloneFor: "POWER_AUTOMATE", purchasedUnits: 3 });
  const suite = await createProduct(db, tenant.id, { displayName: "Microsoft 365 E3", standaloneFor: null, purchasedUnits: 100 });
  const managed = await createEnvironment(db, tenant.id, { managed: true });
  const standard = await createEnvironment(db, tenant.id, { managed: false });
  const apps = {
    premiumManaged: await createApp(db, tenant.id, managed.id, { premium: true }),
    standardManaged: await createApp(db, tenant.id, managed.id, { premium: false }),
    premiumStandard: await createApp(db, tenant.id, standard.id, { premium: true }),
    standardStandard: await createApp(db, tenant.id, standard.id, { premium: false }),
    premiumFlow: await createApp(db, tenant.id, managed.id, { premium: true, kind: "CLOUD_FLOW" }),
  };
  const group = groupName ? await createGroup(db, tenant.id, { displayName: groupName }) : null;
  const pol = policy
    ? await createPolicy(db, tenant.id, { productIds: backupUnits > 0 ? [primary.id, backup.id] : [primary.id], scope, enabled, groupId: group?.id ?? null })
    : null;
  const user = await createUser(db, tenant);
  return { tenant, primary, backup, flowProduct, suite, apps, policy: pol, group, user };
}

const launch = (db: PrismaClient, w: { tenant: { id: string } }, user: string, appId: string) => recordLaunch(db, { tenantId: w.tenant.id, user, appId });

describe("recordLaunch — each reason through the real path", () => {
  it("NOT_REQUIRED: a standard app in a standard environment, even with no licence or policy", async () => {
    const w = await world(t.prisma, { setting: false, policy: false });
    const r = await launch(t.prisma, w, w.user.id, w.apps.standardStandard.id);
    expect(r).toMatchObject({ decision: "ALLOW", reason: "NOT_REQUIRED" });
    expect(await t.prisma.launch.findUniqueOrThrow({ where: { id: r.launchId } })).toMatchObject({
      reason: "NOT_REQUIRED",
      userId: w.user.id,
      kind: "APP_LAUNCH",
    });
  });

  it("LICENSED: a holder of a standalone product; a suite licence does not count", async () => {
    const w = await world(t.prisma, { setting: false, backupUnits: 1 });
    await assignDirect(t.prisma, w.tenant.id, w.user.id, w.suite.id);
    expect((await launch(t.prisma, w, w.user.id, w.apps.premiumManaged.id)).reason).toBe("FEATURE_OFF");
    await assignDirect(t.prisma, w.tenant.id, w.user.id, w.backup.id);
    expect((await launch(t.prisma, w, w.user.id, w.apps.premiumManaged.id)).reason).toBe("LICENSED");
  });

  it("FEATURE_OFF, NO_POLICY, POLICY_OFF and OUT_OF_SCOPE refuse without claiming", async () => {
    const off = await world(t.prisma, { setting: false });
    expect(await launch(t.prisma, off, off.user.id, off.apps.premiumManaged.id)).toMatchObject({ decision: "DENY", reason: "FEATURE_OFF" });
    const none = await world(t.prisma, { policy: false });
    expect(await launch(t.prisma, none, none.user.id, none.apps.premiumManaged.id)).toMatchObject({ decision: "DENY", reason: "NO_POLICY" });
    const disabled = await world(t.prisma, { enabled: false });
    expect(await launch(t.prisma, disabled, disabled.user.id, disabled.apps.premiumManaged.id)).toMatchObject({ decision: "DENY", reason: "POLICY_OFF" });
    const scoped = await world(t.prisma);
    const r = await launch(t.prisma, scoped, scoped.user.id, scoped.apps.premiumStandard.id);
    expect(r).toMatchObject({ decision: "DENY", reason: "OUT_OF_SCOPE", policy: { id: scoped.policy!.id } });
    for (const w of [off, none, disabled, scoped]) expect(await t.prisma.licenseAssignment.count({ where: { tenantId: w.tenant.id } })).toBe(0);
  });

  it("AUTO_CLAIMED: assigns the primary product with its policy, slot and launch, and counts the unit", async () => {
    const w = await world(t.prisma, { primaryUnits: 2 });
    const r = await launch(t.prisma, w, w.user.userPrincipalName.toUpperCase(), w.apps.standardManaged.id);
    expect(r).toMatchObject({
      decision: "ALLOW",
      reason: "AUTO_CLAIMED",
      assignment: { productId: w.primary.id, position: 0, policyId: w.policy!.id, productName: "Power Apps Premium" },
    });
    const a = await t.prisma.licenseAssignment.findUniqueOrThrow({ where: { id: r.assignment!.id } });
    expect(a).toMatchObject({ source: "AUTO_CLAIM", policyId: w.policy!.id, launchId: r.launchId, productOrder: 0, userId: w.user.id });
    expect((await t.prisma.product.findUniqueOrThrow({ where: { id: w.primary.id } })).consumedUnits).toBe(1);
    // The next launch is LICENSED, and claims nothing more.
    expect((await launch(t.prisma, w, w.user.id, w.apps.premiumManaged.id)).reason).toBe("LICENSED");
    expect(await t.prisma.licenseAssignment.count({ where: { userId: w.user.id } })).toBe(1);
  });

  it("claims from the backup once the primary is exhausted, then refuses with NO_LICENSES_AVAILABLE", async () => {
    const w = await world(t.prisma, { primaryUnits: 1, backupUnits: 1 });
    const users = [w.user, await createUser(t.prisma, w.tenant), await createUser(t.prisma, w.tenant)];
    const results = [];
    for (const u of users) results.push(await launch(t.prisma, w, u.id, w.apps.premiumManaged.id));
    expect(results.map((r) => [r.reason, r.assignment?.position])).toEqual([
      ["AUTO_CLAIMED", 0],
      ["AUTO_CLAIMED", 1],
      ["NO_LICENSES_AVAILABLE", undefined],
    ]);
    expect(await t.prisma.launch.count({ where: { tenantId: w.tenant.id, reason: "NO_LICENSES_AVAILABLE", policyId: w.policy!.id } })).toBe(1);
  });

  it("adds the claimer to the policy's group", async () => {
    const w = await world(t.prisma, { groupName: "Auto-claimed users" });
    await launch(t.prisma, w, w.user.id, w.apps.premiumManaged.id);
    expect(await t.prisma.groupMember.count({ where: { groupId: w.group!.id, userId: w.user.id } })).toBe(1);
  });

  it("Power Automate: a premium flow run follows the same table with its own policy and products", async () => {
    const w = await world(t.prisma);
    expect(await launch(t.prisma, w, w.user.id, w.apps.premiumFlow.id)).toMatchObject({
      decision: "DENY",
      reason: "NO_POLICY",
      autoClaimApp: "POWER_AUTOMATE",
    });
    const flowPolicy = await createPolicy(t.prisma, w.tenant.id, { app: "POWER_AUTOMATE", productIds: [w.flowProduct.id] });
    const r = await launch(t.prisma, w, w.user.id, w.apps.premiumFlow.id);
    expect(r).toMatchObject({ reason: "AUTO_CLAIMED", assignment: { productId: w.flowProduct.id, policyId: flowPolicy.id } });
    expect((await t.prisma.launch.findUniqueOrThrow({ where: { id: r.launchId } })).kind).toBe("FLOW_RUN");
    // A Power Apps licence does not license flows, nor the reverse.
    expect((await launch(t.prisma, w, w.user.id, w.apps.premiumManaged.id)).reason).toBe("AUTO_CLAIMED");
  });

  it("answers not found, naming the field, for an unknown user or app, and writes nothing", async () => {
    const w = await world(t.prisma);
    await expect(launch(t.prisma, w, "nobody@nowhere.example", w.apps.premiumManaged.id)).rejects.toMatchObject({ httpStatus: 404, field: "user" });
    await expect(launch(t.prisma, w, w.user.id, "00000000-0000-4000-8000-000000000000")).rejects.toMatchObject({ httpStatus: 404, field: "app" });
    await expect(launch(t.prisma, w, w.user.id, "not-a-uuid")).rejects.toMatchObject({ httpStatus: 404, field: "app" });
    // Another tenant's app is unknown here.
    const other = await world(t.prisma);
    await expect(launch(t.prisma, w, w.user.id, other.apps.premiumManaged.id)).rejects.toMatchObject({ httpStatus: 404 });
    expect(await t.prisma.launch.count({ where: { tenantId: w.tenant.id } })).toBe(0);
  });
});

describe("statements per decision", () => {
  let counted: TestDb;
  let statements: string[] = [];
  beforeAll(async () => {
    counted = await createTestDb({ log: [{ emit: "event", level: "query" }] });
    (counted.prisma as unknown as { $on(e: "query", cb: (e: { query: string }) => void): void }).$on("query", (e) => statements.push(e.query));
    return () => counted.close();
  });

  it("takes 2 on every path: the claim is one statement after the facts, as are the already-licensed launch and the empty-pool refusal with its waiting-list entry", async () => {
    const w = await world(counted.prisma, { primaryUnits: 1 });
    statements = [];
    expect(await launch(counted.prisma, w, w.user.id, w.apps.premiumManaged.id)).toMatchObject({ reason: "AUTO_CLAIMED" });
    expect(statements).toHaveLength(2);
    expect(statements[1]).toMatch(/^\s*SELECT \* FROM launch_claim\(/);
    statements = [];
    await launch(counted.prisma, w, w.user.id, w.apps.premiumManaged.id);
    expect(statements).toHaveLength(2);
    statements = [];
    await launch(counted.prisma, w, w.user.id, w.apps.standardStandard.id);
    expect(statements).toHaveLength(2);
    // The one unit is gone: another user is refused without a lock or a transaction — the facts,
    // then the launch and the waiting-list entry in one statement.
    const other = await createUser(counted.prisma, w.tenant);
    statements = [];
    expect(await launch(counted.prisma, w, other.id, w.apps.premiumManaged.id)).toMatchObject({ reason: "NO_LICENSES_AVAILABLE", waitlistPosition: 1 });
    expect(statements).toHaveLength(2);
  });

  it("a policy with a group claims inside one transaction with the membership: BEGIN, the claim, the group's statements, COMMIT", async () => {
    const w = await world(counted.prisma, { primaryUnits: 1, groupName: "Claimers" });
    statements = [];
    expect(await launch(counted.prisma, w, w.user.id, w.apps.premiumManaged.id)).toMatchObject({
      reason: "AUTO_CLAIMED",
      assignment: { groupId: w.group!.id },
    });
    expect(statements[1]).toMatch(/launch_claim\(/);
    expect(statements.at(-1)).toMatch(/COMMIT/);
    expect(await counted.prisma.groupMember.count({ where: { groupId: w.group!.id, userId: w.user.id } })).toBe(1);
  });
});

describe("invariants under concurrent launches", () => {
  it("500 distinct users against 50 units: exactly 50 claimed, 450 refused, consumed = purchased", async () => {
    const w = await world(t.prisma, { primaryUnits: 50 });
    const users = await t.prisma.user.createManyAndReturn({
      data: Array.from({ length: 500 }, (_, i) => ({
        tenantId: w.tenant.id,
        displayName: `Storm ${i}`,
        userPrincipalName: `storm${i}.${w.tenant.id}@example.com`,
      })),
      select: { id: true },
    });
    const results = await Promise.all(users.map((u) => launch(t.prisma, w, u.id, w.apps.premiumManaged.id)));
    const byReason = results.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.reason]: (acc[r.reason] ?? 0) + 1 }), {});
    expect(byReason).toEqual({ AUTO_CLAIMED: 50, NO_LICENSES_AVAILABLE: 450 });
    const product = await t.prisma.product.findUniqueOrThrow({ where: { id: w.primary.id } });
    expect(product.consumedUnits).toBe(50);
    expect(await t.prisma.licenseAssignment.count({ where: { productId: w.primary.id } })).toBe(50);
    const holders = await t.prisma.licenseAssignment.groupBy({ by: ["userId"], where: { productId: w.primary.id }, _count: { _all: true } });
    expect(holders.every((h) => h._count._all === 1)).toBe(true);
    expect(await t.prisma.launch.count({ where: { tenantId: w.tenant.id } })).toBe(500);
  }, 120_000);

  it("200 distinct users against a primary of 20 and a backup of 30: 50 claimed, in order", async () => {
    const w = await world(t.prisma, { primaryUnits: 20, backupUnits: 30 });
    const users = await t.prisma.user.createManyAndReturn({
      data: Array.from({ length: 200 }, (_, i) => ({
        tenantId: w.tenant.id,
        displayName: `Backup ${i}`,
        userPrincipalName: `backup${i}.${w.tenant.id}@example.com`,
      })),
      select: { id: true },
    });
    const results = await Promise.all(users.map((u) => launch(t.prisma, w, u.id, w.apps.premiumManaged.id)));
    expect(results.filter((r) => r.assignment?.position === 0)).toHaveLength(20);
    expect(results.filter((r) => r.assignment?.position === 1)).toHaveLength(30);
    expect(results.filter((r) => r.reason === "NO_LICENSES_AVAILABLE")).toHaveLength(150);
  }, 120_000);

  it("50 concurrent launches by one user claim one unit", async () => {
    const w = await world(t.prisma, { primaryUnits: 1, backupUnits: 10 });
    const results = await Promise.all(Array.from({ length: 50 }, () => launch(t.prisma, w, w.user.id, w.apps.premiumManaged.id)));
    expect(results.filter((r) => r.reason === "AUTO_CLAIMED")).toHaveLength(1);
    expect(results.filter((r) => r.reason === "LICENSED")).toHaveLength(49);
    expect(await t.prisma.licenseAssignment.count({ where: { userId: w.user.id } })).toBe(1);
    expect((await t.prisma.product.findUniqueOrThrow({ where: { id: w.backup.id } })).consumedUnits).toBe(0);
  }, 60_000);
});
