/**
 * Report only and the simulation through their server actions (SPEC §8.5), called as the browser
 * calls them: the status (On / Report only / Off) and the Review step's simulation are a Global
 * admin's — a User or a Reports reader gets 403 and nothing is written — and a bad input is
 * refused beside its field.
 */
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { CurrentUser } from "@/server/auth/guards";
import { POWER_APPS_PREMIUM } from "../../prisma/seed/catalog";
import { createApp, createEnvironment, createLaunch, createPolicy, createProduct, createTenant, createUser } from "../factories";
import { useAppDb } from "../setup/app-db";
import { useTestDb } from "../setup/db";
import { createSessionUser } from "../session-user";

let current: CurrentUser | null = null;
vi.mock("@/server/auth/guards", () => ({ getCurrentUser: async () => current }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { createPolicyAction, simulatePolicyAction } = await import("@/app/(console)/billing/licenses/auto-claim/new/actions");
const { setPolicyStatusAction } = await import("@/app/(console)/billing/licenses/auto-claim/[id]/actions");

const t = useTestDb();

async function world() {
  const tenant = await createTenant(t.prisma, { name: "Contoso", autoClaimEnabled: true });
  const admin = await createSessionUser(t.prisma, tenant, "GLOBAL_ADMIN");
  const reader = await createSessionUser(t.prisma, tenant, "REPORTS_READER");
  const user = await createSessionUser(t.prisma, tenant, "USER");
  const premium = await createProduct(t.prisma, tenant.id, { ...POWER_APPS_PREMIUM, purchasedUnits: 1 });
  const env = await createEnvironment(t.prisma, tenant.id, { managed: true });
  const app = await createApp(t.prisma, tenant.id, env.id, { premium: true });
  const policy = await createPolicy(t.prisma, tenant.id, { productIds: [premium.id] });
  for (let i = 0; i < 3; i++)
    await createLaunch(t.prisma, app, (await createUser(t.prisma, tenant)).id, { createdAt: new Date(Date.now() - (i + 1) * 3_600_000) });
  return { tenant, admin, reader, user, premium, policy };
}

const form = (entries: Record<string, string>) => {
  const fd = new FormData();
  for (const [k, v] of Object.entries(entries)) fd.append(k, v);
  return fd;
};
const policyRow = (id: string) => t.prisma.autoClaimPolicy.findUniqueOrThrow({ where: { id } });
const audits = (tenantId: string) => t.prisma.auditEntry.count({ where: { tenantId } });

beforeAll(() => useAppDb(t.db));
beforeEach(() => {
  current = null;
});

describe(`setPolicyStatusAction: On / Report only / Off (${process.env.TEST_DATABASE})`, () => {
  it("403 for a User and a Reports reader, nothing written; a Global admin puts the policy in report only, audited", async () => {
    const w = await world();
    for (const who of [w.user, w.reader]) {
      current = who;
      expect(await setPolicyStatusAction(form({ policyId: w.policy.id, status: "REPORT_ONLY" }))).toMatchObject({ ok: false, status: 403 });
    }
    expect(await policyRow(w.policy.id)).toMatchObject({ enabled: true, reportOnlySince: null });
    expect(await audits(w.tenant.id)).toBe(0);
    current = w.admin;
    expect(await setPolicyStatusAction(form({ policyId: w.policy.id, status: "REPORT_ONLY" }))).toMatchObject({ ok: true, data: { status: "REPORT_ONLY" } });
    expect(await policyRow(w.policy.id)).toMatchObject({ enabled: false, reportOnlySince: expect.any(Date) });
    expect(await t.prisma.auditEntry.findFirstOrThrow({ where: { tenantId: w.tenant.id } })).toMatchObject({
      action: "policy.update",
      before: { enabled: true },
      after: { enabled: false, status: "REPORT_ONLY" },
    });
  });

  it("refuses a status that is not one of the three beside the field, and writes nothing", async () => {
    const w = await world();
    current = w.admin;
    for (const status of ["", "MAYBE", "true"]) {
      expect(await setPolicyStatusAction(form({ policyId: w.policy.id, status }))).toMatchObject({
        ok: false,
        fieldErrors: { status: ["Choose On, Report only or Off."] },
      });
    }
    expect(await setPolicyStatusAction(form({ policyId: "nope", status: "OFF" }))).toMatchObject({
      ok: false,
      fieldErrors: { policyId: [expect.any(String)] },
    });
    expect(await policyRow(w.policy.id)).toMatchObject({ enabled: true, reportOnlySince: null });
    expect(await audits(w.tenant.id)).toBe(0);
  });
});

describe(`createPolicyAction with a status (${process.env.TEST_DATABASE})`, () => {
  it("creates a policy in report only when chosen on the Review step; a bad status is refused beside its field", async () => {
    const tenant = await createTenant(t.prisma, { name: "Fabrikam", autoClaimEnabled: true });
    const admin = await createSessionUser(t.prisma, tenant, "GLOBAL_ADMIN");
    const premium = await createProduct(t.prisma, tenant.id, { ...POWER_APPS_PREMIUM, purchasedUnits: 1 });
    const products = [{ productId: premium.id, enabledPlanIds: premium.servicePlans.map((s) => s.servicePlanId) }];
    current = admin;
    const bad = await createPolicyAction({ name: "Trial", app: "POWER_APPS", products, status: "SOMETIMES" as never });
    expect(bad).toMatchObject({ ok: false, fieldErrors: { status: ["Choose On, Report only or Off."] } });
    expect(await t.prisma.autoClaimPolicy.count({ where: { tenantId: tenant.id } })).toBe(0);
    const made = await createPolicyAction({ name: "Trial", app: "POWER_APPS", products, status: "REPORT_ONLY" });
    if (!made.ok) throw new Error(made.error);
    expect(await policyRow(made.data.id)).toMatchObject({ enabled: false, reportOnlySince: expect.any(Date) });
    expect(await t.prisma.auditEntry.findFirstOrThrow({ where: { tenantId: tenant.id } })).toMatchObject({
      action: "policy.create",
      after: { enabled: false, status: "REPORT_ONLY" },
    });
  });
});

describe(`simulatePolicyAction: the Review step's simulation (${process.env.TEST_DATABASE})`, () => {
  it("403 for a User and a Reports reader; a Global admin gets the numbers and nothing is written", async () => {
    const w = await world();
    const input = { app: "POWER_APPS" as const, productIds: [w.premium.id] };
    for (const who of [w.user, w.reader]) {
      current = who;
      expect(await simulatePolicyAction(input)).toMatchObject({ ok: false, status: 403 });
    }
    current = w.admin;
    const launches = await t.prisma.launch.count({ where: { tenantId: w.tenant.id } });
    expect(await simulatePolicyAction(input)).toMatchObject({ ok: true, data: { wouldClaim: 3, availableNow: 1, wouldWait: 2 } });
    expect(await t.prisma.launch.count({ where: { tenantId: w.tenant.id } })).toBe(launches);
    expect(await t.prisma.licenseAssignment.count({ where: { tenantId: w.tenant.id } })).toBe(0);
    expect(await audits(w.tenant.id)).toBe(0);
  });

  it("refuses a draft without an app or products, or with a bad id, beside the field", async () => {
    const w = await world();
    current = w.admin;
    expect(await simulatePolicyAction({ app: "" as never, productIds: [w.premium.id] })).toMatchObject({
      ok: false,
      fieldErrors: { app: ["Select an auto-claim app."] },
    });
    expect(await simulatePolicyAction({ app: "POWER_APPS", productIds: [] })).toMatchObject({ ok: false, fieldErrors: { productIds: ["Select a product."] } });
    expect(await simulatePolicyAction({ app: "POWER_APPS", productIds: ["x"] })).toMatchObject({
      ok: false,
      fieldErrors: { "productIds.0": ["Select a product."] },
    });
    expect(await simulatePolicyAction({ app: "POWER_APPS", scope: "EVERYWHERE" as never, productIds: [w.premium.id] })).toMatchObject({
      ok: false,
      fieldErrors: { scope: ["Select where the policy applies."] },
    });
  });
});
