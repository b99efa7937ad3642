/**
 * The e-mail outbox (ADR 17). Each notification has one outbox row, written with it in the same
 * transaction (a trigger). `deliverDue` sends the rows that are due, after commit and never on a
 * request's path:
 *
 * - it leases a batch in one statement (`FOR UPDATE SKIP LOCKED`, `lockedUntil`), so that several
 *   app processes share the work and no row is sent by two of them;
 * - it holds no transaction while talking to the SMTP server, so a server that refuses or hangs
 *   (bounded by the mailer's timeouts) delays only its own e-mail;
 * - a refusal or a timeout schedules a retry with exponential backoff (30 s, 1 min, 2 min … then
 *   hourly) until 24 hours have passed, then the row is FAILED; a sent row is never sent again;
 * - a kind the tenant turned off, or nobody to send to, or no SMTP server, makes the row SKIPPED.
 *
 * A process that dies after the SMTP server accepted a message but before recording it leaves the
 * lease to expire and the message is sent again: at least once, with the same Message-ID, so that a
 * receiver can drop the repeat. Every other path sends exactly once.
 */
import type { PrismaClient } from "@/generated/prisma/client";
import type { Mailer } from "@/server/mail/transport";
import { notificationEmail } from "./messages";
import { ALERT_EMAIL_ROLES, NOTIFICATION_KINDS } from "./schema";
import { getNotificationSettings, NOTIFICATION_FACTS } from "./service";

/** A lease longer than the mailer's timeouts together: a live sender always finishes inside it. */
export const LEASE_MS = 120_000;
/** Retries stop this long after the notification: then the e-mail is FAILED. */
export const GIVE_UP_MS = 24 * 3_600_000;

/** The wait before retry number `attempt` (1 = the first retry): 30 s doubling, at most an hour. */
export function backoffMs(attempt: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempt - 1), 3_600_000);
}

export interface DeliverOptions {
  /** No mailer: e-mail is not configured, and due rows are SKIPPED. */
  mailer: Mailer | null;
  appUrl: string | undefined;
  from: string;
  now?: Date;
  batch?: number;
}

export interface DeliverResult {
  sent: number;
  retrying: number;
  failed: number;
  skipped: number;
}

interface Leased {
  id: string;
  notificationId: string;
  tenantId: string;
  attempts: number;
  createdAt: Date;
}

/** Sends what is due now. Returns what happened to each row it leased. */
export async function deliverDue(db: PrismaClient, { mailer, appUrl, from, now = new Date(), batch = 20 }: DeliverOptions): Promise<DeliverResult> {
  const result: DeliverResult = { sent: 0, retrying: 0, failed: 0, skipped: 0 };
  const leased = await db.$queryRaw<Leased[]>`
    UPDATE "EmailOutbox" o SET "lockedUntil" = ${new Date(now.getTime() + LEASE_MS)}, "attempts" = o."attempts" + 1
    WHERE o."id" IN (
      SELECT "id" FROM "EmailOutbox"
      WHERE "status" = 'PENDING' AND "nextAttemptAt" <= ${now} AND ("lockedUntil" IS NULL OR "lockedUntil" <= ${now})
      ORDER BY "nextAttemptAt", "id"
      LIMIT ${batch}
      FOR UPDATE SKIP LOCKED)
    RETURNING o."id", o."notificationId", o."tenantId", o."attempts", o."createdAt"`;

  for (const row of leased) {
    const outcome = await deliverOne(db, row, { mailer, appUrl, from, now });
    result[outcome]++;
  }
  return result;
}

async function deliverOne(
  db: PrismaClient,
  row: Leased,
  { mailer, appUrl, from, now }: Required<Pick<DeliverOptions, "from" | "now">> & Pick<DeliverOptions, "mailer" | "appUrl">,
): Promise<keyof DeliverResult> {
  // Only the holder of this lease (this attempt) may record the outcome.
  const mine = { id: row.id, tenantId: row.tenantId, attempts: row.attempts, status: "PENDING" as const };
  const skip = async (why: string) => {
    await db.emailOutbox.updateMany({ where: mine, data: { status: "SKIPPED", lastError: why, lockedUntil: null } });
    return "skipped" as const;
  };

  const notification = await db.notification.findUnique({
    where: { id: row.notificationId, tenantId: row.tenantId },
    select: { ...NOTIFICATION_FACTS, userId: true },
  });
  if (!notification) return skip("The notification no longer exists.");
  if (!mailer || !appUrl) return skip("E-mail is not configured (SMTP_URL and APP_URL).");
  const setting = (await getNotificationSettings(db, row.tenantId)).find((s) => s.kind === notification.kind);
  if (setting && !setting.email) return skip("E-mail is off for this kind of notification (Settings › Notifications).");

  const recipients = await recipientsOf(db, row.tenantId, notification.kind, notification.userId);
  if (recipients.length === 0) return skip("Nobody to send it to: no enabled recipient with an e-mail address.");

  const { subject, text } = notificationEmail(notification, appUrl);
  try {
    await mailer.send({ from, to: recipients, subject, text, messageId: `<${row.notificationId}@${new URL(appUrl).hostname}>` });
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
    const giveUp = now.getTime() + backoffMs(row.attempts) > row.createdAt.getTime() + GIVE_UP_MS;
    await db.emailOutbox.updateMany({
      where: mine,
      data: giveUp
        ? { status: "FAILED", lastError: message, lockedUntil: null }
        : { lastError: message, lockedUntil: null, nextAttemptAt: new Date(now.getTime() + backoffMs(row.attempts)) },
    });
    return giveUp ? "failed" : "retrying";
  }
  await db.emailOutbox.updateMany({ where: mine, data: { status: "SENT", sentAt: now, recipients, subject, lastError: null, lockedUntil: null } });
  return "sent";
}

/** Who an e-mail goes to: the person it names, or the tenant's admins; enabled accounts, by their mail address (else UPN). */
async function recipientsOf(db: PrismaClient, tenantId: string, kind: keyof typeof NOTIFICATION_KINDS, userId: string | null): Promise<string[]> {
  if (NOTIFICATION_KINDS[kind].audience === "person" && !userId) return [];
  const people = await db.user.findMany({
    where:
      NOTIFICATION_KINDS[kind].audience === "person"
        ? { id: userId!, tenantId, accountEnabled: true }
        : { tenantId, accountEnabled: true, role: { in: [...ALERT_EMAIL_ROLES] } },
    select: { mail: true, userPrincipalName: true },
    orderBy: { userPrincipalName: "asc" },
  });
  return [...new Set(people.map((p) => p.mail || p.userPrincipalName))];
}

/** The e-mails of the tenant, newest first: what Settings › Notifications shows. */
export async function listRecentEmails(db: PrismaClient, tenantId: string, take = 20) {
  return db.emailOutbox.findMany({
    where: { tenantId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    select: {
      id: true,
      status: true,
      attempts: true,
      nextAttemptAt: true,
      sentAt: true,
      createdAt: true,
      lastError: true,
      recipients: true,
      subject: true,
      notification: { select: { kind: true } },
    },
  });
}
