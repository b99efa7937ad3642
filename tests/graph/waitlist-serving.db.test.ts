/**
 * Units freed by a bulk unassign in the policy report and by Graph `assignLicense` removals serve
 * the policy's waiting list (SPEC §8.1): in the same transaction, oldest first, never
 * oversubscribed, nobody twice, each served person told once — while new launches keep coming.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { DomainContext } from "@/server/domain/context";
import { recordLaunch } from "@/server/domain/launches/service";
import { listWaitlist } from "@/server/domain/launches/waitlist";
import { unassignAutoClaimed } from "@/server/domain/reports/bulk";
import { hashToken } from "@/server/domain/tokens/hash";
import { createApp, createEnvironment, createPolicy, createTenant, createUser, stableId } from "../factories";
import { useAppDb } from "../setup/app-db";
import { useTestDb } from "../setup/db";
import { createPremium } from "./products";
import { dispatch } from "./server";

const t = useTestDb();
beforeAll(() => useAppDb(t.db));

/** A tenant whose Premium pool of `units` is used up by `holders` people (auto-claimed), with `waiting` refused after them. */
async function world(units: number, waiting: number) {
  const tenant = await createTenant(t.prisma, { autoClaimEnabled: true });
  const { premium } = await createPremium(t.prisma, tenant.id, units, (name) => stableId("plan", tenant.id, name));
  const policy = await createPolicy(t.prisma, tenant.id, { productIds: [premium.id] });
  const env = await createEnvironment(t.prisma, tenant.id, { managed: true });
  const app = await createApp(t.prisma, tenant.id, env.id, { premium: true });
  const launch = (userId: string) => recordLaunch(t.prisma, { tenantId: tenant.id, user: userId, appId: app.id });
  const holders = [];
  for (let i = 0; i < units; i++) holders.push(await createUser(t.prisma, tenant));
  for (const h of holders) expect((await launch(h.id)).reason).toBe("AUTO_CLAIMED");
  const queue = [];
  for (let i = 0; i < waiting; i++) queue.push(await createUser(t.prisma, tenant));
  for (const [i, u] of queue.entries()) expect((await launch(u.id)).waitlistPosition).toBe(i + 1);
  const newcomers = await Promise.all(Array.from({ length: 20 }, () => createUser(t.prisma, tenant)));
  return { tenant, premium, policy, launch, holders, queue, newcomers };
}

/** Consumed never over purchased, one licence per person, exactly the `n` oldest served and told once each. */
async function expectServed(w: Awaited<ReturnType<typeof world>>, n: number) {
  const product = await t.prisma.product.findUniqueOrThrow({ where: { id: w.premium.id } });
  expect(product.consumedUnits).toBeLessThanOrEqual(product.purchasedUnits);
  const holding = await t.prisma.licenseAssignment.findMany({ where: { productId: w.premium.id }, select: { userId: true } });
  expect(new Set(holding.map((h) => h.userId)).size).toBe(holding.length);
  const served = new Set(holding.map((h) => h.userId));
  expect(w.queue.filter((u) => served.has(u.id)).map((u) => u.id)).toEqual(w.queue.slice(0, n).map((u) => u.id));
  expect(w.newcomers.filter((u) => served.has(u.id))).toEqual([]);
  const told = await t.prisma.notification.findMany({ where: { tenantId: w.tenant.id, kind: "LICENSE_SERVED" }, select: { userId: true } });
  expect(told.map((x) => x.userId).sort()).toEqual(
    w.queue
      .slice(0, n)
      .map((u) => u.id)
      .sort(),
  );
  const list = await listWaitlist(t.prisma, w.tenant.id, w.policy.id, { take: 200 });
  expect(list.rows.slice(0, w.queue.length - n).map((r) => r.userId)).toEqual(w.queue.slice(n).map((u) => u.id));
}

describe("freed units serve the waiting list", () => {
  it("a bulk unassign of 25 in the policy report serves the 25 oldest, during 20 new launches", async () => {
    const w = await world(25, 40);
    const ctx: DomainContext = { db: t.prisma, actor: { id: null, label: "admin@contoso.com" }, tenantId: w.tenant.id };
    const ids = (await t.prisma.licenseAssignment.findMany({ where: { productId: w.premium.id }, select: { id: true } })).map((a) => a.id);
    const [outcome, ...launches] = await Promise.all([
      unassignAutoClaimed(ctx, { policyId: w.policy.id, selection: { kind: "ids", ids } }),
      ...w.newcomers.map((u) => w.launch(u.id)),
    ]);
    expect(outcome.done).toBe(25);
    // Nobody jumps the queue: every newcomer is refused and queued behind.
    expect(launches.map((l) => l.reason)).toEqual(w.newcomers.map(() => "NO_LICENSES_AVAILABLE"));
    await expectServed(w, 25);
  }, 120_000);

  it("Graph assignLicense removals serve the oldest, one per unit freed, during 20 new launches", async () => {
    const w = await world(10, 30);
    const token = `graph-write-${w.tenant.id}`;
    await t.prisma.apiToken.create({
      data: { tenantId: w.tenant.id, name: "writer", tokenHash: hashToken(token), prefix: "graph-wr", scopes: ["directory.write"] },
    });
    const remove = (userId: string) =>
      dispatch(
        new Request(`http://127.0.0.1:3000/graph/v1.0/users/${userId}/assignLicense`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          body: JSON.stringify({ addLicenses: [], removeLicenses: [w.premium.skuId] }),
        }),
      );
    const [responses] = await Promise.all([Promise.all(w.holders.map((h) => remove(h.id))), Promise.all(w.newcomers.map((u) => w.launch(u.id)))]);
    expect(responses.map((r) => r.status)).toEqual(w.holders.map(() => 200));
    await expectServed(w, 10);
  }, 120_000);
});
