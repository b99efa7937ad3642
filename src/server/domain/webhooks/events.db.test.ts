/**
 * Which changes write which webhook events (the triggers of the webhooks migration), on PGlite and
 * the PostgreSQL server: each event is written in the change's transaction, for the subscriptions
 * that want its type only, with its subject and data — pool thresholds, requests asked and decided,
 * licences released by a reclaim run (after its notice) and with a disabled user, direct
 * assignments with the admin as actor. Rows are read, not sent: delivery.db.test.ts sends them.
 */
import { describe, expect, it } from "vitest";
import { assignDirect, createApp, createEnvironment, createPolicy, createProduct, createTenant, createUser } from "../../../../tests/factories";
import { useTestDb } from "../../../../tests/setup/db";
import type { DomainContext } from "../context";
import { recordLaunch } from "../launches/service";
import { DAY_MS } from "../reclaim/candidates";
import { performDueRuns, requestRun, setReclaimMode } from "../reclaim/runs";
import { setReclaimRule } from "../reclaim/service";
import { denyRequest, requestLicense } from "../requests/service";
import type { WebhookEventType } from "./schema";
import { createWebhook } from "./service";

const t = useTestDb();

async function world(types: WebhookEventType[], { units = 1 } = {}) {
  const tenant = await createTenant(t.prisma, { autoClaimEnabled: true });
  const admin = await createUser(t.prisma, tenant, { role: "GLOBAL_ADMIN" });
  const premium = await createProduct(t.prisma, tenant.id, { displayName: "Power Apps Premium", purchasedUnits: units });
  const policy = await createPolicy(t.prisma, tenant.id, { productIds: [premium.id] });
  const env = await createEnvironment(t.prisma, tenant.id, { managed: true });
  const app = await createApp(t.prisma, tenant.id, env.id, { premium: true });
  const people = await Promise.all(Array.from({ length: 2 }, () => createUser(t.prisma, tenant)));
  const ctx: DomainContext = { db: t.prisma, actor: { id: admin.id, label: admin.userPrincipalName }, tenantId: tenant.id };
  const hook = await createWebhook(ctx, { url: "https://hooks.contoso.test/x", description: "", eventTypes: types });
  // A second webhook wanting nothing of this: it gets no rows.
  const other = await createWebhook(ctx, {
    url: "https://hooks.contoso.test/y",
    description: "",
    eventTypes: ["request.created"],
  });
  const launch = (userId: string) => recordLaunch(t.prisma, { tenantId: tenant.id, user: userId, appId: app.id });
  const events = () => t.prisma.webhookDelivery.findMany({ where: { subscriptionId: hook.id }, orderBy: { seq: "asc" } });
  return { tenant, admin, premium, policy, app, people, ctx, hook, other, launch, events };
}

describe("webhook events", () => {
  it("pool.threshold_crossed: a claim that empties the pool raises warning, critical and empty, once each", async () => {
    const w = await world(["pool.threshold_crossed"]);
    expect((await w.launch(w.people[0].id)).reason).toBe("AUTO_CLAIMED");
    await w.launch(w.people[1].id); // refused: nothing more is raised
    const events = await w.events();
    expect(events.map((e) => (e.data as { level: string }).level).sort()).toEqual(["CRITICAL", "EMPTY", "WARNING"]);
    expect(events.every((e) => e.type === "pool.threshold_crossed" && e.subject === `products/${w.premium.id}`)).toBe(true);
    expect(events[0].data).toMatchObject({
      product: { id: w.premium.id, displayName: "Power Apps Premium" },
      consumedUnits: 1,
      purchasedUnits: 1,
      actor: { type: "system" },
    });
    expect(await t.prisma.webhookDelivery.count({ where: { subscriptionId: w.other.id } })).toBe(0);
  });

  it("request.created by the person, request.decided by the admin", async () => {
    const w = await world(["request.created", "request.decided"]);
    await w.launch(w.people[0].id);
    const refused = await w.launch(w.people[1].id);
    expect(refused.reason).toBe("NO_LICENSES_AVAILABLE");
    const asked = await requestLicense(t.prisma, { tenantId: w.tenant.id, launchId: refused.launchId, message: "Please" });
    await denyRequest(w.ctx, { requestId: asked.id, decisionMessage: "Not this month" });
    const events = await w.events();
    expect(events.map((e) => [e.type, e.subject])).toEqual([
      ["request.created", `users/${w.people[1].id}`],
      ["request.decided", `users/${w.people[1].id}`],
    ]);
    expect(events[0].data).toMatchObject({ requestId: asked.id, status: "PENDING", message: "Please", actor: { type: "user", id: w.people[1].id } });
    expect(events[1].data).toMatchObject({
      status: "DENIED",
      decisionMessage: "Not this month",
      actor: { type: "user", id: w.admin.id, label: w.admin.userPrincipalName },
    });
    // The other webhook wants request.created only.
    expect((await t.prisma.webhookDelivery.findMany({ where: { subscriptionId: w.other.id } })).map((e) => e.type)).toEqual(["request.created"]);
    expect(new Set([events[0].eventId, (await t.prisma.webhookDelivery.findFirstOrThrow({ where: { subscriptionId: w.other.id } })).eventId]).size).toBe(1);
  });

  it("license.claimed by an admin's direct assignment names the admin; license.released with a disabled user says so", async () => {
    const w = await world(["license.claimed", "license.released"], { units: 5 });
    const a = await assignDirect(t.prisma, w.tenant.id, w.people[0].id, w.premium.id, { assignedById: w.admin.id });
    // Disabling the account and releasing its licences in one transaction (as provisioning does).
    await t.prisma.$transaction(async (tx) => {
      await tx.user.update({ where: { id: w.people[0].id }, data: { accountEnabled: false } });
      await tx.licenseAssignment.delete({ where: { id: a.id } });
    });
    const events = await w.events();
    expect(events.map((e) => [e.type, (e.data as { reason?: string }).reason ?? null])).toEqual([
      ["license.claimed", null],
      ["license.released", "user_disabled"],
    ]);
    expect(events[0].data).toMatchObject({ source: "DIRECT", actor: { type: "user", id: w.admin.id } });
    // A transaction that rolls back writes nothing.
    const b = await assignDirect(t.prisma, w.tenant.id, w.people[1].id, w.premium.id);
    await expect(
      t.prisma.$transaction(async (tx) => {
        await tx.licenseAssignment.delete({ where: { id: b.id } });
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    expect((await w.events()).map((e) => e.type)).toEqual(["license.claimed", "license.released", "license.claimed"]);
  });

  it("a reclaim run: reclaim.notice_sent, then license.released as reclaimed, in order for the person", async () => {
    const w = await world(["reclaim.notice_sent", "license.released"], { units: 5 });
    const NOW = new Date(Date.now() + 90 * DAY_MS);
    const at = (days: number) => new Date(NOW.getTime() + days * DAY_MS);
    expect((await w.launch(w.people[0].id)).reason).toBe("AUTO_CLAIMED");
    await t.prisma.licenseAssignment.updateMany({ where: { userId: w.people[0].id }, data: { assignedAt: at(-60) } });
    await t.prisma.launch.updateMany({ where: { userId: w.people[0].id }, data: { createdAt: at(-60) } });
    await setReclaimRule(w.ctx, {
      policyId: w.policy.id,
      enabled: true,
      inactivityDays: 30,
      graceDays: 14,
      noticeDays: 7,
      capPercent: 100,
      allowUsers: "",
      allowGroupIds: [],
    });
    await setReclaimMode(w.ctx, { policyId: w.policy.id, mode: "ENFORCE" });
    await requestRun(w.ctx, { policyId: w.policy.id }, NOW);
    await performDueRuns(t.prisma, { now: NOW });
    await performDueRuns(t.prisma, { now: at(8), schedule: "DAILY" });
    const events = await w.events();
    expect(events.map((e) => [e.type, e.subject])).toEqual([
      ["reclaim.notice_sent", `users/${w.people[0].id}`],
      ["license.released", `users/${w.people[0].id}`],
    ]);
    expect(events[0].data).toMatchObject({ policyId: w.policy.id, product: { id: w.premium.id }, releaseOn: expect.any(String) });
    expect(events[1].data).toMatchObject({ reason: "reclaimed", source: "AUTO_CLAIM", actor: { type: "system" } });
  });
});
