/**
 * The e-mail outbox against real SMTP servers on 127.0.0.1 (tests/mail/smtp.ts), on PGlite and the
 * PostgreSQL server: a server that hangs or refuses never slows or fails a launch; the e-mail is
 * retried with backoff and delivered once the server answers — to the right people, with the
 * subject and the link built from APP_URL — exactly once, however many senders run; kinds turned
 * off, nobody to send to and no server are skipped; after 24 hours it gives up. The clock is the
 * `now` each pass is given.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { smtpMailer, type Mailer } from "@/server/mail/transport";
import { startOutboxWorker } from "@/server/jobs/outbox-worker";
import { createApp, createEnvironment, createPolicy, createProduct, createTenant, createUser } from "../../../../tests/factories";
import { startSilentSmtp, startSmtp, type TestSmtp } from "../../../../tests/mail/smtp";
import { useTestDb } from "../../../../tests/setup/db";
import { recordLaunch } from "../launches/service";
import { setPurchasedUnits } from "../licenses/products";
import { backoffMs, deliverDue, GIVE_UP_MS } from "./outbox";
import { setNotificationSettings } from "./service";
import { NOTIFICATION_KIND_LIST } from "./schema";

const t = useTestDb();
const APP_URL = "https://portal.contoso.test";
const FROM = "Auto-claim portal <alerts@contoso.test>";
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
// The outbox is shared by every tenant: what earlier tests of this file left pending is not this test's to send.
beforeEach(async () => {
  await t.prisma.emailOutbox.updateMany({ where: { status: "PENDING" }, data: { status: "SKIPPED", lastError: "Left by an earlier test." } });
});

async function server(kind: "accept" | "refuse" | "silent"): Promise<TestSmtp> {
  const s = kind === "silent" ? await startSilentSmtp() : await startSmtp(kind);
  cleanups.push(() => s.close());
  return s;
}
function mailer(s: TestSmtp, timeouts = {}): Mailer {
  const m = smtpMailer(s.url, { connectionTimeout: 5_000, greetingTimeout: 30_000, socketTimeout: 30_000, ...timeouts });
  cleanups.push(() => m.close());
  return m;
}

/** A tenant with a 3-unit Premium pool, a policy, two admins (one with another mail address), a reader and a disabled admin. */
async function world() {
  const tenant = await createTenant(t.prisma, { autoClaimEnabled: true });
  const admin = await createUser(t.prisma, tenant, { role: "GLOBAL_ADMIN" });
  const second = await createUser(t.prisma, tenant, { role: "GLOBAL_ADMIN" });
  await t.prisma.user.update({ where: { id: second.id }, data: { mail: `licensing@${tenant.domain}` } });
  await createUser(t.prisma, tenant, { role: "REPORTS_READER" });
  const gone = await createUser(t.prisma, tenant, { role: "GLOBAL_ADMIN" });
  await t.prisma.user.update({ where: { id: gone.id }, data: { accountEnabled: false } });
  const premium = await createProduct(t.prisma, tenant.id, { displayName: "Power Apps Premium", purchasedUnits: 3 });
  const policy = await createPolicy(t.prisma, tenant.id, { productIds: [premium.id] });
  const env = await createEnvironment(t.prisma, tenant.id, { managed: true });
  const app = await createApp(t.prisma, tenant.id, env.id, { premium: true });
  const launch = (userId: string) => recordLaunch(t.prisma, { tenantId: tenant.id, user: userId, appId: app.id });
  const people = await Promise.all(Array.from({ length: 24 }, () => createUser(t.prisma, tenant)));
  const ctx = { db: t.prisma, actor: { id: admin.id, label: admin.userPrincipalName }, tenantId: tenant.id };
  return { tenant, admin, second, premium, policy, launch, people, ctx, adminMail: [admin.mail!, `licensing@${tenant.domain}`].sort() };
}

const outboxOf = (tenantId: string) =>
  t.prisma.emailOutbox.findMany({ where: { tenantId }, orderBy: { createdAt: "asc" }, include: { notification: { select: { kind: true } } } });
/** The clock of a test: `ms` after the moment it was set (real time does not move it). */
function clock() {
  const base = Date.now();
  return (ms: number) => new Date(base + ms);
}

describe("the e-mail outbox", () => {
  it("a mail server that hangs, then refuses, never slows or fails a launch; once it answers, each e-mail is delivered once", async () => {
    const w = await world();
    // Three claims use the pool up: warning, critical and empty are raised at once (one e-mail each).
    for (const p of w.people.slice(0, 3)) expect((await w.launch(p.id)).reason).toBe("AUTO_CLAIMED");
    expect((await outboxOf(w.tenant.id)).map((o) => o.status)).toEqual(["PENDING", "PENDING", "PENDING"]);

    // 1. The server takes the connection and says nothing: the sender is stuck in its greeting…
    const silent = await server("silent");
    const connected = silent.nextConnection();
    let delivered = false;
    const later = clock(); // after the notifications are written
    const stuck = deliverDue(t.prisma, { mailer: mailer(silent), appUrl: APP_URL, from: FROM, now: later(0) }).finally(() => (delivered = true));
    await connected;
    // …while 20 people launch: every launch answers, refused and queued, without waiting for it.
    const launches = await Promise.all(w.people.slice(3, 23).map((p) => w.launch(p.id)));
    expect(launches.map((l) => l.reason)).toEqual(w.people.slice(3, 23).map(() => "NO_LICENSES_AVAILABLE"));
    expect(delivered).toBe(false);
    // The server goes away: the stuck attempt fails at once, the next ones find no server.
    await silent.close();
    expect(await stuck).toMatchObject({ sent: 0, retrying: expect.any(Number) });
    // The alerts' e-mails failed and wait for a retry (the refusals' "people are waiting" is newer and not tried yet).
    const afterHang = (await outboxOf(w.tenant.id)).filter((o) => o.notification.kind === "POOL_ALERT");
    expect(afterHang).toHaveLength(3);
    expect(afterHang.every((o) => o.status === "PENDING" && o.lastError)).toBe(true);
    expect(afterHang.some((o) => o.attempts === 1)).toBe(true);

    // Nothing is retried before its backoff has passed (only the refusals' newer e-mail gets its first try).
    const refuse = await server("refuse");
    expect(await deliverDue(t.prisma, { mailer: mailer(refuse), appUrl: APP_URL, from: FROM, now: later(backoffMs(1) / 2) })).toEqual({
      sent: 0,
      retrying: 1,
      failed: 0,
      skipped: 0,
    });
    const alertsOnly = (await outboxOf(w.tenant.id)).filter((o) => o.notification.kind === "POOL_ALERT");
    expect(alertsOnly.map((o) => o.attempts)).toEqual(afterHang.map((o) => o.attempts));
    // 2. The server refuses every recipient (451): retried later, the error kept.
    const refused = await deliverDue(t.prisma, { mailer: mailer(refuse), appUrl: APP_URL, from: FROM, now: later(10 * 60_000) });
    expect(refused).toMatchObject({ sent: 0, failed: 0 });
    expect(refused.retrying).toBeGreaterThan(0);
    expect(refuse.received).toEqual([]);
    expect((await outboxOf(w.tenant.id)).find((o) => o.lastError?.includes("451"))).toBeDefined();

    // 3. A server that answers, and two senders at once (two app processes): every e-mail arrives once.
    const smtp = await server("accept");
    const at = later(3 * 3_600_000);
    const passes = await Promise.all([1, 2].map(() => deliverDue(t.prisma, { mailer: mailer(smtp), appUrl: APP_URL, from: FROM, now: at })));
    expect(passes[0].sent + passes[1].sent).toBe(4);
    expect(smtp.received).toHaveLength(4);
    const rows = await outboxOf(w.tenant.id);
    expect(rows.map((r) => r.status)).toEqual(["SENT", "SENT", "SENT", "SENT"]);
    for (const mail of smtp.received) {
      expect(mail.to.sort()).toEqual(w.adminMail);
      expect(mail.from).toBe("alerts@contoso.test");
      const row = rows.find((r) => mail.messageId === `<${r.notificationId}@portal.contoso.test>`);
      expect(row, mail.messageId).toBeDefined();
      expect(row!.subject).toBe(mail.subject);
      expect(row!.recipients.sort()).toEqual(w.adminMail);
      const link = row!.notification.kind === "POOL_ALERT" ? `/billing/licenses/products/${w.premium.id}` : `/billing/licenses/auto-claim/${w.policy.id}`;
      expect(mail.text).toContain(`Open the portal: ${APP_URL}${link}`);
    }
    expect(smtp.received.map((m) => m.subject).sort()).toEqual([
      `People are waiting for a license under “${w.policy.name}”`,
      "Power Apps Premium has no licenses left",
      "Power Apps Premium is almost used up",
      "Power Apps Premium is running low",
    ]);
    // Sent is sent: later passes send nothing again.
    expect(await deliverDue(t.prisma, { mailer: mailer(smtp), appUrl: APP_URL, from: FROM, now: later(30 * 3_600_000) })).toMatchObject({ sent: 0 });
    expect(smtp.received).toHaveLength(4);
  }, 120_000);

  it("mails a served person their licence, and the admins that the pool has licenses again", async () => {
    const w = await world();
    for (const p of w.people.slice(0, 3)) await w.launch(p.id);
    expect((await w.launch(w.people[3].id)).waitlistPosition).toBe(1);
    await setPurchasedUnits(w.ctx, { productId: w.premium.id, purchasedUnits: 4 });
    const smtp = await server("accept");
    const later = clock(); // after the notifications are written
    await deliverDue(t.prisma, { mailer: mailer(smtp), appUrl: APP_URL, from: FROM, now: later(1000) });
    const served = smtp.received.find((m) => m.subject === "Your Power Apps Premium license is ready");
    expect(served).toMatchObject({ to: [w.people[3].mail] });
    expect(served!.text).toContain(`${APP_URL}/launch`);
    // Serving the waiting person used the new unit up again: no "licenses again" while it stays full.
    expect(smtp.received.filter((m) => m.to.includes(w.admin.mail!)).map((m) => m.subject)).not.toContain("Power Apps Premium has licenses again");
    await setPurchasedUnits(w.ctx, { productId: w.premium.id, purchasedUnits: 10 });
    await deliverDue(t.prisma, { mailer: mailer(smtp), appUrl: APP_URL, from: FROM, now: later(60_000) });
    expect(smtp.received.filter((m) => m.subject === "Power Apps Premium has licenses again").map((m) => m.to.sort())).toEqual([w.adminMail]);
  }, 60_000);

  it("skips a kind turned off in Settings, and every e-mail when no server is set up", async () => {
    const w = await world();
    const off = Object.fromEntries(
      NOTIFICATION_KIND_LIST.flatMap((k) => [
        [`${k}.inApp`, true],
        [`${k}.email`, k !== "POOL_ALERT"],
      ]),
    );
    await setNotificationSettings(w.ctx, off as never);
    for (const p of w.people.slice(0, 3)) await w.launch(p.id);
    const smtp = await server("accept");
    const later = clock(); // after the notifications are written
    expect(await deliverDue(t.prisma, { mailer: mailer(smtp), appUrl: APP_URL, from: FROM, now: later(1000) })).toMatchObject({ skipped: 3, sent: 0 });
    expect((await outboxOf(w.tenant.id)).map((o) => [o.status, o.lastError])).toEqual(
      Array(3).fill(["SKIPPED", "E-mail is off for this kind of notification (Settings › Notifications)."]),
    );
    await setPurchasedUnits(w.ctx, { productId: w.premium.id, purchasedUnits: 10 });
    expect(await deliverDue(t.prisma, { mailer: null, appUrl: undefined, from: FROM, now: later(60_000) })).toMatchObject({ skipped: 3 });
    expect(smtp.received).toEqual([]);
    expect(await t.prisma.auditEntry.count({ where: { tenantId: w.tenant.id, action: "notifications.settings" } })).toBe(1);
  }, 60_000);

  it("gives up 24 hours after the notification: the e-mail is failed, not retried for ever", async () => {
    const w = await world();
    for (const p of w.people.slice(0, 3)) await w.launch(p.id);
    const refuse = await server("refuse");
    const first = (await outboxOf(w.tenant.id))[0];
    expect(
      await deliverDue(t.prisma, { mailer: mailer(refuse), appUrl: APP_URL, from: FROM, now: new Date(first.createdAt.getTime() + GIVE_UP_MS) }),
    ).toMatchObject({
      failed: 3,
    });
    expect((await outboxOf(w.tenant.id)).map((o) => o.status)).toEqual(["FAILED", "FAILED", "FAILED"]);
  }, 60_000);

  it("the background sender of an app process delivers what is written, and stops cleanly", async () => {
    const w = await world();
    const smtp = await server("accept");
    const worker = startOutboxWorker(t.prisma, { mailer: mailer(smtp), appUrl: APP_URL, from: FROM, intervalMs: 50 });
    cleanups.push(() => worker.stop());
    for (const p of w.people.slice(0, 3)) await w.launch(p.id);
    await expect.poll(() => smtp.received.length, { timeout: 20_000 }).toBe(3);
    await worker.stop();
    expect((await outboxOf(w.tenant.id)).map((o) => o.status)).toEqual(["SENT", "SENT", "SENT"]);
  }, 60_000);
});
