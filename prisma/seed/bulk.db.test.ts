/** The benchmark's bulk seed keeps the invariants: units raised first, one seat and unit per claim, each claim with its launch; re-running adds only what is missing. */
import { describe, expect, it } from "vitest";
import { useTestDb } from "../../tests/setup/db";
import { bulkCountFrom, seedBulkClaims } from "./bulk";
import { CONTOSO_DOMAIN, seedContoso } from "./contoso";

const t = useTestDb();

describe("seedBulkClaims", () => {
  it("adds N auto-claims set-based, consistent with the licence-counting invariants, and is idempotent", async () => {
    await seedContoso(t.prisma, { demo: false });
    const product = await t.prisma.product.findFirstOrThrow({ where: { skuPartNumber: "POWERAPPS_PER_USER" } });
    const summary = await seedBulkClaims(t.prisma, CONTOSO_DOMAIN, { count: 1200, batchSize: 500 });
    expect(summary).toMatchObject({ added: 1200, total: 1200, productId: product.id });

    const after = await t.prisma.product.findUniqueOrThrow({ where: { id: product.id } });
    expect(after.purchasedUnits).toBe(product.purchasedUnits + 1200);
    expect(after.consumedUnits).toBe(product.consumedUnits + 1200);
    expect(await t.prisma.licenseSeat.count({ where: { productId: product.id } })).toBe(after.consumedUnits);
    const bulk = await t.prisma.licenseAssignment.findMany({
      where: { policyId: summary.policyId, user: { userPrincipalName: { startsWith: "bulk." } } },
      select: { launch: { select: { reason: true, userId: true } }, userId: true, assignedAt: true },
    });
    expect(bulk).toHaveLength(1200);
    expect(bulk.every((a) => a.launch?.reason === "AUTO_CLAIMED" && a.launch.userId === a.userId)).toBe(true);
    const ages = bulk.map((a) => (Date.now() - a.assignedAt.getTime()) / 86_400_000);
    expect(Math.max(...ages)).toBeGreaterThan(90);
    expect(Math.min(...ages)).toBeGreaterThanOrEqual(0);

    expect(await seedBulkClaims(t.prisma, CONTOSO_DOMAIN, { count: 1200 })).toMatchObject({ added: 0, total: 1200 });
    expect(await seedBulkClaims(t.prisma, CONTOSO_DOMAIN, { count: 1300 })).toMatchObject({ added: 100, total: 1300 });
  });

  it("reads --bulk N, --bulk=N or SEED_BULK", () => {
    expect(bulkCountFrom(["--bulk", "100000"], {})).toBe(100_000);
    expect(bulkCountFrom(["--bulk=5_000"], {})).toBe(5000);
    expect(bulkCountFrom([], { SEED_BULK: "42" })).toBe(42);
    expect(bulkCountFrom([], {})).toBeNull();
    expect(() => bulkCountFrom(["--bulk", "lots"], {})).toThrow(/whole number/);
  });
});
