/**
 * assignLicenses against a real database (PGlite and the PostgreSQL server): direct and
 * auto-claimed licences are "direct" for it, group licences are left to the group, every failure
 * writes nothing, and the pool is never oversubscribed under concurrency.
 */
import { describe, expect, it } from "vitest";
import {
  addGroupMembers,
  assignDirect,
  assignGroupLicense,
  createApp,
  createEnvironment,
  createGroup,
  createPolicy,
  createProduct,
  createTenant,
  createUser,
  stableId,
} from "../../../../tests/factories";
import { useTestDb } from "../../../../tests/setup/db";
import type { Actor } from "../audit/service";
import { NotFoundError, ValidationError } from "../errors";
import { recordLaunch } from "../launches/service";
import { assignLicenses, type LicenseChanges } from "./assign";
import { InvalidServicePlanError, LicenseInheritedError, LicenseNotHeldError, NoLicensesAvailableError, UnknownLicenseError } from "./errors";
import type { PrismaClient } from "@/generated/prisma/client";

const t = useTestDb();
const actor: Actor = { id: null, label: "API token 'script'" };

async function world(db: PrismaClient = t.prisma, units = 3) {
  const tenant = await createTenant(db, { autoClaimEnabled: true });
  const plans = [1, 2, 3].map((n) => ({ servicePlanId: stableId("plan", tenant.id, n), servicePlanName: `PLAN_${n}`, displayName: `Plan ${n}` }));
  const premium = await createProduct(db, tenant.id, { displayName: "Power Apps Premium", purchasedUnits: units, servicePlans: plans });
  const e3 = await createProduct(db, tenant.id, { displayName: "Microsoft 365 E3", standaloneFor: null, purchasedUnits: 10 });
  const user = await createUser(db, tenant);
  return { tenant, premium, e3, plans, user };
}

async function snapshot(tenantId: string) {
  const [assignments, audits, products] = await Promise.all([
    t.prisma.licenseAssignment.findMany({ where: { tenantId }, orderBy: { id: "asc" } }),
    t.prisma.auditEntry.count({ where: { tenantId } }),
    t.prisma.product.findMany({ where: { tenantId }, orderBy: { id: "asc" }, select: { id: true, consumedUnits: true } }),
  ]);
  return { assignments, audits, products };
}

async function autoClaim(w: Awaited<ReturnType<typeof world>>) {
  const env = await createEnvironment(t.prisma, w.tenant.id, { managed: true });
  const app = await createApp(t.prisma, w.tenant.id, env.id, { premium: true });
  await createPolicy(t.prisma, w.tenant.id, { productIds: [w.premium.id] });
  const launch = await recordLaunch(t.prisma, { tenantId: w.tenant.id, user: w.user.id, appId: app.id });
  expect(launch.reason).toBe("AUTO_CLAIMED");
}

describe("assignLicenses", () => {
  it("assigns a product directly by SKU id, counts the unit and audits the change", async () => {
    const w = await world();
    const result = await assignLicenses(
      { db: t.prisma, actor, tenantId: w.tenant.id },
      { userId: w.user.id, add: [{ skuId: w.premium.skuId.toUpperCase(), disabledPlanIds: [w.plans[1].servicePlanId] }] },
    );
    expect(result).toEqual({ userId: w.user.id, added: [w.premium.id], removed: [], updated: [] });
    const [a] = await t.prisma.licenseAssignment.findMany({ where: { userId: w.user.id } });
    expect(a).toMatchObject({ productId: w.premium.id, source: "DIRECT", assignedById: null, disabledPlanIds: [w.plans[1].servicePlanId] });
    expect((await t.prisma.product.findUniqueOrThrow({ where: { id: w.premium.id } })).consumedUnits).toBe(1);
    const [audit] = await t.prisma.auditEntry.findMany({ where: { tenantId: w.tenant.id } });
    expect(audit).toMatchObject({ action: "user.licenses", actorLabel: "API token 'script'", targetId: w.user.id });
    expect(audit.summary).toContain("assigned Power Apps Premium");
  });

  it("updates the disabled plans of a product already held directly, and writes nothing when they are the same", async () => {
    const w = await world();
    await assignDirect(t.prisma, w.tenant.id, w.user.id, w.premium.id);
    const plan = w.plans[0].servicePlanId;
    expect(
      (await assignLicenses({ db: t.prisma, actor, tenantId: w.tenant.id }, { userId: w.user.id, add: [{ productId: w.premium.id, disabledPlanIds: [plan] }] }))
        .updated,
    ).toEqual([w.premium.id]);
    const rows = await t.prisma.licenseAssignment.findMany({ where: { userId: w.user.id } });
    expect(rows.map((r) => [r.source, r.disabledPlanIds])).toEqual([["DIRECT", [plan]]]);
    const before = await snapshot(w.tenant.id);
    expect(
      await assignLicenses({ db: t.prisma, actor, tenantId: w.tenant.id }, { userId: w.user.id, add: [{ productId: w.premium.id, disabledPlanIds: [plan] }] }),
    ).toEqual({ userId: w.user.id, added: [], removed: [], updated: [] });
    expect(await snapshot(w.tenant.id)).toEqual(before);
  });

  it("treats an auto-claimed licence as direct: adding updates it, removing removes it and frees the unit", async () => {
    const w = await world();
    await autoClaim(w);
    await assignLicenses(
      { db: t.prisma, actor, tenantId: w.tenant.id },
      { userId: w.user.id, add: [{ skuId: w.premium.skuId, disabledPlanIds: [w.plans[2].servicePlanId] }] },
    );
    const rows = await t.prisma.licenseAssignment.findMany({ where: { userId: w.user.id } });
    expect(rows.map((r) => [r.source, r.disabledPlanIds])).toEqual([["AUTO_CLAIM", [w.plans[2].servicePlanId]]]);
    await assignDirect(t.prisma, w.tenant.id, w.user.id, w.premium.id);
    expect((await assignLicenses({ db: t.prisma, actor, tenantId: w.tenant.id }, { userId: w.user.id, remove: [{ skuId: w.premium.skuId }] })).removed).toEqual(
      [w.premium.id],
    );
    expect(await t.prisma.licenseAssignment.count({ where: { userId: w.user.id } })).toBe(0);
    expect((await t.prisma.product.findUniqueOrThrow({ where: { id: w.premium.id } })).consumedUnits).toBe(0);
  });

  it("leaves group licences to the group: removal is refused when inherited only, and a direct add costs no extra unit", async () => {
    const w = await world();
    const group = await createGroup(t.prisma, w.tenant.id);
    await assignGroupLicense(t.prisma, w.tenant.id, group.id, w.premium.id);
    await addGroupMembers(t.prisma, w.tenant.id, group.id, [w.user.id]);
    const before = await snapshot(w.tenant.id);
    await expect(
      assignLicenses({ db: t.prisma, actor, tenantId: w.tenant.id }, { userId: w.user.id, remove: [{ skuId: w.premium.skuId }] }),
    ).rejects.toBeInstanceOf(LicenseInheritedError);
    expect(await snapshot(w.tenant.id)).toEqual(before);
    await assignLicenses({ db: t.prisma, actor, tenantId: w.tenant.id }, { userId: w.user.id, add: [{ skuId: w.premium.skuId }] });
    expect((await t.prisma.licenseAssignment.findMany({ where: { userId: w.user.id }, orderBy: { source: "asc" } })).map((r) => r.source)).toEqual([
      "DIRECT",
      "GROUP",
    ]);
    expect((await t.prisma.product.findUniqueOrThrow({ where: { id: w.premium.id } })).consumedUnits).toBe(1);
    // Removing now takes the direct one and keeps the group's.
    await assignLicenses({ db: t.prisma, actor, tenantId: w.tenant.id }, { userId: w.user.id, remove: [{ skuId: w.premium.skuId }] });
    expect((await t.prisma.licenseAssignment.findMany({ where: { userId: w.user.id } })).map((r) => r.source)).toEqual(["GROUP"]);
  });

  it("refuses bad requests and writes nothing", async () => {
    const w = await world();
    await assignDirect(t.prisma, w.tenant.id, w.user.id, w.e3.id);
    const other = await world();
    const before = await snapshot(w.tenant.id);
    const call = (changes: LicenseChanges, userId = w.user.id) => assignLicenses({ db: t.prisma, actor, tenantId: w.tenant.id }, { userId, ...changes });
    await expect(call({ remove: [{ skuId: w.premium.skuId }] })).rejects.toBeInstanceOf(LicenseNotHeldError);
    await expect(call({ add: [{ skuId: "00000000-0000-4000-8000-000000000000" }] })).rejects.toBeInstanceOf(UnknownLicenseError);
    await expect(call({ add: [{ skuId: "not-a-guid" }] })).rejects.toBeInstanceOf(UnknownLicenseError);
    await expect(call({ add: [{ productId: other.premium.id }] })).rejects.toBeInstanceOf(UnknownLicenseError);
    await expect(call({ add: [{ skuId: w.premium.skuId, disabledPlanIds: [other.plans[0].servicePlanId] }] })).rejects.toBeInstanceOf(InvalidServicePlanError);
    await expect(call({ add: [{ skuId: w.premium.skuId }, { productId: w.premium.id }] })).rejects.toBeInstanceOf(ValidationError);
    await expect(call({ add: [{ skuId: w.premium.skuId }], remove: [{ skuId: w.premium.skuId }] })).rejects.toBeInstanceOf(ValidationError);
    // A valid removal in the same call as a failing add is rolled back with it.
    await expect(call({ add: [{ skuId: "00000000-0000-4000-8000-000000000000" }], remove: [{ skuId: w.e3.skuId }] })).rejects.toBeInstanceOf(
      UnknownLicenseError,
    );
    await expect(call({ add: [{ skuId: w.premium.skuId }] }, other.user.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(call({ add: [{ skuId: w.premium.skuId }] }, "nobody")).rejects.toBeInstanceOf(NotFoundError);
    expect(await snapshot(w.tenant.id)).toEqual(before);
  });

  it("refuses a product with no unit left — naming it — and rolls back the rest of the call", async () => {
    const w = await world(t.prisma, 1);
    const holder = await createUser(t.prisma, w.tenant);
    await assignDirect(t.prisma, w.tenant.id, holder.id, w.premium.id);
    await assignDirect(t.prisma, w.tenant.id, w.user.id, w.e3.id);
    const before = await snapshot(w.tenant.id);
    const error = await assignLicenses(
      { db: t.prisma, actor, tenantId: w.tenant.id },
      { userId: w.user.id, add: [{ skuId: w.premium.skuId }], remove: [{ skuId: w.e3.skuId }] },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoLicensesAvailableError);
    expect((error as NoLicensesAvailableError).products.map((p) => p.skuId)).toEqual([w.premium.skuId]);
    expect(await snapshot(w.tenant.id)).toEqual(before);
  });

  it("never oversubscribes under concurrent calls for different users", async () => {
    // On PostgreSQL the client's pool runs the calls on several connections at once.
    const w = await world(t.prisma, 3);
    const users = [w.user, ...(await Promise.all(Array.from({ length: 7 }, () => createUser(t.prisma, w.tenant))))];
    const results = await Promise.allSettled(
      users.map((u) => assignLicenses({ db: t.prisma, actor, tenantId: w.tenant.id }, { userId: u.id, add: [{ skuId: w.premium.skuId }] })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toBeInstanceOf(NoLicensesAvailableError);
    expect((await t.prisma.product.findUniqueOrThrow({ where: { id: w.premium.id } })).consumedUnits).toBe(3);
    expect(await t.prisma.auditEntry.count({ where: { tenantId: w.tenant.id, action: "user.licenses" } })).toBe(3);
  });

  it("does not deadlock when concurrent calls name the same products in different orders", async () => {
    const w = await world(t.prisma, 50);
    const users = await Promise.all(Array.from({ length: 8 }, () => createUser(t.prisma, w.tenant)));
    const results = await Promise.allSettled(
      users.map((u, i) => {
        const both = [{ skuId: w.premium.skuId }, { skuId: w.e3.skuId }];
        return assignLicenses({ db: t.prisma, actor, tenantId: w.tenant.id }, { userId: u.id, add: i % 2 ? both : both.reverse() });
      }),
    );
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    expect((await t.prisma.product.findMany({ where: { tenantId: w.tenant.id }, orderBy: { id: "asc" } })).map((p) => p.consumedUnits)).toEqual([8, 8]);
  });
});
