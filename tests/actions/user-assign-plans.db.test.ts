/**
 * Users › Assign a license with its apps: the plans kept on are assigned, the others switched off;
 * none given keeps them all on; a plan of another product, or none on, is refused beside the
 * checkboxes. A Reports reader or a User is refused (403) and nothing is written.
 */
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { CurrentUser } from "@/server/auth/guards";
import { POWER_APPS_PREMIUM, POWER_AUTOMATE_PREMIUM } from "../../prisma/seed/catalog";
import { createProduct, createTenant, createUser } from "../factories";
import { useAppDb } from "../setup/app-db";
import { useTestDb } from "../setup/db";
import { createSessionUser } from "../session-user";

let current: CurrentUser | null = null;
vi.mock("@/server/auth/guards", () => ({ getCurrentUser: async () => current }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { assignUserLicenseAction, bulkAssignUsersAction, bulkUnassignUsersAction } = await import("@/app/(console)/users/actions");

const t = useTestDb();
beforeAll(() => useAppDb(t.db));
beforeEach(() => {
  current = null;
});

async function world() {
  const tenant = await createTenant(t.prisma, { name: "Contoso" });
  const flow = await createProduct(t.prisma, tenant.id, { ...POWER_AUTOMATE_PREMIUM, purchasedUnits: 5 });
  const premium = await createProduct(t.prisma, tenant.id, { ...POWER_APPS_PREMIUM, purchasedUnits: 5 });
  const person = await createUser(t.prisma, tenant, { givenName: "Ada" });
  const plans = (p: { servicePlans: { servicePlanId: string }[] }) => p.servicePlans.map((s) => s.servicePlanId);
  const held = () => t.prisma.licenseAssignment.findMany({ where: { userId: person.id }, select: { productId: true, source: true, disabledPlanIds: true } });
  return { tenant, flow, premium, person, plans, held };
}

describe("assignUserLicenseAction with service plans", () => {
  it("assigns the plans kept on and switches the others off; without a list, all stay on", async () => {
    const w = await world();
    current = await createSessionUser(t.prisma, w.tenant, "LICENSE_ADMIN");
    const [first, ...others] = w.plans(w.flow);
    expect(others.length).toBeGreaterThan(0);
    expect(await assignUserLicenseAction({ userId: w.person.id, productId: w.flow.id, enabledPlanIds: [first] })).toEqual({
      ok: true,
      data: { added: 1, updated: 0 },
    });
    const [held] = await w.held();
    expect(held).toMatchObject({ productId: w.flow.id, source: "DIRECT" });
    expect([...held.disabledPlanIds].sort()).toEqual([...others].sort());

    // The form's post without plans: every plan on.
    const form = new FormData();
    form.set("userId", w.person.id);
    form.set("productId", w.premium.id);
    expect(await assignUserLicenseAction(null, form)).toMatchObject({ ok: true, data: { added: 1 } });
    expect((await w.held()).find((h) => h.productId === w.premium.id)).toMatchObject({ disabledPlanIds: [] });
  });

  it("refuses a plan of another product, or none on, beside the checkboxes", async () => {
    const w = await world();
    current = await createSessionUser(t.prisma, w.tenant, "GLOBAL_ADMIN");
    expect(await assignUserLicenseAction({ userId: w.person.id, productId: w.flow.id, enabledPlanIds: [w.plans(w.premium)[0]] })).toMatchObject({
      ok: false,
      fieldErrors: { enabledPlanIds: ["That service plan is not part of the product."] },
    });
    expect(await assignUserLicenseAction({ userId: w.person.id, productId: w.flow.id, enabledPlanIds: [] })).toMatchObject({
      ok: false,
      fieldErrors: { enabledPlanIds: ["Keep at least one app on."] },
    });
    expect(await w.held()).toEqual([]);
  });

  it("refuses a Reports reader and a User (403) and writes nothing", async () => {
    const w = await world();
    for (const role of ["REPORTS_READER", "USER"] as const) {
      current = await createSessionUser(t.prisma, w.tenant, role);
      expect(await assignUserLicenseAction({ userId: w.person.id, productId: w.flow.id, enabledPlanIds: w.plans(w.flow) })).toMatchObject({
        ok: false,
        status: 403,
      });
    }
    expect(await w.held()).toEqual([]);
  });
});

describe("the Users page's bulk Assign / Unassign actions", () => {
  it("assign and unassign a chunk as a License administrator; a Reports reader and a User get 403 and nothing is written", async () => {
    const w = await world();
    const second = await createUser(t.prisma, w.tenant, { givenName: "Bo" });
    const userIds = [w.person.id, second.id];
    for (const role of ["REPORTS_READER", "USER"] as const) {
      current = await createSessionUser(t.prisma, w.tenant, role);
      expect(await bulkAssignUsersAction({ productId: w.flow.id, userIds })).toMatchObject({ ok: false, status: 403 });
      expect(await bulkUnassignUsersAction({ productId: w.flow.id, userIds })).toMatchObject({ ok: false, status: 403 });
    }
    expect(await t.prisma.licenseAssignment.count({ where: { productId: w.flow.id } })).toBe(0);

    current = await createSessionUser(t.prisma, w.tenant, "LICENSE_ADMIN");
    expect(await bulkAssignUsersAction({ productId: w.flow.id, userIds })).toMatchObject({ ok: true, data: { processed: 2, done: 2, skipped: [] } });
    expect(await t.prisma.licenseAssignment.count({ where: { productId: w.flow.id, source: "DIRECT" } })).toBe(2);
    expect(await bulkUnassignUsersAction({ productId: w.flow.id, userIds })).toMatchObject({ ok: true, data: { processed: 2, done: 2 } });
    expect(await t.prisma.licenseAssignment.count({ where: { productId: w.flow.id } })).toBe(0);
    expect(await bulkAssignUsersAction({ productId: w.flow.id, userIds: [] })).toMatchObject({
      ok: false,
      fieldErrors: { userIds: ["Select at least one person."] },
    });
  });
});
