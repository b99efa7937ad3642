/**
 * The per-policy cap (SPEC §8.4, ADR 19) on PGlite and the PostgreSQL server: a storm of claims
 * never takes a policy past its cap, whatever units its products have left; the people refused
 * wait in order; raising the cap and freeing a unit serve them, longest-waiting first.
 */
import { describe, expect, it } from "vitest";
import { createApp, createEnvironment, createPolicy, createProduct, createTenant, createUser } from "../../../../tests/factories";
import { useTestDb } from "../../../../tests/setup/db";
import type { DomainContext } from "../context";
import { updatePolicy } from "../policies/service";
import { unassignAutoClaimed } from "../reports/bulk";
import { recordLaunch } from "./service";
import { listWaitlist } from "./waitlist";

const t = useTestDb();
const ctx = (tenantId: string): DomainContext => ({ db: t.prisma, actor: { id: null, label: "API token 'script'" }, tenantId });

/** A policy with a primary of 60 units and a backup of 40 (100 free), capped at `maxUnits`. */
async function world(maxUnits: number) {
  const tenant = await createTenant(t.prisma, { autoClaimEnabled: true });
  const primary = await createProduct(t.prisma, tenant.id, { displayName: "Power Apps Premium", purchasedUnits: 60 });
  const backup = await createProduct(t.prisma, tenant.id, { displayName: "Power Apps per app", purchasedUnits: 40 });
  const policy = await createPolicy(t.prisma, tenant.id, { productIds: [primary.id, backup.id] });
  await t.prisma.autoClaimPolicy.update({ where: { id: policy.id }, data: { maxUnits } });
  const env = await createEnvironment(t.prisma, tenant.id, { managed: true });
  const app = await createApp(t.prisma, tenant.id, env.id, { premium: true });
  const launch = (userId: string) => recordLaunch(t.prisma, { tenantId: tenant.id, user: userId, appId: app.id });
  const held = () => t.prisma.licenseAssignment.count({ where: { policyId: policy.id, source: "AUTO_CLAIM", state: "ACTIVE" } });
  const consumed = async () =>
    (await t.prisma.product.findMany({ where: { id: { in: [primary.id, backup.id] } }, select: { consumedUnits: true } })).reduce(
      (n, p) => n + p.consumedUnits,
      0,
    );
  const people = (n: number, tag: string) =>
    t.prisma.user.createManyAndReturn({
      data: Array.from({ length: n }, (_, i) => ({
        tenantId: tenant.id,
        displayName: `${tag} ${i}`,
        userPrincipalName: `${tag}${i}.${tenant.id}@example.com`,
      })),
      select: { id: true },
    });
  return { tenant, primary, backup, policy, launch, held, consumed, people };
}

describe("the per-policy cap", () => {
  it("300 concurrent claims against a cap of 40 with 100 free units: exactly 40 claimed, 260 refused and waiting in order; raising the cap to 50 serves the 10 longest-waiting, a freed unit the next", async () => {
    const w = await world(40);
    const users = await w.people(300, "capstorm");
    const results = await Promise.all(users.map((u) => w.launch(u.id)));

    const byReason = results.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.reason]: (acc[r.reason] ?? 0) + 1 }), {});
    expect(byReason).toEqual({ AUTO_CLAIMED: 40, POLICY_CAP_REACHED: 260 });
    expect(await w.held()).toBe(40);
    expect(await w.consumed()).toBe(40);
    // The primary had units all along: the cap, not the pool, stopped the claims.
    expect((await t.prisma.product.findUniqueOrThrow({ where: { id: w.primary.id } })).consumedUnits).toBe(40);
    expect(results.filter((r) => r.reason === "POLICY_CAP_REACHED").every((r) => r.decision === "DENY" && r.waitlistPosition! >= 1)).toBe(true);

    // Everyone refused waits, once, in the order of their refusal.
    const refused = new Set(results.filter((r) => r.reason === "POLICY_CAP_REACHED").map((r) => r.userId));
    const before = await listWaitlist(t.prisma, w.tenant.id, w.policy.id, { take: 500 });
    expect(before.total).toBe(260);
    expect(new Set(before.rows.map((r) => r.userId))).toEqual(refused);
    const refusals = await t.prisma.launch.findMany({
      where: { tenantId: w.tenant.id, reason: "POLICY_CAP_REACHED" },
      select: { userId: true, createdAt: true },
    });
    const refusedAt = new Map(refusals.map((l) => [l.userId, l.createdAt.getTime()]));
    const sinces = before.rows.map((r) => r.since.getTime());
    expect(sinces).toEqual([...sinces].sort((a, b) => a - b));
    for (const r of before.rows) expect(r.since.getTime()).toBe(refusedAt.get(r.userId));

    // Raising the cap to 50 serves the 10 longest-waiting, in the same transaction.
    const raised = await updatePolicy(ctx(w.tenant.id), { policyId: w.policy.id, maxUnits: 50 });
    expect(raised).toMatchObject({ changed: ["maxUnits"], served: 10 });
    expect(await w.held()).toBe(50);
    expect(await w.consumed()).toBe(50);
    const servedIds = before.rows.slice(0, 10).map((r) => r.userId);
    const served = await t.prisma.licenseAssignment.findMany({ where: { userId: { in: servedIds } }, select: { userId: true, source: true, policyId: true } });
    expect(served.map((s) => s.userId).sort()).toEqual([...servedIds].sort());
    for (const s of served) expect(s).toMatchObject({ source: "AUTO_CLAIM", policyId: w.policy.id });
    const after = await listWaitlist(t.prisma, w.tenant.id, w.policy.id, { take: 500 });
    expect(after.rows.map((r) => r.userId)).toEqual(before.rows.slice(10).map((r) => r.userId));

    // At the cap again: a waiting person's new launch is refused and keeps their place.
    expect(await w.launch(before.rows[11].userId)).toMatchObject({ reason: "POLICY_CAP_REACHED", waitlistPosition: 2 });

    // Unassigning one frees room under the cap: the next in line is served.
    const one = await t.prisma.licenseAssignment.findFirstOrThrow({ where: { policyId: w.policy.id, userId: servedIds[0] }, select: { id: true } });
    await unassignAutoClaimed(ctx(w.tenant.id), { policyId: w.policy.id, selection: { kind: "ids", ids: [one.id] } });
    expect(await w.held()).toBe(50);
    expect(await t.prisma.licenseAssignment.count({ where: { userId: before.rows[10].userId, policyId: w.policy.id } })).toBe(1);
    expect((await listWaitlist(t.prisma, w.tenant.id, w.policy.id, { take: 500 })).rows.map((r) => r.userId)).toEqual(
      before.rows.slice(11).map((r) => r.userId),
    );
  }, 180_000);

  it("a cap lowered below what the policy holds releases nothing and refuses new claims until it falls under; removing it serves the list", async () => {
    const w = await world(5);
    const users = await w.people(8, "lowered");
    for (const u of users) await w.launch(u.id);
    expect(await w.held()).toBe(5);
    const lowered = await updatePolicy(ctx(w.tenant.id), { policyId: w.policy.id, maxUnits: 3 });
    expect(lowered).toMatchObject({ changed: ["maxUnits"] });
    expect(lowered.served).toBeUndefined();
    expect(await w.held()).toBe(5);
    const late = await createUser(t.prisma, w.tenant);
    expect(await w.launch(late.id)).toMatchObject({ reason: "POLICY_CAP_REACHED", waitlistPosition: 4 });
    // The audit says what changed.
    const audit = await t.prisma.auditEntry.findFirstOrThrow({ where: { tenantId: w.tenant.id, action: "policy.update" }, orderBy: { createdAt: "desc" } });
    expect(audit).toMatchObject({ before: { maxUnits: 5 }, after: { maxUnits: 3 } });
    // No cap: everyone waiting is served from the units that exist.
    expect(await updatePolicy(ctx(w.tenant.id), { policyId: w.policy.id, maxUnits: null })).toMatchObject({ served: 4 });
    expect(await w.held()).toBe(9);
    expect((await listWaitlist(t.prisma, w.tenant.id, w.policy.id)).total).toBe(0);
  }, 60_000);

  it("the database refuses a claimed licence past the cap, whatever writes it", async () => {
    const w = await world(1);
    const [a, b] = await w.people(2, "guard");
    expect(await w.launch(a.id)).toMatchObject({ reason: "AUTO_CLAIMED" });
    // b is refused past the cap; a licence for b written around the launch path is refused too.
    expect(await w.launch(b.id)).toMatchObject({ reason: "POLICY_CAP_REACHED" });
    const launch = await t.prisma.launch.findFirstOrThrow({ where: { userId: b.id } });
    await expect(
      t.prisma.licenseAssignment.create({
        data: {
          tenantId: w.tenant.id,
          userId: b.id,
          productId: w.backup.id,
          source: "AUTO_CLAIM",
          policyId: w.policy.id,
          productOrder: 1,
          launchId: launch.id,
        },
      }),
    ).rejects.toThrow(/AutoClaimPolicy_cap_check/);
    expect(await w.held()).toBe(1);
    // Direct licences are not the policy's: the cap does not count them.
    await t.prisma.licenseAssignment.create({ data: { tenantId: w.tenant.id, userId: b.id, productId: w.backup.id, source: "DIRECT" } });
    expect(await w.held()).toBe(1);
  });
});
