/**
 * Home's and Products' product rows (getLicenseOverview), on PGlite and on the PostgreSQL server:
 * a row's alert is the highest level of the product's open alerts, the ones the database raises and
 * the Alerts list shows, so the badge and the list always agree.
 */
import { describe, expect, it } from "vitest";
import { assignDirect, createProduct, createTenant, createUser } from "../../../../tests/factories";
import { useTestDb } from "../../../../tests/setup/db";
import { listOpenAlerts } from "./alerts";
import { getLicenseOverview } from "./service";

const t = useTestDb();

/** A product of `units` units with `holders` direct holders, in `tenant`. */
async function pool(tenant: { id: string; domain: string }, displayName: string, units: number, holders: number) {
  const product = await createProduct(t.prisma, tenant.id, { displayName, purchasedUnits: units });
  const users = await Promise.all(Array.from({ length: holders }, () => createUser(t.prisma, tenant)));
  for (const u of users) await assignDirect(t.prisma, tenant.id, u.id, product.id);
  return product;
}

describe("a product row's alert", () => {
  it("is the highest open level of the product's alerts, the same as the Alerts list", async () => {
    const tenant = await createTenant(t.prisma);
    const warning = await pool(tenant, "Warning pool", 10, 8); // 80 %: warning only
    const critical = await pool(tenant, "Critical pool", 20, 19); // 95 %: warning and critical
    const empty = await pool(tenant, "Empty pool", 5, 5); // 100 %: all three
    const fine = await pool(tenant, "Fine pool", 10, 7); // 70 %: none

    const { products } = await getLicenseOverview(t.prisma, tenant.id);
    const alertOf = Object.fromEntries(products.map((p) => [p.id, p.alert]));
    expect(alertOf).toEqual({ [warning.id]: "WARNING", [critical.id]: "CRITICAL", [empty.id]: "EMPTY", [fine.id]: null });

    // The Alerts list names the same most severe level for each product.
    const open = await listOpenAlerts(t.prisma, tenant.id);
    const firstListed = new Map<string, string>();
    for (const a of open) if (!firstListed.has(a.product.id)) firstListed.set(a.product.id, a.level);
    for (const p of products) expect(firstListed.get(p.id) ?? null, p.displayName).toBe(p.alert);
  });

  it("follows the thresholds the admin set, not a fixed share of the pool", async () => {
    const tenant = await createTenant(t.prisma);
    // 6 of 10 left is no concern by any fixed rule; at a 50 % warning threshold it is a warning.
    const product = await pool(tenant, "Early warning pool", 10, 4);
    expect((await getLicenseOverview(t.prisma, tenant.id)).products[0].alert).toBeNull();
    await t.prisma.product.update({ where: { id: product.id }, data: { warningPercent: 40 } });
    expect((await getLicenseOverview(t.prisma, tenant.id)).products[0].alert).toBe("WARNING");
  });

  it("clears when the alerts resolve (more units bought), and another tenant's alerts never show", async () => {
    const tenant = await createTenant(t.prisma);
    const product = await pool(tenant, "Topped-up pool", 4, 4);
    const other = await createTenant(t.prisma);
    await pool(other, "Other tenant's empty pool", 2, 2);
    expect((await getLicenseOverview(t.prisma, tenant.id)).products.map((p) => p.alert)).toEqual(["EMPTY"]);

    await t.prisma.product.update({ where: { id: product.id }, data: { purchasedUnits: 10 } });
    const { products } = await getLicenseOverview(t.prisma, tenant.id);
    expect(products).toEqual([expect.objectContaining({ id: product.id, available: 6, alert: null })]);
    expect(await listOpenAlerts(t.prisma, tenant.id)).toEqual([]);
  });
});
