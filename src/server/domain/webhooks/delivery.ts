/**
 * The webhook outbox's sender (ADR 23). `deliverWebhooks` sends what is due, after commit and never
 * on a request's path:
 *
 * - it leases a batch in one statement (`FOR UPDATE SKIP LOCKED`, `lockedUntil`), so several app
 *   processes share the work and no attempt is made by two of them; only the first PENDING row of
 *   each subscription and subject is due, so a later event of a subject waits until the earlier one
 *   is delivered or given up (ordering per subject);
 * - it holds no transaction while talking to the receivers, sends the batch in parallel, and bounds
 *   each request (`timeoutMs`, 10 s by default; redirects are not followed), so a slow receiver
 *   holds up the rest of its pass by at most the timeout, and never a launch;
 * - a 2xx answer is DELIVERED; anything else (a status, a timeout, a refused connection) retries
 *   with exponential backoff (30 s doubling to an hour) until `giveUpAt` (24 h), then FAILED;
 * - rows of a disabled subscription wait (and give up after their 24 h like any other).
 *
 * Each request is signed per the Standard Webhooks specification (`standardwebhooks`): `webhook-id`
 * is the event's id — the same on every attempt and on Redeliver — so receivers deduplicate by it.
 * A process that dies after the receiver answered but before recording it lets the lease expire and
 * the event goes again: at least once.
 */
import { Webhook } from "standardwebhooks";
import type { PrismaClient } from "@/generated/prisma/client";
import { backoffMs } from "../notifications/outbox";

/** Longer than any request's timeout: a live sender always records its outcome inside it. */
export const WEBHOOK_LEASE_MS = 60_000;
export const WEBHOOK_TIMEOUT_MS = 10_000;

export interface WebhookDeliverOptions {
  now?: Date;
  batch?: number;
  /** Per request; 10 s by default. */
  timeoutMs?: number;
  /** The portal's public URL: the events' `source` is `<APP_URL>/tenants/<id>` (else `/tenants/<id>`). */
  appUrl?: string;
}

export interface WebhookDeliverResult {
  delivered: number;
  retrying: number;
  failed: number;
}

interface Leased {
  id: string;
  tenantId: string;
  eventId: string;
  type: string;
  subject: string;
  data: unknown;
  occurredAt: Date;
  attempts: number;
  giveUpAt: Date;
  url: string;
  secret: string;
}

/** The CloudEvents 1.0 envelope (structured mode, JSON) of an event. */
export function cloudEvent(row: Pick<Leased, "tenantId" | "eventId" | "type" | "subject" | "data" | "occurredAt">, appUrl?: string) {
  return {
    specversion: "1.0",
    id: row.eventId,
    source: `${appUrl ? appUrl.replace(/\/+$/, "") : ""}/tenants/${row.tenantId}`,
    type: row.type,
    subject: row.subject,
    time: row.occurredAt.toISOString(),
    datacontenttype: "application/json",
    data: row.data,
  };
}

export async function deliverWebhooks(
  db: PrismaClient,
  { now = new Date(), batch = 20, timeoutMs = WEBHOOK_TIMEOUT_MS, appUrl }: WebhookDeliverOptions = {},
): Promise<WebhookDeliverResult> {
  const leased = await db.$queryRaw<Leased[]>`
    UPDATE "WebhookDelivery" d SET "lockedUntil" = ${new Date(now.getTime() + WEBHOOK_LEASE_MS)}, "attempts" = d."attempts" + 1
    FROM "WebhookSubscription" s
    WHERE s."id" = d."subscriptionId" AND d."id" IN (
      SELECT x."id" FROM "WebhookDelivery" x
      JOIN "WebhookSubscription" xs ON xs."id" = x."subscriptionId" AND xs."enabled"
      WHERE x."status" = 'PENDING' AND x."nextAttemptAt" <= ${now} AND (x."lockedUntil" IS NULL OR x."lockedUntil" <= ${now})
        AND NOT EXISTS (
          SELECT 1 FROM "WebhookDelivery" e
          WHERE e."subscriptionId" = x."subscriptionId" AND e."subject" = x."subject" AND e."status" = 'PENDING' AND e."seq" < x."seq")
      ORDER BY x."nextAttemptAt", x."seq"
      LIMIT ${batch}
      FOR UPDATE OF x SKIP LOCKED)
    RETURNING d."id", d."tenantId", d."eventId", d."type", d."subject", d."data", d."occurredAt", d."attempts", d."giveUpAt", s."url", s."secret"`;

  const outcomes = await Promise.all(leased.map((row) => deliverOne(db, row, { now, timeoutMs, appUrl })));
  const result: WebhookDeliverResult = { delivered: 0, retrying: 0, failed: 0 };
  for (const o of outcomes) result[o]++;
  return result;
}

async function deliverOne(
  db: PrismaClient,
  row: Leased,
  { now, timeoutMs, appUrl }: { now: Date; timeoutMs: number; appUrl?: string },
): Promise<keyof WebhookDeliverResult> {
  // Only the holder of this attempt may record its outcome.
  const mine = { id: row.id, tenantId: row.tenantId, attempts: row.attempts, status: "PENDING" as const };
  const body = JSON.stringify(cloudEvent(row, appUrl));
  let code: number | null = null;
  let error: string | null = null;
  try {
    const signature = new Webhook(row.secret).sign(row.eventId, now, body);
    const response = await fetch(row.url, {
      method: "POST",
      headers: {
        "content-type": "application/cloudevents+json; charset=utf-8",
        "user-agent": "autoclaim-portal-webhooks/1",
        "webhook-id": row.eventId,
        "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
        "webhook-signature": signature,
      },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    code = response.status;
    // The body is not read beyond what it takes to free the connection.
    await response.body?.cancel().catch(() => {});
    if (code < 200 || code > 299) error = `The receiver answered HTTP ${code}.`;
  } catch (caught) {
    const e = caught as Error;
    error =
      e?.name === "TimeoutError" || e?.name === "AbortError"
        ? `No answer within ${timeoutMs / 1000} s.`
        : `Could not reach the receiver: ${((e?.cause as Error | undefined)?.message ?? e?.message ?? String(caught)).slice(0, 300)}`;
  }

  if (!error) {
    await db.webhookDelivery.updateMany({
      where: mine,
      data: { status: "DELIVERED", deliveredAt: now, lastResponseCode: code, lastError: null, lockedUntil: null },
    });
    return "delivered";
  }
  const next = new Date(now.getTime() + backoffMs(row.attempts));
  const giveUp = next.getTime() > row.giveUpAt.getTime();
  await db.webhookDelivery.updateMany({
    where: mine,
    data: giveUp
      ? { status: "FAILED", lastResponseCode: code, lastError: error, lockedUntil: null }
      : { lastResponseCode: code, lastError: error, lockedUntil: null, nextAttemptAt: next },
  });
  return giveUp ? "failed" : "retrying";
}
