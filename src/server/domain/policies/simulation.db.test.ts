/**
 * The simulation (SPEC §8.5) on both databases, with a controlled clock: the last 30 days of
 * recorded launches replayed for a policy definition — launches older than 30 days, out of scope,
 * of another app or another tenant ignored; people holding a standalone licence now ignored; the
 * numbers exact, in one statement.
 */
import { describe, expect, it } from "vitest";
import type { PrismaClient } from "@/generated/prisma/client";
import {
  addGroupMembers,
  assignDirect,
  assignGroupLicense,
  createApp,
  createEnvironment,
  createGroup,
  createLaunch,
  createProduct,
  createTenant,
  createUser,
} from "../../../../tests/factories";
import { createTestDb, useTestDb } from "../../../../tests/setup/db";
import { simulatePolicy } from "./simulation";

const t = useTestDb();

const NOW = new Date("2026-06-15T12:00:00.000Z");
const DAY = 24 * 60 * 60 * 1000;
const daysAgo = (d: number) => new Date(NOW.getTime() - d * DAY);

async function world(db: PrismaClient, { premiumUnits = 3, perAppUnits = 1 } = {}) {
  const tenant = await createTenant(db, { autoClaimEnabled: true });
  const premium = await createProduct(db, tenant.id, { displayName: "Power Apps Premium", purchasedUnits: premiumUnits });
  const perApp = await createProduct(db, tenant.id, { displayName: "Power Apps per app", purchasedUnits: perAppUnits });
  const flows = await createProduct(db, tenant.id, { displayName: "Power Automate Premium", standaloneFor: "POWER_AUTOMATE", purchasedUnits: 50 });
  const suite = await createProduct(db, tenant.id, { displayName: "Microsoft 365 E3", standaloneFor: null, purchasedUnits: 100 });
  const managed = await createEnvironment(db, tenant.id, { managed: true });
  const standard = await createEnvironment(db, tenant.id, { managed: false });
  const apps = {
    premiumManaged: await createApp(db, tenant.id, managed.id, { premium: true }),
    standardManaged: await createApp(db, tenant.id, managed.id, { premium: false }),
    premiumStandard: await createApp(db, tenant.id, standard.id, { premium: true }),
    standardStandard: await createApp(db, tenant.id, standard.id, { premium: false }),
    flow: await createApp(db, tenant.id, managed.id, { premium: true, kind: "CLOUD_FLOW" }),
  };
  const person = () => createUser(db, tenant);
  return { tenant, premium, perApp, flows, suite, apps, person };
}

const simulate = (w: Awaited<ReturnType<typeof world>>, scope: "MANAGED_ONLY" | "ALL_ENVIRONMENTS", productIds: string[]) =>
  simulatePolicy(t.prisma, w.tenant.id, { app: "POWER_APPS", scope, productIds }, NOW);

describe("simulatePolicy", () => {
  it("counts each person once within the 30 days before now; older, later and boundary launches are ignored", async () => {
    const w = await world(t.prisma);
    const [a, b, old, boundary, later] = [await w.person(), await w.person(), await w.person(), await w.person(), await w.person()];
    await createLaunch(t.prisma, w.apps.premiumManaged, a.id, { createdAt: daysAgo(1) });
    await createLaunch(t.prisma, w.apps.premiumManaged, a.id, { createdAt: daysAgo(2) });
    await createLaunch(t.prisma, w.apps.standardManaged, b.id, { createdAt: daysAgo(29.9) });
    await createLaunch(t.prisma, w.apps.premiumManaged, old.id, { createdAt: daysAgo(31) });
    await createLaunch(t.prisma, w.apps.premiumManaged, boundary.id, { createdAt: daysAgo(30) });
    await createLaunch(t.prisma, w.apps.premiumManaged, later.id, { createdAt: new Date(NOW.getTime() + 1000) });
    expect(await simulate(w, "MANAGED_ONLY", [w.premium.id])).toEqual({
      since: daysAgo(30),
      until: NOW,
      wouldClaim: 2,
      availableNow: 3,
      wouldWait: 0,
    });
  });

  it("follows the scope: a managed-only policy ignores standard environments; no policy covers a standard app there", async () => {
    const w = await world(t.prisma);
    const [inManaged, premiumInStandard, standardInStandard] = [await w.person(), await w.person(), await w.person()];
    await createLaunch(t.prisma, w.apps.premiumManaged, inManaged.id, { createdAt: daysAgo(3) });
    await createLaunch(t.prisma, w.apps.premiumStandard, premiumInStandard.id, { createdAt: daysAgo(3) });
    await createLaunch(t.prisma, w.apps.standardStandard, standardInStandard.id, { createdAt: daysAgo(3) });
    expect((await simulate(w, "MANAGED_ONLY", [w.premium.id])).wouldClaim).toBe(1);
    expect((await simulate(w, "ALL_ENVIRONMENTS", [w.premium.id])).wouldClaim).toBe(2);
  });

  it("ignores flows for a Power Apps policy, another tenant's launches, disabled accounts, and people licensed now", async () => {
    const w = await world(t.prisma);
    const other = await world(t.prisma);
    const [flowUser, direct, viaGroup, suiteOnly, disabled, counted] = [
      await w.person(),
      await w.person(),
      await w.person(),
      await w.person(),
      await w.person(),
      await w.person(),
    ];
    await createLaunch(t.prisma, w.apps.flow, flowUser.id, { createdAt: daysAgo(5) });
    await assignDirect(t.prisma, w.tenant.id, direct.id, w.perApp.id);
    const group = await createGroup(t.prisma, w.tenant.id, { displayName: "Makers" });
    await assignGroupLicense(t.prisma, w.tenant.id, group.id, w.premium.id);
    await addGroupMembers(t.prisma, w.tenant.id, group.id, [viaGroup.id]);
    await assignDirect(t.prisma, w.tenant.id, suiteOnly.id, w.suite.id);
    await t.prisma.user.update({ where: { id: disabled.id }, data: { accountEnabled: false } });
    for (const p of [direct, viaGroup, suiteOnly, disabled, counted]) await createLaunch(t.prisma, w.apps.premiumManaged, p.id, { createdAt: daysAgo(5) });
    const stranger = await other.person();
    await createLaunch(t.prisma, other.apps.premiumManaged, stranger.id, { createdAt: daysAgo(5) });
    // Premium: 3 purchased, 1 held through the group → 2 available; per app: 1 purchased, 1 held → 0.
    expect(await simulate(w, "MANAGED_ONLY", [w.premium.id, w.perApp.id])).toMatchObject({ wouldClaim: 2, availableNow: 2, wouldWait: 0 });
  });

  it("says how many would wait beyond the units available now, across the policy's products; another app's products do not count", async () => {
    const w = await world(t.prisma, { premiumUnits: 2, perAppUnits: 1 });
    for (let i = 0; i < 7; i++) await createLaunch(t.prisma, w.apps.premiumManaged, (await w.person()).id, { createdAt: daysAgo(i + 1) });
    expect(await simulate(w, "MANAGED_ONLY", [w.premium.id])).toMatchObject({ wouldClaim: 7, availableNow: 2, wouldWait: 5 });
    expect(await simulate(w, "MANAGED_ONLY", [w.premium.id, w.perApp.id])).toMatchObject({ wouldClaim: 7, availableNow: 3, wouldWait: 4 });
    expect(await simulate(w, "MANAGED_ONLY", [w.premium.id, w.flows.id])).toMatchObject({ availableNow: 2 });
  });

  it("is one statement", async () => {
    const counted = await createTestDb({ log: [{ emit: "event", level: "query" }] });
    try {
      const statements: string[] = [];
      (counted.prisma as unknown as { $on(e: "query", cb: (e: { query: string }) => void): void }).$on("query", (e) => statements.push(e.query));
      const w = await world(counted.prisma);
      await createLaunch(counted.prisma, w.apps.premiumManaged, (await w.person()).id, { createdAt: daysAgo(1) });
      statements.length = 0;
      const r = await simulatePolicy(counted.prisma, w.tenant.id, { app: "POWER_APPS", scope: "MANAGED_ONLY", productIds: [w.premium.id, w.perApp.id] }, NOW);
      expect(r).toMatchObject({ wouldClaim: 1, availableNow: 4, wouldWait: 0 });
      expect(statements).toHaveLength(1);
    } finally {
      await counted.close();
    }
  });
});
