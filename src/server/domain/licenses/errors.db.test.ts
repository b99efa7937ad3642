/**
 * isUnitsExhausted recognises the database's refusal to oversubscribe — in every shape it reaches
 * the code on both adapters (PGlite and adapter-pg) — and nothing else.
 */
import { describe, expect, it } from "vitest";
import { Prisma } from "@/generated/prisma/client";
import { assignDirect, createProduct, createTenant, createUser } from "../../../../tests/factories";
import { useTestDb } from "../../../../tests/setup/db";
import { isUnitsExhausted } from "./errors";

const t = useTestDb();

async function caught(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected the database to refuse");
}

async function fullPool() {
  const tenant = await createTenant(t.prisma);
  const product = await createProduct(t.prisma, tenant.id, { purchasedUnits: 1 });
  const [a, b] = [await createUser(t.prisma, tenant), await createUser(t.prisma, tenant)];
  await assignDirect(t.prisma, tenant.id, a.id, product.id);
  return { tenant, product, a, b };
}

describe(`isUnitsExhausted (${process.env.TEST_DATABASE})`, () => {
  it("recognises a refused create, createMany, a refused create in a transaction, and raw SQL", async () => {
    const { tenant, product, b } = await fullPool();
    const row = { tenantId: tenant.id, userId: b.id, productId: product.id, source: "DIRECT" as const, disabledPlanIds: [] };
    const errors = [
      await caught(() => t.prisma.licenseAssignment.create({ data: row })),
      await caught(() => t.prisma.licenseAssignment.createMany({ data: [row] })),
      await caught(() => t.prisma.$transaction(async (tx) => tx.licenseAssignment.create({ data: row }))),
      await caught(
        () => t.prisma.$executeRaw`INSERT INTO "LicenseAssignment" ("id", "tenantId", "userId", "productId", "source", "disabledPlanIds")
          VALUES (gen_random_uuid(), ${tenant.id}::uuid, ${b.id}::uuid, ${product.id}::uuid, 'DIRECT', '{}')`,
      ),
    ];
    for (const error of errors) expect(isUnitsExhausted(error), String(error)).toBe(true);
    expect(await t.prisma.licenseAssignment.count({ where: { productId: product.id } })).toBe(1);
  });

  it("is false for other database errors, including other check violations", async () => {
    const { tenant, product, a } = await fullPool();
    const other = await createProduct(t.prisma, tenant.id, { purchasedUnits: 5 });
    const [held] = await t.prisma.licenseAssignment.findMany({ where: { userId: a.id, productId: product.id } });
    const errors = [
      // The trigger that keeps an assignment on its product raises check_violation too.
      await caught(() => t.prisma.licenseAssignment.update({ where: { id: held.id }, data: { productId: other.id } })),
      // One DIRECT assignment per user and product (unique violation).
      await caught(() => assignDirect(t.prisma, tenant.id, a.id, product.id)),
    ];
    for (const error of errors) expect(isUnitsExhausted(error), String(error)).toBe(false);
  });

  it("is false for anything that is not a database error", () => {
    for (const value of [
      undefined,
      null,
      0,
      "Product_units_check",
      new Error("Product_units_check"),
      { code: "23514" },
      { cause: { code: "23505", message: "Product_units_check" } },
    ]) {
      expect(isUnitsExhausted(value)).toBe(false);
    }
    const cyclic: { cause?: unknown } = {};
    cyclic.cause = cyclic;
    expect(isUnitsExhausted(cyclic)).toBe(false);
  });

  it("recognises the shapes documented for PrismaClientKnownRequestError and a bare pg error", () => {
    const known = new Prisma.PrismaClientKnownRequestError("raw query failed", {
      code: "P2010",
      clientVersion: Prisma.prismaVersion.client,
      meta: { code: "23514", message: 'new row for relation "Product" violates check constraint "Product_units_check"' },
    });
    expect(isUnitsExhausted(known)).toBe(true);
    const wrapped = new Prisma.PrismaClientKnownRequestError("failed", {
      code: "P2004",
      clientVersion: Prisma.prismaVersion.client,
      meta: { driverAdapterError: { cause: { kind: "postgres", code: "23514", message: 'violates check constraint "Product_units_check"' } } },
    });
    expect(isUnitsExhausted(wrapped)).toBe(true);
    expect(isUnitsExhausted(Object.assign(new Error("check"), { code: "23514", constraint: "Product_units_check" }))).toBe(true);
  });
});
