/**
 * Auto-claim policy rules (SPEC §2, §4, §5) on both databases: create, update, scope and delete,
 * each audited in its own transaction, and a refused change writes nothing — not even an audit entry.
 */
import { describe, expect, it } from "vitest";
import { M365_E3, POWER_APPS_PER_APP, POWER_APPS_PREMIUM, POWER_AUTOMATE_PREMIUM } from "../../../../prisma/seed/catalog";
import { createEnvironment, createGroup, createPolicy as createPolicyRow, createProduct, createTenant, createUser } from "../../../../tests/factories";
import { useTestDb } from "../../../../tests/setup/db";
import { setEnvironmentManaged } from "../environments/service";
import { ensureAutoCreatedPolicy, AUTO_CREATED_POLICY_NAME } from "./auto-created";
import { PolicyAlreadyExistsError, PolicyNameTakenError, policyUniqueViolation } from "./errors";
import { createPolicy, deletePolicy, getDeletedPolicy, getPolicy, getPolicyOptions, listPolicies, setPolicyScope, updatePolicy } from "./service";

const t = useTestDb();

async function world() {
  const tenant = await createTenant(t.prisma, { autoClaimEnabled: true });
  const admin = await createUser(t.prisma, tenant, { role: "GLOBAL_ADMIN" });
  const actor = { id: admin.id, label: admin.userPrincipalName };
  const premium = await createProduct(t.prisma, tenant.id, { ...POWER_APPS_PREMIUM, purchasedUnits: 10 });
  const perApp = await createProduct(t.prisma, tenant.id, { ...POWER_APPS_PER_APP, purchasedUnits: 5 });
  const flow = await createProduct(t.prisma, tenant.id, { ...POWER_AUTOMATE_PREMIUM, purchasedUnits: 3 });
  const e3 = await createProduct(t.prisma, tenant.id, { ...M365_E3, purchasedUnits: 20 });
  const group = await createGroup(t.prisma, tenant.id, { displayName: "Power Apps Makers" });
  const plans = (p: { servicePlans: { servicePlanId: string }[] }) => p.servicePlans.map((s) => s.servicePlanId);
  return { tenant, admin, actor, premium, perApp, flow, e3, group, plans };
}
type World = Awaited<ReturnType<typeof world>>;

function paInput(w: World, overrides: Record<string, unknown> = {}) {
  return {
    name: "Makers",
    app: "POWER_APPS" as const,
    products: [
      { productId: w.premium.id, enabledPlanIds: w.plans(w.premium) },
      { productId: w.perApp.id, enabledPlanIds: w.plans(w.perApp) },
    ],
    groupId: w.group.id,
    ...overrides,
  };
}

/** Everything a policy change could write, to compare before and after a refusal. */
async function snapshot(tenantId: string) {
  const [policies, products, audit, tenant] = await Promise.all([
    t.prisma.autoClaimPolicy.findMany({ where: { tenantId }, orderBy: { id: "asc" } }),
    t.prisma.policyProduct.findMany({ where: { policy: { tenantId } }, orderBy: [{ policyId: "asc" }, { position: "asc" }] }),
    t.prisma.auditEntry.count({ where: { tenantId } }),
    t.prisma.tenant.findUniqueOrThrow({ where: { id: tenantId } }),
  ]);
  return { policies, products, audit, tenant };
}

async function refuses(w: World, fn: () => Promise<unknown>, expected: { field?: string; message?: RegExp | string; type?: new (...args: never[]) => Error }) {
  const before = await snapshot(w.tenant.id);
  const error = await fn().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, "the change should have been refused").toBeTruthy();
  if (expected.type) expect(error).toBeInstanceOf(expected.type);
  if (expected.field !== undefined) expect(error).toMatchObject({ field: expected.field });
  if (expected.message) expect((error as Error).message).toMatch(expected.message);
  expect(await snapshot(w.tenant.id), "nothing written").toEqual(before);
  return error;
}

describe(`createPolicy (${process.env.TEST_DATABASE})`, () => {
  it("creates the policy with its ordered products, disabled plans and group, on and for all environments (the default), audited", async () => {
    const w = await world();
    const dataverse = w.premium.servicePlans.find((s) => s.displayName === "Dataverse")!;
    const input = paInput(w, {
      name: "  Makers  ",
      products: [
        { productId: w.premium.id, enabledPlanIds: w.plans(w.premium).filter((id) => id !== dataverse.servicePlanId) },
        { productId: w.perApp.id, enabledPlanIds: w.plans(w.perApp) },
      ],
    });
    const created = await createPolicy({ db: t.prisma, actor: w.actor, tenantId: w.tenant.id }, input);
    expect(created.name).toBe("Makers");

    const row = await t.prisma.autoClaimPolicy.findUniqueOrThrow({ where: { id: created.id }, include: { products: { orderBy: { position: "asc" } } } });
    expect(row).toMatchObject({
      name: "Makers",
      app: "POWER_APPS",
      enabled: true,
      scope: "ALL_ENVIRONMENTS",
      groupId: w.group.id,
      autoCreated: false,
      createdById: w.admin.id,
      deletedAt: null,
    });
    expect(row.products.map((p) => [p.position, p.productId, p.disabledPlanIds])).toEqual([
      [0, w.premium.id, [dataverse.servicePlanId]],
      [1, w.perApp.id, []],
    ]);

    const audit = await t.prisma.auditEntry.findMany({ where: { tenantId: w.tenant.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "policy.create", targetId: created.id, actorId: w.admin.id, actorLabel: w.admin.userPrincipalName });
    expect(audit[0].after).toMatchObject({
      name: "Makers",
      products: [
        { product: "Power Apps Premium", disabledPlans: ["Dataverse"] },
        { product: "Power Apps per app", disabledPlans: [] },
      ],
    });

    const [listed] = await listPolicies(t.prisma, w.tenant.id);
    expect(listed).toMatchObject({
      id: created.id,
      name: "Makers",
      app: "POWER_APPS",
      enabled: true,
      group: { displayName: "Power Apps Makers" },
      available: 15,
    });
    expect(listed.products.map((p) => p.displayName)).toEqual(["Power Apps Premium", "Power Apps per app"]);
    expect(listed.products[0].servicePlans.find((s) => s.servicePlanId === dataverse.servicePlanId)?.enabled).toBe(false);
  });

  it("allows one live policy per app, and the refusal names the existing one", async () => {
    const w = await world();
    await createPolicy({ db: t.prisma, actor: w.actor, tenantId: w.tenant.id }, paInput(w, { name: "First" }));
    await refuses(w, () => createPolicy({ db: t.prisma, actor: w.actor, tenantId: w.tenant.id }, paInput(w, { name: "Second" })), {
      type: PolicyAlreadyExistsError,
      field: "app",
      message: "A Power Apps auto-claim policy already exists: “First”. Edit it or delete it first.",
    });
    // Another app is fine.
    await createPolicy(
      { db: t.prisma, actor: w.actor, tenantId: w.tenant.id },
      { name: "Flows", app: "POWER_AUTOMATE", products: [{ productId: w.flow.id, enabledPlanIds: w.plans(w.flow) }] },
    );
    expect(await t.prisma.autoClaimPolicy.count({ where: { tenantId: w.tenant.id } })).toBe(2);
  });

  it("names the auto-created policy when it is the one in the way", async () => {
    const w = await world();
    await createEnvironment(t.prisma, w.tenant.id, { managed: true });
    await ensureAutoCreatedPolicy(t.prisma, w.tenant.id);
    await refuses(w, () => createPolicy({ db: t.prisma, actor: w.actor, tenantId: w.tenant.id }, paInput(w)), {
      type: PolicyAlreadyExistsError,
      message: `A Power Apps auto-claim policy already exists: “${AUTO_CREATED_POLICY_NAME}”. Edit it or delete it first.`,
    });
  });

  it("keeps names unique case-insensitively and trimmed, across apps", async () => {
    const w = await world();
    await createPolicy({ db: t.prisma, actor: w.actor, tenantId: w.tenant.id }, paInput(w, { name: "Sales Apps" }));
    await refuses(
      w,
      () =>
        createPolicy(
          { db: t.prisma, actor: w.actor, tenantId: w.tenant.id },
          { name: "  sales APPS ", app: "POWER_AUTOMATE", products: [{ productId: w.flow.id, enabledPlanIds: w.plans(w.flow) }] },
        ),
      { type: PolicyNameTakenError, field: "name", message: "An auto-claim policy named “Sales Apps” already exists. Choose another name." },
    );
  });

  it("refuses an empty, blank or 65-character name and accepts 64 characters", async () => {
    const w = await world();
    await refuses(w, () => createPolicy({ db: t.prisma, actor: w.actor, tenantId: w.tenant.id }, paInput(w, { name: "" })), {
      field: "name",
      message: "Enter a name for the policy.",
    });
    await refuses(w, () => createPolicy({ db: t.prisma, actor: w.actor, tenantId: w.tenant.id }, paInput(w, { name: "    " })), {
      field: "name",
      message: "Enter a name for the policy.",
    });
    await refuses(w, () => createPolicy({ db: t.prisma, actor: w.actor, tenantId: w.tenant.id }, paInput(w, { name: "x".repeat(65) })), {
      field: "name",
      message: "Use 64 characters or fewer.",
    });
    const ok = await createPolicy({ db: t.prisma, actor: w.actor, tenantId: w.tenant.id }, paInput(w, { name: ` ${"y".repeat(64)} ` }));
    expect(ok.name).toBe("y".repeat(64));
  });

  it("needs a product, takes at most 4 backups, and each product once", async () => {
    const w = await world();
    await refuses(w, () => createPolicy({ db: t.prisma, actor: w.actor, tenantId: w.tenant.id }, paInput(w, { products: [] })), {
      field: "products",
      message: "Select a product.",
    });
    const six = Array.from({ length: 6 }, (_, i) => ({ productId: i % 2 ? w.perApp.id : w.premium.id, enabledPlanIds: w.plans(i % 2 ? w.perApp : w.premium) }));
    await refuses(w, () => createPolicy({ db: t.prisma, actor: w.actor, tenantId: w.tenant.id }, paInput(w, { products: six })), {
      field: "products",
      message: "A policy can have one primary product and at most 4 backup products.",
    });
    const twice = [0, 1].map(() => ({ productId: w.premium.id, enabledPlanIds: w.plans(w.premium) }));
    await refuses(w, () => createPolicy({ db: t.prisma, actor: w.actor, tenantId: w.tenant.id }, paInput(w, { products: twice })), {
      field: "products.1.productId",
      message: /already in the policy/,
    });
  });

  it("takes five products: one primary and four backups", async () => {
    const w = await world();
    const extra = [];
    for (let i = 0; i < 3; i++) extra.push(await createProduct(t.prisma, w.tenant.id, { standaloneFor: "POWER_APPS" }));
    const products = [w.premium, w.perApp, ...extra].map((p) => ({ productId: p.id, enabledPlanIds: w.plans(p) }));
    const created = await createPolicy({ db: t.prisma, actor: w.actor, tenantId: w.tenant.id }, paInput(w, { products }));
    expect(await t.prisma.policyProduct.count({ where: { policyId: created.id } })).toBe(5);
  });

  it("takes only the tenant's standalone products for the policy's app", async () => {
    const w = await world();
    const other = await world();
    const one = (p: { id: string; servicePlans: { servicePlanId: string }[] }) => [{ productId: p.id, enabledPlanIds: w.plans(p) }];
    await refuses(w, () => createPolicy({ db: t.prisma, actor: w.actor, tenantId: w.tenant.id }, paInput(w, { products: one(w.e3) })), {
      field: "products.0.productId",
      message: "Microsoft 365 E3 is not a standalone license for Power Apps.",
    });
    await refuses(w, () => createPolicy({ db: t.prisma, actor: w.actor, tenantId: w.tenant.id }, paInput(w, { products: one(w.flow) })), {
      field: "products.0.productId",
      message: "Power Automate Premium is not a standalone license for Power Apps.",
    });
    await refuses(w, () => createPolicy({ db: t.prisma, actor: w.actor, tenantId: w.tenant.id }, paInput(w, { products: one(other.premium) })), {
      field: "products.0.productId",
      message: /not one of this organization's products/,
    });
  });

  it("takes only the product's own service plans and needs at least one on", async () => {
    const w = await world();
    await refuses(
      w,
      () => createPolicy({ db: t.prisma, actor: w.actor, tenantId: w.tenant.id }, paInput(w, { products: [{ productId: w.premium.id, enabledPlanIds: [] }] })),
      {
        field: "products.0.enabledPlanIds",
        message: "Select at least one app.",
      },
    );
    await refuses(
      w,
      () =>
        createPolicy(
          { db: t.prisma, actor: w.actor, tenantId: w.tenant.id },
          paInput(w, { products: [{ productId: w.premium.id, enabledPlanIds: w.plans(w.perApp).slice(0, 1) }] }),
        ),
      {
        field: "products.0.enabledPlanIds",
        message: /Power Apps Premium has no app with id/,
      },
    );
  });

  it("refuses another tenant's group", async () => {
    const w = await world();
    const other = await world();
    await refuses(w, () => createPolicy({ db: t.prisma, actor: w.actor, tenantId: w.tenant.id }, paInput(w, { groupId: other.group.id })), {
      field: "groupId",
    });
  });

  it("under concurrency one create per app wins; the others get the message naming the winner", async () => {
    const w = await world();
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => createPolicy({ db: t.prisma, actor: w.actor, tenantId: w.tenant.id }, paInput(w, { name: `Racer ${i}` }))),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    expect(won).toHaveLength(1);
    const winner = (won[0] as PromiseFulfilledResult<{ name: string }>).value.name;
    for (const r of results.filter((r) => r.status === "rejected")) {
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(PolicyAlreadyExistsError);
      expect((r as PromiseRejectedResult).reason.message).toContain(`“${winner}”`);
    }
    expect(await t.prisma.auditEntry.count({ where: { tenantId: w.tenant.id, action: "policy.create" } })).toBe(1);
  });
});

describe(`the database's unique indexes as a safety net (${process.env.TEST_DATABASE})`, () => {
  async function caught(fn: () => Promise<unknown>) {
    return fn().then(
      () => {
        throw new Error("expected the database to refuse");
      },
      (e: unknown) => e,
    );
  }

  it("recognises which index refused a write, through Prisma and raw SQL, and nothing else", async () => {
    const w = await world();
    await createPolicyRow(t.prisma, w.tenant.id, { name: "Taken", productIds: [w.premium.id] });
    const row = (data: { name: string; app: "POWER_APPS" | "POWER_AUTOMATE" }) => ({ tenantId: w.tenant.id, ...data });
    const samePp = await caught(() => t.prisma.autoClaimPolicy.create({ data: row({ name: "Other", app: "POWER_APPS" }) }));
    const sameName = await caught(() => t.prisma.$transaction((tx) => tx.autoClaimPolicy.create({ data: row({ name: "TAKEN", app: "POWER_AUTOMATE" }) })));
    const raw = await caught(
      () =>
        t.prisma
          .$executeRaw`INSERT INTO "AutoClaimPolicy" ("id", "tenantId", "name", "app", "updatedAt") VALUES (gen_random_uuid(), ${w.tenant.id}::uuid, 'x', 'POWER_APPS', now())`,
    );
    expect(policyUniqueViolation(samePp)).toBe("ONE_PER_APP");
    expect(policyUniqueViolation(sameName)).toBe("UNIQUE_NAME");
    expect(policyUniqueViolation(raw)).toBe("ONE_PER_APP");

    const tooLong = await caught(() => t.prisma.autoClaimPolicy.create({ data: row({ name: "z".repeat(65), app: "POWER_AUTOMATE" }) }));
    expect(policyUniqueViolation(tooLong)).toBeNull();
    for (const value of [null, undefined, new Error("AutoClaimPolicy_one_per_app"), { code: "23505", message: "other_index" }]) {
      expect(policyUniqueViolation(value)).toBeNull();
    }
  });
});

describe(`updatePolicy (${process.env.TEST_DATABASE})`, () => {
  async function withPolicy() {
    const w = await world();
    const policy = await createPolicy({ db: t.prisma, actor: w.actor, tenantId: w.tenant.id }, paInput(w, { groupId: null }));
    await t.prisma.auditEntry.deleteMany({ where: { tenantId: w.tenant.id } });
    return { ...w, policy };
  }

  it("renames (trimmed, unique case-insensitively, its own name in another case is fine) and audits before/after", async () => {
    const w = await withPolicy();
    await createPolicy(
      { db: t.prisma, actor: w.actor, tenantId: w.tenant.id },
      { name: "Flows", app: "POWER_AUTOMATE", products: [{ productId: w.flow.id, enabledPlanIds: w.plans(w.flow) }] },
    );
    await refuses(w, () => updatePolicy({ db: t.prisma, actor: w.actor, tenantId: w.tenant.id }, { policyId: w.policy.id, name: " FLOWS " }), {
      type: PolicyNameTakenError,
      field: "name",
      message: /“Flows”/,
    });
    await refuses(w, () => updatePolicy({ db: t.prisma, actor: w.actor, tenantId: w.tenant.id }, { policyId: w.policy.id, name: "" }), { field: "name" });
    await refuses(w, () => updatePolicy({ db: t.prisma, actor: w.actor, tenantId: w.tenant.id }, { policyId: w.policy.id, name: "n".repeat(65) }), {
      field: "name",
    });

    expect(await updatePolicy({ db: t.prisma, actor: w.actor, tenantId: w.tenant.id }, { policyId: w.policy.id, name: "MAKERS" })).toMatchObject({
      name: "MAKERS",
      changed: ["name"],
    });
    expect(await updatePolicy({ db: t.prisma, actor: w.actor, tenantId: w.tenant.id }, { policyId: w.policy.id, name: "  Makers (renamed) " })).toMatchObject({
      name: "Makers (renamed)",
    });
    const entries = await t.prisma.auditEntry.findMany({ where: { tenantId: w.tenant.id, action: "policy.update" }, orderBy: { createdAt: "asc" } });
    expect(entries).toHaveLength(2);
    expect(entries.at(-1)).toMatchObject({ before: { name: "MAKERS" }, after: { name: "Makers (renamed)" }, targetId: w.policy.id });
  });

  it("turns the policy off and on; a request that changes nothing writes no audit entry", async () => {
    const w = await withPolicy();
    await updatePolicy({ db: t.prisma, actor: w.actor, tenantId: w.tenant.id }, { policyId: w.policy.id, enabled: false });
    expect((await getPolicy(t.prisma, w.tenant.id, w.policy.id))?.enabled).toBe(false);
    expect(await updatePolicy({ db: t.prisma, actor: w.actor, tenantId: w.tenant.id }, { policyId: w.policy.id, enabled: false })).toMatchObject({
      changed: [],
    });
    await updatePolicy({ db: t.prisma, actor: w.actor, tenantId: w.tenant.id }, { policyId: w.policy.id, enabled: true });
    const entries = await t.prisma.auditEntry.findMany({ where: { tenantId: w.tenant.id }, orderBy: { createdAt: "asc" } });
    expect(entries.map((e) => [e.action, e.before, e.after])).toEqual([
      ["policy.update", { enabled: true }, { enabled: false }],
      ["policy.update", { enabled: false }, { enabled: true }],
    ]);
  });

  it("reorders, adds and removes backups, changes service plans; keeps at least one product and one plan", async () => {
    const w = await withPolicy();
    const extra = await createProduct(t.prisma, w.tenant.id, { standaloneFor: "POWER_APPS", displayName: "Extra" });
    const order = async () => (await getPolicy(t.prisma, w.tenant.id, w.policy.id))!.products.map((p) => p.displayName);

    // Move the backup up: it becomes the primary.
    await updatePolicy(
      { db: t.prisma, actor: w.actor, tenantId: w.tenant.id },
      {
        policyId: w.policy.id,
        products: [
          { productId: w.perApp.id, enabledPlanIds: w.plans(w.perApp) },
          { productId: w.premium.id, enabledPlanIds: w.plans(w.premium) },
        ],
      },
    );
    expect(await order()).toEqual(["Power Apps per app", "Power Apps Premium"]);
    // Add a backup, with one of its plans off… then remove the first.
    await updatePolicy(
      { db: t.prisma, actor: w.actor, tenantId: w.tenant.id },
      {
        policyId: w.policy.id,
        products: [
          { productId: w.perApp.id, enabledPlanIds: w.plans(w.perApp) },
          { productId: w.premium.id, enabledPlanIds: w.plans(w.premium).slice(1) },
          { productId: extra.id, enabledPlanIds: w.plans(extra) },
        ],
      },
    );
    expect(await order()).toEqual(["Power Apps per app", "Power Apps Premium", "Extra"]);
    const premiumRow = (await getPolicy(t.prisma, w.tenant.id, w.policy.id))!.products[1];
    expect(premiumRow.servicePlans.map((s) => s.enabled)).toEqual([false, true, true, true]);
    await updatePolicy(
      { db: t.prisma, actor: w.actor, tenantId: w.tenant.id },
      {
        policyId: w.policy.id,
        products: [
          { productId: w.premium.id, enabledPlanIds: w.plans(w.premium).slice(1) },
          { productId: extra.id, enabledPlanIds: w.plans(extra) },
        ],
      },
    );
    expect(await order()).toEqual(["Power Apps Premium", "Extra"]);
    expect(await t.prisma.policyProduct.findMany({ where: { policyId: w.policy.id }, orderBy: { position: "asc" }, select: { position: true } })).toEqual([
      { position: 0 },
      { position: 1 },
    ]);

    await refuses(w, () => updatePolicy({ db: t.prisma, actor: w.actor, tenantId: w.tenant.id }, { policyId: w.policy.id, products: [] }), {
      field: "products",
      message: "Select a product.",
    });
    await refuses(
      w,
      () =>
        updatePolicy(
          { db: t.prisma, actor: w.actor, tenantId: w.tenant.id },
          { policyId: w.policy.id, products: [{ productId: w.premium.id, enabledPlanIds: [] }] },
        ),
      {
        field: "products.0.enabledPlanIds",
      },
    );
    await refuses(
      w,
      () =>
        updatePolicy(
          { db: t.prisma, actor: w.actor, tenantId: w.tenant.id },
          { policyId: w.policy.id, products: [{ productId: w.flow.id, enabledPlanIds: w.plans(w.flow) }] },
        ),
      {
        field: "products.0.productId",
        message: /not a standalone license for Power Apps/,
      },
    );
    // A failure in the middle of a multi-field change writes none of it.
    await refuses(
      w,
      () =>
        updatePolicy(
          { db: t.prisma, actor: w.actor, tenantId: w.tenant.id },
          { policyId: w.policy.id, name: "Half", enabled: false, products: [{ productId: w.e3.id, enabledPlanIds: w.plans(w.e3) }] },
        ),
      {
        field: "products.0.productId",
      },
    );
    expect(await t.prisma.auditEntry.count({ where: { tenantId: w.tenant.id, action: "policy.update" } })).toBe(3);
  });

  it("sets and removes the group", async () => {
    const w = await withPolicy();
    await updatePolicy({ db: t.prisma, actor: w.actor, tenantId: w.tenant.id }, { policyId: w.policy.id, groupId: w.group.id });
    expect((await getPolicy(t.prisma, w.tenant.id, w.policy.id))?.group?.displayName).toBe("Power Apps Makers");
    await updatePolicy({ db: t.prisma, actor: w.actor, tenantId: w.tenant.id }, { policyId: w.policy.id, groupId: "" });
    expect((await getPolicy(t.prisma, w.tenant.id, w.policy.id))?.group).toBeNull();
  });

  it("refuses an unknown, deleted or other tenant's policy", async () => {
    const w = await withPolicy();
    const other = await world();
    await refuses(w, () => updatePolicy({ db: t.prisma, actor: other.actor, tenantId: other.tenant.id }, { policyId: w.policy.id, enabled: false }), {
      field: "policyId",
    });
    await refuses(
      w,
      () => updatePolicy({ db: t.prisma, actor: w.actor, tenantId: w.tenant.id }, { policyId: "00000000-0000-4000-8000-000000000000", enabled: false }),
      { field: "policyId" },
    );
    await refuses(w, () => updatePolicy({ db: t.prisma, actor: w.actor, tenantId: w.tenant.id }, { policyId: "not-a-uuid", enabled: false }), {
      field: "policyId",
    });
    await deletePolicy({ db: t.prisma, actor: w.actor, tenantId: w.tenant.id }, { policyId: w.policy.id });
    await refuses(w, () => updatePolicy({ db: t.prisma, actor: w.actor, tenantId: w.tenant.id }, { policyId: w.policy.id, enabled: false }), {
      field: "policyId",
    });
  });
});

describe(`setPolicyScope (${process.env.TEST_DATABASE})`, () => {
  it("widens and narrows the scope, audited as policy.scope", async () => {
    const w = await world();
    const policy = await createPolicy({ db: t.prisma, actor: w.actor, tenantId: w.tenant.id }, { ...paInput(w), scope: "MANAGED_ONLY" });
    expect((await getPolicy(t.prisma, w.tenant.id, policy.id))?.scope).toBe("MANAGED_ONLY");
    await setPolicyScope({ db: t.prisma, actor: w.actor, tenantId: w.tenant.id }, { policyId: policy.id, scope: "ALL_ENVIRONMENTS" });
    expect((await getPolicy(t.prisma, w.tenant.id, policy.id))?.scope).toBe("ALL_ENVIRONMENTS");
    await setPolicyScope({ db: t.prisma, actor: w.actor, tenantId: w.tenant.id }, { policyId: policy.id, scope: "ALL_ENVIRONMENTS" });
    await setPolicyScope({ db: t.prisma, actor: w.actor, tenantId: w.tenant.id }, { policyId: policy.id, scope: "MANAGED_ONLY" });
    const entries = await t.prisma.auditEntry.findMany({ where: { tenantId: w.tenant.id, action: "policy.scope" }, orderBy: { createdAt: "asc" } });
    expect(entries.map((e) => [e.before, e.after])).toEqual([
      [{ scope: "MANAGED_ONLY" }, { scope: "ALL_ENVIRONMENTS" }],
      [{ scope: "ALL_ENVIRONMENTS" }, { scope: "MANAGED_ONLY" }],
    ]);
    await refuses(w, () => setPolicyScope({ db: t.prisma, actor: w.actor, tenantId: w.tenant.id }, { policyId: policy.id, scope: "EVERYWHERE" as never }), {
      field: "scope",
    });
  });
});

describe(`deletePolicy (${process.env.TEST_DATABASE})`, () => {
  it("deletes softly, frees the app and the name for a new policy, and audits", async () => {
    const w = await world();
    const policy = await createPolicy({ db: t.prisma, actor: w.actor, tenantId: w.tenant.id }, paInput(w));
    await deletePolicy({ db: t.prisma, actor: w.actor, tenantId: w.tenant.id }, { policyId: policy.id });
    const row = await t.prisma.autoClaimPolicy.findUniqueOrThrow({ where: { id: policy.id } });
    expect(row.deletedAt).toBeInstanceOf(Date);
    expect(await getPolicy(t.prisma, w.tenant.id, policy.id)).toBeNull();
    expect(await getDeletedPolicy(t.prisma, w.tenant.id, policy.id)).toEqual({ id: policy.id, name: "Makers", deletedAt: row.deletedAt });
    expect(await getDeletedPolicy(t.prisma, (await world()).tenant.id, policy.id)).toBeNull();
    expect(await listPolicies(t.prisma, w.tenant.id)).toEqual([]);
    expect((await t.prisma.tenant.findUniqueOrThrow({ where: { id: w.tenant.id } })).autoCreatedPolicyDeletedAt).toBeNull();
    expect(await t.prisma.auditEntry.findFirst({ where: { tenantId: w.tenant.id, action: "policy.delete" } })).toMatchObject({
      targetId: policy.id,
      before: { name: "Makers" },
    });
    // The same app and name can be used again.
    await createPolicy({ db: t.prisma, actor: w.actor, tenantId: w.tenant.id }, paInput(w));
    await refuses(w, () => deletePolicy({ db: t.prisma, actor: w.actor, tenantId: w.tenant.id }, { policyId: policy.id }), { field: "policyId" });
  });

  it("remembers that the auto-created policy was deleted, so it is not made again", async () => {
    const w = await world();
    const production = await createEnvironment(t.prisma, w.tenant.id, { managed: true });
    const made = await ensureAutoCreatedPolicy(t.prisma, w.tenant.id);
    if (!made.created) throw new Error("expected the auto-created policy");
    const result = await deletePolicy({ db: t.prisma, actor: w.actor, tenantId: w.tenant.id }, { policyId: made.policyId });
    expect(result).toMatchObject({ autoCreated: true, name: AUTO_CREATED_POLICY_NAME });
    const tenant = await t.prisma.tenant.findUniqueOrThrow({ where: { id: w.tenant.id } });
    const row = await t.prisma.autoClaimPolicy.findUniqueOrThrow({ where: { id: made.policyId } });
    expect(tenant.autoCreatedPolicyDeletedAt).toEqual(row.deletedAt);
    // A managed environment no longer brings it back.
    await setEnvironmentManaged({ db: t.prisma, actor: w.actor, tenantId: w.tenant.id }, { environmentId: production.id, managed: false });
    const outcome = await setEnvironmentManaged({ db: t.prisma, actor: w.actor, tenantId: w.tenant.id }, { environmentId: production.id, managed: true });
    expect(outcome.autoCreated).toEqual({ created: false, reason: "DELETED_BEFORE" });
    expect(await listPolicies(t.prisma, w.tenant.id)).toEqual([]);
  });

  it("refuses another tenant's policy", async () => {
    const w = await world();
    const other = await world();
    const policy = await createPolicy({ db: t.prisma, actor: w.actor, tenantId: w.tenant.id }, paInput(w));
    await refuses(w, () => deletePolicy({ db: t.prisma, actor: other.actor, tenantId: other.tenant.id }, { policyId: policy.id }), { field: "policyId" });
  });
});

describe(`getPolicyOptions (${process.env.TEST_DATABASE})`, () => {
  it("offers the tenant's standalone products by app with available units, its groups and live policies", async () => {
    const w = await world();
    await createPolicy({ db: t.prisma, actor: w.actor, tenantId: w.tenant.id }, paInput(w));
    const options = await getPolicyOptions(t.prisma, w.tenant.id);
    expect(options.products.map((p) => [p.app, p.displayName, p.available])).toEqual([
      ["POWER_APPS", "Power Apps Premium", 10],
      ["POWER_APPS", "Power Apps per app", 5],
      ["POWER_AUTOMATE", "Power Automate Premium", 3],
    ]);
    expect(options.products[0].servicePlans.map((s) => s.displayName)).toEqual([
      "Power Apps per user",
      "Dataverse",
      "Power Automate for Power Apps",
      "Exchange Foundation",
    ]);
    expect(options.groups.map((g) => g.displayName)).toEqual(["Power Apps Makers"]);
    expect(options.policies).toEqual([expect.objectContaining({ name: "Makers", app: "POWER_APPS" })]);
  });
});
