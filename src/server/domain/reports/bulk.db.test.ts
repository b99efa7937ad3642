/**
 * Move to group… and Unassign license (SPEC §5): all or nothing per call, consumption unchanged by
 * a move, duplicates only removed for people already in the group, skips said and counted, and
 * "select all matching" taken chunk after chunk up to the moment it was chosen.
 */
import { describe, expect, it } from "vitest";
import { createProduct, createUser } from "../../../../tests/factories";
import { createClaim, createReportWorld } from "../../../../tests/report-world";
import { useTestDb } from "../../../../tests/setup/db";
import { NotFoundError } from "../errors";
import { moveToGroup, unassignAutoClaimed } from "./bulk";
import { BULK_CHUNK } from "./schema";

const t = useTestDb();
const actor = { id: null, label: "admin@test" };

async function snapshot(tenantId: string, productId: string) {
  const [assignments, members, product, audits] = await Promise.all([
    t.prisma.licenseAssignment.findMany({ where: { tenantId }, orderBy: { id: "asc" }, select: { id: true, userId: true, source: true, groupId: true } }),
    t.prisma.groupMember.findMany({
      where: { group: { tenantId } },
      orderBy: [{ groupId: "asc" }, { userId: "asc" }],
      select: { groupId: true, userId: true },
    }),
    t.prisma.product.findUniqueOrThrow({ where: { id: productId }, select: { consumedUnits: true } }),
    t.prisma.auditEntry.count({ where: { tenantId } }),
  ]);
  return { assignments, members, consumed: product.consumedUnits, audits };
}

describe("moveToGroup", () => {
  it("adds the people to the group and removes their auto-claimed licence in one go; consumption does not change", async () => {
    const w = await createReportWorld(t.prisma, { people: 5 });
    const before = await snapshot(w.tenantId, w.productId);
    const picked = w.claims.slice(0, 3);
    const outcome = await moveToGroup(
      { db: t.prisma, actor, tenantId: w.tenantId },
      { policyId: w.policyId, groupId: w.groupId, selection: { kind: "ids", ids: picked.map((c) => c.id) } },
    );
    expect(outcome).toMatchObject({ processed: 3, done: 3, alreadyMembers: 0, skipped: [], next: null });

    const after = await snapshot(w.tenantId, w.productId);
    expect(after.consumed).toBe(before.consumed);
    for (const claim of picked) {
      const held = await t.prisma.licenseAssignment.findMany({ where: { userId: claim.userId }, select: { source: true, groupId: true } });
      expect(held).toEqual([{ source: "GROUP", groupId: w.groupId }]);
    }
    expect(after.members.map((m) => m.userId).sort()).toEqual(picked.map((c) => c.userId).sort());
    const audits = await t.prisma.auditEntry.findMany({ where: { tenantId: w.tenantId, action: "license.movedToGroup" } });
    expect(audits).toHaveLength(3);
    expect(audits[0]).toMatchObject({
      actorLabel: "admin@test",
      targetType: "User",
      before: expect.objectContaining({ source: "AUTO_CLAIM" }),
      after: expect.objectContaining({ source: "GROUP", group: "Makers" }),
    });
  });

  it("only removes the duplicate for people already in the group", async () => {
    const w = await createReportWorld(t.prisma, { people: 2 });
    await w.addMembers([w.users[0].id]);
    const before = await snapshot(w.tenantId, w.productId);
    const outcome = await moveToGroup(
      { db: t.prisma, actor, tenantId: w.tenantId },
      { policyId: w.policyId, groupId: w.groupId, selection: { kind: "ids", ids: w.claims.map((c) => c.id) } },
    );
    expect(outcome).toMatchObject({ done: 2, alreadyMembers: 1 });
    expect((await snapshot(w.tenantId, w.productId)).consumed).toBe(before.consumed);
    expect(await t.prisma.licenseAssignment.count({ where: { tenantId: w.tenantId, source: "AUTO_CLAIM" } })).toBe(0);
    expect(await t.prisma.groupMember.count({ where: { groupId: w.groupId } })).toBe(2);
  });

  it("is all or nothing: a failure on the Nth person leaves everyone as before", async () => {
    const w = await createReportWorld(t.prisma, { people: 5 });
    const victim = w.claims[3];
    // A database failure midway: deleting the 4th person's auto-claimed licence fails, after the
    // memberships and group licences of all five have been written in the same transaction.
    await t.prisma.$executeRawUnsafe(`
      CREATE FUNCTION fail_for_victim() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD."id" = '${victim.id}'::uuid THEN RAISE EXCEPTION 'forced failure for the test'; END IF;
        RETURN OLD;
      END $$`);
    await t.prisma.$executeRawUnsafe(`CREATE TRIGGER fail_for_victim BEFORE DELETE ON "LicenseAssignment" FOR EACH ROW EXECUTE FUNCTION fail_for_victim()`);
    try {
      const before = await snapshot(w.tenantId, w.productId);
      await expect(
        moveToGroup(
          { db: t.prisma, actor, tenantId: w.tenantId },
          { policyId: w.policyId, groupId: w.groupId, selection: { kind: "ids", ids: w.claims.map((c) => c.id) } },
        ),
      ).rejects.toThrow(/forced failure/);
      expect(await snapshot(w.tenantId, w.productId)).toEqual(before);
    } finally {
      await t.prisma.$executeRawUnsafe(`DROP TRIGGER fail_for_victim ON "LicenseAssignment"`);
      await t.prisma.$executeRawUnsafe(`DROP FUNCTION fail_for_victim()`);
    }
  });

  it("moves even when the group also carries a product with no unit left: that licence is in error for the newcomers", async () => {
    const w = await createReportWorld(t.prisma, { people: 3 });
    const full = await createProduct(t.prisma, w.tenantId, { displayName: "Visio Plan 2", purchasedUnits: 0, standaloneFor: null });
    await t.prisma.groupLicense.create({ data: { groupId: w.groupId, productId: full.id, disabledPlanIds: [] } });
    const outcome = await moveToGroup(
      { db: t.prisma, actor, tenantId: w.tenantId },
      { policyId: w.policyId, groupId: w.groupId, selection: { kind: "ids", ids: w.claims.map((c) => c.id) } },
    );
    expect(outcome.done).toBe(3);
    expect(await t.prisma.licenseAssignment.count({ where: { groupId: w.groupId, productId: full.id, state: "ERROR" } })).toBe(3);
    expect(await t.prisma.licenseAssignment.count({ where: { groupId: w.groupId, productId: w.productId, state: "ACTIVE" } })).toBe(3);
    expect((await t.prisma.product.findUniqueOrThrow({ where: { id: full.id } })).consumedUnits).toBe(0);
  });

  it("skips rows that are gone and rows whose product the group does not carry, and says why", async () => {
    const w = await createReportWorld(t.prisma, { people: 3 });
    const other = await createProduct(t.prisma, w.tenantId, { displayName: "Power Apps per app", purchasedUnits: 5 });
    await t.prisma.policyProduct.create({ data: { policyId: w.policyId, productId: other.id, position: 1, disabledPlanIds: [] } });
    const backupUser = await createUser(t.prisma, w.tenant, { givenName: "Backup" });
    const backupClaim = await createClaim(t.prisma, w, backupUser.id, other.id);
    await t.prisma.licenseAssignment.delete({ where: { id: w.claims[0].id } });
    const outcome = await moveToGroup(
      { db: t.prisma, actor, tenantId: w.tenantId },
      {
        policyId: w.policyId,
        groupId: w.groupId,
        selection: { kind: "ids", ids: [w.claims[0].id, w.claims[1].id, backupClaim.id] },
      },
    );
    expect(outcome.done).toBe(1);
    expect(outcome.skipped).toEqual(
      expect.arrayContaining([
        { reason: "no longer holds a license auto-claimed by this policy", count: 1, examples: [] },
        { reason: "Makers does not carry Power Apps per app", count: 1, examples: [backupUser.userPrincipalName] },
      ]),
    );
    expect(await t.prisma.licenseAssignment.count({ where: { id: backupClaim.id } })).toBe(1);
  });

  it("refuses an unknown group or policy beside its field", async () => {
    const w = await createReportWorld(t.prisma, { people: 1 });
    const missing = "00000000-0000-4000-8000-000000000000";
    await expect(
      moveToGroup({ db: t.prisma, actor, tenantId: w.tenantId }, { policyId: w.policyId, groupId: missing, selection: { kind: "ids", ids: [w.claims[0].id] } }),
    ).rejects.toMatchObject({ field: "groupId" });
    await expect(
      moveToGroup({ db: t.prisma, actor, tenantId: w.tenantId }, { policyId: missing, groupId: w.groupId, selection: { kind: "ids", ids: [w.claims[0].id] } }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("unassignAutoClaimed", () => {
  it("removes the licences, frees their units and writes one audit entry per person", async () => {
    const w = await createReportWorld(t.prisma, { people: 4 });
    const before = await snapshot(w.tenantId, w.productId);
    const outcome = await unassignAutoClaimed(
      { db: t.prisma, actor, tenantId: w.tenantId },
      { policyId: w.policyId, selection: { kind: "ids", ids: [w.claims[0].id, w.claims[1].id] } },
    );
    expect(outcome).toMatchObject({ done: 2, skipped: [] });
    const after = await snapshot(w.tenantId, w.productId);
    expect(after.consumed).toBe(before.consumed - 2);
    expect(after.audits).toBe(before.audits + 2);
    const again = await unassignAutoClaimed(
      { db: t.prisma, actor, tenantId: w.tenantId },
      { policyId: w.policyId, selection: { kind: "ids", ids: [w.claims[0].id] } },
    );
    expect(again).toMatchObject({ done: 0, skipped: [{ reason: "no longer holds a license auto-claimed by this policy", count: 1 }] });
  });

  it("takes every row matching the filter, chunk after chunk, up to the moment 'select all' was chosen", async () => {
    const w = await createReportWorld(t.prisma, { people: 0 });
    const n = BULK_CHUNK + 7;
    const users = await t.prisma.user.createManyAndReturn({
      data: Array.from({ length: n }, (_, i) => ({
        tenantId: w.tenantId,
        displayName: `Many ${i}`,
        userPrincipalName: `many.${i}.${w.tenantId}@test.example`,
      })),
      select: { id: true },
    });
    const launches = await t.prisma.launch.createManyAndReturn({
      data: users.map((u, i) => ({
        tenantId: w.tenantId,
        userId: u.id,
        appId: w.appId,
        environmentId: w.environmentId,
        kind: "APP_LAUNCH" as const,
        decision: "ALLOW" as const,
        reason: "AUTO_CLAIMED" as const,
        policyId: w.policyId,
        productId: w.productId,
        createdAt: new Date(Date.now() - 60_000 - i * 1000),
      })),
      select: { id: true, userId: true, createdAt: true },
    });
    await t.prisma.product.update({ where: { id: w.productId }, data: { purchasedUnits: n + 10 } });
    await t.prisma.licenseAssignment.createMany({
      data: launches.map((l) => ({
        tenantId: w.tenantId,
        userId: l.userId,
        productId: w.productId,
        source: "AUTO_CLAIM" as const,
        policyId: w.policyId,
        productOrder: 0,
        launchId: l.id,
        assignedAt: l.createdAt,
        disabledPlanIds: [],
      })),
    });
    const asOf = new Date(Date.now() - 30_000);
    const late = await createUser(t.prisma, w.tenant, { givenName: "Late" });
    await createClaim(t.prisma, w, late.id, w.productId); // claimed after "select all": not part of it

    let next: string | undefined;
    let done = 0;
    let calls = 0;
    do {
      const outcome = await unassignAutoClaimed(
        { db: t.prisma, actor, tenantId: w.tenantId },
        { policyId: w.policyId, selection: { kind: "filter", filter: { range: "90", q: "" }, asOf, after: next } },
      );
      done += outcome.done;
      next = outcome.next ?? undefined;
      calls++;
    } while (next);
    expect(done).toBe(n);
    expect(calls).toBe(2);
    expect(await t.prisma.licenseAssignment.findMany({ where: { tenantId: w.tenantId, source: "AUTO_CLAIM" }, select: { userId: true } })).toEqual([
      { userId: late.id },
    ]);
  });
});
