/**
 * Removing someone from a policy's waiting list, and setting when its entries expire (SPEC §8.1):
 * a Global admin only — a Reports reader or a User is refused with 403 and nothing changes; bad
 * input is refused beside the field.
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

const { removeWaitlistEntryAction, setWaitlistExpiryAction } = await import("@/app/(console)/billing/licenses/auto-claim/[id]/actions");

const t = useTestDb();
beforeAll(() => useAppDb(t.db));

/** A tenant of the test's own with one person on the waiting list, and its people by role. */
async function world() {
  const tenant = await createTenant(t.prisma, { autoClaimEnabled: true });
  const product = await createProduct(t.prisma, tenant.id, { purchasedUnits: 0 });
  const policy = await createPolicy(t.prisma, tenant.id, { productIds: [product.id] });
  const env = await createEnvironment(t.prisma, tenant.id, { managed: true });
  const app = await createApp(t.prisma, tenant.id, env.id, { premium: true });
  const waiting = await createUser(t.prisma, tenant);
  expect((await recordLaunch(t.prisma, { tenantId: tenant.id, user: waiting.id, appId: app.id })).waitlistPosition).toBe(1);
  const entry = await t.prisma.waitlistEntry.findFirstOrThrow({ where: { policyId: policy.id } });
  const people = {} as Record<"GLOBAL_ADMIN" | "REPORTS_READER" | "USER", AppUser>;
  for (const role of ["GLOBAL_ADMIN", "REPORTS_READER", "USER"] as const)
    people[role] = (await findActiveUserById(t.prisma, (await createUser(t.prisma, tenant, { role })).id))!;
  return { entry, policy, people };
}

describe("removeWaitlistEntryAction", () => {
  it.each(["REPORTS_READER", "USER"] as const)("refuses a %s with 403 and the entry stays", async (role) => {
    const w = await world();
    session.user = w.people[role];
    expect(await removeWaitlistEntryAction({ entryId: w.entry.id })).toMatchObject({ ok: false, status: 403 });
    expect(await t.prisma.waitlistEntry.findUniqueOrThrow({ where: { id: w.entry.id } })).toMatchObject({ leftAt: null });
  });

  it("lets a Global admin remove the entry once; a bad id is refused beside the field", async () => {
    const w = await world();
    session.user = w.people.GLOBAL_ADMIN;
    expect(await removeWaitlistEntryAction({ entryId: "nope" })).toMatchObject({ ok: false, status: 400, fieldErrors: { entryId: [expect.any(String)] } });
    expect(await removeWaitlistEntryAction({ entryId: w.entry.id })).toMatchObject({ ok: true });
    expect(await t.prisma.waitlistEntry.findUniqueOrThrow({ where: { id: w.entry.id } })).toMatchObject({ leftReason: "REMOVED" });
    expect(await removeWaitlistEntryAction({ entryId: w.entry.id })).toMatchObject({ ok: false, status: 404 });
  });
});

describe("setWaitlistExpiryAction", () => {
  it.each(["REPORTS_READER", "USER"] as const)("refuses a %s with 403 and the expiry stays", async (role) => {
    const w = await world();
    session.user = w.people[role];
    expect(await setWaitlistExpiryAction({ policyId: w.policy.id, waitlistExpiryDays: 7 })).toMatchObject({ ok: false, status: 403 });
    expect(await t.prisma.autoClaimPolicy.findUniqueOrThrow({ where: { id: w.policy.id } })).toMatchObject({ waitlistExpiryDays: 30 });
  });

  it("sets 1–365 days from the form, audited; out of range or not a number is refused beside the field; a shorter expiry drops the stale entries", async () => {
    const w = await world();
    session.user = w.people.GLOBAL_ADMIN;
    for (const bad of ["0", "366", "7.5", "seven", "", "\u0000"]) {
      const form = new FormData();
      form.set("policyId", w.policy.id);
      form.set("waitlistExpiryDays", bad);
      expect(await setWaitlistExpiryAction(form), bad).toMatchObject({
        ok: false,
        status: 400,
        fieldErrors: { waitlistExpiryDays: ["Enter a whole number of days from 1 to 365."] },
      });
    }
    expect(await t.prisma.auditEntry.count({ where: { targetId: w.policy.id } })).toBe(0);
    await t.prisma.waitlistEntry.update({ where: { id: w.entry.id }, data: { lastLaunchAt: new Date(Date.now() - 10 * 86_400_000) } });
    const form = new FormData();
    form.set("policyId", w.policy.id);
    form.set("waitlistExpiryDays", " 7 ");
    expect(await setWaitlistExpiryAction(form)).toMatchObject({ ok: true, data: { waitlistExpiryDays: 7, changed: ["waitlistExpiryDays"] } });
    expect(await t.prisma.auditEntry.findFirstOrThrow({ where: { targetId: w.policy.id, action: "policy.update" } })).toMatchObject({
      before: { waitlistExpiryDays: 30 },
      after: { waitlistExpiryDays: 7 },
    });
    const { listWaitlist } = await import("@/server/domain/launches/waitlist");
    expect((await listWaitlist(t.prisma, w.entry.tenantId, w.policy.id)).total).toBe(0);
    expect(await setWaitlistExpiryAction({ policyId: w.policy.id, waitlistExpiryDays: 7 })).toMatchObject({ ok: true, data: { changed: [] } });
  });
});
