/**
 * The product page's price action (SPEC §8.6): Global admins only — a Reports reader or a User is
 * refused with 403 and nothing is written; a Global admin sets the price from the form (FormData
 * strings), sees a bad amount or currency beside its field, and clears the price with an empty amount.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { AppUser } from "@/server/auth/users";
import { findActiveUserById } from "@/server/auth/users";
import { createProduct, createTenant, createUser } from "../factories";
import { useAppDb } from "../setup/app-db";
import { useTestDb } from "../setup/db";

const session = vi.hoisted(() => ({ user: null as AppUser | null }));
vi.mock("@/server/auth/guards", () => ({ getCurrentUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { setProductPriceAction } = await import("@/app/(console)/billing/licenses/products/[id]/actions");

const t = useTestDb();

beforeAll(() => useAppDb(t.db));

/** A tenant of the test's own with one product and a person of each role. */
async function world() {
  const tenant = await createTenant(t.prisma);
  const product = await createProduct(t.prisma, tenant.id, { displayName: "Power Apps Premium", purchasedUnits: 10 });
  const people = {} as Record<"GLOBAL_ADMIN" | "REPORTS_READER" | "USER", AppUser>;
  for (const role of ["GLOBAL_ADMIN", "REPORTS_READER", "USER"] as const) {
    const u = await createUser(t.prisma, tenant, { role });
    people[role] = (await findActiveUserById(t.prisma, u.id))!;
  }
  return { tenant, product, people };
}

const priceOf = async (id: string) => {
  const p = await t.prisma.product.findUniqueOrThrow({ where: { id }, select: { unitPrice: true, currency: true } });
  return { unitPrice: p.unitPrice?.toFixed(2) ?? null, currency: p.currency };
};
const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
};

describe("setProductPriceAction", () => {
  it.each(["REPORTS_READER", "USER"] as const)("refuses a %s with 403 and writes nothing", async (role) => {
    const w = await world();
    session.user = w.people[role];
    expect(await setProductPriceAction(form({ productId: w.product.id, unitPrice: "20", currency: "USD" }))).toMatchObject({ ok: false, status: 403 });
    expect(await priceOf(w.product.id)).toEqual({ unitPrice: null, currency: "USD" });
    expect(await t.prisma.auditEntry.count({ where: { tenantId: w.tenant.id } })).toBe(0);
  });

  it("refuses a signed-out caller with 401", async () => {
    const w = await world();
    session.user = null;
    expect(await setProductPriceAction({ productId: w.product.id, unitPrice: "20", currency: "USD" })).toMatchObject({ ok: false, status: 401 });
    expect(await priceOf(w.product.id)).toEqual({ unitPrice: null, currency: "USD" });
  });

  it("sets the price from the form for a Global admin, audited", async () => {
    const w = await world();
    session.user = w.people.GLOBAL_ADMIN;
    expect(await setProductPriceAction(form({ productId: w.product.id, unitPrice: " 20.5 ", currency: "eur" }))).toEqual({
      ok: true,
      data: { unitPrice: "20.50", currency: "EUR" },
    });
    expect(await priceOf(w.product.id)).toEqual({ unitPrice: "20.50", currency: "EUR" });
    expect(await t.prisma.auditEntry.findFirst({ where: { tenantId: w.tenant.id, action: "product.price" } })).toMatchObject({
      actorId: w.people.GLOBAL_ADMIN.id,
      targetId: w.product.id,
    });
    expect(await setProductPriceAction(form({ productId: w.product.id, unitPrice: "", currency: "EUR" }))).toEqual({
      ok: true,
      data: { unitPrice: null, currency: "EUR" },
    });
    expect(await priceOf(w.product.id)).toEqual({ unitPrice: null, currency: "EUR" });
  });

  it("puts a bad amount or currency beside its field, with 400, and writes nothing", async () => {
    const w = await world();
    session.user = w.people.GLOBAL_ADMIN;
    for (const unitPrice of ["abc", "-5", "1.999", "1000001", "20,00", "\u0000"]) {
      expect(await setProductPriceAction(form({ productId: w.product.id, unitPrice, currency: "USD" })), unitPrice).toMatchObject({
        ok: false,
        status: 400,
        fieldErrors: { unitPrice: [expect.any(String)] },
      });
    }
    for (const currency of ["", "US", "DOLLAR", "12€"]) {
      expect(await setProductPriceAction(form({ productId: w.product.id, unitPrice: "20", currency })), currency).toMatchObject({
        ok: false,
        status: 400,
        fieldErrors: { currency: [expect.any(String)] },
      });
    }
    expect(await setProductPriceAction({ productId: "nope", unitPrice: "20", currency: "USD" })).toMatchObject({ ok: false, status: 400 });
    const other = await createTenant(t.prisma);
    const theirs = await createProduct(t.prisma, other.id, { displayName: "Theirs" });
    expect(await setProductPriceAction({ productId: theirs.id, unitPrice: "20", currency: "USD" })).toMatchObject({ ok: false, status: 404 });
    expect(await priceOf(w.product.id)).toEqual({ unitPrice: null, currency: "USD" });
    expect(await priceOf(theirs.id)).toEqual({ unitPrice: null, currency: "USD" });
    expect(await t.prisma.auditEntry.count({ where: { tenantId: { in: [w.tenant.id, other.id] } } })).toBe(0);
  });
});
