/**
 * Webhooks end to end against a real HTTP receiver on 127.0.0.1 (tests/webhooks/receiver.ts) that
 * verifies each signature with `standardwebhooks`, on PGlite and the PostgreSQL server: events are
 * written with the change, delivered once each, retried after a 500 and after a timeout, in order per
 * subject, delivered by the next start when no worker ran, sent again with the same webhook-id on
 * Redeliver, and given up after 24 hours. The clock is the `now` each pass is given.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createDb } from "@/server/db/client";
import { startWebhookWorker } from "@/server/jobs/webhook-worker";
import { createApp, createEnvironment, createPolicy, createProduct, createTenant, createUser } from "../../../../tests/factories";
import { startReceiver, type TestReceiver } from "../../../../tests/webhooks/receiver";
import { useTestDb } from "../../../../tests/setup/db";
import { recordLaunch } from "../launches/service";
import { setPurchasedUnits, unassignProduct } from "../licenses/products";
import { backoffMs } from "../notifications/outbox";
import { updatePolicy } from "../policies/service";
import { deliverWebhooks } from "./delivery";
import type { WebhookEventType } from "./schema";
import { createWebhook, redeliver, sendTestEvent, setWebhookEnabled } from "./service";

const t = useTestDb();
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
// The outbox is shared by every tenant: what earlier tests of this file left pending is not this test's to send.
beforeEach(async () => {
  await t.prisma.webhookDelivery.updateMany({ where: { status: "PENDING" }, data: { status: "FAILED", lastError: "Left by an earlier test." } });
});

/** The clock of a test: `ms` after the moment it was set (real time does not move it). */
function clock() {
  const base = Date.now();
  return (ms: number) => new Date(base + ms);
}

async function receiver(): Promise<TestReceiver> {
  const r = await startReceiver();
  cleanups.push(() => r.close());
  return r;
}

/** A tenant with a 1-unit Premium pool, a policy and its app, an admin, people, and a webhook to a receiver wanting `types`. */
async function world(types: WebhookEventType[]) {
  const tenant = await createTenant(t.prisma, { autoClaimEnabled: true });
  const admin = await createUser(t.prisma, tenant, { role: "GLOBAL_ADMIN" });
  const premium = await createProduct(t.prisma, tenant.id, { displayName: "Power Apps Premium", purchasedUnits: 1 });
  const policy = await createPolicy(t.prisma, tenant.id, { productIds: [premium.id] });
  const env = await createEnvironment(t.prisma, tenant.id, { managed: true });
  const app = await createApp(t.prisma, tenant.id, env.id, { premium: true });
  const people = await Promise.all(Array.from({ length: 3 }, () => createUser(t.prisma, tenant)));
  const ctx = { db: t.prisma, actor: { id: admin.id, label: admin.userPrincipalName }, tenantId: tenant.id };
  const r = await receiver();
  const hook = await createWebhook(ctx, { url: r.url, description: "", eventTypes: types });
  r.secret = hook.secret;
  const launch = (userId: string) => recordLaunch(t.prisma, { tenantId: tenant.id, user: userId, appId: app.id });
  const rows = () => t.prisma.webhookDelivery.findMany({ where: { subscriptionId: hook.id }, orderBy: { seq: "asc" } });
  return { tenant, admin, premium, policy, people, ctx, r, hook, launch, rows };
}

describe("webhooks", () => {
  it("a claim is delivered once, as a signed CloudEvent; a tenant without webhooks writes no event", async () => {
    const w = await world(["license.claimed"]);
    const other = await createTenant(t.prisma, { autoClaimEnabled: true });
    const otherUser = await createUser(t.prisma, other);
    const otherPremium = await createProduct(t.prisma, other.id, { purchasedUnits: 5 });
    await createPolicy(t.prisma, other.id, { productIds: [otherPremium.id] });
    const otherApp = await createApp(t.prisma, other.id, (await createEnvironment(t.prisma, other.id, { managed: true })).id, { premium: true });
    expect((await recordLaunch(t.prisma, { tenantId: other.id, user: otherUser.id, appId: otherApp.id })).reason).toBe("AUTO_CLAIMED");
    expect(await t.prisma.webhookDelivery.count({ where: { tenantId: other.id } })).toBe(0);

    expect((await w.launch(w.people[0].id)).reason).toBe("AUTO_CLAIMED");
    const now = clock();
    // Two senders at once (two app processes, each with its own client on the server): the event goes once.
    const second = t.db.url ? createDb(t.db.url) : null;
    cleanups.push(() => second?.close());
    const [a, b] = await Promise.all([deliverWebhooks(t.prisma, { now: now(0) }), deliverWebhooks(second?.prisma ?? t.prisma, { now: now(0) })]);
    expect(a.delivered + b.delivered).toBe(1);
    expect(await deliverWebhooks(t.prisma, { now: now(60_000) })).toEqual({ delivered: 0, retrying: 0, failed: 0 });

    expect(w.r.requests).toHaveLength(1);
    const [got] = w.r.delivered;
    expect(got.verified).toBe(true);
    expect(got.contentType).toMatch(/^application\/cloudevents\+json/);
    expect(got.webhookId).toBe(got.body.id);
    expect(got.body).toMatchObject({
      specversion: "1.0",
      type: "license.claimed",
      source: `/tenants/${w.tenant.id}`,
      subject: `users/${w.people[0].id}`,
      data: {
        user: { id: w.people[0].id, userPrincipalName: w.people[0].userPrincipalName },
        product: { id: w.premium.id, displayName: "Power Apps Premium" },
        source: "AUTO_CLAIM",
        policyId: w.policy.id,
        actor: { type: "user", id: w.people[0].id, label: w.people[0].userPrincipalName },
      },
    });
    expect(Number.isNaN(Date.parse(got.body.time))).toBe(false);
    const [row] = await w.rows();
    expect(row).toMatchObject({ status: "DELIVERED", attempts: 1, lastResponseCode: 204, lastError: null });
  });

  it("retried after a 500 and after a timeout, with backoff, then delivered; given up after 24 hours", async () => {
    const w = await world(["license.claimed"]);
    await w.launch(w.people[0].id);
    const now = clock();
    w.r.respond = () => 500;
    expect(await deliverWebhooks(t.prisma, { now: now(0) })).toEqual({ delivered: 0, retrying: 1, failed: 0 });
    expect((await w.rows())[0]).toMatchObject({ status: "PENDING", attempts: 1, lastResponseCode: 500, lastError: "The receiver answered HTTP 500." });
    // Not before its backoff.
    expect(await deliverWebhooks(t.prisma, { now: now(backoffMs(1) - 1) })).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    // The receiver hangs: a launch meanwhile answers at once; the short timeout ends the attempt.
    w.r.respond = () => "hang";
    const started = Date.now();
    let finished = false;
    const stuck = deliverWebhooks(t.prisma, { now: now(backoffMs(1)), timeoutMs: 1_000 }).finally(() => (finished = true));
    await expect.poll(() => w.r.requests.length).toBe(2);
    expect((await w.launch(w.people[2].id)).reason).toBe("NO_LICENSES_AVAILABLE");
    expect(finished).toBe(false);
    expect(await stuck).toEqual({ delivered: 0, retrying: 1, failed: 0 });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await w.rows())[0]).toMatchObject({ attempts: 2, lastResponseCode: null, lastError: "No answer within 1 s." });
    w.r.respond = () => 200;
    expect(await deliverWebhooks(t.prisma, { now: now(backoffMs(1) + backoffMs(2)) })).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    expect(w.r.requests).toHaveLength(3);
    expect(new Set(w.r.requests.map((q) => q.webhookId)).size).toBe(1);
    expect(w.r.delivered).toHaveLength(1);

    // Another event whose receiver never recovers: FAILED once the next retry would pass 24 hours.
    await w.launch(w.people[1].id); // refused: the pool is empty — no claim, no event
    expect(await w.rows()).toHaveLength(1);
    await setPurchasedUnits(w.ctx, { productId: w.premium.id, purchasedUnits: 2 }); // serves the first one waiting
    w.r.respond = () => 503;
    const later = clock();
    expect((await deliverWebhooks(t.prisma, { now: later(0) })).retrying).toBe(1);
    expect(await deliverWebhooks(t.prisma, { now: later(24 * 3_600_000) })).toEqual({ delivered: 0, retrying: 0, failed: 1 });
    // (The last attempt's timestamp is a day ahead of the receiver's clock: it refuses it, 401, as it should.)
    expect((await w.rows())[1]).toMatchObject({ status: "FAILED", attempts: 2 });
  });

  it("ordering per subject: a person's later event waits for the earlier one; another person's does not", async () => {
    const w = await world(["license.claimed", "license.released", "waitlist.joined", "waitlist.served"]);
    await w.launch(w.people[0].id); // claimed (people[0])
    await w.launch(w.people[1].id); // waitlist.joined (people[1])
    await unassignProduct(w.ctx, { productId: w.premium.id, userIds: [w.people[0].id] }); // released (people[0]); serves people[1]
    const rows = await w.rows();
    expect(rows.map((r) => [r.type, r.subject])).toEqual([
      ["license.claimed", `users/${w.people[0].id}`],
      ["waitlist.joined", `users/${w.people[1].id}`],
      ["license.claimed", `users/${w.people[1].id}`],
      ["waitlist.served", `users/${w.people[1].id}`],
      ["license.released", `users/${w.people[0].id}`],
    ]);
    expect(rows[4].data).toMatchObject({ reason: "unassigned", source: "AUTO_CLAIM" });

    const now = clock();
    // people[0]'s claim is refused by the receiver: their release waits; people[1]'s first event goes.
    w.r.respond = (e) => (e.body.subject === `users/${w.people[0].id}` ? 500 : 200);
    expect(await deliverWebhooks(t.prisma, { now: now(0) })).toEqual({ delivered: 1, retrying: 1, failed: 0 });
    expect(await deliverWebhooks(t.prisma, { now: now(1) })).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    expect(await deliverWebhooks(t.prisma, { now: now(2) })).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    expect(w.r.delivered.map((e) => e.body.type)).toEqual(["waitlist.joined", "license.claimed", "waitlist.served"]);
    w.r.respond = () => 200;
    await deliverWebhooks(t.prisma, { now: now(backoffMs(1)) });
    await deliverWebhooks(t.prisma, { now: now(backoffMs(1) + 1) });
    const zero = w.r.delivered.filter((e) => e.body.subject === `users/${w.people[0].id}`).map((e) => e.body.type);
    expect(zero).toEqual(["license.claimed", "license.released"]);
    expect((await w.rows()).every((r) => r.status === "DELIVERED")).toBe(true);
  });

  it("an event written while no worker runs (the process killed after commit) is delivered by the next start", async () => {
    const w = await world(["license.claimed"]);
    await w.launch(w.people[0].id);
    expect(w.r.requests).toHaveLength(0);
    const worker = startWebhookWorker(t.prisma, { intervalMs: 20, onError: (e) => cleanups.push(() => expect.fail(String(e))) });
    cleanups.push(() => worker.stop());
    await expect.poll(() => w.r.delivered.length, { timeout: 10_000 }).toBe(1);
    await worker.stop();
    expect((await w.rows())[0].status).toBe("DELIVERED");
  });

  it("Redeliver sends the same event again with the same webhook-id; Send test event and a disabled webhook", async () => {
    const w = await world(["policy.changed"]);
    await updatePolicy(w.ctx, { policyId: w.policy.id, name: "Premium for everyone" });
    const now = clock();
    expect((await deliverWebhooks(t.prisma, { now: now(0) })).delivered).toBe(1);
    const [first] = w.r.delivered;
    expect(first.body).toMatchObject({
      type: "policy.changed",
      subject: `policies/${w.policy.id}`,
      data: { policyId: w.policy.id, change: "policy.update", actor: { type: "user", id: w.admin.id, label: w.admin.userPrincipalName } },
    });
    const [row] = await w.rows();
    await redeliver(w.ctx, { deliveryId: row.id, now: now(1_000) });
    expect((await deliverWebhooks(t.prisma, { now: now(1_000) })).delivered).toBe(1);
    expect(w.r.delivered.map((e) => e.webhookId)).toEqual([first.webhookId, first.webhookId]);
    expect(w.r.delivered[1].body).toEqual(first.body);
    expect((await w.rows())[0]).toMatchObject({ status: "DELIVERED", attempts: 2 });

    // Disabled: no new events are written for it, and what is queued waits until it is enabled again.
    await sendTestEvent(w.ctx, { id: w.hook.id, now: now(2_000) });
    await setWebhookEnabled(w.ctx, { id: w.hook.id, enabled: false });
    await updatePolicy(w.ctx, { policyId: w.policy.id, name: "Premium for some" });
    expect(await deliverWebhooks(t.prisma, { now: now(3_000) })).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    await setWebhookEnabled(w.ctx, { id: w.hook.id, enabled: true });
    expect((await deliverWebhooks(t.prisma, { now: now(4_000) })).delivered).toBe(1);
    expect(w.r.delivered.at(-1)!.body).toMatchObject({ type: "webhook.test", subject: `webhooks/${w.hook.id}` });
    expect(await w.rows()).toHaveLength(2);
    expect(await t.prisma.auditEntry.count({ where: { tenantId: w.tenant.id, action: { startsWith: "webhook." } } })).toBe(5);
  });
});
