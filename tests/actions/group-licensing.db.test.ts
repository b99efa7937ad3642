/**
 * The Groups and Users pages' licence actions, called as the browser calls them: assigning a product
 * to a group (members the pool cannot serve are in error), changing its apps, removing it, and
 * Reprocess for a group and for a person. A Reports reader or a User is refused (403) and nothing
 * is written; the reads behind the confirm dialogs say how many units a removal really frees.
 */
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { CurrentUser } from "@/server/auth/guards";
import { POWER_APPS_PREMIUM, POWER_AUTOMATE_PREMIUM } from "../../prisma/seed/catalog";
import { addGroupMembers, assignDirect, createGroup, createProduct, createTenant, createUser } from "../factories";
import { createReportWorld } from "../report-world";
import { useAppDb } from "../setup/app-db";
import { useTestDb } from "../setup/db";
import { createSessionUser } from "../session-user";

let current: CurrentUser | null = null;
vi.mock("@/server/auth/guards", () => ({ getCurrentUser: async () => current }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { setGroupProductAction, removeGroupProductAction, reprocessGroupAction, removeGroupMemberAction } = await import("@/app/(console)/groups/actions");
const { reprocessUserAction } = await import("@/app/(console)/users/actions");
const { countMembersWithLicenseErrors, memberLicenceStates } = await import("@/server/domain/groups/directory");
const { groupLicenseRemovalImpact } = await import("@/server/domain/groups/licenses");
const { bulkUnassignImpact, userUnassignImpact } = await import("@/server/domain/reports/unassign-impact");

const t = useTestDb();
beforeAll(() => useAppDb(t.db));
beforeEach(() => {
  current = null;
});

/** A tenant with a 1-unit Power Apps Premium, a group of three members (joined one after the other) and the three roles. */
async function world() {
  const tenant = await createTenant(t.prisma, { name: "Contoso" });
  const admin = await createSessionUser(t.prisma, tenant, "GLOBAL_ADMIN");
  const reader = await createSessionUser(t.prisma, tenant, "REPORTS_READER");
  const user = await createSessionUser(t.prisma, tenant, "USER");
  const premium = await createProduct(t.prisma, tenant.id, { ...POWER_APPS_PREMIUM, purchasedUnits: 1 });
  const flow = await createProduct(t.prisma, tenant.id, { ...POWER_AUTOMATE_PREMIUM, purchasedUnits: 5 });
  const group = await createGroup(t.prisma, tenant.id, { displayName: "Power Apps Makers" });
  const members = [];
  for (const name of ["Ada", "Bo", "Cy"]) {
    const m = await createUser(t.prisma, tenant, { givenName: name, surname: "Member" });
    await addGroupMembers(t.prisma, tenant.id, group.id, [m.id]);
    members.push(m);
  }
  const plans = (p: { servicePlans: { servicePlanId: string }[] }) => p.servicePlans.map((s) => s.servicePlanId);
  return { tenant, admin, reader, user, premium, flow, group, members, plans };
}

const audits = (tenantId: string) => t.prisma.auditEntry.count({ where: { tenantId } });
const states = (groupId: string) =>
  t.prisma.licenseAssignment.findMany({ where: { groupId }, orderBy: { userId: "asc" }, select: { userId: true, state: true, disabledPlanIds: true } });

describe("group licence actions", () => {
  it("refuse a Reports reader and a User (403) and write nothing", async () => {
    const w = await world();
    // One product on the group already, so that every action has something it could change.
    current = w.admin;
    expect(await setGroupProductAction({ groupId: w.group.id, productId: w.flow.id, enabledPlanIds: w.plans(w.flow) })).toMatchObject({ ok: true });
    const before = {
      audits: await audits(w.tenant.id),
      states: await states(w.group.id),
      licences: await t.prisma.groupLicense.count({ where: { groupId: w.group.id } }),
    };
    for (const who of [w.reader, w.user]) {
      current = who;
      const results = [
        await setGroupProductAction({ groupId: w.group.id, productId: w.premium.id, enabledPlanIds: w.plans(w.premium) }),
        await setGroupProductAction({ groupId: w.group.id, productId: w.flow.id, enabledPlanIds: w.plans(w.flow).slice(0, 1) }),
        await removeGroupProductAction({ groupId: w.group.id, productId: w.flow.id }),
        await reprocessGroupAction({ groupId: w.group.id }),
        await reprocessUserAction({ userId: w.members[0].id }),
      ];
      for (const r of results) expect(r).toMatchObject({ ok: false, status: 403 });
    }
    expect({
      audits: await audits(w.tenant.id),
      states: await states(w.group.id),
      licences: await t.prisma.groupLicense.count({ where: { groupId: w.group.id } }),
    }).toEqual(before);
  });

  it("assign a product with one free unit to three members: one holds it, two are in error; Reprocess serves none; removing the holder serves the longest-waiting", async () => {
    const w = await world();
    current = w.admin;
    const assigned = await setGroupProductAction({ groupId: w.group.id, productId: w.premium.id, enabledPlanIds: w.plans(w.premium) });
    expect(assigned).toEqual({ ok: true, data: { added: true, updated: false, active: 1, inError: 2 } });
    expect(await countMembersWithLicenseErrors(t.prisma, w.tenant.id, w.group.id)).toBe(2);

    const byMember = await memberLicenceStates(
      t.prisma,
      w.tenant.id,
      w.group.id,
      w.members.map((m) => m.id),
    );
    const holder = w.members.find((m) => byMember.get(m.id)!.inError.length === 0)!;
    expect(byMember.get(holder.id)).toEqual({ inError: [], unitsFreed: 1 });
    const waiting = w.members.filter((m) => m !== holder);
    for (const m of waiting) expect(byMember.get(m.id)).toEqual({ inError: ["Power Apps Premium"], unitsFreed: 0 });

    expect(await reprocessGroupAction({ groupId: w.group.id })).toEqual({ ok: true, data: { served: 0, stillInError: 2 } });
    expect(await reprocessUserAction({ userId: waiting[0].id })).toEqual({ ok: true, data: { served: 0, stillInError: 1 } });

    // The longest-waiting of the two is served when the holder leaves.
    const rows = await t.prisma.licenseAssignment.findMany({
      where: { groupId: w.group.id, state: "ERROR" },
      orderBy: [{ waitingSince: "asc" }, { userId: "asc" }],
    });
    const first = rows[0].userId;
    expect(await removeGroupMemberAction({ groupId: w.group.id, userId: holder.id })).toMatchObject({ ok: true });
    const after = await t.prisma.licenseAssignment.findMany({ where: { groupId: w.group.id }, select: { userId: true, state: true } });
    expect(after.find((a) => a.userId === first)?.state).toBe("ACTIVE");
    expect(after.filter((a) => a.state === "ERROR")).toHaveLength(1);

    // Removing the licence: one member loses it and one unit is freed; the one in error stops waiting.
    expect(await groupLicenseRemovalImpact(t.prisma, w.tenant.id, w.group.id, w.premium.id)).toEqual({
      productName: "Power Apps Premium",
      membersLosing: 1,
      membersInError: 1,
      unitsFreed: 1,
    });
    expect(await removeGroupProductAction({ groupId: w.group.id, productId: w.premium.id })).toEqual({ ok: true, data: { unitsFreed: 1 } });
    expect(await t.prisma.licenseAssignment.count({ where: { groupId: w.group.id } })).toBe(0);
    expect(await t.prisma.product.findUniqueOrThrow({ where: { id: w.premium.id } })).toMatchObject({ consumedUnits: 0 });
  });

  it("Change apps switches off the plans left unchecked; at least one stays on; a plan of another product is refused", async () => {
    const w = await world();
    current = w.admin;
    await setGroupProductAction({ groupId: w.group.id, productId: w.flow.id, enabledPlanIds: w.plans(w.flow) });
    const [keep, ...off] = w.plans(w.flow);
    if (off.length === 0) throw new Error("expected a product with several plans");
    expect(await setGroupProductAction({ groupId: w.group.id, productId: w.flow.id, enabledPlanIds: [keep] })).toEqual({
      ok: true,
      data: { added: false, updated: true, active: 0, inError: 0 },
    });
    for (const s of await states(w.group.id)) expect([...s.disabledPlanIds].sort()).toEqual([...off].sort());

    const none = await setGroupProductAction({ groupId: w.group.id, productId: w.flow.id, enabledPlanIds: [] });
    expect(none).toMatchObject({ ok: false, status: 400, fieldErrors: { enabledPlanIds: ["Keep at least one app on."] } });
    const foreign = await setGroupProductAction({ groupId: w.group.id, productId: w.flow.id, enabledPlanIds: w.plans(w.premium) });
    expect(foreign).toMatchObject({ ok: false, status: 400, fieldErrors: { enabledPlanIds: ["That service plan is not part of the product."] } });
    const form = new FormData();
    form.append("groupId", w.group.id);
    form.append("productId", w.flow.id);
    form.append("enabledPlanIds", keep);
    expect(await setGroupProductAction(form)).toMatchObject({ ok: true, data: { added: false, updated: false } });
    for (const s of await states(w.group.id)) expect([...s.disabledPlanIds].sort()).toEqual([...off].sort());
  });

  it("a group or product of another tenant is not found, and nothing is written", async () => {
    const w = await world();
    const other = await world();
    current = w.admin;
    const count = await audits(other.tenant.id);
    expect(await setGroupProductAction({ groupId: other.group.id, productId: w.flow.id, enabledPlanIds: w.plans(w.flow) })).toMatchObject({
      ok: false,
      status: 404,
    });
    expect(await setGroupProductAction({ groupId: w.group.id, productId: other.flow.id, enabledPlanIds: other.plans(other.flow) })).toMatchObject({
      ok: false,
      status: 404,
    });
    expect(await reprocessGroupAction({ groupId: other.group.id })).toMatchObject({ ok: false, status: 404 });
    expect(await reprocessUserAction({ userId: other.members[0].id })).toMatchObject({ ok: false, status: 404 });
    expect(await audits(other.tenant.id)).toBe(count);
  });
});

describe("what an Unassign really frees", () => {
  it("a person who also holds the product through a group frees none; one who holds it only directly frees one", async () => {
    const w = await world();
    current = w.admin;
    await setGroupProductAction({ groupId: w.group.id, productId: w.flow.id, enabledPlanIds: w.plans(w.flow) });
    const member = w.members[0];
    const outsider = await createUser(t.prisma, w.tenant, { givenName: "Out", surname: "Sider" });
    await assignDirect(t.prisma, w.tenant.id, member.id, w.flow.id);
    await assignDirect(t.prisma, w.tenant.id, outsider.id, w.flow.id);
    expect(await userUnassignImpact(t.prisma, w.tenant.id, member.id)).toEqual(new Map([[w.flow.id, 0]]));
    expect(await userUnassignImpact(t.prisma, w.tenant.id, outsider.id)).toEqual(new Map([[w.flow.id, 1]]));
    // Leaving the group frees nothing either: the member keeps the direct one.
    const byMember = await memberLicenceStates(t.prisma, w.tenant.id, w.group.id, [member.id, w.members[1].id]);
    expect(byMember.get(member.id)?.unitsFreed).toBe(0);
    expect(byMember.get(w.members[1].id)?.unitsFreed).toBe(1);
    expect(await userUnassignImpact(t.prisma, w.tenant.id, "not-an-id")).toEqual(new Map());
  });

  it("the report's bulk Unassign counts only the picked rows of the policy, and frees none for a person who keeps it through a group", async () => {
    const w = await createReportWorld(t.prisma, { people: 3 });
    // The first person also holds the product through the group that carries it.
    await w.addMembers([w.users[0].id]);
    const ids = w.claims.map((c) => c.id);
    expect(await bulkUnassignImpact(t.prisma, w.tenantId, { policyId: w.policyId, ids })).toEqual({ selected: 3, unitsFreed: 2 });
    expect(await bulkUnassignImpact(t.prisma, w.tenantId, { policyId: w.policyId, ids: [w.claims[0].id] })).toEqual({ selected: 1, unitsFreed: 0 });
    const other = await createReportWorld(t.prisma, { people: 1 });
    expect(await bulkUnassignImpact(t.prisma, other.tenantId, { policyId: w.policyId, ids })).toEqual({ selected: 0, unitsFreed: 0 });
    expect(await bulkUnassignImpact(t.prisma, w.tenantId, { policyId: other.policyId, ids })).toEqual({ selected: 0, unitsFreed: 0 });
  });
});
