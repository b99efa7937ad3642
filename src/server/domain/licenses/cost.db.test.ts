/**
 * The cost of licences (SPEC §8.6) on PGlite and on the PostgreSQL server: a Global admin's price
 * (checked, normalised, audited), monthly cost = consumed × unit price, idle cost = units held by
 * people with no launch of a covered app in the 30 days before `now` (suite products: not
 * computed), and totals per currency that never add two currencies together. `now` is a fixed
 * clock: nothing sleeps.
 */
import { describe, expect, it } from "vitest";
import {
  addGroupMembers,
  assignDirect,
  assignGroupLicense,
  createApp,
  createEnvironment,
  createGroup,
  createProduct,
  createTenant,
  createUser,
} from "../../../../tests/factories";
import { useTestDb } from "../../../../tests/setup/db";
import type { Actor } from "../audit/service";
import type { DomainContext } from "../context";
import { NotFoundError, ValidationError } from "../errors";
import { formatMoney, getProductCost, getTenantCosts, setProductPrice } from "./cost";

const t = useTestDb();
const actor: Actor = { id: null, label: "Megan Bowen" };
const ctx = (tenantId: string): DomainContext => ({ db: t.prisma, actor, tenantId });
const NOW = new Date("2026-12-02T12:00:00.000Z");
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

/** A tenant of its own: Power Apps and Power Automate standalone products, a suite product, an unpriced one, and their holders' launches. */
async function world() {
  const tenant = await createTenant(t.prisma);
  const env = await createEnvironment(t.prisma, tenant.id, { managed: true });
  const canvas = await createApp(t.prisma, tenant.id, env.id, { name: "Expenses", premium: true });
  const flow = await createApp(t.prisma, tenant.id, env.id, { name: "Approvals flow", kind: "CLOUD_FLOW", premium: true });
  const premium = await createProduct(t.prisma, tenant.id, { displayName: "Power Apps Premium", standaloneFor: "POWER_APPS", purchasedUnits: 10 });
  const automate = await createProduct(t.prisma, tenant.id, { displayName: "Power Automate Premium", standaloneFor: "POWER_AUTOMATE", purchasedUnits: 10 });
  const e3 = await createProduct(t.prisma, tenant.id, { displayName: "Microsoft 365 E3", standaloneFor: null, purchasedUnits: 10 });
  const unpriced = await createProduct(t.prisma, tenant.id, { displayName: "Visio Plan 2", standaloneFor: null, purchasedUnits: 10 });
  const [a, b, c, d, e] = await Promise.all(Array.from({ length: 5 }, () => createUser(t.prisma, tenant)));
  const launch = (userId: string, app: { id: string }, createdAt: Date) =>
    t.prisma.launch.create({
      data: { tenantId: tenant.id, userId, appId: app.id, environmentId: env.id, kind: "APP_LAUNCH", decision: "ALLOW", reason: "LICENSED", createdAt },
    });
  for (const u of [a, b, c, d, e]) await assignDirect(t.prisma, tenant.id, u.id, premium.id);
  // d holds Power Apps Premium twice (directly and through a group): one unit, one idle unit.
  const group = await createGroup(t.prisma, tenant.id, { displayName: "Makers" });
  await assignGroupLicense(t.prisma, tenant.id, group.id, premium.id);
  await addGroupMembers(t.prisma, tenant.id, group.id, [d.id]);
  await assignDirect(t.prisma, tenant.id, a.id, automate.id);
  await assignDirect(t.prisma, tenant.id, c.id, automate.id);
  await assignDirect(t.prisma, tenant.id, a.id, e3.id);
  await assignDirect(t.prisma, tenant.id, b.id, e3.id);
  await assignDirect(t.prisma, tenant.id, a.id, unpriced.id);
  await launch(a.id, canvas, daysAgo(5)); // a used Power Apps
  await launch(b.id, canvas, daysAgo(31)); // b: too long ago
  await launch(b.id, canvas, daysAgo(30)); // b: exactly 30 days ago is outside the window
  await launch(c.id, flow, daysAgo(2)); // c used Power Automate, not Power Apps
  await launch(e.id, canvas, new Date(NOW.getTime() + 60_000)); // after `now`: not yet
  await launch(a.id, canvas, NOW); // at `now`: counts (a used it anyway)
  return { tenant, premium, automate, e3, unpriced, group, people: { a, b, c, d, e } };
}

async function price(w: Awaited<ReturnType<typeof world>>) {
  await setProductPrice(ctx(w.tenant.id), { productId: w.premium.id, unitPrice: "20", currency: "USD" });
  await setProductPrice(ctx(w.tenant.id), { productId: w.automate.id, unitPrice: "15.00", currency: "usd" });
  await setProductPrice(ctx(w.tenant.id), { productId: w.e3.id, unitPrice: "36", currency: "EUR" });
}

describe("setProductPrice", () => {
  it("sets a price, normalised to two decimals and an upper-case code, audited as product.price with before and after", async () => {
    const w = await world();
    expect(await setProductPrice(ctx(w.tenant.id), { productId: w.premium.id, unitPrice: "20", currency: "eur" })).toEqual({
      unitPrice: "20.00",
      currency: "EUR",
    });
    const row = await t.prisma.product.findUniqueOrThrow({ where: { id: w.premium.id } });
    expect([row.unitPrice?.toFixed(2), row.currency]).toEqual(["20.00", "EUR"]);
    const audit = await t.prisma.auditEntry.findMany({ where: { tenantId: w.tenant.id, action: "product.price" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorLabel: "Megan Bowen",
      targetType: "Product",
      targetId: w.premium.id,
      summary: "Power Apps Premium: unit price not priced → 20.00 EUR a month",
      before: { unitPrice: null, currency: "USD" },
      after: { unitPrice: "20.00", currency: "EUR" },
    });

    // The same price again writes nothing; a number works like its text; "" clears the price.
    await setProductPrice(ctx(w.tenant.id), { productId: w.premium.id, unitPrice: "20.00", currency: "EUR" });
    expect(await t.prisma.auditEntry.count({ where: { tenantId: w.tenant.id, action: "product.price" } })).toBe(1);
    expect(await setProductPrice(ctx(w.tenant.id), { productId: w.premium.id, unitPrice: 0.5, currency: "EUR" })).toEqual({
      unitPrice: "0.50",
      currency: "EUR",
    });
    expect(await setProductPrice(ctx(w.tenant.id), { productId: w.premium.id, unitPrice: "", currency: "EUR" })).toEqual({ unitPrice: null, currency: "EUR" });
    expect((await t.prisma.product.findUniqueOrThrow({ where: { id: w.premium.id } })).unitPrice).toBeNull();
    expect(await t.prisma.auditEntry.count({ where: { tenantId: w.tenant.id, action: "product.price" } })).toBe(3);
  });

  it("refuses a bad amount or currency beside its field and writes nothing", async () => {
    const w = await world();
    const cases: [unknown, unknown, string][] = [
      ["-1", "USD", "unitPrice"],
      ["1.234", "USD", "unitPrice"],
      ["1000000.01", "USD", "unitPrice"],
      ["12abc", "USD", "unitPrice"],
      ["1e3", "USD", "unitPrice"],
      [Number.NaN, "USD", "unitPrice"],
      [{}, "USD", "unitPrice"],
      ["20", "US", "currency"],
      ["20", "U$D", "currency"],
      ["20", "", "currency"],
      ["20", "USD\u0000", "currency"],
    ];
    for (const [unitPrice, currency, field] of cases) {
      const run = setProductPrice(ctx(w.tenant.id), { productId: w.premium.id, unitPrice, currency } as never);
      await expect(run, `${String(unitPrice)} ${String(currency)}`).rejects.toBeInstanceOf(ValidationError);
      await expect(run).rejects.toMatchObject({ field });
    }
    expect(await setProductPrice(ctx(w.tenant.id), { productId: w.premium.id, unitPrice: "1000000", currency: "JPY" })).toEqual({
      unitPrice: "1000000.00",
      currency: "JPY",
    });
    expect(await t.prisma.auditEntry.count({ where: { tenantId: w.tenant.id, action: "product.price" } })).toBe(1);
  });

  it("never prices another tenant's product", async () => {
    const w = await world();
    const other = await createTenant(t.prisma);
    await expect(setProductPrice(ctx(other.id), { productId: w.premium.id, unitPrice: "1", currency: "USD" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(setProductPrice(ctx(other.id), { productId: "not-an-id", unitPrice: "1", currency: "USD" })).rejects.toBeInstanceOf(NotFoundError);
    expect((await t.prisma.product.findUniqueOrThrow({ where: { id: w.premium.id } })).unitPrice).toBeNull();
  });

  it("the database refuses a negative price and a currency that is not three upper-case letters", async () => {
    const w = await world();
    await expect(t.prisma.$executeRaw`UPDATE "Product" SET "unitPrice" = -1 WHERE "id" = ${w.premium.id}::uuid`).rejects.toThrow();
    await expect(t.prisma.$executeRaw`UPDATE "Product" SET "currency" = 'usd' WHERE "id" = ${w.premium.id}::uuid`).rejects.toThrow();
    await expect(t.prisma.$executeRaw`UPDATE "Product" SET "currency" = 'USDX' WHERE "id" = ${w.premium.id}::uuid`).rejects.toThrow();
    expect(await t.prisma.product.findUniqueOrThrow({ where: { id: w.premium.id }, select: { unitPrice: true, currency: true } })).toEqual({
      unitPrice: null,
      currency: "USD",
    });
  });
});

describe("cost reads", () => {
  it("monthly cost is consumed × unit price; idle cost counts holders with no covered launch in the 30 days before now", async () => {
    const w = await world();
    await price(w);
    const premium = await getProductCost(t.prisma, w.tenant.id, w.premium.id, NOW);
    // 5 people hold it (d twice: one unit). Idle: b (launched 30 and 31 days ago), c (a flow only), d (never), e (only after now).
    expect(premium).toMatchObject({
      unitPrice: "20.00",
      currency: "USD",
      consumed: 5,
      monthlyCost: "100.00",
      idleComputed: true,
      idleUnits: 4,
      idleCost: "80.00",
    });
    // Power Automate Premium: c ran a flow; a only opened a canvas app.
    expect(await getProductCost(t.prisma, w.tenant.id, w.automate.id, NOW)).toMatchObject({
      consumed: 2,
      monthlyCost: "30.00",
      idleUnits: 1,
      idleCost: "15.00",
    });
    // A suite product: cost yes, idle not computed.
    expect(await getProductCost(t.prisma, w.tenant.id, w.e3.id, NOW)).toMatchObject({
      currency: "EUR",
      consumed: 2,
      monthlyCost: "72.00",
      idleComputed: false,
      idleUnits: null,
      idleCost: null,
    });
    // Not priced: no cost at all.
    expect(await getProductCost(t.prisma, w.tenant.id, w.unpriced.id, NOW)).toMatchObject({ unitPrice: null, consumed: 1, monthlyCost: null, idleCost: null });
  });

  it("the clock decides what is idle: a launch counts for 30 days", async () => {
    const w = await world();
    await price(w);
    // 25 days earlier, b's launches (then 5 and 6 days old) count and e's is still in the future; a's launch 5 days before NOW has not happened.
    const earlier = new Date(NOW.getTime() - 25 * 86_400_000);
    expect(await getProductCost(t.prisma, w.tenant.id, w.premium.id, earlier)).toMatchObject({ idleUnits: 4, idleCost: "80.00" });
    const premiumHolders = await getProductCost(t.prisma, w.tenant.id, w.premium.id, new Date(NOW.getTime() + 120_000));
    // Two minutes after NOW, e's launch counts: e is no longer idle.
    expect(premiumHolders).toMatchObject({ idleUnits: 3, idleCost: "60.00" });
  });

  it("a group member in error holds nothing and is no idle unit; a removed licence stops costing", async () => {
    const w = await world();
    await price(w);
    const tight = await createProduct(t.prisma, w.tenant.id, { displayName: "Power Apps per app", standaloneFor: "POWER_APPS", purchasedUnits: 1 });
    await setProductPrice(ctx(w.tenant.id), { productId: tight.id, unitPrice: "5", currency: "USD" });
    const group = await createGroup(t.prisma, w.tenant.id, { displayName: "Per app" });
    await assignGroupLicense(t.prisma, w.tenant.id, group.id, tight.id);
    await addGroupMembers(t.prisma, w.tenant.id, group.id, [w.people.d.id, w.people.e.id]);
    expect(await t.prisma.licenseAssignment.count({ where: { productId: tight.id, state: "ERROR" } })).toBe(1);
    expect(await getProductCost(t.prisma, w.tenant.id, tight.id, NOW)).toMatchObject({ consumed: 1, monthlyCost: "5.00", idleUnits: 1, idleCost: "5.00" });

    await t.prisma.licenseAssignment.deleteMany({ where: { productId: w.premium.id, userId: w.people.b.id } });
    expect(await getProductCost(t.prisma, w.tenant.id, w.premium.id, NOW)).toMatchObject({
      consumed: 4,
      monthlyCost: "80.00",
      idleUnits: 3,
      idleCost: "60.00",
    });
  });

  it("totals are per currency, never added across currencies; unpriced products are counted apart", async () => {
    const w = await world();
    await price(w);
    const costs = await getTenantCosts(t.prisma, w.tenant.id, NOW);
    expect(costs.totals).toEqual([
      { currency: "EUR", monthlyCost: "72.00", idleCost: "0.00", products: 1 },
      { currency: "USD", monthlyCost: "130.00", idleCost: "95.00", products: 2 },
    ]);
    expect([costs.unpriced, costs.idleNotComputed, costs.windowDays]).toEqual([1, 1, 30]);
    expect(costs.products.map((p) => [p.displayName, p.monthlyCost])).toEqual([
      ["Microsoft 365 E3", "72.00"],
      ["Power Apps Premium", "100.00"],
      ["Power Automate Premium", "30.00"],
      ["Visio Plan 2", null],
    ]);
    // Another tenant sees none of it.
    expect(await getTenantCosts(t.prisma, (await createTenant(t.prisma)).id, NOW)).toMatchObject({ products: [], totals: [], unpriced: 0 });
  });

  it("adds cents exactly (no binary rounding) and formats money with Intl", async () => {
    const w = await world();
    await setProductPrice(ctx(w.tenant.id), { productId: w.premium.id, unitPrice: "0.10", currency: "USD" });
    await setProductPrice(ctx(w.tenant.id), { productId: w.automate.id, unitPrice: "999999.99", currency: "USD" });
    const costs = await getTenantCosts(t.prisma, w.tenant.id, NOW);
    expect(costs.products.find((p) => p.id === w.premium.id)?.monthlyCost).toBe("0.50");
    expect(costs.totals).toEqual([{ currency: "USD", monthlyCost: "2000000.48", idleCost: "1000000.39", products: 2 }]);
    expect(formatMoney("2000000.48", "USD")).toBe("$2,000,000.48");
    expect(formatMoney("72.00", "EUR")).toBe("€72.00");
    expect(formatMoney("5.00", "JPY")).toBe("¥5");
  });
});
