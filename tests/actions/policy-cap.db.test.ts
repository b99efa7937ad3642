/**
 * The policy's license limit (SPEC §8.4) from policy details: a Global admin only — a Reports reader
 * or a User is refused with 403 and nothing changes; a limit out of range or not a number is refused
 * beside the field and nothing is written; raising it serves the waiting list, audited.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { AppUser } from "@/server/auth/users";
import { findActiveUserById } from "@/server/auth/users";
import { recordLaunch } from "@/server/domain/launches/service";
import { createApp, createEnvironment, createPolicy, createProduct, createTenant, createUser } from "../factories";
import { useAppDb } from "../setup/app-db";
import { useTestDb } from "../setup/db";

const session = vi.hoisted(() => ({ user: null as AppUser | null }));
vi.mock("@/server/auth/guards", () => ({ getCurrentUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { setMaxUnitsAction } = await import("@/app/(console)/billing/licenses/auto-claim/[id]/actions");

const t = useTestDb();
beforeAll(() => useAppDb(t.db));

/** A tenant of the test's own: a policy limited to 1 license with one holder and one person waiting. */
async function world() {
  const tenant = await createTenant(t.prisma, { autoClaimEnabled: true });
  const product = await createProduct(t.prisma, tenant.id, { purchasedUnits: 10 });
  const policy = await createPolicy(t.prisma, tenant.id, { productIds: [product.id] });
  await t.prisma.autoClaimPolicy.update({ where: { id: policy.id }, data: { maxUnits: 1 } });
  const env = await createEnvironment(t.prisma, tenant.id, { managed: true });
  const app = await createApp(t.prisma, tenant.id, env.id, { premium: true });
  const [holder, waiting] = [await createUser(t.prisma, tenant), await createUser(t.prisma, tenant)];
  expect(await recordLaunch(t.prisma, { tenantId: tenant.id, user: holder.id, appId: app.id })).toMatchObject({ reason: "AUTO_CLAIMED" });
  expect(await recordLaunch(t.prisma, { tenantId: tenant.id, user: waiting.id, appId: app.id })).toMatchObject({
    reason: "POLICY_CAP_REACHED",
    waitlistPosition: 1,
  });
  const people = {} as Record<"GLOBAL_ADMIN" | "REPORTS_READER" | "USER", AppUser>;
  for (const role of ["GLOBAL_ADMIN", "REPORTS_READER", "USER"] as const)
    people[role] = (await findActiveUserById(t.prisma, (await createUser(t.prisma, tenant, { role })).id))!;
  return { policy, waiting, people };
}

const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
};

describe("setMaxUnitsAction", () => {
  it.each(["REPORTS_READER", "USER"] as const)("refuses a %s with 403 and the limit stays", async (role) => {
    const w = await world();
    session.user = w.people[role];
    expect(await setMaxUnitsAction({ policyId: w.policy.id, maxUnits: 5 })).toMatchObject({ ok: false, status: 403 });
    expect(await t.prisma.autoClaimPolicy.findUniqueOrThrow({ where: { id: w.policy.id } })).toMatchObject({ maxUnits: 1 });
    expect(await t.prisma.licenseAssignment.count({ where: { userId: w.waiting.id } })).toBe(0);
  });

  it("refuses out-of-range and non-numbers beside the field, writing nothing; a raised limit serves the person waiting, audited; empty removes it", async () => {
    const w = await world();
    session.user = w.people.GLOBAL_ADMIN;
    for (const bad of ["0", "100001", "2.5", "-3", "ten", "1e3", "\u0000", "\ud800", "99999999999"]) {
      expect(await setMaxUnitsAction(form({ policyId: w.policy.id, maxUnits: bad })), JSON.stringify(bad)).toMatchObject({
        ok: false,
        status: 400,
        fieldErrors: { maxUnits: ["Enter a whole number of licenses from 1 to 100,000, or leave it empty for no limit."] },
      });
    }
    expect(await setMaxUnitsAction(form({ policyId: "not-a-policy", maxUnits: "5" }))).toMatchObject({ ok: false, status: 400 });
    expect(await t.prisma.auditEntry.count({ where: { targetId: w.policy.id } })).toBe(0);
    expect(await t.prisma.autoClaimPolicy.findUniqueOrThrow({ where: { id: w.policy.id } })).toMatchObject({ maxUnits: 1 });

    expect(await setMaxUnitsAction(form({ policyId: w.policy.id, maxUnits: " 2 " }))).toMatchObject({
      ok: true,
      data: { maxUnits: 2, changed: ["maxUnits"], served: 1 },
    });
    expect(await t.prisma.licenseAssignment.findFirstOrThrow({ where: { userId: w.waiting.id } })).toMatchObject({
      source: "AUTO_CLAIM",
      policyId: w.policy.id,
    });
    expect(await t.prisma.auditEntry.findFirstOrThrow({ where: { targetId: w.policy.id, action: "policy.update" } })).toMatchObject({
      before: { maxUnits: 1 },
      after: { maxUnits: 2 },
    });
    expect(await setMaxUnitsAction(form({ policyId: w.policy.id, maxUnits: "2" }))).toMatchObject({ ok: true, data: { changed: [] } });
    expect(await setMaxUnitsAction(form({ policyId: w.policy.id, maxUnits: "" }))).toMatchObject({ ok: true, data: { maxUnits: null, changed: ["maxUnits"] } });
    expect(await t.prisma.autoClaimPolicy.findUniqueOrThrow({ where: { id: w.policy.id } })).toMatchObject({ maxUnits: null });
  });
});
