/**
 * Removing someone from a policy's waiting list (SPEC §8.1): a Global admin only — a Reports
 * reader or a User is refused with 403 and the entry stays; bad ids are refused beside the field.
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

const { removeWaitlistEntryAction } = await import("@/app/(console)/billing/licenses/auto-claim/[id]/actions");

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
  return { entry, people };
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
