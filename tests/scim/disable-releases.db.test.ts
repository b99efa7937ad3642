/**
 * A user Entra disables (`active: false`) loses their auto-claimed licence at once — in the same
 * transaction, audited — and the person waiting longest for it gets it; their direct licence stays.
 * A disabled account cannot launch (nothing claimed, nothing recorded) until enabled again. A user
 * Entra deletes releases every licence the same way.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { AccountDisabledError, recordLaunch } from "@/server/domain/launches/service";
import { assignDirect, createApiToken, createApp, createEnvironment, createPolicy, createProduct, createTenant, createUser, stableId } from "../factories";
import { createPremium } from "../graph/products";
import { useAppDb } from "../setup/app-db";
import { useTestDb } from "../setup/db";
import { scimClient } from "./client";

const t = useTestDb();
beforeAll(() => useAppDb(t.db));

const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/** One unit of Premium, held (auto-claimed) by `holder`; `waiter` refused and queued after them. */
async function world() {
  const tenant = await createTenant(t.prisma, { autoClaimEnabled: true });
  const { premium } = await createPremium(t.prisma, tenant.id, 1, (name) => stableId("plan", tenant.id, name));
  const policy = await createPolicy(t.prisma, tenant.id, { productIds: [premium.id] });
  const env = await createEnvironment(t.prisma, tenant.id, { managed: true });
  const app = await createApp(t.prisma, tenant.id, env.id, { premium: true });
  const launch = (userId: string) => recordLaunch(t.prisma, { tenantId: tenant.id, user: userId, appId: app.id });
  const holder = await createUser(t.prisma, tenant);
  const waiter = await createUser(t.prisma, tenant);
  expect((await launch(holder.id)).reason).toBe("AUTO_CLAIMED");
  expect(await launch(waiter.id)).toMatchObject({ reason: "NO_LICENSES_AVAILABLE", waitlistPosition: 1 });
  const call = scimClient(await createApiToken(t.prisma, tenant.id, ["scim"]));
  return { tenant, premium, policy, launch, holder, waiter, call };
}

const holding = (userId: string) => t.prisma.licenseAssignment.findMany({ where: { userId }, select: { productId: true, source: true } });

describe("active: false", () => {
  it("releases the auto-claimed licence and serves the person waiting; the direct licence stays; launches are refused", async () => {
    const w = await world();
    const e3 = await createProduct(t.prisma, w.tenant.id, { skuPartNumber: "SPE_E3", displayName: "Microsoft 365 E3", standaloneFor: null, purchasedUnits: 5 });
    await assignDirect(t.prisma, w.tenant.id, w.holder.id, e3.id);

    const answer = await w.call("PATCH", `/Users/${w.holder.id}`, { schemas: [PATCH_OP], Operations: [{ op: "Replace", path: "active", value: false }] });
    expect(answer.status).toBe(200);

    expect(await holding(w.holder.id)).toEqual([{ productId: e3.id, source: "DIRECT" }]);
    expect(await holding(w.waiter.id)).toEqual([{ productId: w.premium.id, source: "AUTO_CLAIM" }]);
    const premium = await t.prisma.product.findUniqueOrThrow({ where: { id: w.premium.id } });
    expect(premium.consumedUnits).toBe(1);
    const served = await t.prisma.notification.findMany({ where: { tenantId: w.tenant.id, kind: "LICENSE_SERVED" }, select: { userId: true } });
    expect(served).toEqual([{ userId: w.waiter.id }]);
    const audit = await t.prisma.auditEntry.findFirstOrThrow({ where: { tenantId: w.tenant.id, action: "user.disabled", targetId: w.holder.id } });
    expect(audit.summary).toContain("POWERAPPS_PER_USER");
    expect(audit.actorLabel).toMatch(/^API token/);

    const user = await t.prisma.user.findUniqueOrThrow({ where: { id: w.holder.id } });
    expect(user.accountEnabled).toBe(false);
    expect(user.sessionVersion).toBeGreaterThan(0);
    await expect(w.launch(w.holder.id)).rejects.toBeInstanceOf(AccountDisabledError);
    expect(await t.prisma.launch.count({ where: { userId: w.holder.id } })).toBe(1);

    // Enabled again: launches again (and waits, as the unit went to the person waiting).
    await w.call("PATCH", `/Users/${w.holder.id}`, { schemas: [PATCH_OP], Operations: [{ op: "replace", path: "active", value: "True" }] });
    expect(await w.launch(w.holder.id)).toMatchObject({ reason: "NO_LICENSES_AVAILABLE" });
  });

  it("a disabled user leaves the waiting list: the freed unit goes to the next person", async () => {
    const w = await world();
    const third = await createUser(t.prisma, w.tenant);
    expect(await w.launch(third.id)).toMatchObject({ waitlistPosition: 2 });
    await w.call("PATCH", `/Users/${w.waiter.id}`, { schemas: [PATCH_OP], Operations: [{ op: "Replace", path: "active", value: "False" }] });
    await w.call("PATCH", `/Users/${w.holder.id}`, { schemas: [PATCH_OP], Operations: [{ op: "Replace", path: "active", value: "False" }] });
    expect(await holding(w.waiter.id)).toEqual([]);
    expect(await holding(third.id)).toEqual([{ productId: w.premium.id, source: "AUTO_CLAIM" }]);
  });

  it("PUT with active false does the same", async () => {
    const w = await world();
    const current = (await w.call("GET", `/Users/${w.holder.id}`)).body!;
    expect((await w.call("PUT", `/Users/${w.holder.id}`, { ...current, active: false })).status).toBe(200);
    expect(await holding(w.holder.id)).toEqual([]);
    expect(await holding(w.waiter.id)).toEqual([{ productId: w.premium.id, source: "AUTO_CLAIM" }]);
  });

  it("disabling and launching at once: the unit is claimed once, by the person waiting or by nobody else", async () => {
    const w = await world();
    const others = await Promise.all(Array.from({ length: 5 }, () => createUser(t.prisma, w.tenant)));
    const [disabled, ...launches] = await Promise.all([
      w.call("PATCH", `/Users/${w.holder.id}`, { schemas: [PATCH_OP], Operations: [{ op: "Replace", path: "active", value: false }] }),
      ...others.map((u) => w.launch(u.id)),
    ]);
    expect(disabled.status).toBe(200);
    const premium = await t.prisma.product.findUniqueOrThrow({ where: { id: w.premium.id } });
    expect(premium.consumedUnits).toBeLessThanOrEqual(1);
    expect(await holding(w.waiter.id)).toEqual([{ productId: w.premium.id, source: "AUTO_CLAIM" }]);
    expect(launches.filter((l) => l.reason === "AUTO_CLAIMED")).toEqual([]);
  });
});

describe("DELETE", () => {
  it("releases every licence, serves the person waiting, and removes the user", async () => {
    const w = await world();
    expect((await w.call("DELETE", `/Users/${w.holder.id}`)).status).toBe(204);
    expect(await t.prisma.user.findUnique({ where: { id: w.holder.id } })).toBeNull();
    expect(await holding(w.waiter.id)).toEqual([{ productId: w.premium.id, source: "AUTO_CLAIM" }]);
    expect(await t.prisma.auditEntry.count({ where: { tenantId: w.tenant.id, action: "user.deleted", targetId: w.holder.id } })).toBe(1);
  });
});
