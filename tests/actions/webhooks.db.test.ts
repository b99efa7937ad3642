/**
 * Settings › Webhooks' actions: Global admins only (anyone else gets 403 and nothing is written);
 * bad input is refused beside its field (not HTTPS, no event type, U+0000); each change is audited.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { AppUser } from "@/server/auth/users";
import { findActiveUserById } from "@/server/auth/users";
import { createTenant, createUser } from "../factories";
import { useAppDb } from "../setup/app-db";
import { useTestDb } from "../setup/db";

const session = vi.hoisted(() => ({ user: null as AppUser | null }));
vi.mock("@/server/auth/guards", () => ({ getCurrentUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { createWebhookAction, deleteWebhookAction, redeliverAction, sendTestEventAction, setWebhookEnabledAction } =
  await import("@/app/(console)/settings/webhooks/actions");

const t = useTestDb();
const people = {} as Record<"GLOBAL_ADMIN" | "REPORTS_READER" | "USER", AppUser>;
let tenantId = "";

beforeAll(async () => {
  useAppDb(t.db);
  const tenant = await createTenant(t.prisma);
  tenantId = tenant.id;
  for (const role of ["GLOBAL_ADMIN", "REPORTS_READER", "USER"] as const) {
    const u = await createUser(t.prisma, tenant, { role });
    people[role] = (await findActiveUserById(t.prisma, u.id))!;
  }
});

const counts = async () => ({
  hooks: await t.prisma.webhookSubscription.count({ where: { tenantId } }),
  deliveries: await t.prisma.webhookDelivery.count({ where: { tenantId } }),
  audits: await t.prisma.auditEntry.count({ where: { tenantId, action: { startsWith: "webhook." } } }),
});

async function made() {
  session.user = people.GLOBAL_ADMIN;
  const created = await createWebhookAction({ url: "https://hooks.contoso.test/autoclaim", eventTypes: ["license.claimed"] });
  if (!created.ok) throw new Error(created.error);
  const test = await sendTestEventAction({ id: created.data.id });
  if (!test.ok) throw new Error(test.error);
  return { id: created.data.id, deliveryId: test.data.deliveryId, secret: created.data.secret };
}

describe("webhook actions", () => {
  it.each(["USER", "REPORTS_READER"] as const)("refuse %s with 403 and write nothing", async (role) => {
    const hook = await made();
    const before = await counts();
    session.user = people[role];
    expect(await createWebhookAction({ url: "https://hooks.contoso.test/x", eventTypes: ["license.claimed"] })).toMatchObject({ ok: false, status: 403 });
    expect(await setWebhookEnabledAction({ id: hook.id, enabled: false })).toMatchObject({ ok: false, status: 403 });
    expect(await sendTestEventAction({ id: hook.id })).toMatchObject({ ok: false, status: 403 });
    expect(await redeliverAction({ deliveryId: hook.deliveryId })).toMatchObject({ ok: false, status: 403 });
    expect(await deleteWebhookAction({ id: hook.id })).toMatchObject({ ok: false, status: 403 });
    expect(await counts()).toEqual(before);
    expect((await t.prisma.webhookSubscription.findUniqueOrThrow({ where: { id: hook.id } })).enabled).toBe(true);
  });

  it("lets a Global admin create from the form (the secret shown once), disable, test, redeliver and delete, each audited", async () => {
    session.user = people.GLOBAL_ADMIN;
    const form = new FormData();
    form.set("url", "https://hooks.contoso.test/form?key=abc");
    form.append("eventTypes", "license.claimed");
    form.append("eventTypes", "policy.changed");
    const created = await createWebhookAction(form);
    expect(created).toMatchObject({ ok: true, data: { secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{32}$/) } });
    if (!created.ok) return;
    const row = await t.prisma.webhookSubscription.findUniqueOrThrow({ where: { id: created.data.id } });
    expect(row).toMatchObject({ eventTypes: ["license.claimed", "policy.changed"], enabled: true, secret: created.data.secret });
    const audit = await t.prisma.auditEntry.findFirstOrThrow({ where: { tenantId, action: "webhook.create", targetId: row.id } });
    // The query string (it may carry a key) stays out of the log.
    expect(audit.summary).not.toContain("key=abc");

    expect(await setWebhookEnabledAction({ id: row.id, enabled: "false" })).toMatchObject({ ok: true, data: { enabled: false } });
    const test = await sendTestEventAction({ id: row.id });
    expect(test).toMatchObject({ ok: true });
    if (!test.ok) return;
    expect(await redeliverAction({ deliveryId: test.data.deliveryId })).toMatchObject({ ok: true });
    expect(await deleteWebhookAction({ id: row.id })).toMatchObject({ ok: true });
    expect(await t.prisma.webhookSubscription.count({ where: { id: row.id } })).toBe(0);
    expect(await t.prisma.webhookDelivery.count({ where: { subscriptionId: row.id } })).toBe(0);
    const actions = (await t.prisma.auditEntry.findMany({ where: { tenantId, targetId: row.id }, orderBy: { createdAt: "asc" } })).map((a) => a.action);
    expect(actions.sort()).toEqual(["webhook.create", "webhook.delete", "webhook.enabled", "webhook.redeliver", "webhook.test"]);
    // Gone: a second delete is a 404.
    expect(await deleteWebhookAction({ id: row.id })).toMatchObject({ ok: false, status: 404 });
  });

  it("puts the errors beside the fields: not HTTPS, no event type, U+0000, an unknown type", async () => {
    session.user = people.GLOBAL_ADMIN;
    const before = await counts();
    expect(await createWebhookAction({ url: "http://hooks.contoso.test/x", eventTypes: ["license.claimed"] })).toMatchObject({
      ok: false,
      fieldErrors: { url: ["Use an HTTPS URL (https://…)."] },
    });
    // Plain HTTP to this machine only where the deployment allows it (not in this test's environment).
    expect(await createWebhookAction({ url: "http://127.0.0.1:9/x", eventTypes: ["license.claimed"] })).toMatchObject({
      ok: false,
      fieldErrors: { url: ["Use an HTTPS URL (https://…)."] },
    });
    expect(await createWebhookAction({ url: "not a url", eventTypes: ["license.claimed"] })).toMatchObject({
      ok: false,
      fieldErrors: { url: [expect.any(String)] },
    });
    expect(await createWebhookAction({ url: "https://user:pw@hooks.contoso.test/", eventTypes: ["license.claimed"] })).toMatchObject({
      ok: false,
      fieldErrors: { url: ["Leave the user name and password out of the URL."] },
    });
    expect(await createWebhookAction(new FormData())).toMatchObject({
      ok: false,
      fieldErrors: { url: ["Enter the URL to send events to."], eventTypes: ["Choose at least one event type."] },
    });
    expect(await createWebhookAction({ url: "https://hooks.contoso.test/x", eventTypes: [] })).toMatchObject({
      ok: false,
      fieldErrors: { eventTypes: ["Choose at least one event type."] },
    });
    expect(await createWebhookAction({ url: "https://hooks.contoso.test/\u0000", eventTypes: ["license.claimed"] })).toMatchObject({
      ok: false,
      fieldErrors: { url: ["Remove the control characters from this text."] },
    });
    expect(await createWebhookAction({ url: "https://hooks.contoso.test/x", description: "a\u0000b", eventTypes: ["license.claimed"] })).toMatchObject({
      ok: false,
      fieldErrors: { description: [expect.any(String)] },
    });
    expect(await createWebhookAction({ url: "https://hooks.contoso.test/x", eventTypes: ["license.stolen" as never] })).toMatchObject({
      ok: false,
      fieldErrors: { eventTypes: [expect.any(String)] },
    });
    expect(await setWebhookEnabledAction({ id: "not-an-id", enabled: true })).toMatchObject({ ok: false, fieldErrors: { id: ["Choose a webhook."] } });
    expect(await counts()).toEqual(before);
  });
});
