/** The Users page's bulk Assign / Unassign: one transaction per chunk, people skipped said why, a pool that cannot serve the chunk refuses it whole. */
import { describe, expect, it } from "vitest";
import { POWER_AUTOMATE_PREMIUM } from "../../../../prisma/seed/catalog";
import { assignDirect, createProduct, createTenant, createUser } from "../../../../tests/factories";
import { useTestDb } from "../../../../tests/setup/db";
import { NoLicensesAvailableError } from "../licenses/errors";
import { assignProductToUsers, unassignProductFromUsers, USERS_BULK_CHUNK } from "./bulk";

const t = useTestDb();
const actor = { id: null, label: "admin@test" };

async function world(units: number) {
  const tenant = await createTenant(t.prisma, {});
  const product = await createProduct(t.prisma, tenant.id, { ...POWER_AUTOMATE_PREMIUM, purchasedUnits: units });
  const people = [];
  for (const name of ["Ada", "Bo", "Cy"]) people.push(await createUser(t.prisma, tenant, { givenName: name }));
  const ctx = { db: t.prisma, actor, tenantId: tenant.id };
  const held = () => t.prisma.licenseAssignment.findMany({ where: { productId: product.id }, select: { userId: true, source: true, disabledPlanIds: true } });
  return { tenant, product, people, ctx, held };
}

describe("assignProductToUsers", () => {
  it("assigns to everyone selected who lacks it, with the plans switched off, and skips who holds it directly", async () => {
    const w = await world(5);
    await assignDirect(t.prisma, w.tenant.id, w.people[0].id, w.product.id);
    const off = [w.product.servicePlans[0].servicePlanId];
    const outcome = await assignProductToUsers(w.ctx, { productId: w.product.id, userIds: w.people.map((p) => p.id), disabledPlanIds: off });
    expect(outcome).toEqual({
      processed: 3,
      done: 2,
      alreadyMembers: 0,
      skipped: [{ reason: "already holds it directly", count: 1, examples: [w.people[0].userPrincipalName] }],
      next: null,
    });
    const held = await w.held();
    expect(held).toHaveLength(3);
    for (const p of w.people.slice(1)) expect(held.find((h) => h.userId === p.id)).toMatchObject({ source: "DIRECT", disabledPlanIds: off });
    expect(await t.prisma.auditEntry.count({ where: { tenantId: w.tenant.id, action: "user.licenses" } })).toBe(2);
  });

  it("refuses a chunk the pool cannot serve whole: nothing of it is written", async () => {
    const w = await world(2);
    const error = await assignProductToUsers(w.ctx, { productId: w.product.id, userIds: w.people.map((p) => p.id) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoLicensesAvailableError);
    expect(await w.held()).toEqual([]);
    expect(await t.prisma.auditEntry.count({ where: { tenantId: w.tenant.id } })).toBe(0);
  });

  it("takes at most one chunk, and only people of the organization", async () => {
    const w = await world(5);
    const many = Array.from({ length: USERS_BULK_CHUNK + 1 }, () => crypto.randomUUID());
    await expect(assignProductToUsers(w.ctx, { productId: w.product.id, userIds: many })).rejects.toMatchObject({ field: "userIds" });
    await expect(assignProductToUsers(w.ctx, { productId: w.product.id, userIds: [] })).rejects.toMatchObject({ field: "userIds" });
    const stranger = await createUser(t.prisma, await createTenant(t.prisma, {}), { givenName: "Stranger" });
    expect(await assignProductToUsers(w.ctx, { productId: w.product.id, userIds: [stranger.id, w.people[0].id] })).toMatchObject({
      processed: 2,
      done: 1,
      skipped: [{ reason: "no longer in the organization", count: 1 }],
    });
  });
});

describe("unassignProductFromUsers", () => {
  it("unassigns from everyone selected who holds it, and says who did not", async () => {
    const w = await world(5);
    await assignDirect(t.prisma, w.tenant.id, w.people[0].id, w.product.id);
    await assignDirect(t.prisma, w.tenant.id, w.people[1].id, w.product.id);
    expect(await unassignProductFromUsers(w.ctx, { productId: w.product.id, userIds: w.people.map((p) => p.id) })).toEqual({
      processed: 3,
      done: 2,
      alreadyMembers: 0,
      skipped: [{ reason: "no longer holds it", count: 1, examples: [w.people[2].userPrincipalName] }],
      next: null,
    });
    expect(await w.held()).toEqual([]);
  });
});
