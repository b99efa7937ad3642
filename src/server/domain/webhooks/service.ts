/**
 * Webhook subscriptions (SPEC §10.2, ADR 23): create with a signing secret shown once, enable or
 * disable, delete, send a test event, Redeliver; and the reads of Settings › Webhooks. Every change
 * is audited in its own transaction. Events themselves are written by the database (triggers of the
 * webhooks migration) in the transaction of the change they tell of.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { PrismaClient } from "@/generated/prisma/client";
import { recordAudit } from "../audit/service";
import type { DomainContext } from "../context";
import { NotFoundError } from "../errors";
import { WEBHOOK_TEST_EVENT, type WebhookEventType } from "./schema";

/** A Standard Webhooks secret: "whsec_" and 24 random bytes, base64. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

/** The URL as the log and the list show it: origin and path, never a query string (it may carry a key). */
function shownUrl(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
}

export async function createWebhook(ctx: DomainContext, input: { url: string; description: string; eventTypes: WebhookEventType[] }) {
  const secret = generateWebhookSecret();
  return ctx.db.$transaction(async (tx) => {
    const created = await tx.webhookSubscription.create({
      data: { tenantId: ctx.tenantId, url: input.url, description: input.description, eventTypes: input.eventTypes, secret, createdById: ctx.actor.id },
      select: { id: true, url: true, eventTypes: true },
    });
    await recordAudit(tx, {
      tenantId: ctx.tenantId,
      actor: ctx.actor,
      action: "webhook.create",
      targetType: "WebhookSubscription",
      targetId: created.id,
      summary: `Created webhook ${shownUrl(created.url)} (${created.eventTypes.join(", ")})`,
      after: { url: shownUrl(created.url), eventTypes: created.eventTypes, description: input.description },
    });
    // The secret leaves the server once: in this answer.
    return { id: created.id, secret };
  });
}

async function lockSubscription(tx: Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0], tenantId: string, id: string) {
  const rows = await tx.$queryRaw<{ id: string; url: string; enabled: boolean }[]>`
    SELECT "id", "url", "enabled" FROM "WebhookSubscription" WHERE "id" = ${id}::uuid AND "tenantId" = ${tenantId}::uuid FOR UPDATE`;
  if (!rows[0]) throw new NotFoundError("This webhook no longer exists.");
  return rows[0];
}

export async function setWebhookEnabled(ctx: DomainContext, { id, enabled }: { id: string; enabled: boolean }) {
  await ctx.db.$transaction(async (tx) => {
    const sub = await lockSubscription(tx, ctx.tenantId, id);
    if (sub.enabled === enabled) return;
    await tx.webhookSubscription.update({ where: { id, tenantId: ctx.tenantId }, data: { enabled } });
    await recordAudit(tx, {
      tenantId: ctx.tenantId,
      actor: ctx.actor,
      action: "webhook.enabled",
      targetType: "WebhookSubscription",
      targetId: id,
      summary: `${enabled ? "Enabled" : "Disabled"} webhook ${shownUrl(sub.url)}`,
      before: { enabled: sub.enabled },
      after: { enabled },
    });
  });
  return { id, enabled };
}

/** Deletes the subscription and its delivery log; what was not yet sent is not sent. */
export async function deleteWebhook(ctx: DomainContext, { id }: { id: string }) {
  await ctx.db.$transaction(async (tx) => {
    const sub = await lockSubscription(tx, ctx.tenantId, id);
    await tx.webhookSubscription.delete({ where: { id, tenantId: ctx.tenantId } });
    await recordAudit(tx, {
      tenantId: ctx.tenantId,
      actor: ctx.actor,
      action: "webhook.delete",
      targetType: "WebhookSubscription",
      targetId: id,
      summary: `Deleted webhook ${shownUrl(sub.url)}`,
      before: { url: shownUrl(sub.url) },
    });
  });
  return { id };
}

/** Queues a `webhook.test` event for this subscription alone (sent while it is enabled). */
export async function sendTestEvent(ctx: DomainContext, { id, now = new Date() }: { id: string; now?: Date }) {
  return ctx.db.$transaction(async (tx) => {
    const sub = await lockSubscription(tx, ctx.tenantId, id);
    const delivery = await tx.webhookDelivery.create({
      data: {
        subscriptionId: id,
        tenantId: ctx.tenantId,
        eventId: randomUUID(),
        type: WEBHOOK_TEST_EVENT,
        subject: `webhooks/${id}`,
        data: {
          message: "A test event from the auto-claim portal.",
          actor: { type: ctx.actor.id ? "user" : "system", id: ctx.actor.id, label: ctx.actor.label },
        },
        occurredAt: now,
        nextAttemptAt: now,
        giveUpAt: new Date(now.getTime() + 24 * 3_600_000),
      },
      select: { id: true, eventId: true },
    });
    await recordAudit(tx, {
      tenantId: ctx.tenantId,
      actor: ctx.actor,
      action: "webhook.test",
      targetType: "WebhookSubscription",
      targetId: id,
      summary: `Sent a test event to webhook ${shownUrl(sub.url)}`,
      after: { eventId: delivery.eventId },
    });
    return { deliveryId: delivery.id };
  });
}

/**
 * Redeliver: the same event (same `webhook-id`, same body) goes again, as soon as a worker leases it,
 * retried for another 24 hours. Its place in its subject's order is the event's own.
 */
export async function redeliver(ctx: DomainContext, { deliveryId, now = new Date() }: { deliveryId: string; now?: Date }) {
  await ctx.db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string; type: string; subscriptionId: string; eventId: string }[]>`
      SELECT d."id", d."type", d."subscriptionId", d."eventId" FROM "WebhookDelivery" d
      WHERE d."id" = ${deliveryId}::uuid AND d."tenantId" = ${ctx.tenantId}::uuid FOR UPDATE`;
    const d = rows[0];
    if (!d) throw new NotFoundError("This delivery no longer exists.");
    await tx.webhookDelivery.update({
      where: { id: d.id, tenantId: ctx.tenantId },
      data: { status: "PENDING", nextAttemptAt: now, lockedUntil: null, giveUpAt: new Date(now.getTime() + 24 * 3_600_000) },
    });
    await recordAudit(tx, {
      tenantId: ctx.tenantId,
      actor: ctx.actor,
      action: "webhook.redeliver",
      targetType: "WebhookSubscription",
      targetId: d.subscriptionId,
      summary: `Redelivered ${d.type} event ${d.eventId}`,
      after: { deliveryId: d.id, eventId: d.eventId },
    });
  });
  return { deliveryId };
}

/** The tenant's subscriptions (never their secrets), newest first. */
export async function listWebhooks(db: PrismaClient, tenantId: string) {
  return db.webhookSubscription.findMany({
    where: { tenantId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { id: true, url: true, description: true, eventTypes: true, enabled: true, createdAt: true },
  });
}

/** A subscription's delivery log, newest first. */
export async function listDeliveries(db: PrismaClient, tenantId: string, subscriptionId: string, take = 50) {
  return db.webhookDelivery.findMany({
    where: { tenantId, subscriptionId },
    orderBy: { seq: "desc" },
    take,
    select: {
      id: true,
      eventId: true,
      type: true,
      subject: true,
      status: true,
      attempts: true,
      lastResponseCode: true,
      lastError: true,
      nextAttemptAt: true,
      occurredAt: true,
      deliveredAt: true,
    },
  });
}
