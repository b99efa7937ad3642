/**
 * The product page's actions (SPEC §9): Global admins only — a Reports reader or a User is refused
 * with 403 and nothing changes; a Global admin raises purchased units (the members waiting get the
 * product), sees the errors beside the field, unassigns, and removes duplicates one by one or all.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { AppUser } from "@/server/auth/users";
import { findActiveUserById } from "@/server/auth/users";
import { addGroupMembers, assignDirect, assignGroupLicense, createGroup, createProduct, createTenant, createUser } from "../factories";
import { useAppDb } from "../setup/app-db";
import { useTestDb } from "../setup/db";

const session = vi.hoisted(() => ({ user: null as AppUser | null }));
vi.mock("@/server/auth/guards", () => ({ getCurrentUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { removeDuplicatesAction, removeDuplicatesChunkAction, setPurchasedUnitsAction, unassignImpactAction, unassignProductAction } =
  await import("@/app/(console)/billing/licenses/products/[id]/actions");

const t = useTestDb();
const people = {} as Record<"GLOBAL_ADMIN" | "REPORTS_READER" | "USER", AppUser>;

beforeAll(async () => {
  useAppDb(t.db);
  const tenant = await createTenant(t.prisma);
  for (const role of ["GLOBAL_ADMIN", "REPORTS_READER", "USER"] as const) {
    const u = await createUser(t.prisma, tenant, { role });
    people[role] = (await findActiveUserById(t.prisma, u.id))!;
  }
});

/** A tenant of the test's own whose admin is signed in: a product of `units` carried by a group, with `duplicates` people holding it both ways and `waiting` members in error. */
async function world({ units, duplicates = 0, waiting = 0 }: { units: number; duplicates?: number; waiting?: number }) {
  const tenant = await createTenant(t.prisma);
  const admin = await createUser(t.prisma, tenant, { role: "GLOBAL_ADMIN" });
  session.user = (await findActiveUserById(t.prisma, admin.id))!;
  const product = await createProduct(t.prisma, tenant.id, { displayName: "Power Apps Premium", purchasedUnits: units });
  const group = await createGroup(t.prisma, tenant.id, { displayName: "Makers" });
  await assignGroupLicense(t.prisma, tenant.id, group.id, product.id);
  const twice = await Promise.all(Array.from({ length: duplicates }, () => createUser(t.prisma, tenant)));
  for (const u of twice) await assignDirect(t.prisma, tenant.id, u.id, product.id);
  await addGroupMembers(
    t.prisma,
    tenant.id,
    group.id,
    twice.map((u) => u.id),
  );
  const late = await Promise.all(Array.from({ length: waiting }, () => createUser(t.prisma, tenant)));
  for (const u of late) await addGroupMembers(t.prisma, tenant.id, group.id, [u.id]);
  const direct = await createUser(t.prisma, tenant);
  return { tenant, product, group, twice, late, direct };
}

const units = (id: string) => t.prisma.product.findUniqueOrThrow({ where: { id }, select: { purchasedUnits: true, consumedUnits: true } });

describe("product page actions", () => {
  it.each(["REPORTS_READER", "USER"] as const)("refuse a %s with 403 and change nothing", async (role) => {
    const w = await world({ units: 1, duplicates: 1, waiting: 1 });
    const before = await t.prisma.licenseAssignment.findMany({ where: { productId: w.product.id }, orderBy: { id: "asc" } });
    session.user = people[role];
    const ids = { productId: w.product.id, userIds: [w.twice[0].id] };
    expect(await setPurchasedUnitsAction({ productId: w.product.id, purchasedUnits: 5 })).toMatchObject({ ok: false, status: 403 });
    expect(await unassignImpactAction(ids)).toMatchObject({ ok: false, status: 403 });
    expect(await unassignProductAction(ids)).toMatchObject({ ok: false, status: 403 });
    expect(await removeDuplicatesAction(ids)).toMatchObject({ ok: false, status: 403 });
    expect(await removeDuplicatesChunkAction({ productId: w.product.id })).toMatchObject({ ok: false, status: 403 });
    expect(await units(w.product.id)).toEqual({ purchasedUnits: 1, consumedUnits: 1 });
    expect(await t.prisma.licenseAssignment.findMany({ where: { productId: w.product.id }, orderBy: { id: "asc" } })).toEqual(before);
  });

  it("raises purchased units from the form: the members in error get the product", async () => {
    const w = await world({ units: 1, waiting: 4 });
    const form = new FormData();
    form.set("productId", w.product.id);
    form.set("purchasedUnits", "3");
    expect(await setPurchasedUnitsAction(form)).toEqual({
      ok: true,
      data: { purchasedUnits: 3, consumedUnits: 3, served: 2, servedFromWaitlist: 0, stillInError: 1 },
    });
  });

  it("puts a bad number or fewer than consumed beside the field", async () => {
    const w = await world({ units: 2, waiting: 2 });
    for (const value of ["", "abc", "-1", "1.5", "99999999999"]) {
      const result = await setPurchasedUnitsAction({ productId: w.product.id, purchasedUnits: value });
      expect(result, value).toMatchObject({ ok: false, status: 400, fieldErrors: { purchasedUnits: [expect.any(String)] } });
    }
    expect(await setPurchasedUnitsAction({ productId: w.product.id, purchasedUnits: "1" })).toMatchObject({
      ok: false,
      fieldErrors: { purchasedUnits: [expect.stringContaining("cannot be fewer")] },
    });
    expect(await setPurchasedUnitsAction({ productId: "nope", purchasedUnits: "3" })).toMatchObject({ ok: false, status: 400 });
    expect(await units(w.product.id)).toEqual({ purchasedUnits: 2, consumedUnits: 2 });
  });

  it("says what Unassign frees, then unassigns: the duplicate frees nothing, group-only holders are skipped", async () => {
    const w = await world({ units: 3, duplicates: 1 });
    await assignDirect(t.prisma, w.tenant.id, w.direct.id, w.product.id);
    const groupOnly = await createUser(t.prisma, w.tenant);
    await addGroupMembers(t.prisma, w.tenant.id, w.group.id, [groupOnly.id]);
    const ids = { productId: w.product.id, userIds: [w.direct.id, w.twice[0].id, groupOnly.id] };
    expect(await unassignImpactAction(ids)).toEqual({ ok: true, data: { people: 2, unitsFreed: 1, groupOnly: 1 } });
    const done = await unassignProductAction(ids);
    expect(done).toMatchObject({
      ok: true,
      data: { done: 2, unitsFreed: 1, skipped: [{ userPrincipalName: groupOnly.userPrincipalName, reason: "holds it only through a group" }] },
    });
    expect(await units(w.product.id)).toEqual({ purchasedUnits: 3, consumedUnits: 2 });
  });

  it("removes the direct assignment of one duplicate, and of all in chunks: consumed unchanged", async () => {
    const w = await world({ units: 5, duplicates: 4 });
    expect(await removeDuplicatesAction({ productId: w.product.id, userIds: [w.twice[0].id] })).toMatchObject({ ok: true, data: { done: 1, unitsFreed: 0 } });
    const all = await removeDuplicatesChunkAction({ productId: w.product.id });
    expect(all).toEqual({ ok: true, data: { done: 3, unitsFreed: 0, skipped: [], next: null } });
    expect(await removeDuplicatesChunkAction({ productId: w.product.id })).toEqual({ ok: true, data: { done: 0, unitsFreed: 0, skipped: [], next: null } });
    expect(await units(w.product.id)).toEqual({ purchasedUnits: 5, consumedUnits: 4 });
    expect(await t.prisma.licenseAssignment.count({ where: { productId: w.product.id, source: "DIRECT" } })).toBe(0);
  });
});
