/**
 * Group licence error states and the queue that serves them (SPEC §9), on PGlite and on the
 * PostgreSQL server: joining never fails for lack of units, members in error hold nothing, freed
 * units go to the longest-waiting members — under concurrency, never oversubscribed.
 */
import { describe, expect, it } from "vitest";
import type { PrismaClient } from "@/generated/prisma/client";
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
} from "../../../../tests/factories";
import { useTestDb } from "../../../../tests/setup/db";
import type { Actor } from "../audit/service";
import type { DomainContext } from "../context";
import { addGroupMember, removeGroupMember } from "../groups/members";
import { changeGroupLicenses, groupLicenseRemovalImpact, listMembersWithLicenseErrors, reprocessGroup } from "../groups/licenses";
import { recordLaunch } from "../launches/service";
import { assignLicenses } from "./assign";
import { listDuplicateHolders, removeDirectDuplicates, reprocessUser, setPurchasedUnits, unassignProduct } from "./products";

const t = useTestDb();
const actor: Actor = { id: null, label: "API token 'script'" };
const ctx = (tenantId: string): DomainContext => ({ db: t.prisma, actor, tenantId });

const product = (id: string) => t.prisma.product.findUniqueOrThrow({ where: { id } });
const states = async (groupId: string, productId: string) => {
  const rows = await t.prisma.licenseAssignment.groupBy({ by: ["state"], where: { groupId, productId }, _count: { _all: true } });
  return { active: rows.find((r) => r.state === "ACTIVE")?._count._all ?? 0, error: rows.find((r) => r.state === "ERROR")?._count._all ?? 0 };
};
/** The invariant of SPEC §3 and its §9 companion: consumed = distinct active holders ≤ purchased; nobody waits while a unit is free. */
async function expectCounted(db: PrismaClient, productId: string) {
  const p = await db.product.findUniqueOrThrow({ where: { id: productId } });
  const holders = await db.licenseAssignment.findMany({ where: { productId, state: "ACTIVE" }, distinct: ["userId"], select: { userId: true } });
  expect(p.consumedUnits).toBe(holders.length);
  expect(p.consumedUnits).toBeLessThanOrEqual(p.purchasedUnits);
  const waiting = await db.licenseAssignment.count({ where: { productId, state: "ERROR" } });
  if (waiting > 0) expect(p.consumedUnits).toBe(p.purchasedUnits);
}

async function groupWorld(units: number, members = 0) {
  const tenant = await createTenant(t.prisma);
  const premium = await createProduct(t.prisma, tenant.id, { displayName: "Power Apps Premium", purchasedUnits: units });
  const group = await createGroup(t.prisma, tenant.id, { displayName: "Power Apps Makers" });
  await assignGroupLicense(t.prisma, tenant.id, group.id, premium.id);
  const users = await Promise.all(Array.from({ length: members }, () => createUser(t.prisma, tenant)));
  return { tenant, premium, group, users };
}

describe("a claim whose policy adds the claimer to a group", () => {
  it("succeeds when the group's product is used up: the backup is claimed, the group licence is in error", async () => {
    const tenant = await createTenant(t.prisma, { autoClaimEnabled: true });
    const premium = await createProduct(t.prisma, tenant.id, { displayName: "Power Apps Premium", purchasedUnits: 1 });
    const perApp = await createProduct(t.prisma, tenant.id, { displayName: "Power Apps per app", purchasedUnits: 5 });
    const makers = await createGroup(t.prisma, tenant.id, { displayName: "Power Apps Makers" });
    await assignGroupLicense(t.prisma, tenant.id, makers.id, premium.id);
    await createPolicy(t.prisma, tenant.id, { productIds: [premium.id, perApp.id], groupId: makers.id });
    const env = await createEnvironment(t.prisma, tenant.id, { managed: true });
    const app = await createApp(t.prisma, tenant.id, env.id, { premium: true });
    const [first, second, third] = await Promise.all([1, 2, 3].map(() => createUser(t.prisma, tenant)));

    const a = await recordLaunch(t.prisma, { tenantId: tenant.id, user: first.id, appId: app.id });
    expect(a).toMatchObject({ reason: "AUTO_CLAIMED", assignment: { productId: premium.id } });
    // The first claimer holds Premium by claim; the group's Premium is active and takes no second unit.
    expect(await states(makers.id, premium.id)).toEqual({ active: 1, error: 0 });

    const b = await recordLaunch(t.prisma, { tenantId: tenant.id, user: second.id, appId: app.id });
    expect(b).toMatchObject({ decision: "ALLOW", reason: "AUTO_CLAIMED", assignment: { productId: perApp.id, groupId: makers.id } });
    const held = await t.prisma.licenseAssignment.findMany({ where: { userId: second.id }, orderBy: { source: "asc" } });
    expect(held.map((h) => [h.source, h.productId, h.state, h.error])).toEqual(
      expect.arrayContaining([
        ["AUTO_CLAIM", perApp.id, "ACTIVE", null],
        ["GROUP", premium.id, "ERROR", "COUNT_VIOLATION"],
      ]),
    );
    expect(await t.prisma.groupMember.count({ where: { groupId: makers.id } })).toBe(2);
    // Later claimers keep succeeding; Premium is never oversubscribed.
    const c = await recordLaunch(t.prisma, { tenantId: tenant.id, user: third.id, appId: app.id });
    expect(c.reason).toBe("AUTO_CLAIMED");
    expect((await product(premium.id)).consumedUnits).toBe(1);
    expect((await product(perApp.id)).consumedUnits).toBe(2);
    await expectCounted(t.prisma, premium.id);
    // A member in error is not licensed by it: with per app gone, the launch is still licensed by the claim.
    expect((await recordLaunch(t.prisma, { tenantId: tenant.id, user: second.id, appId: app.id })).reason).toBe("LICENSED");
  });
});

describe("joining a group never fails for lack of units", () => {
  it("200 concurrent joins for 20 units: 20 active, 180 in error, consumed = purchased; freed units go to the longest-waiting", async () => {
    const w = await groupWorld(20, 200);
    const results = await Promise.allSettled(w.users.map((u) => addGroupMember(ctx(w.tenant.id), { groupId: w.group.id, userId: u.id })));
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    expect(await states(w.group.id, w.premium.id)).toEqual({ active: 20, error: 180 });
    expect((await product(w.premium.id)).consumedUnits).toBe(20);
    await expectCounted(t.prisma, w.premium.id);

    const queue = await t.prisma.licenseAssignment.findMany({
      where: { groupId: w.group.id, state: "ERROR" },
      orderBy: [{ waitingSince: "asc" }, { userId: "asc" }],
      select: { userId: true },
    });
    const holders = await t.prisma.licenseAssignment.findMany({ where: { groupId: w.group.id, state: "ACTIVE" }, select: { userId: true } });

    // 30 units come back while 30 newcomers join: a direct holder outside the group is needed to free
    // 30 at once, so raise the pool to 50 and remove 20 active members, concurrently with the joins.
    const newcomers = await Promise.all(Array.from({ length: 30 }, () => createUser(t.prisma, w.tenant)));
    const changes = await Promise.allSettled([
      setPurchasedUnits(ctx(w.tenant.id), { productId: w.premium.id, purchasedUnits: 30 }),
      ...holders.slice(0, 20).map((h) => removeGroupMember(ctx(w.tenant.id), { groupId: w.group.id, userId: h.userId })),
      ...newcomers.map((u) => addGroupMember(ctx(w.tenant.id), { groupId: w.group.id, userId: u.id })),
    ]);
    expect(changes.filter((r) => r.status === "rejected")).toEqual([]);
    await expectCounted(t.prisma, w.premium.id);
    expect((await product(w.premium.id)).consumedUnits).toBe(30);
    // The 30 longest-waiting of the first 180 were served (10 new units + 20 freed), no newcomer.
    const active = new Set(
      (await t.prisma.licenseAssignment.findMany({ where: { groupId: w.group.id, state: "ACTIVE" }, select: { userId: true } })).map((a) => a.userId),
    );
    expect(queue.slice(0, 30).filter((q) => !active.has(q.userId))).toEqual([]);
    expect(newcomers.filter((u) => active.has(u.id))).toEqual([]);
    expect(await states(w.group.id, w.premium.id)).toEqual({ active: 30, error: 180 - 30 + 30 });
  }, 120_000);

  it("a member who already holds the product directly is active at once and takes no unit", async () => {
    const w = await groupWorld(1, 2);
    await assignDirect(t.prisma, w.tenant.id, w.users[0].id, w.premium.id);
    await addGroupMember(ctx(w.tenant.id), { groupId: w.group.id, userId: w.users[1].id });
    await addGroupMember(ctx(w.tenant.id), { groupId: w.group.id, userId: w.users[0].id });
    const rows = await t.prisma.licenseAssignment.findMany({ where: { groupId: w.group.id }, select: { userId: true, state: true } });
    expect(rows).toEqual(
      expect.arrayContaining([
        { userId: w.users[0].id, state: "ACTIVE" },
        { userId: w.users[1].id, state: "ERROR" },
      ]),
    );
    await expectCounted(t.prisma, w.premium.id);
  });

  it("unassigning a direct licence serves the longest-waiting member in the same transaction", async () => {
    const w = await groupWorld(1, 3);
    await assignDirect(t.prisma, w.tenant.id, w.users[0].id, w.premium.id);
    await addGroupMember(ctx(w.tenant.id), { groupId: w.group.id, userId: w.users[1].id });
    await addGroupMember(ctx(w.tenant.id), { groupId: w.group.id, userId: w.users[2].id });
    expect(await states(w.group.id, w.premium.id)).toEqual({ active: 0, error: 2 });
    await assignLicenses(ctx(w.tenant.id), { userId: w.users[0].id, remove: [{ productId: w.premium.id }] });
    const served = await t.prisma.licenseAssignment.findFirstOrThrow({ where: { groupId: w.group.id, state: "ACTIVE" } });
    expect(served.userId).toBe(w.users[1].id);
    await expectCounted(t.prisma, w.premium.id);
  });
});

describe("reprocess, group licences, duplicates", () => {
  it("Reprocess serves a member once a unit exists and says what still waits", async () => {
    const w = await groupWorld(0, 2);
    for (const u of w.users) await addGroupMember(ctx(w.tenant.id), { groupId: w.group.id, userId: u.id });
    expect(await reprocessGroup(ctx(w.tenant.id), { groupId: w.group.id })).toEqual({ served: 0, stillInError: 2 });
    // Units raised behind the service's back (a database import): Reprocess serves them.
    await t.prisma.product.update({ where: { id: w.premium.id }, data: { purchasedUnits: 1 } });
    const first = (await listMembersWithLicenseErrors(t.prisma, w.tenant.id, w.group.id))!.rows[0];
    const other = w.users.find((u) => u.id !== first.id)!;
    expect(await reprocessUser(ctx(w.tenant.id), { userId: other.id })).toEqual({ served: 0, stillInError: 1 });
    expect(await states(w.group.id, w.premium.id)).toEqual({ active: 1, error: 1 });
    expect(await t.prisma.licenseAssignment.findFirstOrThrow({ where: { groupId: w.group.id, state: "ACTIVE" } })).toMatchObject({ userId: first.id });
    const audits = await t.prisma.auditEntry.findMany({ where: { tenantId: w.tenant.id, action: { in: ["group.reprocessed", "user.reprocessed"] } } });
    expect(audits).toHaveLength(2);
  });

  it("assigns a product to a group with members in error, and removing it frees only what members hold no other way", async () => {
    const tenant = await createTenant(t.prisma);
    const premium = await createProduct(t.prisma, tenant.id, { displayName: "Power Apps Premium", purchasedUnits: 2 });
    const group = await createGroup(t.prisma, tenant.id);
    const users = await Promise.all([1, 2, 3].map(() => createUser(t.prisma, tenant)));
    await addGroupMembers(
      t.prisma,
      tenant.id,
      group.id,
      users.map((u) => u.id),
    );
    await assignDirect(t.prisma, tenant.id, users[0].id, premium.id);
    const added = await changeGroupLicenses(ctx(tenant.id), { groupId: group.id, add: [{ skuId: premium.skuId }] });
    expect(added.members).toEqual([{ productId: premium.id, active: 2, inError: 1 }]);
    expect((await product(premium.id)).consumedUnits).toBe(2);
    expect(await groupLicenseRemovalImpact(t.prisma, tenant.id, group.id, premium.id)).toMatchObject({ membersLosing: 2, membersInError: 1, unitsFreed: 1 });
    const removed = await changeGroupLicenses(ctx(tenant.id), { groupId: group.id, remove: [{ productId: premium.id }] });
    expect(removed.unitsFreed).toBe(1);
    expect((await product(premium.id)).consumedUnits).toBe(1);
    expect(await t.prisma.licenseAssignment.count({ where: { groupId: group.id } })).toBe(0);
  });

  it("removes the direct assignment of 500 duplicates in chunks: consumed unchanged, everybody still licensed", async () => {
    const w = await groupWorld(600, 0);
    const users = await Promise.all(Array.from({ length: 500 }, () => createUser(t.prisma, w.tenant)));
    await t.prisma.licenseAssignment.createMany({
      data: users.map((u) => ({ tenantId: w.tenant.id, userId: u.id, productId: w.premium.id, source: "DIRECT" as const, disabledPlanIds: [] })),
    });
    await addGroupMembers(
      t.prisma,
      w.tenant.id,
      w.group.id,
      users.map((u) => u.id),
    );
    expect((await product(w.premium.id)).consumedUnits).toBe(500);
    const seen: number[] = [];
    for (let after: string | null = null, round = 0; round < 5; round++) {
      const page = await listDuplicateHolders(t.prisma, w.tenant.id, w.premium.id, { after, take: 250 });
      if (page.userIds.length === 0) break;
      seen.push(page.total);
      const r = await removeDirectDuplicates(ctx(w.tenant.id), { productId: w.premium.id, userIds: page.userIds });
      expect(r).toMatchObject({ done: page.userIds.length, unitsFreed: 0, skipped: [] });
      expect((await product(w.premium.id)).consumedUnits).toBe(500);
      after = page.userIds.at(-1)!;
    }
    expect(seen).toEqual([500, 250]);
    expect(await t.prisma.licenseAssignment.count({ where: { productId: w.premium.id, source: "DIRECT" } })).toBe(0);
    expect(await t.prisma.licenseSeat.count({ where: { productId: w.premium.id } })).toBe(500);
    expect(await t.prisma.auditEntry.count({ where: { tenantId: w.tenant.id, action: "license.duplicateRemoved" } })).toBe(500);
  }, 120_000);

  it("Unassign from the product page skips people who hold it only through a group and frees what it says", async () => {
    const w = await groupWorld(3, 2);
    await addGroupMember(ctx(w.tenant.id), { groupId: w.group.id, userId: w.users[0].id });
    const loner = await createUser(t.prisma, w.tenant);
    await assignDirect(t.prisma, w.tenant.id, loner.id, w.premium.id);
    await assignDirect(t.prisma, w.tenant.id, w.users[0].id, w.premium.id);
    const r = await unassignProduct(ctx(w.tenant.id), { productId: w.premium.id, userIds: [loner.id, w.users[0].id, w.users[1].id] });
    expect(r.done).toBe(2);
    expect(r.unitsFreed).toBe(1);
    expect(r.skipped).toEqual([{ userPrincipalName: w.users[1].userPrincipalName, reason: "no longer holds it" }]);
    expect((await product(w.premium.id)).consumedUnits).toBe(1);
  });

  it("refuses purchased units below what is consumed, beside the field, and writes nothing", async () => {
    const w = await groupWorld(2, 1);
    await assignDirect(t.prisma, w.tenant.id, w.users[0].id, w.premium.id);
    await expect(setPurchasedUnits(ctx(w.tenant.id), { productId: w.premium.id, purchasedUnits: 0 })).rejects.toMatchObject({ field: "purchasedUnits" });
    await expect(setPurchasedUnits(ctx(w.tenant.id), { productId: w.premium.id, purchasedUnits: 1.5 })).rejects.toMatchObject({ field: "purchasedUnits" });
    expect((await product(w.premium.id)).purchasedUnits).toBe(2);
    expect(await t.prisma.auditEntry.count({ where: { tenantId: w.tenant.id } })).toBe(0);
  });
});
