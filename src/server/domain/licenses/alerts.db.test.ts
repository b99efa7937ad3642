/**
 * Pool alerts and runway (SPEC §8.2), on PGlite and on the PostgreSQL server: a storm of claims
 * crossing 80 %, 95 % and 100 % raises exactly one alert per level; falling back under resolves
 * them; editing the thresholds re-evaluates at once; the runway and the units to buy follow the
 * consumption history.
 */
import { describe, expect, it } from "vitest";
import { assignDirect, createApp, createEnvironment, createPolicy, createProduct, createTenant, createUser } from "../../../../tests/factories";
import { useTestDb } from "../../../../tests/setup/db";
import type { Actor } from "../audit/service";
import type { DomainContext } from "../context";
import { ValidationError } from "../errors";
import { recordLaunch } from "../launches/service";
import { getRunway, listOpenAlerts, listRunways, listUsageDays, setThresholds } from "./alerts";
import { unassignProduct } from "./products";

const t = useTestDb();
const actor: Actor = { id: null, label: "API token 'script'" };
const ctx = (tenantId: string): DomainContext => ({ db: t.prisma, actor, tenantId });
const DAY_MS = 24 * 60 * 60 * 1000;

const alertsOf = (productId: string) =>
  t.prisma.productAlert.findMany({ where: { productId }, orderBy: [{ level: "asc" }, { raisedAt: "asc" }], select: { level: true, resolvedAt: true } });
const openLevels = async (productId: string) =>
  (await t.prisma.productAlert.findMany({ where: { productId, resolvedAt: null }, select: { level: true } })).map((a) => a.level).sort();

/** A product of `units` units with `holders` direct holders. */
async function pool(units: number, holders: number) {
  const tenant = await createTenant(t.prisma);
  const product = await createProduct(t.prisma, tenant.id, { displayName: "Power Apps Premium", purchasedUnits: units });
  const users = await Promise.all(Array.from({ length: holders }, () => createUser(t.prisma, tenant)));
  for (const u of users) await assignDirect(t.prisma, tenant.id, u.id, product.id);
  return { tenant, product, users };
}

describe("a storm of claims", () => {
  it("100 concurrent claims on 100 units cross 80 %, 95 % and 100 %: exactly one alert per level; unassigning back under resolves them", async () => {
    const tenant = await createTenant(t.prisma, { autoClaimEnabled: true });
    const product = await createProduct(t.prisma, tenant.id, { displayName: "Power Apps Premium", purchasedUnits: 100 });
    await createPolicy(t.prisma, tenant.id, { productIds: [product.id] });
    const env = await createEnvironment(t.prisma, tenant.id, { managed: true });
    const app = await createApp(t.prisma, tenant.id, env.id, { premium: true });
    const users = await Promise.all(Array.from({ length: 100 }, () => createUser(t.prisma, tenant)));

    const results = await Promise.allSettled(users.map((u) => recordLaunch(t.prisma, { tenantId: tenant.id, user: u.id, appId: app.id })));
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    const claimed = results.filter((r) => r.status === "fulfilled" && r.value.reason === "AUTO_CLAIMED");
    expect(claimed).toHaveLength(100);
    expect((await t.prisma.product.findUniqueOrThrow({ where: { id: product.id } })).consumedUnits).toBe(100);

    expect(await alertsOf(product.id)).toEqual([
      { level: "WARNING", resolvedAt: null },
      { level: "CRITICAL", resolvedAt: null },
      { level: "EMPTY", resolvedAt: null },
    ]);
    const open = await listOpenAlerts(t.prisma, tenant.id);
    expect(open.map((a) => a.level)).toEqual(["EMPTY", "CRITICAL", "WARNING"]);
    expect(open[0]).toMatchObject({ product: { id: product.id, displayName: "Power Apps Premium" }, purchasedUnits: 100, consumedUnits: 100 });
    // The day's peak is recorded.
    const [today] = await t.prisma.productUsageDay.findMany({ where: { productId: product.id }, orderBy: { day: "desc" }, take: 1 });
    expect(today).toMatchObject({ consumedUnits: 100, purchasedUnits: 100 });

    const holders = (await t.prisma.licenseAssignment.findMany({ where: { productId: product.id }, select: { userId: true }, orderBy: { userId: "asc" } })).map(
      (a) => a.userId,
    );
    // 94 % consumed: under empty and critical, still at warning.
    await unassignProduct(ctx(tenant.id), { productId: product.id, userIds: holders.slice(0, 6) });
    expect((await t.prisma.product.findUniqueOrThrow({ where: { id: product.id } })).consumedUnits).toBe(94);
    expect(await openLevels(product.id)).toEqual(["WARNING"]);
    // 79 %: everything resolved; nothing new raised on the way down.
    await unassignProduct(ctx(tenant.id), { productId: product.id, userIds: holders.slice(6, 21) });
    expect(await openLevels(product.id)).toEqual([]);
    expect(await t.prisma.productAlert.count({ where: { productId: product.id } })).toBe(3);
    expect(await listOpenAlerts(t.prisma, tenant.id)).toEqual([]);
    // The peak of the day stays 100.
    expect(await t.prisma.productUsageDay.findFirst({ where: { productId: product.id }, orderBy: { day: "desc" } })).toMatchObject({ consumedUnits: 100 });

    // Crossing again, concurrently, raises one new alert per level.
    const again = await Promise.allSettled(holders.slice(0, 21).map((id) => recordLaunch(t.prisma, { tenantId: tenant.id, user: id, appId: app.id })));
    expect(again.filter((r) => r.status === "rejected")).toEqual([]);
    expect((await t.prisma.product.findUniqueOrThrow({ where: { id: product.id } })).consumedUnits).toBe(100);
    expect(await openLevels(product.id)).toEqual(["CRITICAL", "EMPTY", "WARNING"]);
    expect(await t.prisma.productAlert.count({ where: { productId: product.id } })).toBe(6);

    // Admins were told once per crossing and once per resolution — not once per claim — each with its e-mail queued.
    const told = await t.prisma.notification.findMany({
      where: { productId: product.id },
      select: { kind: true, userId: true, alert: { select: { level: true } }, email: { select: { status: true } } },
      orderBy: [{ createdAt: "asc" }, { kind: "asc" }],
    });
    const count = (kind: string) => told.filter((n) => n.kind === kind).length;
    expect([count("POOL_ALERT"), count("POOL_RECOVERED"), told.length]).toEqual([6, 3, 9]);
    expect(told.every((n) => n.userId === null && n.email?.status === "PENDING")).toBe(true);
    expect(
      told
        .filter((n) => n.kind === "POOL_RECOVERED")
        .map((n) => n.alert?.level)
        .sort(),
    ).toEqual(["CRITICAL", "EMPTY", "WARNING"]);
  }, 120_000);

  it("a pool never bought raises nothing, and raw SQL changes are covered too", async () => {
    const { product } = await pool(0, 0);
    expect(await alertsOf(product.id)).toEqual([]);
    await t.prisma.$executeRaw`UPDATE "Product" SET "purchasedUnits" = 4 WHERE "id" = ${product.id}::uuid`;
    expect(await alertsOf(product.id)).toEqual([]);
    const tenantId = product.tenantId;
    const tenant = await t.prisma.tenant.findUniqueOrThrow({ where: { id: tenantId } });
    for (let i = 0; i < 4; i++) await assignDirect(t.prisma, tenantId, (await createUser(t.prisma, tenant)).id, product.id);
    expect(await openLevels(product.id)).toEqual(["CRITICAL", "EMPTY", "WARNING"]);
    await t.prisma.$executeRaw`UPDATE "Product" SET "purchasedUnits" = 10 WHERE "id" = ${product.id}::uuid`;
    expect(await openLevels(product.id)).toEqual([]);
  });
});

describe("setThresholds", () => {
  it("re-evaluates the open alerts at once, and is audited", async () => {
    const { tenant, product } = await pool(10, 7);
    expect(await openLevels(product.id)).toEqual([]);

    const lower = await setThresholds(ctx(tenant.id), { productId: product.id, warningPercent: 60, criticalPercent: 70, emptyPercent: 90 });
    expect(lower).toEqual({ warningPercent: 60, criticalPercent: 70, emptyPercent: 90, openLevels: ["WARNING", "CRITICAL"] });
    expect(await openLevels(product.id)).toEqual(["CRITICAL", "WARNING"]);

    const raised = await setThresholds(ctx(tenant.id), { productId: product.id, warningPercent: 65, criticalPercent: 95, emptyPercent: 100 });
    expect(raised.openLevels).toEqual(["WARNING"]);
    const back = await setThresholds(ctx(tenant.id), { productId: product.id, warningPercent: 80, criticalPercent: 95, emptyPercent: 100 });
    expect(back.openLevels).toEqual([]);
    expect(await alertsOf(product.id)).toEqual([
      { level: "WARNING", resolvedAt: expect.any(Date) },
      { level: "CRITICAL", resolvedAt: expect.any(Date) },
    ]);

    const audit = await t.prisma.auditEntry.findMany({ where: { tenantId: tenant.id, action: "product.thresholds" }, orderBy: { createdAt: "asc" } });
    expect(audit).toHaveLength(3);
    expect(audit[0]).toMatchObject({ targetId: product.id, summary: "Power Apps Premium: alert thresholds 80/95/100 % → 60/70/90 %" });
    // The same thresholds again change nothing and write no entry.
    await setThresholds(ctx(tenant.id), { productId: product.id, warningPercent: 80, criticalPercent: 95, emptyPercent: 100 });
    expect(await t.prisma.auditEntry.count({ where: { tenantId: tenant.id, action: "product.thresholds" } })).toBe(3);
  });

  it("refuses an order that is not 1 ≤ warning < critical ≤ empty ≤ 100 beside the field, and another tenant's product", async () => {
    const { tenant, product } = await pool(10, 0);
    const other = await createTenant(t.prisma);
    const attempt = (w: number, c: number, e: number) =>
      setThresholds(ctx(tenant.id), { productId: product.id, warningPercent: w, criticalPercent: c, emptyPercent: e }).catch((e: unknown) => e);
    expect(await attempt(90, 90, 100)).toMatchObject({ field: "criticalPercent" });
    expect(await attempt(50, 96, 95)).toMatchObject({ field: "emptyPercent" });
    expect(await attempt(0, 50, 60)).toMatchObject({ field: "warningPercent" });
    expect(await attempt(50, 60, 101)).toBeInstanceOf(ValidationError);
    await expect(setThresholds(ctx(other.id), { productId: product.id, warningPercent: 50, criticalPercent: 60, emptyPercent: 70 })).rejects.toMatchObject({
      field: "productId",
    });
    expect(await t.prisma.product.findUniqueOrThrow({ where: { id: product.id } })).toMatchObject({
      warningPercent: 80,
      criticalPercent: 95,
      emptyPercent: 100,
    });
    // The database holds the order too, for every code path.
    await expect(t.prisma.$executeRaw`UPDATE "Product" SET "warningPercent" = 96 WHERE "id" = ${product.id}::uuid`).rejects.toThrow();
  });
});

describe("runway and units to buy", () => {
  const now = new Date("2027-03-31T15:00:00Z");
  const day = (daysAgo: number) => new Date(Date.parse("2027-03-31T00:00:00Z") - daysAgo * DAY_MS);
  async function history(productId: string, rows: [daysAgo: number, consumed: number][], purchased = 50) {
    await t.prisma.productUsageDay.deleteMany({ where: { productId } });
    await t.prisma.productUsageDay.createMany({
      data: rows.map(([d, consumed]) => ({ productId, day: day(d), consumedUnits: consumed, purchasedUnits: purchased })),
    });
  }

  it("28 net claims in 28 days with 10 units left: 10 days, 20 units to buy (plus those waiting)", async () => {
    const { tenant, product } = await pool(50, 40);
    // 40 days ago 5, 30 days ago 12 (the last day on or before the window's start counts), then growth.
    await history(product.id, [
      [40, 5],
      [30, 12],
      [10, 30],
      [0, 40],
    ]);
    const runway = await getRunway(t.prisma, tenant.id, product.id, { now });
    expect(runway).toMatchObject({ purchased: 50, consumed: 40, available: 10, ratePerDay: 1, historyDays: 28, runwayDays: 10, unitsToBuy: 20 });
    expect((await getRunway(t.prisma, tenant.id, product.id, { now, waiting: 5 }))?.unitsToBuy).toBe(25);
  });

  it("is not shrinking when releases outnumber claims, and needs nothing", async () => {
    const { tenant, product } = await pool(50, 40);
    await history(product.id, [[28, 45]]);
    expect(await getRunway(t.prisma, tenant.id, product.id, { now })).toMatchObject({ ratePerDay: -5 / 28, runwayDays: null, unitsToBuy: 0 });
  });

  it("measures a product younger than the window from its first day; with no history before today it is not shrinking", async () => {
    const { tenant, product } = await pool(50, 40);
    await history(product.id, [[8, 0]]);
    expect(await getRunway(t.prisma, tenant.id, product.id, { now })).toMatchObject({ ratePerDay: 5, historyDays: 8, runwayDays: 2, unitsToBuy: 140 });
    await history(product.id, [[0, 40]]);
    expect(await getRunway(t.prisma, tenant.id, product.id, { now })).toMatchObject({ historyDays: 0, runwayDays: null, unitsToBuy: 0 });
  });

  it("lists every product of the tenant only, and nothing for another tenant's product", async () => {
    const { tenant, product } = await pool(50, 0);
    const second = await createProduct(t.prisma, tenant.id, { displayName: "Power Automate Premium", purchasedUnits: 5 });
    const other = await pool(5, 0);
    const ids = (await listRunways(t.prisma, tenant.id, { now })).map((r) => r.productId);
    expect(ids.sort()).toEqual([product.id, second.id].sort());
    expect(await getRunway(t.prisma, tenant.id, other.product.id, { now })).toBeNull();
    expect(await getRunway(t.prisma, tenant.id, "not-a-uuid", { now })).toBeNull();
  });

  it("the chart's 90 days carry each day's peak forward from the last record", async () => {
    const { tenant, product } = await pool(50, 0);
    await history(product.id, [
      [100, 3],
      [50, 7],
      [10, 9],
    ]);
    const days = await listUsageDays(t.prisma, tenant.id, product.id, { now });
    expect(days).toHaveLength(90);
    expect(days[0]).toEqual({ day: "2027-01-01", consumed: 3, purchased: 50 });
    expect(days.find((d) => d.day === day(50).toISOString().slice(0, 10))).toMatchObject({ consumed: 7 });
    expect(days.at(-1)).toEqual({ day: "2027-03-31", consumed: 9, purchased: 50 });
    expect(await listUsageDays(t.prisma, (await createTenant(t.prisma)).id, product.id, { now })).toEqual([]);
  });
});
