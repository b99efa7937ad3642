/**
 * Saving a policy's reclaim rule from its page, as the browser would (FormData): a Global admin only
 * — a Reports reader or a User is refused with 403 and nothing is written; numbers out of range and
 * unknown people are refused beside their field; a multiple select of groups arrives as a list.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { AppUser } from "@/server/auth/users";
import { findActiveUserById } from "@/server/auth/users";
import { createGroup, createPolicy, createProduct, createTenant, createUser } from "../factories";
import { useAppDb } from "../setup/app-db";
import { useTestDb } from "../setup/db";

const session = vi.hoisted(() => ({ user: null as AppUser | null }));
vi.mock("@/server/auth/guards", () => ({ getCurrentUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { saveReclaimRuleAction } = await import("@/app/(console)/billing/licenses/auto-claim/[id]/reclaim/actions");

const t = useTestDb();
beforeAll(() => useAppDb(t.db));

async function world() {
  const tenant = await createTenant(t.prisma);
  const product = await createProduct(t.prisma, tenant.id, { purchasedUnits: 5 });
  const policy = await createPolicy(t.prisma, tenant.id, { productIds: [product.id] });
  const groups = [await createGroup(t.prisma, tenant.id, { displayName: "Executives" }), await createGroup(t.prisma, tenant.id, { displayName: "Finance" })];
  const people = {} as Record<"GLOBAL_ADMIN" | "REPORTS_READER" | "USER", AppUser>;
  for (const role of ["GLOBAL_ADMIN", "REPORTS_READER", "USER"] as const)
    people[role] = (await findActiveUserById(t.prisma, (await createUser(t.prisma, tenant, { role })).id))!;
  const form = (over: Record<string, string | string[]> = {}) => {
    const f = new FormData();
    const fields: Record<string, string | string[]> = {
      policyId: policy.id,
      enabled: "on",
      inactivityDays: "30",
      graceDays: "14",
      noticeDays: "7",
      capPercent: "10",
      allowUsers: "",
      ...over,
    };
    for (const [k, v] of Object.entries(fields)) for (const item of Array.isArray(v) ? v : [v]) f.append(k, item);
    return f;
  };
  return { policy, groups, people, form };
}

describe("saveReclaimRuleAction", () => {
  it.each(["REPORTS_READER", "USER"] as const)("refuses a %s with 403 and writes nothing", async (role) => {
    const w = await world();
    session.user = w.people[role];
    expect(await saveReclaimRuleAction(w.form())).toMatchObject({ ok: false, status: 403 });
    expect(await t.prisma.reclaimRule.count({ where: { policyId: w.policy.id } })).toBe(0);
  });

  it("refuses out-of-range numbers and unknown people beside the field; saves groups chosen in a multiple select", async () => {
    const w = await world();
    session.user = w.people.GLOBAL_ADMIN;
    expect(await saveReclaimRuleAction(w.form({ inactivityDays: "3", capPercent: "150" }))).toMatchObject({
      ok: false,
      status: 400,
      fieldErrors: { inactivityDays: ["Enter a whole number of days from 7 to 365."], capPercent: ["Enter a whole number of percent from 1 to 100."] },
    });
    expect(await saveReclaimRuleAction(w.form({ allowUsers: "ghost@nowhere.example" }))).toMatchObject({
      ok: false,
      status: 400,
      fieldErrors: { allowUsers: ["Not in your organization: ghost@nowhere.example."] },
    });
    expect(await saveReclaimRuleAction(w.form({ allowUsers: "a\u0000b" }))).toMatchObject({
      ok: false,
      status: 400,
      fieldErrors: { allowUsers: [expect.any(String)] },
    });
    expect(await t.prisma.reclaimRule.count({ where: { policyId: w.policy.id } })).toBe(0);

    const f = w.form({ allowUsers: w.people.USER.upn });
    for (const g of w.groups) f.append("allowGroupIds[]", g.id);
    expect(await saveReclaimRuleAction(f)).toEqual({ ok: true, data: { changed: true, mode: "REPORT_ONLY" } });
    expect(await t.prisma.reclaimRule.findUniqueOrThrow({ where: { policyId: w.policy.id } })).toMatchObject({
      enabled: true,
      mode: "REPORT_ONLY",
      allowUserIds: [w.people.USER.id],
      allowGroupIds: w.groups.map((g) => g.id).sort(),
    });
  });
});
