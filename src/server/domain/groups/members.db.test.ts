/** Adding and removing group members, with the group's licences, on both databases. */
import { describe, expect, it } from "vitest";
import { addGroupMembers, assignGroupLicense, createGroup, createProduct, createTenant, createUser } from "../../../../tests/factories";
import { useTestDb } from "../../../../tests/setup/db";
import type { Actor } from "../audit/service";
import { NotFoundError } from "../errors";
import { addGroupMember, AlreadyMemberError, NotMemberError, removeGroupMember } from "./members";

const t = useTestDb();
const actor: Actor = { id: null, label: "API token 'script'" };

async function world(units = 2) {
  const tenant = await createTenant(t.prisma);
  const product = await createProduct(t.prisma, tenant.id, { purchasedUnits: units });
  const group = await createGroup(t.prisma, tenant.id, { displayName: "Power Apps users" });
  await assignGroupLicense(t.prisma, tenant.id, group.id, product.id);
  const user = await createUser(t.prisma, tenant);
  return { tenant, product, group, user };
}

const consumed = async (id: string) => (await t.prisma.product.findUniqueOrThrow({ where: { id } })).consumedUnits;
const counts = async (tenantId: string) => ({
  members: await t.prisma.groupMember.count({ where: { group: { tenantId } } }),
  assignments: await t.prisma.licenseAssignment.count({ where: { tenantId } }),
  audits: await t.prisma.auditEntry.count({ where: { tenantId } }),
});

describe("addGroupMember / removeGroupMember", () => {
  it("adds a member with the group's licences and audits it; removing frees the unit", async () => {
    const w = await world();
    await addGroupMember({ db: t.prisma, actor, tenantId: w.tenant.id }, { groupId: w.group.id, userId: w.user.id });
    expect(await t.prisma.licenseAssignment.findMany({ where: { userId: w.user.id } })).toEqual([
      expect.objectContaining({ source: "GROUP", groupId: w.group.id }),
    ]);
    expect(await consumed(w.product.id)).toBe(1);
    await removeGroupMember({ db: t.prisma, actor, tenantId: w.tenant.id }, { groupId: w.group.id, userId: w.user.id });
    expect(await t.prisma.licenseAssignment.count({ where: { userId: w.user.id } })).toBe(0);
    expect(await consumed(w.product.id)).toBe(0);
    const audits = await t.prisma.auditEntry.findMany({ where: { tenantId: w.tenant.id }, orderBy: { createdAt: "asc" } });
    expect(audits.map((a) => [a.action, a.actorLabel, a.targetId])).toEqual([
      ["group.memberAdded", "API token 'script'", w.group.id],
      ["group.memberRemoved", "API token 'script'", w.group.id],
    ]);
  });

  it("refuses an existing member, an unknown group or user, and a non-member removal, writing nothing", async () => {
    const w = await world();
    await addGroupMember({ db: t.prisma, actor, tenantId: w.tenant.id }, { groupId: w.group.id, userId: w.user.id });
    const other = await world();
    const before = await counts(w.tenant.id);
    await expect(addGroupMember({ db: t.prisma, actor, tenantId: w.tenant.id }, { groupId: w.group.id, userId: w.user.id })).rejects.toBeInstanceOf(
      AlreadyMemberError,
    );
    await expect(addGroupMember({ db: t.prisma, actor, tenantId: w.tenant.id }, { groupId: other.group.id, userId: w.user.id })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(addGroupMember({ db: t.prisma, actor, tenantId: w.tenant.id }, { groupId: w.group.id, userId: other.user.id })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(removeGroupMember({ db: t.prisma, actor, tenantId: w.tenant.id }, { groupId: w.group.id, userId: other.user.id })).rejects.toBeInstanceOf(
      NotMemberError,
    );
    await expect(removeGroupMember({ db: t.prisma, actor, tenantId: w.tenant.id }, { groupId: w.group.id, userId: "x" })).rejects.toBeInstanceOf(
      NotMemberError,
    );
    expect(await counts(w.tenant.id)).toEqual(before);
  });

  it("adds a member when the group's product has no unit left: the licence is in error and takes nothing", async () => {
    const w = await world(1);
    const holder = await createUser(t.prisma, w.tenant);
    await addGroupMembers(t.prisma, w.tenant.id, w.group.id, [holder.id]);
    const added = await addGroupMember({ db: t.prisma, actor, tenantId: w.tenant.id }, { groupId: w.group.id, userId: w.user.id });
    expect(added).toEqual({ active: [], waiting: [w.product.skuPartNumber] });
    expect(await t.prisma.licenseAssignment.findFirstOrThrow({ where: { userId: w.user.id } })).toMatchObject({ state: "ERROR", error: "COUNT_VIOLATION" });
    expect(await consumed(w.product.id)).toBe(1);
    const audit = await t.prisma.auditEntry.findFirstOrThrow({ where: { tenantId: w.tenant.id, action: "group.memberAdded" } });
    expect(audit.summary).toMatch(/in error until one frees up/);
    // Leaving frees the holder's unit, and the member in error gets it in the same transaction.
    await removeGroupMember({ db: t.prisma, actor, tenantId: w.tenant.id }, { groupId: w.group.id, userId: holder.id });
    expect(await t.prisma.licenseAssignment.findFirstOrThrow({ where: { userId: w.user.id } })).toMatchObject({
      state: "ACTIVE",
      error: null,
      waitingSince: null,
    });
    expect(await consumed(w.product.id)).toBe(1);
  });

  it("serves exactly the last unit when three join at once; the others wait, none is refused", async () => {
    const w = await world(1);
    const users = [w.user, await createUser(t.prisma, w.tenant), await createUser(t.prisma, w.tenant)];
    const results = await Promise.allSettled(
      users.map((u) => addGroupMember({ db: t.prisma, actor, tenantId: w.tenant.id }, { groupId: w.group.id, userId: u.id })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
    expect(await t.prisma.licenseAssignment.count({ where: { groupId: w.group.id, state: "ACTIVE" } })).toBe(1);
    expect(await t.prisma.licenseAssignment.count({ where: { groupId: w.group.id, state: "ERROR" } })).toBe(2);
    expect(await consumed(w.product.id)).toBe(1);
  });
});
