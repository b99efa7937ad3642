/**
 * The database holds the licence invariants by itself (prisma/migrations/*_licence_integrity):
 * consumed = distinct holders, never above purchased; one assignment per user, product and source;
 * source-specific references. Run on PGlite and on the PostgreSQL server.
 */
import { describe, expect, it } from "vitest";
import { useTestDb } from "../../../tests/setup/db";
import { addGroupMembers, assignDirect, assignGroupLicense, createGroup, createProduct, createTenant, createUser } from "../../../tests/factories";

const t = useTestDb();

async function consumed(productId: string) {
  return (await t.prisma.product.findUniqueOrThrow({ where: { id: productId } })).consumedUnits;
}

async function setup(purchasedUnits = 5) {
  const tenant = await createTenant(t.prisma);
  const product = await createProduct(t.prisma, tenant.id, { purchasedUnits });
  const users = [];
  for (let i = 0; i < 3; i++) users.push(await createUser(t.prisma, tenant));
  return { tenant, product, users };
}

describe("licence counting in the database", () => {
  it("counts a direct assignment as one unit and frees it when removed", async () => {
    const { tenant, product, users } = await setup();
    const a = await assignDirect(t.prisma, tenant.id, users[0].id, product.id);
    expect(await consumed(product.id)).toBe(1);
    await t.prisma.licenseAssignment.delete({ where: { id: a.id } });
    expect(await consumed(product.id)).toBe(0);
  });

  it("counts a user holding a product directly and through a group once", async () => {
    const { tenant, product, users } = await setup();
    const group = await createGroup(t.prisma, tenant.id);
    await assignGroupLicense(t.prisma, tenant.id, group.id, product.id);
    await addGroupMembers(t.prisma, tenant.id, group.id, [users[0].id, users[1].id]);
    expect(await consumed(product.id)).toBe(2);
    await assignDirect(t.prisma, tenant.id, users[0].id, product.id);
    expect(await consumed(product.id)).toBe(2);
    // Leaving the group keeps the direct licence, and its unit.
    await t.prisma.groupMember.delete({ where: { groupId_userId: { groupId: group.id, userId: users[0].id } } });
    expect(await t.prisma.licenseAssignment.count({ where: { userId: users[0].id, productId: product.id } })).toBe(1);
    expect(await consumed(product.id)).toBe(2);
    // Removing the group's licence removes the remaining member's unit.
    await t.prisma.groupLicense.delete({ where: { groupId_productId: { groupId: group.id, productId: product.id } } });
    expect(await consumed(product.id)).toBe(1);
  });

  it("counts a user in two groups carrying the same product once", async () => {
    const { tenant, product, users } = await setup();
    for (const name of ["A", "B"]) {
      const g = await createGroup(t.prisma, tenant.id, { displayName: `Two groups ${name} ${product.id}` });
      await assignGroupLicense(t.prisma, tenant.id, g.id, product.id);
      await addGroupMembers(t.prisma, tenant.id, g.id, [users[2].id]);
    }
    expect(await t.prisma.licenseAssignment.count({ where: { productId: product.id } })).toBe(2);
    expect(await consumed(product.id)).toBe(1);
  });

  it("refuses the assignment that would exceed the purchased units, and writes nothing", async () => {
    const { tenant, product, users } = await setup(2);
    await assignDirect(t.prisma, tenant.id, users[0].id, product.id);
    await assignDirect(t.prisma, tenant.id, users[1].id, product.id);
    await expect(assignDirect(t.prisma, tenant.id, users[2].id, product.id)).rejects.toThrow(/Product_units_check/);
    expect(await t.prisma.licenseAssignment.count({ where: { productId: product.id } })).toBe(2);
    expect(await t.prisma.licenseSeat.count({ where: { productId: product.id } })).toBe(2);
    expect(await consumed(product.id)).toBe(2);
  });

  it("refuses to lower purchased units below what is consumed", async () => {
    const { tenant, product, users } = await setup(3);
    await assignDirect(t.prisma, tenant.id, users[0].id, product.id);
    await assignDirect(t.prisma, tenant.id, users[1].id, product.id);
    await expect(t.prisma.product.update({ where: { id: product.id }, data: { purchasedUnits: 1 } })).rejects.toThrow(/Product_units_check/);
  });

  it("refuses a second assignment of the same product from the same source", async () => {
    const { tenant, product, users } = await setup();
    await assignDirect(t.prisma, tenant.id, users[0].id, product.id);
    await expect(assignDirect(t.prisma, tenant.id, users[0].id, product.id)).rejects.toThrow(/Unique constraint|once_per_source/);
    expect(await consumed(product.id)).toBe(1);
  });

  it("refuses an auto-claimed assignment without its policy and launch", async () => {
    const { tenant, product, users } = await setup();
    await expect(
      t.prisma.licenseAssignment.create({ data: { tenantId: tenant.id, userId: users[0].id, productId: product.id, source: "AUTO_CLAIM" } }),
    ).rejects.toThrow(/LicenseAssignment_source_check/);
  });

  it("refuses to move an assignment to another user", async () => {
    const { tenant, product, users } = await setup();
    const a = await assignDirect(t.prisma, tenant.id, users[0].id, product.id);
    await expect(t.prisma.licenseAssignment.update({ where: { id: a.id }, data: { userId: users[1].id } })).rejects.toThrow(/cannot move/);
  });

  it("keeps the count right under concurrent assignments of one user from two sources", async () => {
    const { tenant, product, users } = await setup();
    const group = await createGroup(t.prisma, tenant.id);
    await assignGroupLicense(t.prisma, tenant.id, group.id, product.id);
    await Promise.all([assignDirect(t.prisma, tenant.id, users[1].id, product.id), addGroupMembers(t.prisma, tenant.id, group.id, [users[1].id])]);
    expect(await consumed(product.id)).toBe(1);
    expect((await t.prisma.licenseSeat.findUniqueOrThrow({ where: { productId_userId: { productId: product.id, userId: users[1].id } } })).holds).toBe(2);
  });

  it("never oversubscribes under 40 concurrent assignments for 10 units", async () => {
    const tenant = await createTenant(t.prisma);
    const product = await createProduct(t.prisma, tenant.id, { purchasedUnits: 10 });
    const users = await Promise.all(Array.from({ length: 40 }, () => createUser(t.prisma, tenant)));
    const results = await Promise.allSettled(users.map((u) => assignDirect(t.prisma, tenant.id, u.id, product.id)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(10);
    expect(await consumed(product.id)).toBe(10);
    expect(await t.prisma.licenseAssignment.count({ where: { productId: product.id } })).toBe(10);
  });
});
