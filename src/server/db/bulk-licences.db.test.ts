/**
 * Statement-level licence counting (ADR 31, prisma/migrations/*_statement_level_licence_triggers):
 * one statement inserting, deleting or changing the state of many assignments counts right —
 * consumed units = distinct ACTIVE holders of each product, never above purchased, seats hold the
 * number of active assignments of their pair — for mixed products, a person holding a product
 * twice in the same statement, ACTIVE ↔ ERROR both ways at once, bulk deletes, capped policies and
 * two bulk statements at once. Run on PGlite and on the PostgreSQL server.
 */
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { useTestDb } from "../../../tests/setup/db";
import { CHECK_VIOLATION, violates } from "./errors";
import { createApp, createEnvironment, createGroup, createPolicy, createProduct, createTenant, createUser } from "../../../tests/factories";

const t = useTestDb();

type Row = { id: string };

/** The statement is refused with check_violation on `constraint` (as the domain recognises it, on either engine). */
async function expectRefused(statement: Promise<unknown>, constraint: string) {
  const error = await statement.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `expected a refusal by ${constraint}`).not.toBeNull();
  expect(violates(error, CHECK_VIOLATION, constraint), String(error)).toBe(true);
}

async function consumed(product: { id: string; tenantId: string }) {
  return (await t.prisma.product.findFirstOrThrow({ where: { id: product.id, tenantId: product.tenantId } })).consumedUnits;
}

/** The invariant, recounted from the assignments themselves, for every product of the tenant. */
async function expectCountsTrue(tenantId: string) {
  const rows = await t.prisma.$queryRaw<{ id: string; consumed: number; holders: number; seats: number; badSeats: number }[]>`
    SELECT p."id", p."consumedUnits" AS "consumed",
           (SELECT count(DISTINCT la."userId")::int FROM "LicenseAssignment" la WHERE la."productId" = p."id" AND la."state" = 'ACTIVE') AS "holders",
           (SELECT count(*)::int FROM "LicenseSeat" s WHERE s."productId" = p."id") AS "seats",
           (SELECT count(*)::int FROM "LicenseSeat" s
             WHERE s."productId" = p."id"
               AND s."holds" <> (SELECT count(*) FROM "LicenseAssignment" la
                                  WHERE la."productId" = s."productId" AND la."userId" = s."userId" AND la."state" = 'ACTIVE')) AS "badSeats"
      FROM "Product" p WHERE p."tenantId" = ${tenantId}::uuid`;
  for (const r of rows) {
    expect({ id: r.id, consumed: r.consumed, seats: r.seats, badSeats: r.badSeats }).toEqual({ id: r.id, consumed: r.holders, seats: r.holders, badSeats: 0 });
  }
}

async function world({ users: n = 6, units = [10, 10] }: { users?: number; units?: number[] } = {}) {
  const tenant = await createTenant(t.prisma);
  const products = [];
  for (const purchasedUnits of units) products.push(await createProduct(t.prisma, tenant.id, { purchasedUnits }));
  const users = [];
  for (let i = 0; i < n; i++) users.push(await createUser(t.prisma, tenant));
  return { tenant, products, users, userIds: users.map((u) => u.id) };
}

/** A group carrying `productIds` with `userIds` as members, written without any assignment. */
async function bareGroup(tenantId: string, productIds: string[], userIds: string[]) {
  const group = await createGroup(t.prisma, tenantId, { displayName: `Bulk ${randomUUID()}` });
  await t.prisma.groupLicense.createMany({ data: productIds.map((productId) => ({ groupId: group.id, productId, disabledPlanIds: [] })) });
  await t.prisma.groupMember.createMany({ data: userIds.map((userId) => ({ groupId: group.id, userId })) });
  return group;
}

/** Direct assignments of every (user, product) pair, in ONE statement. */
function insertDirect(tenantId: string, userIds: string[], productIds: string[]) {
  return t.prisma.$queryRaw<Row[]>`
    INSERT INTO "LicenseAssignment" ("id", "tenantId", "userId", "productId", "source", "disabledPlanIds")
    SELECT gen_random_uuid(), ${tenantId}::uuid, u, p, 'DIRECT', '{}'
      FROM unnest(${userIds}::uuid[]) u CROSS JOIN unnest(${productIds}::uuid[]) p
    RETURNING "id"`;
}

describe("statement-level licence counting", () => {
  it("counts one statement assigning several products to several people, each product once per distinct holder", async () => {
    const { tenant, products, userIds } = await world({ users: 5, units: [5, 7, 3] });
    await insertDirect(tenant.id, userIds.slice(0, 4), [products[0].id, products[1].id]);
    expect(await consumed(products[0])).toBe(4);
    expect(await consumed(products[1])).toBe(4);
    expect(await consumed(products[2])).toBe(0);
    await expectCountsTrue(tenant.id);
  });

  it("counts a person holding a product directly and through a group, inserted by the same statement, once", async () => {
    const { tenant, products, userIds } = await world({ users: 4, units: [4, 4] });
    const group = await bareGroup(tenant.id, [products[0].id], userIds.slice(0, 3));
    // One statement: direct licences of products 0 and 1 for users 0–1, group licences of product 0 for users 0–2.
    await t.prisma.$executeRaw`
      INSERT INTO "LicenseAssignment" ("id", "tenantId", "userId", "productId", "source", "disabledPlanIds", "groupId")
      SELECT gen_random_uuid(), ${tenant.id}::uuid, u, p, 'DIRECT'::"LicenseSource", '{}'::text[], NULL::uuid
        FROM unnest(${userIds.slice(0, 2)}::uuid[]) u CROSS JOIN unnest(${[products[0].id, products[1].id]}::uuid[]) p
      UNION ALL
      SELECT gen_random_uuid(), ${tenant.id}::uuid, u, ${products[0].id}::uuid, 'GROUP', '{}', ${group.id}::uuid
        FROM unnest(${userIds.slice(0, 3)}::uuid[]) u`;
    expect(await consumed(products[0])).toBe(3);
    expect(await consumed(products[1])).toBe(2);
    const seat = await t.prisma.licenseSeat.findUniqueOrThrow({ where: { productId_userId: { productId: products[0].id, userId: userIds[0] } } });
    expect(seat.holds).toBe(2);
    await expectCountsTrue(tenant.id);
  });

  it("refuses a whole statement that would take more units than purchased, and writes nothing", async () => {
    const { tenant, products, userIds } = await world({ users: 4, units: [3, 10] });
    await expectRefused(insertDirect(tenant.id, userIds, [products[1].id, products[0].id]), "Product_units_check");
    expect(await t.prisma.licenseAssignment.count({ where: { tenantId: tenant.id } })).toBe(0);
    expect(await t.prisma.licenseSeat.count({ where: { productId: { in: products.map((p) => p.id) } } })).toBe(0);
    expect(await consumed(products[0])).toBe(0);
    expect(await consumed(products[1])).toBe(0);
  });

  it("takes nothing for assignments inserted in error, and counts ERROR ↔ ACTIVE in bulk, both ways in one statement", async () => {
    const { tenant, products, userIds } = await world({ users: 6, units: [4, 4] });
    const [p] = products;
    const group = await bareGroup(tenant.id, [p.id], userIds);
    const rows = await t.prisma.$queryRaw<{ id: string; userId: string }[]>`
      INSERT INTO "LicenseAssignment" ("id", "tenantId", "userId", "productId", "source", "disabledPlanIds", "groupId", "state", "error", "waitingSince")
      SELECT gen_random_uuid(), ${tenant.id}::uuid, u, ${p.id}::uuid, 'GROUP', '{}', ${group.id}::uuid,
             CASE WHEN o <= 3 THEN 'ACTIVE' ELSE 'ERROR' END::"LicenseState",
             CASE WHEN o <= 3 THEN NULL ELSE 'COUNT_VIOLATION' END::"LicenseError",
             CASE WHEN o <= 3 THEN NULL ELSE now() END
        FROM unnest(${userIds}::uuid[]) WITH ORDINALITY AS x(u, o)
      RETURNING "id", "userId"`;
    expect(rows).toHaveLength(6);
    expect(await consumed(p)).toBe(3);
    await expectCountsTrue(tenant.id);

    // One statement: users 0–1 go ACTIVE → ERROR, users 3–5 ERROR → ACTIVE (3 active at the end + 0 … net 4).
    const byUser = new Map(rows.map((r) => [r.userId, r.id]));
    const down = userIds.slice(0, 2).map((u) => byUser.get(u)!);
    const up = userIds.slice(3).map((u) => byUser.get(u)!);
    await t.prisma.$executeRaw`
      UPDATE "LicenseAssignment" la
         SET "state" = CASE WHEN la."state" = 'ACTIVE' THEN 'ERROR' ELSE 'ACTIVE' END::"LicenseState",
             "error" = CASE WHEN la."state" = 'ACTIVE' THEN 'COUNT_VIOLATION' ELSE NULL END::"LicenseError",
             "waitingSince" = CASE WHEN la."state" = 'ACTIVE' THEN now() ELSE NULL END
       WHERE la."tenantId" = ${tenant.id}::uuid AND la."id" = ANY(${[...down, ...up]}::uuid[])`;
    expect(await consumed(p)).toBe(4);
    await expectCountsTrue(tenant.id);

    // An update that changes no state counts nothing.
    await t.prisma.$executeRaw`UPDATE "LicenseAssignment" SET "disabledPlanIds" = '{x}' WHERE "tenantId" = ${tenant.id}::uuid AND "productId" = ${p.id}::uuid`;
    expect(await consumed(p)).toBe(4);

    // All of them active at once would be 6 > 4: refused whole.
    await expectRefused(
      t.prisma.$executeRaw`
      UPDATE "LicenseAssignment" SET "state" = 'ACTIVE', "error" = NULL, "waitingSince" = NULL
       WHERE "tenantId" = ${tenant.id}::uuid AND "productId" = ${p.id}::uuid AND "state" = 'ERROR'`,
      "Product_units_check",
    );
    expect(await consumed(p)).toBe(4);
    await expectCountsTrue(tenant.id);
  });

  it("a person's direct licence going to error beside their group licence keeps their unit", async () => {
    const { tenant, products, userIds } = await world({ users: 2, units: [2] });
    const [p] = products;
    const group = await bareGroup(tenant.id, [p.id], userIds);
    await t.prisma.$executeRaw`
      INSERT INTO "LicenseAssignment" ("id", "tenantId", "userId", "productId", "source", "disabledPlanIds", "groupId")
      SELECT gen_random_uuid(), ${tenant.id}::uuid, u, ${p.id}::uuid, 'GROUP', '{}', ${group.id}::uuid FROM unnest(${userIds}::uuid[]) u`;
    await insertDirect(tenant.id, userIds, [p.id]);
    expect(await consumed(p)).toBe(2);
    // Every group licence of the product to error in one statement: the direct licences still hold.
    await t.prisma.$executeRaw`
      UPDATE "LicenseAssignment" SET "state" = 'ERROR', "error" = 'COUNT_VIOLATION', "waitingSince" = now()
       WHERE "tenantId" = ${tenant.id}::uuid AND "productId" = ${p.id}::uuid AND "source" = 'GROUP'`;
    expect(await consumed(p)).toBe(2);
    await expectCountsTrue(tenant.id);
    // Deleting the direct ones in one statement frees both units.
    await t.prisma.$executeRaw`DELETE FROM "LicenseAssignment" WHERE "tenantId" = ${tenant.id}::uuid AND "productId" = ${p.id}::uuid AND "source" = 'DIRECT'`;
    expect(await consumed(p)).toBe(0);
    await expectCountsTrue(tenant.id);
  });

  it("counts bulk deletes: a holder with two assignments keeps the unit until both go, mixed products and states in one statement", async () => {
    const { tenant, products, userIds } = await world({ users: 5, units: [5, 5] });
    const group = await bareGroup(tenant.id, [products[0].id], userIds);
    await insertDirect(tenant.id, userIds, [products[0].id, products[1].id]);
    await t.prisma.$executeRaw`
      INSERT INTO "LicenseAssignment" ("id", "tenantId", "userId", "productId", "source", "disabledPlanIds", "groupId", "state", "error", "waitingSince")
      SELECT gen_random_uuid(), ${tenant.id}::uuid, u, ${products[0].id}::uuid, 'GROUP', '{}', ${group.id}::uuid,
             CASE WHEN o % 2 = 0 THEN 'ERROR' ELSE 'ACTIVE' END::"LicenseState",
             CASE WHEN o % 2 = 0 THEN 'COUNT_VIOLATION' END::"LicenseError",
             CASE WHEN o % 2 = 0 THEN now() END
        FROM unnest(${userIds}::uuid[]) WITH ORDINALITY AS x(u, o)`;
    expect(await consumed(products[0])).toBe(5);
    await expectCountsTrue(tenant.id);

    // Unassign many: every direct licence of both products, in one statement. Users 1, 3, 5 (odd
    // ordinality) keep product 0 through the group; the others' group licence is in error.
    const deleted = await t.prisma.$executeRaw`DELETE FROM "LicenseAssignment" WHERE "tenantId" = ${tenant.id}::uuid AND "source" = 'DIRECT'`;
    expect(deleted).toBe(10);
    expect(await consumed(products[0])).toBe(3);
    expect(await consumed(products[1])).toBe(0);
    await expectCountsTrue(tenant.id);

    // Removing the members (cascading to their assignments) frees the rest.
    await t.prisma.groupMember.deleteMany({ where: { groupId: group.id } });
    expect(await consumed(products[0])).toBe(0);
    expect(await t.prisma.licenseSeat.count({ where: { productId: products[0].id } })).toBe(0);
    await expectCountsTrue(tenant.id);
  });

  it("raises a pool alert once when one statement crosses every threshold", async () => {
    const { tenant, products, userIds } = await world({ users: 10, units: [10] });
    const [p] = products;
    await insertDirect(tenant.id, userIds, [p.id]);
    const alerts = await t.prisma.productAlert.findMany({ where: { tenantId: tenant.id, productId: p.id }, orderBy: { level: "asc" } });
    expect(alerts.map((a) => [a.level, a.consumedUnits, a.resolvedAt])).toEqual([
      ["WARNING", 10, null],
      ["CRITICAL", 10, null],
      ["EMPTY", 10, null],
    ]);
    await t.prisma.$executeRaw`DELETE FROM "LicenseAssignment" WHERE "tenantId" = ${tenant.id}::uuid AND "productId" = ${p.id}::uuid`;
    expect(await t.prisma.productAlert.count({ where: { tenantId: tenant.id, productId: p.id, resolvedAt: null } })).toBe(0);
  });

  it("refuses a bulk insert of claims past a policy's cap, and takes one within it", async () => {
    const { tenant, products, userIds } = await world({ users: 4, units: [10] });
    const [p] = products;
    const env = await createEnvironment(t.prisma, tenant.id, { managed: true });
    const app = await createApp(t.prisma, tenant.id, env.id, { premium: true });
    const policy = await createPolicy(t.prisma, tenant.id, { productIds: [p.id] });
    await t.prisma.autoClaimPolicy.updateMany({ where: { id: policy.id, tenantId: tenant.id }, data: { maxUnits: 3 } });
    const claim = (users: string[]) => t.prisma.$executeRaw`
      WITH l AS (
        INSERT INTO "Launch" ("id", "tenantId", "userId", "appId", "environmentId", "kind", "decision", "reason", "policyId", "productId")
        SELECT gen_random_uuid(), ${tenant.id}::uuid, u, ${app.id}::uuid, ${env.id}::uuid, 'APP_LAUNCH', 'ALLOW', 'AUTO_CLAIMED', ${policy.id}::uuid, ${p.id}::uuid
          FROM unnest(${users}::uuid[]) u
        RETURNING "id", "userId"
      )
      INSERT INTO "LicenseAssignment" ("id", "tenantId", "userId", "productId", "source", "disabledPlanIds", "policyId", "productOrder", "launchId")
      SELECT gen_random_uuid(), ${tenant.id}::uuid, l."userId", ${p.id}::uuid, 'AUTO_CLAIM', '{}', ${policy.id}::uuid, 0, l."id" FROM l`;
    await expectRefused(claim(userIds), "AutoClaimPolicy_cap_check");
    expect(await consumed(p)).toBe(0);
    expect(await claim(userIds.slice(0, 3))).toBe(3);
    expect(await consumed(p)).toBe(3);
    await expectRefused(claim(userIds.slice(3)), "AutoClaimPolicy_cap_check");
    expect(await consumed(p)).toBe(3);
    await expectCountsTrue(tenant.id);
  });

  it("keeps counts true under two concurrent bulk statements on the same products, overlapping people included", async () => {
    const { tenant, products, userIds } = await world({ users: 40, units: [40, 40] });
    const group = await bareGroup(tenant.id, [products[0].id], userIds);
    const ids = [products[1].id, products[0].id];
    // Statement A: direct licences of both products for users 0–29. Statement B: group licences of
    // product 0 for users 10–39 (users 10–29 hold product 0 both ways).
    await Promise.all([
      insertDirect(tenant.id, userIds.slice(0, 30), ids),
      t.prisma.$executeRaw`
        INSERT INTO "LicenseAssignment" ("id", "tenantId", "userId", "productId", "source", "disabledPlanIds", "groupId")
        SELECT gen_random_uuid(), ${tenant.id}::uuid, u, ${products[0].id}::uuid, 'GROUP', '{}', ${group.id}::uuid FROM unnest(${userIds.slice(10)}::uuid[]) u`,
    ]);
    expect(await consumed(products[0])).toBe(40);
    expect(await consumed(products[1])).toBe(30);
    await expectCountsTrue(tenant.id);

    // Concurrent bulk deletes of the two sources of product 0, and of product 1.
    await Promise.all([
      t.prisma.$executeRaw`DELETE FROM "LicenseAssignment" WHERE "tenantId" = ${tenant.id}::uuid AND "source" = 'DIRECT'`,
      t.prisma
        .$executeRaw`DELETE FROM "LicenseAssignment" WHERE "tenantId" = ${tenant.id}::uuid AND "source" = 'GROUP' AND "userId" = ANY(${userIds.slice(20)}::uuid[])`,
    ]);
    expect(await consumed(products[0])).toBe(10); // group licences of users 10–19 remain
    expect(await consumed(products[1])).toBe(0);
    await expectCountsTrue(tenant.id);
  });

  it("lets exactly one of two concurrent bulk statements through when together they would oversubscribe", async () => {
    const { tenant, products, userIds } = await world({ users: 30, units: [20] });
    const [p] = products;
    const results = await Promise.allSettled([insertDirect(tenant.id, userIds.slice(0, 15), [p.id]), insertDirect(tenant.id, userIds.slice(15), [p.id])]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const failed = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(violates(failed.reason, CHECK_VIOLATION, "Product_units_check"), String(failed.reason)).toBe(true);
    expect(await consumed(p)).toBe(15);
    await expectCountsTrue(tenant.id);
  });
});
