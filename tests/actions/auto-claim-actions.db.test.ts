/**
 * The console's mutating server actions for auto-claim, called directly as the browser
 * would call them: only a Global admin may change anything — a User or a Reports reader gets 403
 * and nothing is written — and the admin's change is validated, audited and revalidated. The
 * wizard's refusals are checked here against the database ("nothing written").
 */
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { CurrentUser } from "@/server/auth/guards";
import type { CreatePolicyDraft } from "@/server/domain/policies/schema";
import { POWER_APPS_PER_APP, POWER_APPS_PREMIUM, POWER_AUTOMATE_PREMIUM } from "../../prisma/seed/catalog";
import { createEnvironment, createGroup, createProduct, createTenant } from "../factories";
import { useAppDb } from "../setup/app-db";
import { useTestDb } from "../setup/db";
import { createSessionUser } from "../session-user";

let current: CurrentUser | null = null;
vi.mock("@/server/auth/guards", () => ({ getCurrentUser: async () => current }));
const revalidatePath = vi.fn();
vi.mock("next/cache", () => ({ revalidatePath: (...args: unknown[]) => revalidatePath(...args) }));

const { turnOnAutoClaimSetting } = await import("@/app/(console)/billing/licenses/auto-claim/(list)/actions");
const { createPolicyAction } = await import("@/app/(console)/billing/licenses/auto-claim/new/actions");
const { deletePolicyAction, renamePolicyAction, setPolicyGroupAction, setPolicyProductsAction, setPolicyStatusAction } =
  await import("@/app/(console)/billing/licenses/auto-claim/[id]/actions");
const { saveAutoClaimSetting } = await import("@/app/(console)/settings/org-settings/actions");
const { setEnvironmentManagedAction } = await import("@/app/(console)/power-platform/environments/actions");
const { setPolicyScopeAction } = await import("@/app/(console)/power-platform/settings/licenses/actions");
const { ensureAutoCreatedPolicy, AUTO_CREATED_POLICY_NAME } = await import("@/server/domain/policies/auto-created");

const t = useTestDb();

async function world() {
  const tenant = await createTenant(t.prisma, { name: "Contoso" });
  const asUser = (role: CurrentUser["role"]) => createSessionUser(t.prisma, tenant, role);
  const admin = await asUser("GLOBAL_ADMIN");
  const reader = await asUser("REPORTS_READER");
  const user = await asUser("USER");
  const premium = await createProduct(t.prisma, tenant.id, { ...POWER_APPS_PREMIUM, purchasedUnits: 10 });
  const perApp = await createProduct(t.prisma, tenant.id, { ...POWER_APPS_PER_APP, purchasedUnits: 5 });
  const flow = await createProduct(t.prisma, tenant.id, { ...POWER_AUTOMATE_PREMIUM, purchasedUnits: 5 });
  const production = await createEnvironment(t.prisma, tenant.id, { name: "Production", managed: true });
  const sandbox = await createEnvironment(t.prisma, tenant.id, { name: "Sandbox", managed: false });
  const group = await createGroup(t.prisma, tenant.id, { displayName: "Power Apps Makers" });
  const made = await ensureAutoCreatedPolicy(t.prisma, tenant.id);
  if (!made.created) throw new Error("expected the auto-created policy");
  const plans = (p: { servicePlans: { servicePlanId: string }[] }) => p.servicePlans.map((s) => s.servicePlanId);
  return { tenant, admin, reader, user, premium, perApp, flow, production, sandbox, group, policyId: made.policyId, plans };
}
type World = Awaited<ReturnType<typeof world>>;

/** Every row these actions could write. */
async function snapshot(tenantId: string) {
  const [tenant, policies, policyProducts, environments, audit] = await Promise.all([
    t.prisma.tenant.findUniqueOrThrow({ where: { id: tenantId } }),
    t.prisma.autoClaimPolicy.findMany({ where: { tenantId }, orderBy: { id: "asc" } }),
    t.prisma.policyProduct.findMany({ where: { policy: { tenantId } }, orderBy: [{ policyId: "asc" }, { position: "asc" }] }),
    t.prisma.environment.findMany({ where: { tenantId }, orderBy: { id: "asc" } }),
    t.prisma.auditEntry.findMany({ where: { tenantId }, orderBy: { id: "asc" } }),
  ]);
  return { tenant, policies, policyProducts, environments, audit };
}

function form(entries: Record<string, string>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(entries)) fd.append(k, v);
  return fd;
}

type Call = { name: string; auditAction: string; run: (w: World) => Promise<{ ok: boolean }> };

/** Each mutating action with an input that a Global admin would get through. */
const CALLS: Call[] = [
  { name: "turnOnAutoClaimSetting", auditAction: "tenant.autoClaim", run: () => turnOnAutoClaimSetting(form({ enabled: "true" })) },
  { name: "saveAutoClaimSetting", auditAction: "tenant.autoClaim", run: () => saveAutoClaimSetting(form({ enabled: "on" })) },
  {
    name: "createPolicyAction",
    auditAction: "policy.create",
    run: (w) =>
      createPolicyAction({ name: "Flow makers", app: "POWER_AUTOMATE", products: [{ productId: w.flow.id, enabledPlanIds: w.plans(w.flow) }], groupId: "" }),
  },
  { name: "renamePolicyAction", auditAction: "policy.update", run: (w) => renamePolicyAction(form({ policyId: w.policyId, name: "Renamed" })) },
  { name: "setPolicyStatusAction", auditAction: "policy.update", run: (w) => setPolicyStatusAction(form({ policyId: w.policyId, status: "OFF" })) },
  {
    name: "setPolicyProductsAction",
    auditAction: "policy.update",
    run: (w) =>
      setPolicyProductsAction({
        policyId: w.policyId,
        products: [
          { productId: w.perApp.id, enabledPlanIds: w.plans(w.perApp) },
          { productId: w.premium.id, enabledPlanIds: w.plans(w.premium).slice(1) },
        ],
      }),
  },
  { name: "setPolicyGroupAction", auditAction: "policy.update", run: (w) => setPolicyGroupAction(form({ policyId: w.policyId, groupId: w.group.id })) },
  { name: "deletePolicyAction", auditAction: "policy.delete", run: (w) => deletePolicyAction(form({ policyId: w.policyId })) },
  { name: "setPolicyScopeAction", auditAction: "policy.scope", run: (w) => setPolicyScopeAction(form({ policyId: w.policyId, scope: "ALL_ENVIRONMENTS" })) },
  {
    name: "setEnvironmentManagedAction",
    auditAction: "environment.managed",
    run: (w) => setEnvironmentManagedAction(form({ environmentId: w.sandbox.id, managed: "true" })),
  },
];

beforeAll(() => useAppDb(t.db));
beforeEach(() => {
  revalidatePath.mockClear();
  current = null;
});

describe(`mutating actions refuse Users and Reports readers (${process.env.TEST_DATABASE})`, () => {
  for (const call of CALLS) {
    it(`${call.name}: 403 for a User and a Reports reader, nothing written; a Global admin's call is audited as ${call.auditAction}`, async () => {
      const w = await world();
      // So that "turn on" is a change.
      await t.prisma.tenant.update({ where: { id: w.tenant.id }, data: { autoClaimEnabled: false } });
      const before = await snapshot(w.tenant.id);

      for (const who of [w.user, w.reader]) {
        current = who;
        const result = await call.run(w);
        expect(result, `${who.role}`).toMatchObject({
          ok: false,
          status: 403,
          error: expect.stringMatching(/^Only a Global admin (or License administrator )?can do this\./),
        });
        expect(await snapshot(w.tenant.id), `${who.role}: nothing written`).toEqual(before);
      }
      expect(revalidatePath).not.toHaveBeenCalled();

      current = null;
      expect(await call.run(w)).toMatchObject({ ok: false, status: 401 });
      expect(await snapshot(w.tenant.id)).toEqual(before);

      current = w.admin;
      expect(await call.run(w)).toMatchObject({ ok: true });
      const audit = await t.prisma.auditEntry.findMany({ where: { tenantId: w.tenant.id, id: { notIn: before.audit.map((a) => a.id) } } });
      expect(audit.map((a) => [a.action, a.actorId])).toEqual([[call.auditAction, w.admin.id]]);
      expect(revalidatePath).toHaveBeenCalled();
    });
  }
});

describe(`Create policy refuses what the wizard refuses, with the message on the field (${process.env.TEST_DATABASE})`, () => {
  async function refused(w: World, input: Record<string, unknown>, field: string, message: string | RegExp) {
    current = w.admin;
    const before = await snapshot(w.tenant.id);
    const result = await createPolicyAction({
      name: "Flow makers",
      app: "POWER_AUTOMATE",
      products: [{ productId: w.flow.id, enabledPlanIds: w.plans(w.flow) }],
      groupId: "",
      ...input,
    } as CreatePolicyDraft);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.fieldErrors)).toEqual([field]);
    expect(result.fieldErrors[field][0]).toMatch(message);
    expect(await snapshot(w.tenant.id), "nothing written").toEqual(before);
    expect(revalidatePath).not.toHaveBeenCalled();
  }

  it("an empty name, a 65-character name, a duplicate name (in another case)", async () => {
    const w = await world();
    await refused(w, { name: "" }, "name", "Enter a name for the policy.");
    await refused(w, { name: "   " }, "name", "Enter a name for the policy.");
    await refused(w, { name: "a".repeat(65) }, "name", "Use 64 characters or fewer.");
    await refused(
      w,
      { name: AUTO_CREATED_POLICY_NAME.toUpperCase() },
      "name",
      `An auto-claim policy named “${AUTO_CREATED_POLICY_NAME}” already exists. Choose another name.`,
    );
  });

  it("no product, a 5th backup, zero service plans", async () => {
    const w = await world();
    await refused(w, { products: [] }, "products", "Select a product.");
    await refused(w, { products: [{ productId: "", enabledPlanIds: w.plans(w.flow) }] }, "products.0.productId", "Select a product.");
    const extra = [];
    for (let i = 0; i < 5; i++) extra.push(await createProduct(t.prisma, w.tenant.id, { standaloneFor: "POWER_AUTOMATE" }));
    const six = [w.flow, ...extra].map((p) => ({ productId: p.id, enabledPlanIds: w.plans(p) }));
    await refused(w, { products: six }, "products", "A policy can have one primary product and at most 4 backup products.");
    await refused(w, { products: [{ productId: w.flow.id, enabledPlanIds: [] }] }, "products.0.enabledPlanIds", "Select at least one app.");
    // Five are fine.
    current = w.admin;
    expect(await createPolicyAction({ name: "Five", app: "POWER_AUTOMATE", products: six.slice(0, 5), groupId: "" })).toMatchObject({ ok: true });
  });

  it("a second policy for the same app, naming the existing one", async () => {
    const w = await world();
    await refused(
      w,
      { app: "POWER_APPS", products: [{ productId: w.premium.id, enabledPlanIds: w.plans(w.premium) }] },
      "app",
      `A Power Apps auto-claim policy already exists: “${AUTO_CREATED_POLICY_NAME}”. Edit it or delete it first.`,
    );
  });
});

describe(`the FormData path (${process.env.TEST_DATABASE})`, () => {
  it("reads checkboxes and switches from FormData: absent is off, 'on' and 'true' are on", async () => {
    const w = await world();
    current = w.admin;
    expect(await saveAutoClaimSetting(form({}))).toMatchObject({ ok: true, data: { enabled: false } });
    expect((await t.prisma.tenant.findUniqueOrThrow({ where: { id: w.tenant.id } })).autoClaimEnabled).toBe(false);
    expect(await turnOnAutoClaimSetting(form({ enabled: "true" }))).toMatchObject({ ok: true, data: { enabled: true } });
    expect((await t.prisma.tenant.findUniqueOrThrow({ where: { id: w.tenant.id } })).autoClaimEnabled).toBe(true);
    expect(await setPolicyStatusAction(null, form({ policyId: w.policyId, status: "OFF" }))).toMatchObject({ ok: true });
    expect((await t.prisma.autoClaimPolicy.findUniqueOrThrow({ where: { id: w.policyId } })).enabled).toBe(false);
    expect(await setEnvironmentManagedAction(form({ environmentId: w.production.id, managed: "false" }))).toMatchObject({ ok: true, data: { managed: false } });
    expect((await t.prisma.environment.findUniqueOrThrow({ where: { id: w.production.id } })).managed).toBe(false);
  });

  it("a rename that clashes or is too long answers with the error on the name field", async () => {
    const w = await world();
    current = w.admin;
    await createPolicyAction({ name: "Flows", app: "POWER_AUTOMATE", products: [{ productId: w.flow.id, enabledPlanIds: w.plans(w.flow) }] });
    const before = await snapshot(w.tenant.id);
    expect(await renamePolicyAction(form({ policyId: w.policyId, name: "flows" }))).toMatchObject({
      ok: false,
      fieldErrors: { name: [expect.stringContaining("“Flows”")] },
    });
    expect(await renamePolicyAction(form({ policyId: w.policyId, name: "b".repeat(65) }))).toMatchObject({
      ok: false,
      status: 400,
      fieldErrors: { name: ["Use 64 characters or fewer."] },
    });
    expect(await setPolicyScopeAction(form({ policyId: w.policyId, scope: "SOMEWHERE" }))).toMatchObject({
      ok: false,
      fieldErrors: { scope: ["Select where the policy applies."] },
    });
    expect(await snapshot(w.tenant.id)).toEqual(before);
  });

  it("deleting the auto-created policy is remembered on the tenant", async () => {
    const w = await world();
    current = w.admin;
    expect(await deletePolicyAction(form({ policyId: w.policyId }))).toMatchObject({ ok: true, data: { autoCreated: true } });
    expect((await t.prisma.tenant.findUniqueOrThrow({ where: { id: w.tenant.id } })).autoCreatedPolicyDeletedAt).toBeInstanceOf(Date);
    expect(await deletePolicyAction(form({ policyId: w.policyId }))).toMatchObject({ ok: false, status: 404 });
  });
});
