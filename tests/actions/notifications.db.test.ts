/**
 * The bell's actions and Settings › Notifications, called as the browser would: every console role
 * reads and marks its own bell (a User is refused), only a Global admin changes the settings (403
 * for the others, nothing written); marking another tenant's notification read does nothing; a kind
 * turned off leaves the bell.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { AppUser } from "@/server/auth/users";
import { findActiveUserById } from "@/server/auth/users";
import { NOTIFICATION_KIND_LIST } from "@/server/domain/notifications/schema";
import { createProduct, createTenant, createUser } from "../factories";
import { useAppDb } from "../setup/app-db";
import { useTestDb } from "../setup/db";

const session = vi.hoisted(() => ({ user: null as AppUser | null }));
vi.mock("@/server/auth/guards", () => ({ getCurrentUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { loadBell, markBellRead } = await import("@/app/notifications/actions");
const { saveNotificationSettings } = await import("@/app/(console)/settings/notifications/actions");

const t = useTestDb();
beforeAll(() => useAppDb(t.db));

/** A tenant whose only product is used up (one EMPTY alert, so one notification), its people by role, and another tenant's notification. */
async function world() {
  const tenant = await createTenant(t.prisma);
  const product = await createProduct(t.prisma, tenant.id, { displayName: "Power Apps Premium", purchasedUnits: 0 });
  await t.prisma.$executeRaw`UPDATE "Product" SET "purchasedUnits" = 1, "consumedUnits" = 1 WHERE "id" = ${product.id}::uuid`;
  const people = {} as Record<"GLOBAL_ADMIN" | "REPORTS_READER" | "USER", AppUser>;
  for (const role of ["GLOBAL_ADMIN", "REPORTS_READER", "USER"] as const)
    people[role] = (await findActiveUserById(t.prisma, (await createUser(t.prisma, tenant, { role })).id))!;
  const elsewhere = await createTenant(t.prisma);
  const theirs = await t.prisma.notification.create({ data: { tenantId: elsewhere.id, kind: "POOL_ALERT" } });
  return { tenant, product, people, theirs };
}

const allOn = (changes: Record<string, boolean> = {}) => {
  const form = new FormData();
  for (const kind of NOTIFICATION_KIND_LIST)
    for (const channel of ["inApp", "email"]) if (changes[`${kind}.${channel}`] ?? true) form.set(`${kind}.${channel}`, "on");
  return form;
};

describe("the bell", () => {
  it("shows admins and readers the tenant's alerts, each marks them read for themselves; a User is refused", async () => {
    const w = await world();
    session.user = w.people.REPORTS_READER;
    const bell = await loadBell({});
    expect(bell).toMatchObject({ ok: true, data: { unread: 3 } });
    if (!bell.ok) return;
    expect(bell.data.items.map((i) => i.title)).toContain("Power Apps Premium has no licenses left");
    const ids = bell.data.items.map((i) => i.id);
    expect(await markBellRead({ ids: [...ids, w.theirs.id] })).toMatchObject({ ok: true, data: { unread: 0 } });
    expect(await t.prisma.notificationRead.count({ where: { notificationId: w.theirs.id } })).toBe(0);
    // Read for the reader, still unread for the admin.
    session.user = w.people.GLOBAL_ADMIN;
    expect(await loadBell({})).toMatchObject({ ok: true, data: { unread: 3 } });
    expect(await markBellRead({ ids: ["not-an-id"] })).toMatchObject({ ok: false, status: 400 });
    session.user = w.people.USER;
    expect(await loadBell({})).toMatchObject({ ok: false, status: 403 });
    expect(await markBellRead({ ids })).toMatchObject({ ok: false, status: 403 });
    session.user = null;
    expect(await loadBell({})).toMatchObject({ ok: false, status: 401 });
  });
});

describe("saveNotificationSettings", () => {
  it.each(["REPORTS_READER", "USER"] as const)("refuses a %s with 403 and writes nothing", async (role) => {
    const w = await world();
    session.user = w.people[role];
    expect(await saveNotificationSettings(allOn({ "POOL_ALERT.inApp": false }))).toMatchObject({ ok: false, status: 403 });
    expect(await t.prisma.notificationSetting.count({ where: { tenantId: w.tenant.id } })).toBe(0);
  });

  it("turns a kind off in the portal: it leaves the bell; saving again changes nothing and audits once", async () => {
    const w = await world();
    session.user = w.people.GLOBAL_ADMIN;
    expect(await saveNotificationSettings(allOn({ "POOL_ALERT.inApp": false }))).toEqual({ ok: true, data: { changed: true } });
    expect(await saveNotificationSettings(allOn({ "POOL_ALERT.inApp": false }))).toEqual({ ok: true, data: { changed: false } });
    expect(await loadBell({})).toMatchObject({ ok: true, data: { unread: 0, items: [] } });
    const audit = await t.prisma.auditEntry.findMany({ where: { tenantId: w.tenant.id, action: "notifications.settings" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      summary: "Changed notifications: “A product is running out” by e-mail only",
      before: { POOL_ALERT: { inApp: true, email: true } },
      after: { POOL_ALERT: { inApp: false, email: true } },
    });
  });
});
