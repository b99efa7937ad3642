/**
 * Notifications in the portal (SPEC §8.1, §8.2): the bell of the admins, the list on the launch page
 * of the person acting, what has been read, and the tenant's choices per kind. Written in the same
 * transaction as the change they tell of — pool alerts by the database (the alert triggers), served
 * people by `notifyServedTx` — and mailed from the outbox (outbox.ts).
 */
import type { PrismaClient } from "@/generated/prisma/client";
import type { NotificationKind } from "@/generated/prisma/enums";
import type { Tx } from "@/server/db/client";
import { recordAudit } from "../audit/service";
import type { DomainContext } from "../context";
import { notificationText, type NotificationText } from "./messages";
import { NOTIFICATION_KIND_LIST, NOTIFICATION_KINDS, type NotificationSettingsInput } from "./schema";

export interface NotificationItem extends NotificationText {
  id: string;
  kind: NotificationKind;
  createdAt: Date;
  read: boolean;
}

export interface KindSetting {
  kind: NotificationKind;
  inApp: boolean;
  email: boolean;
}

/** How far back the bell looks: older notifications are history, not news. */
export const BELL_DAYS = 30;
const BELL_ITEMS = 20;

/** What a notification's text is rendered from (`notificationText`). */
export const NOTIFICATION_FACTS = {
  id: true,
  kind: true,
  createdAt: true,
  productId: true,
  product: { select: { displayName: true } },
  alert: { select: { level: true, consumedUnits: true, purchasedUnits: true, raisedAt: true } },
  policyId: true,
  policy: { select: { name: true } },
  request: { select: { status: true, decisionMessage: true, app: { select: { name: true } }, product: { select: { displayName: true } } } },
  notice: { select: { releaseOn: true, lastUsedAt: true, status: true } },
  run: { select: { noticesSent: true, released: true } },
} as const;

/** The tenant's choice for every kind (a kind without a row is on in both). */
export async function getNotificationSettings(db: PrismaClient | Tx, tenantId: string): Promise<KindSetting[]> {
  const rows = await db.notificationSetting.findMany({ where: { tenantId } });
  return NOTIFICATION_KIND_LIST.map((kind) => {
    const row = rows.find((r) => r.kind === kind);
    return { kind, inApp: row?.inApp ?? true, email: row?.email ?? true };
  });
}

/** The bell: the newest notifications for the tenant's admins and for this admin, and how many are unread. */
export async function listBell(
  db: PrismaClient,
  tenantId: string,
  userId: string,
  { now = new Date() }: { now?: Date } = {},
): Promise<{ items: NotificationItem[]; unread: number }> {
  const kinds = (await getNotificationSettings(db, tenantId)).filter((s) => s.inApp).map((s) => s.kind);
  const where = {
    tenantId,
    kind: { in: kinds },
    OR: [{ userId: null }, { userId }],
    createdAt: { gte: new Date(now.getTime() - BELL_DAYS * 86_400_000) },
  };
  const [rows, unread] = await Promise.all([
    db.notification.findMany({
      where,
      select: { ...NOTIFICATION_FACTS, reads: { where: { userId }, select: { readAt: true } } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: BELL_ITEMS,
    }),
    db.notification.count({ where: { ...where, reads: { none: { userId } } } }),
  ]);
  return { items: rows.map((r) => ({ ...item(r), read: r.reads.length > 0 })), unread };
}

/** What the launch page shows the person acting: their own notifications, newest first. */
export async function listPersonalNotifications(db: PrismaClient, tenantId: string, userId: string): Promise<NotificationItem[]> {
  const kinds = (await getNotificationSettings(db, tenantId)).filter((s) => s.inApp).map((s) => s.kind);
  const rows = await db.notification.findMany({
    where: { tenantId, userId, kind: { in: kinds } },
    select: { ...NOTIFICATION_FACTS, reads: { where: { userId }, select: { readAt: true } } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 10,
  });
  return rows.map((r) => ({ ...item(r), read: r.reads.length > 0 }));
}

function item(r: { id: string; kind: NotificationKind; createdAt: Date } & Parameters<typeof notificationText>[0]): Omit<NotificationItem, "read"> {
  return { id: r.id, kind: r.kind, createdAt: r.createdAt, ...notificationText(r) };
}

/** Marks notifications read for this user: only those they can see (the tenant's admin ones, or their own). */
export async function markRead(db: PrismaClient, tenantId: string, userId: string, ids: string[]): Promise<number> {
  const visible = await db.notification.findMany({
    where: { id: { in: ids }, tenantId, OR: [{ userId: null }, { userId }] },
    select: { id: true },
  });
  const { count } = await db.notificationRead.createMany({
    data: visible.map((n) => ({ notificationId: n.id, userId })),
    skipDuplicates: true,
  });
  return count;
}

/** Settings › Notifications: saves the choice for every kind, audited when something changed. */
export async function setNotificationSettings(ctx: DomainContext, input: NotificationSettingsInput): Promise<{ changed: boolean }> {
  const { db, actor, tenantId } = ctx;
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM "Tenant" WHERE "id" = ${tenantId}::uuid FOR NO KEY UPDATE`;
    const before = await getNotificationSettings(tx, tenantId);
    const after = NOTIFICATION_KIND_LIST.map((kind) => ({ kind, inApp: input[`${kind}.inApp`], email: input[`${kind}.email`] }));
    const changed = after.filter((a) => {
      const b = before.find((x) => x.kind === a.kind)!;
      return b.inApp !== a.inApp || b.email !== a.email;
    });
    if (changed.length === 0) return { changed: false };
    for (const s of changed) {
      await tx.notificationSetting.upsert({
        where: { tenantId_kind: { tenantId, kind: s.kind } },
        create: { tenantId, kind: s.kind, inApp: s.inApp, email: s.email },
        update: { inApp: s.inApp, email: s.email },
      });
    }
    const words = (s: KindSetting) =>
      s.inApp && s.email ? "in the portal and by e-mail" : s.inApp ? "in the portal only" : s.email ? "by e-mail only" : "off";
    await recordAudit(tx, {
      tenantId,
      actor,
      action: "notifications.settings",
      targetType: "Tenant",
      targetId: tenantId,
      summary: `Changed notifications: ${changed.map((s) => `“${NOTIFICATION_KINDS[s.kind].label}” ${words(s)}`).join("; ")}`,
      before: Object.fromEntries(changed.map((s) => [s.kind, pick(before.find((b) => b.kind === s.kind)!)])),
      after: Object.fromEntries(changed.map((s) => [s.kind, pick(s)])),
    });
    return { changed: true };
  });
}

const pick = ({ inApp, email }: KindSetting) => ({ inApp, email });

/** Tells the requester that an admin decided their request, in the decision's transaction. */
export async function notifyRequestDecidedTx(tx: Tx, { tenantId, userId, requestId }: { tenantId: string; userId: string; requestId: string }): Promise<void> {
  await tx.notification.create({ data: { tenantId, userId, requestId, kind: "REQUEST_DECIDED" } });
}

/** Tells each person served from a waiting list that their licence is ready, in the serving transaction. */
export async function notifyServedTx(
  tx: Tx,
  served: { tenantId: string; userId: string; productId: string; policyId: string | null }[],
  now: Date,
): Promise<void> {
  if (served.length === 0) return;
  await tx.notification.createMany({ data: served.map((s) => ({ ...s, kind: "LICENSE_SERVED" as const, createdAt: now })) });
}
