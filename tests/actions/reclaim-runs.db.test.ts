/**
 * Run now, Switch to enforce and Keep it, as the browser calls them (FormData): Run now and the mode
 * switch are a Global admin's — a Reports reader or a User is refused with 403 and nothing is
 * written; Run now only asks for a run (the request performs nothing); Keep it is the holder's own —
 * another signed-in person, an admin included, is refused and the notice stays open.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { AppUser } from "@/server/auth/users";
import { findActiveUserById } from "@/server/auth/users";
import { recordLaunch } from "@/server/domain/launches/service";
import { performDueRuns } from "@/server/domain/reclaim/runs";
import { setReclaimRule } from "@/server/domain/reclaim/service";
import { createApp, createEnvironment, createPolicy, createProduct, createTenant, createUser } from "../factories";
import { useAppDb } from "../setup/app-db";
import { useTestDb } from "../setup/db";

const session = vi.hoisted(() => ({ user: null as AppUser | null }));
vi.mock("@/server/auth/guards", () => ({ getCurrentUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { runNowAction, setReclaimModeAction } = await import("@/app/(console)/billing/licenses/auto-claim/[id]/reclaim/actions");
const { keepLicenseAction } = await import("@/app/launch/actions");

const t = useTestDb();
beforeAll(() => useAppDb(t.db));
const DAY = 86_400_000;

/** A policy with an enabled rule (report only) and one holder idle for 60 days. */
async function world() {
  const tenant = await createTenant(t.prisma, { autoClaimEnabled: true });
  const product = await createProduct(t.prisma, tenant.id, { purchasedUnits: 5 });
  const policy = await createPolicy(t.prisma, tenant.id, { productIds: [product.id] });
  const env = await createEnvironment(t.prisma, tenant.id, { managed: true });
  const app = await createApp(t.prisma, tenant.id, env.id, { premium: true });
  const holder = await createUser(t.prisma, tenant);
  await recordLaunch(t.prisma, { tenantId: tenant.id, user: holder.id, appId: app.id });
  const longAgo = new Date(Date.now() - 60 * DAY);
  await t.prisma.licenseAssignment.updateMany({ where: { userId: holder.id }, data: { assignedAt: longAgo } });
  await t.prisma.launch.updateMany({ where: { userId: holder.id }, data: { createdAt: longAgo } });
  const people = {} as Record<"GLOBAL_ADMIN" | "REPORTS_READER" | "USER", AppUser>;
  for (const role of ["GLOBAL_ADMIN", "REPORTS_READER", "USER"] as const)
    people[role] = (await findActiveUserById(t.prisma, (await createUser(t.prisma, tenant, { role })).id))!;
  await setReclaimRule(
    { db: t.prisma, tenantId: tenant.id, actor: { id: people.GLOBAL_ADMIN.id, label: "admin" } },
    { policyId: policy.id, enabled: true, inactivityDays: 30, graceDays: 14, noticeDays: 7, capPercent: 100, allowUsers: "", allowGroupIds: [] },
  );
  return { tenant, policy, holder: (await findActiveUserById(t.prisma, holder.id))!, people };
}

const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
};

describe("Run now and Switch to enforce", () => {
  it.each(["REPORTS_READER", "USER"] as const)("refuse a %s with 403 and write nothing", async (role) => {
    const w = await world();
    session.user = w.people[role];
    expect(await runNowAction(form({ policyId: w.policy.id }))).toMatchObject({ ok: false, status: 403 });
    expect(await setReclaimModeAction(form({ policyId: w.policy.id, mode: "ENFORCE" }))).toMatchObject({ ok: false, status: 403 });
    expect(await t.prisma.reclaimRun.count({ where: { policyId: w.policy.id } })).toBe(0);
    expect(await t.prisma.reclaimRule.findUniqueOrThrow({ where: { policyId: w.policy.id } })).toMatchObject({ mode: "REPORT_ONLY" });
  });

  it("for a Global admin: enforce is audited, Run now asks for one run and performs nothing itself", async () => {
    const w = await world();
    session.user = w.people.GLOBAL_ADMIN;
    expect(await setReclaimModeAction(form({ policyId: w.policy.id, mode: "sometimes" }))).toMatchObject({
      ok: false,
      fieldErrors: { mode: expect.any(Array) },
    });
    expect(await setReclaimModeAction(form({ policyId: w.policy.id, mode: "ENFORCE" }))).toMatchObject({ ok: true, data: { changed: true, mode: "ENFORCE" } });
    expect(await runNowAction(form({ policyId: w.policy.id }))).toMatchObject({ ok: true, data: { created: true } });
    expect(await runNowAction(form({ policyId: w.policy.id }))).toMatchObject({ ok: true, data: { created: false } });
    expect(await t.prisma.reclaimRun.findMany({ where: { policyId: w.policy.id } })).toMatchObject([{ status: "REQUESTED", trigger: "MANUAL" }]);
    expect(await t.prisma.reclaimNotice.count({ where: { policyId: w.policy.id } })).toBe(0);
    expect(await t.prisma.auditEntry.count({ where: { tenantId: w.tenant.id, action: "reclaim.mode" } })).toBe(1);
    // Another tenant's policy does not exist here.
    const other = await world();
    expect(await runNowAction(form({ policyId: other.policy.id }))).toMatchObject({ ok: false, status: 404 });
  });
});

describe("Keep it", () => {
  it("is the holder's alone: anyone else is refused and the notice stays open", async () => {
    const w = await world();
    session.user = w.people.GLOBAL_ADMIN;
    await setReclaimModeAction(form({ policyId: w.policy.id, mode: "ENFORCE" }));
    await runNowAction(form({ policyId: w.policy.id }));
    await performDueRuns(t.prisma);
    const notice = await t.prisma.reclaimNotice.findFirstOrThrow({ where: { policyId: w.policy.id } });
    for (const role of ["GLOBAL_ADMIN", "REPORTS_READER", "USER"] as const) {
      session.user = w.people[role];
      expect(await keepLicenseAction(form({ noticeId: notice.id }))).toMatchObject({ ok: false, status: 403 });
    }
    expect(await t.prisma.reclaimNotice.findUniqueOrThrow({ where: { id: notice.id } })).toMatchObject({ status: "OPEN" });
    session.user = w.holder;
    expect(await keepLicenseAction(form({ noticeId: "not-a-notice" }))).toMatchObject({ ok: false, fieldErrors: { noticeId: expect.any(Array) } });
    expect(await keepLicenseAction(form({ noticeId: notice.id }))).toMatchObject({ ok: true, data: { kept: true } });
    expect(await t.prisma.reclaimNotice.findUniqueOrThrow({ where: { id: notice.id } })).toMatchObject({ status: "KEPT" });
  });
});
