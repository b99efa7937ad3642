/**
 * The policy waiting list (SPEC §8.1) on PGlite and the PostgreSQL server: refusals queue in order,
 * freed units serve the list oldest first — with the group licences in error, by waiting time —
 * never oversubscribed, nobody served twice, under concurrent launches.
 */
import { describe, expect, it } from "vitest";
import {
  assignDirect,
  assignGroupLicense,
  createApp,
  createEnvironment,
  createGroup,
  createPolicy,
  createProduct,
  createTenant,
  createUser,
} from "../../../../tests/factories";
import { useTestDb } from "../../../../tests/setup/db";
import type { DomainContext } from "../context";
import { addGroupMember } from "../groups/members";
import { assignLicenses } from "../licenses/assign";
import { getRunway } from "../licenses/alerts";
import { setPurchasedUnits } from "../licenses/products";
import { recordLaunch } from "./service";
import { listWaitlist, removeWaitlistEntry, waitlistTotals } from "./waitlist";

const t = useTestDb();
const ctx = (tenantId: string): DomainContext => ({ db: t.prisma, actor: { id: null, label: "API token 'script'" }, tenantId });

async function world(units: number) {
  const tenant = await createTenant(t.prisma, { autoClaimEnabled: true });
  const premium = await createProduct(t.prisma, tenant.id, { displayName: "Power Apps Premium", purchasedUnits: units });
  const policy = await createPolicy(t.prisma, tenant.id, { productIds: [premium.id] });
  const env = await createEnvironment(t.prisma, tenant.id, { managed: true });
  const app = await createApp(t.prisma, tenant.id, env.id, { premium: true });
  const launch = (userId: string) => recordLaunch(t.prisma, { tenantId: tenant.id, user: userId, appId: app.id });
  return { tenant, premium, policy, app, launch };
}
const consumed = async (id: string) => (await t.prisma.product.findUniqueOrThrow({ where: { id } })).consumedUnits;

describe("the waiting list", () => {
  it("100 refused users queue in order; 30 units added during 50 new launches serve exactly the 30 oldest, once each", async () => {
    const w = await world(0);
    const users = await Promise.all(Array.from({ length: 100 }, () => createUser(t.prisma, w.tenant)));
    const positions: number[] = [];
    for (const u of users) positions.push((await w.launch(u.id)).waitlistPosition!);
    expect(positions).toEqual(users.map((_, i) => i + 1));
    // A second refusal keeps the place.
    expect((await w.launch(users[4].id)).waitlistPosition).toBe(5);

    const newcomers = await Promise.all(Array.from({ length: 50 }, () => createUser(t.prisma, w.tenant)));
    const results = await Promise.allSettled([
      setPurchasedUnits(ctx(w.tenant.id), { productId: w.premium.id, purchasedUnits: 30 }),
      ...newcomers.map((u) => w.launch(u.id)),
    ]);
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    expect(await consumed(w.premium.id)).toBe(30);
    const claims = await t.prisma.licenseAssignment.findMany({
      where: { productId: w.premium.id },
      select: { userId: true, source: true, launchId: true, policyId: true },
    });
    expect(claims).toHaveLength(30);
    expect(new Set(claims.map((c) => c.userId)).size).toBe(30);
    expect(claims.map((c) => c.userId).sort()).toEqual(
      users
        .slice(0, 30)
        .map((u) => u.id)
        .sort(),
    );
    // Each served licence is an auto-claim of the policy, linked to the refusal that queued the user.
    for (const c of claims) expect(c).toMatchObject({ source: "AUTO_CLAIM", policyId: w.policy.id });
    const queuing = await t.prisma.launch.findMany({ where: { id: { in: claims.map((c) => c.launchId!) } }, select: { userId: true, reason: true } });
    expect(queuing.every((l) => l.reason === "NO_LICENSES_AVAILABLE")).toBe(true);
    const list = await listWaitlist(t.prisma, w.tenant.id, w.policy.id, { take: 200 });
    expect(list.total).toBe(70 + 50);
    expect(list.rows.slice(0, 70).map((r) => r.userId)).toEqual(users.slice(30).map((u) => u.id));
    expect(await t.prisma.waitlistEntry.count({ where: { policyId: w.policy.id, leftReason: "SERVED" } })).toBe(30);
    expect((await waitlistTotals(t.prisma, w.tenant.id)).total).toBe(120);
    // Each served person is told once (and the e-mail is queued with it); nobody else is.
    const told = await t.prisma.notification.findMany({
      where: { tenantId: w.tenant.id, kind: "LICENSE_SERVED" },
      select: { userId: true, productId: true, policyId: true, email: { select: { status: true } } },
    });
    expect(told.map((n) => n.userId).sort()).toEqual(claims.map((c) => c.userId).sort());
    // The admins were told once that people started waiting, not once per refusal.
    expect(await t.prisma.notification.count({ where: { policyId: w.policy.id, kind: "WAITLIST_GROWING" } })).toBe(1);
    for (const n of told) expect(n).toEqual({ userId: expect.any(String), productId: w.premium.id, policyId: w.policy.id, email: { status: "PENDING" } });
  }, 120_000);

  it("an unassignment serves the first in line; the group queue and the list share one order by waiting time", async () => {
    const w = await world(1);
    const holder = await createUser(t.prisma, w.tenant);
    await assignDirect(t.prisma, w.tenant.id, holder.id, w.premium.id);
    const [listed, member, later] = await Promise.all([1, 2, 3].map(() => createUser(t.prisma, w.tenant)));
    expect((await w.launch(listed.id)).waitlistPosition).toBe(1);
    const group = await createGroup(t.prisma, w.tenant.id);
    await assignGroupLicense(t.prisma, w.tenant.id, group.id, w.premium.id);
    await addGroupMember(ctx(w.tenant.id), { groupId: group.id, userId: member.id });
    expect((await w.launch(later.id)).waitlistPosition).toBe(2);

    await assignLicenses(ctx(w.tenant.id), { userId: holder.id, remove: [{ productId: w.premium.id }] });
    expect(await t.prisma.licenseAssignment.findFirst({ where: { userId: listed.id, productId: w.premium.id } })).toMatchObject({ source: "AUTO_CLAIM" });
    // The next unit goes to the group member, who waited before the later refusal.
    await setPurchasedUnits(ctx(w.tenant.id), { productId: w.premium.id, purchasedUnits: 2 });
    expect(await t.prisma.licenseAssignment.findFirst({ where: { userId: member.id } })).toMatchObject({ state: "ACTIVE" });
    expect(await t.prisma.licenseAssignment.count({ where: { userId: later.id } })).toBe(0);
    expect((await listWaitlist(t.prisma, w.tenant.id, w.policy.id)).rows.map((r) => r.userId)).toEqual([later.id]);
    // A launch of the served user is licensed.
    expect((await w.launch(listed.id)).reason).toBe("LICENSED");
  });

  it("entries expire without a launch, a user licensed another way leaves the list, and an admin can remove one", async () => {
    const w = await world(0);
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => createUser(t.prisma, w.tenant)));
    for (const u of [a, b, c]) await w.launch(u.id);
    await t.prisma.waitlistEntry.updateMany({ where: { userId: a.id }, data: { lastLaunchAt: new Date(Date.now() - 31 * 24 * 3600_000) } });
    const other = await createProduct(t.prisma, w.tenant.id, { displayName: "Power Apps per user", purchasedUnits: 5 });
    await assignDirect(t.prisma, w.tenant.id, b.id, other.id);
    expect((await listWaitlist(t.prisma, w.tenant.id, w.policy.id)).rows.map((r) => r.userId)).toEqual([c.id]);
    // The expired user rejoins at the back on their next refusal.
    expect((await w.launch(a.id)).waitlistPosition).toBe(2);
    const entry = (await listWaitlist(t.prisma, w.tenant.id, w.policy.id)).rows[0];
    await removeWaitlistEntry(ctx(w.tenant.id), { entryId: entry.id });
    await expect(removeWaitlistEntry(ctx(w.tenant.id), { entryId: entry.id })).rejects.toMatchObject({ httpStatus: 404 });
    expect((await listWaitlist(t.prisma, w.tenant.id, w.policy.id)).rows.map((r) => r.userId)).toEqual([a.id]);
    expect(await t.prisma.auditEntry.count({ where: { tenantId: w.tenant.id, action: "waitlist.removed" } })).toBe(1);
    // Units for everyone: the one still waiting is served, the licensed and the removed are not.
    expect(await setPurchasedUnits(ctx(w.tenant.id), { productId: w.premium.id, purchasedUnits: 5 })).toMatchObject({ served: 0, servedFromWaitlist: 1 });
    expect((await t.prisma.licenseAssignment.findMany({ where: { productId: w.premium.id } })).map((x) => x.userId)).toEqual([a.id]);
    expect(
      await t.prisma.auditEntry.findFirst({ where: { tenantId: w.tenant.id, action: "product.purchasedUnits" }, orderBy: { createdAt: "desc" } }),
    ).toMatchObject({
      summary: "Power Apps Premium: purchased units 0 → 5; 1 person on the waiting list served",
    });
  });

  it("counts the people waiting in the units to buy", async () => {
    const w = await world(0);
    for (const u of await Promise.all([1, 2, 3].map(() => createUser(t.prisma, w.tenant)))) await w.launch(u.id);
    expect(await getRunway(t.prisma, w.tenant.id, w.premium.id)).toMatchObject({ unitsToBuy: 3 });
  });
});
