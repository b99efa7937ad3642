/**
 * The launch rule's trace through the real path: each launch row keeps the trace the rule decided
 * it with (claimed, refused and waitlisted, out of scope), and a person's page reads "what would
 * happen now" from the same facts and rule, nothing recorded.
 */
import { describe, expect, it } from "vitest";
import type { PrismaClient } from "@/generated/prisma/client";
import { useTestDb } from "../../../../tests/setup/db";
import { createApp, createEnvironment, createPolicy, createProduct, createTenant, createUser } from "../../../../tests/factories";
import { recordLaunch } from "./service";
import { storedTrace, traceSentence } from "./trace";
import { listLaunchesOf, whyNow } from "./why";

const t = useTestDb();

async function world(db: PrismaClient, { units = 1, scope = "ALL_ENVIRONMENTS" as "ALL_ENVIRONMENTS" | "MANAGED_ONLY" } = {}) {
  const tenant = await createTenant(db, { autoClaimEnabled: true });
  const product = await createProduct(db, tenant.id, { displayName: "Power Apps Premium", purchasedUnits: units });
  const managed = await createEnvironment(db, tenant.id, { managed: true });
  const standard = await createEnvironment(db, tenant.id, { managed: false });
  const app = await createApp(db, tenant.id, managed.id, { premium: true });
  const standardApp = await createApp(db, tenant.id, standard.id, { premium: true });
  const policy = await createPolicy(db, tenant.id, { name: "Makers", productIds: [product.id], scope });
  return { tenant, product, app, standardApp, policy };
}

const traceOf = async (db: PrismaClient, launchId: string) => storedTrace((await db.launch.findUniqueOrThrow({ where: { id: launchId } })).trace);

describe("the stored trace of a launch", () => {
  it("a claim keeps the steps that led to it, naming the policy and the product", async () => {
    const w = await world(t.prisma);
    const user = await createUser(t.prisma, w.tenant);
    const r = await recordLaunch(t.prisma, { tenantId: w.tenant.id, user: user.id, appId: w.app.id });
    expect(r.reason).toBe("AUTO_CLAIMED");
    const trace = await traceOf(t.prisma, r.launchId);
    expect(trace).toMatchObject({ decision: "ALLOW", reason: "AUTO_CLAIMED", claimPosition: 0, claimedProduct: "Power Apps Premium" });
    expect(trace!.steps.map((s) => s.step)).toEqual(["LICENCE_NEEDED", "STANDALONE", "SETTING", "POLICY", "SCOPE", "PRODUCT"]);
    expect(trace!.steps).toContainEqual({ step: "POLICY", mark: "passed", status: "ON", name: "Makers" });
  });

  it("a refusal for lack of units keeps the used-up product with its units and the waiting list", async () => {
    const w = await world(t.prisma, { units: 1 });
    const [first, second] = [await createUser(t.prisma, w.tenant), await createUser(t.prisma, w.tenant)];
    await recordLaunch(t.prisma, { tenantId: w.tenant.id, user: first.id, appId: w.app.id });
    const r = await recordLaunch(t.prisma, { tenantId: w.tenant.id, user: second.id, appId: w.app.id });
    expect(r).toMatchObject({ reason: "NO_LICENSES_AVAILABLE", waitlistPosition: 1 });
    const trace = await traceOf(t.prisma, r.launchId);
    expect(trace).toMatchObject({ decision: "DENY", reason: "NO_LICENSES_AVAILABLE", waitlisted: true });
    expect(trace!.steps.at(-1)).toEqual({ step: "PRODUCT", mark: "refused", position: 0, available: false, name: "Power Apps Premium", left: 0, purchased: 1 });

    // The person's page: the launch history reads the stored trace; "now" adds their place in line.
    const [row] = await listLaunchesOf(t.prisma, w.tenant.id, second.id);
    expect(row.words?.conclusion).toBe("refused, put on the waiting list");
    const now = await whyNow(t.prisma, w.tenant.id, { userId: second.id, appId: w.app.id });
    expect(traceSentence(now!.words)).toBe(
      "Premium app ✓ · Holds no standalone license ✓ · Auto-claim on ✓ · Policy “Makers” on ✓ · Scope all environments ✓ · Power Apps Premium: 0 of 1 left ✗ → refused, 1st in the waiting list",
    );
    // Reading "now" records nothing.
    expect(await t.prisma.launch.count({ where: { userId: second.id } })).toBe(1);
  });

  it("out of scope stops at the scope step; the first claimer's page says they hold a licence now", async () => {
    const w = await world(t.prisma, { scope: "MANAGED_ONLY" });
    const user = await createUser(t.prisma, w.tenant);
    const r = await recordLaunch(t.prisma, { tenantId: w.tenant.id, user: user.id, appId: w.standardApp.id });
    expect((await traceOf(t.prisma, r.launchId))!.steps.at(-1)).toEqual({ step: "SCOPE", mark: "refused", scope: "MANAGED_ONLY", managedEnvironment: false });
    await recordLaunch(t.prisma, { tenantId: w.tenant.id, user: user.id, appId: w.app.id });
    const now = await whyNow(t.prisma, w.tenant.id, { userId: user.id, appId: w.app.id });
    expect(now!.trace.reason).toBe("LICENSED");
    const history = await listLaunchesOf(t.prisma, w.tenant.id, user.id);
    expect(history.map((h) => h.words?.conclusion)).toEqual(["claimed Power Apps Premium", "refused"]);
  });

  it("a claim of a backup names the claimed product and the used-up ones before it; now reads their units", async () => {
    const tenant = await createTenant(t.prisma, { autoClaimEnabled: true });
    const primary = await createProduct(t.prisma, tenant.id, { displayName: "Power Apps Premium", purchasedUnits: 0 });
    const backup = await createProduct(t.prisma, tenant.id, { displayName: "Power Apps per app", purchasedUnits: 2 });
    const env = await createEnvironment(t.prisma, tenant.id, { managed: true });
    const app = await createApp(t.prisma, tenant.id, env.id, { premium: true });
    await createPolicy(t.prisma, tenant.id, { name: "Makers", productIds: [primary.id, backup.id] });
    const [user, next] = [await createUser(t.prisma, tenant), await createUser(t.prisma, tenant)];
    const r = await recordLaunch(t.prisma, { tenantId: tenant.id, user: user.id, appId: app.id });
    const trace = await traceOf(t.prisma, r.launchId);
    expect(trace).toMatchObject({ reason: "AUTO_CLAIMED", claimPosition: 1, claimedProduct: "Power Apps per app" });
    expect(trace!.steps.slice(-2)).toEqual([
      { step: "PRODUCT", mark: "failed", position: 0, available: false, name: "Power Apps Premium" },
      { step: "PRODUCT", mark: "allowed", position: 1, available: true, name: "Power Apps per app" },
    ]);
    const now = await whyNow(t.prisma, tenant.id, { userId: next.id, appId: app.id });
    expect(now!.words.lines.slice(-2).map((l) => l.text)).toEqual(["Power Apps Premium: 0 of 0 left", "Power Apps per app: 1 of 2 left"]);
    expect(now!.words.conclusion).toBe("claimed Power Apps per app");
  });

  it("nothing for a person or an app of another tenant", async () => {
    const w = await world(t.prisma);
    const other = await world(t.prisma);
    const user = await createUser(t.prisma, other.tenant);
    expect(await whyNow(t.prisma, w.tenant.id, { userId: user.id, appId: w.app.id })).toBeNull();
    expect(await whyNow(t.prisma, w.tenant.id, { userId: "not-a-uuid", appId: w.app.id })).toBeNull();
  });
});
