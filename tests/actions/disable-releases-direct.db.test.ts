/**
 * Org settings › Disabled users: "Disabling a user also releases their direct licenses". Only a
 * Global admin may change it (a User or a Reports reader gets 403, nothing written); the change is
 * audited; with it on, a user disabled through SCIM loses their direct licences as well as the
 * auto-claimed ones, and keeps those held through a group.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { CurrentUser } from "@/server/auth/guards";
import { addGroupMembers, assignDirect, assignGroupLicense, createApiToken, createGroup, createProduct, createTenant, createUser } from "../factories";
import { useAppDb } from "../setup/app-db";
import { useTestDb } from "../setup/db";
import { createSessionUser } from "../session-user";
import { scimClient } from "../scim/client";

let current: CurrentUser | null = null;
vi.mock("@/server/auth/guards", () => ({ getCurrentUser: async () => current }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { saveDisableReleasesDirect } = await import("@/app/(console)/settings/org-settings/actions");

const t = useTestDb();
beforeAll(() => useAppDb(t.db));

function form(entries: Record<string, string>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(entries)) fd.append(k, v);
  return fd;
}

describe("Disabling a user also releases their direct licenses", () => {
  it("403 for a User and a Reports reader, nothing written; a Global admin's change is audited", async () => {
    const tenant = await createTenant(t.prisma);
    for (const role of ["USER", "REPORTS_READER"] as const) {
      current = await createSessionUser(t.prisma, tenant, role);
      expect(await saveDisableReleasesDirect(form({ enabled: "on" }))).toMatchObject({ ok: false, status: 403 });
    }
    expect((await t.prisma.tenant.findUniqueOrThrow({ where: { id: tenant.id } })).disableReleasesDirect).toBe(false);
    expect(await t.prisma.auditEntry.count({ where: { tenantId: tenant.id } })).toBe(0);
    current = await createSessionUser(t.prisma, tenant, "GLOBAL_ADMIN");
    expect(await saveDisableReleasesDirect(form({ enabled: "on" }))).toMatchObject({ ok: true, data: { changed: true, enabled: true } });
    expect(await saveDisableReleasesDirect(form({ enabled: "on" }))).toMatchObject({ ok: true, data: { changed: false } });
    expect(await t.prisma.auditEntry.count({ where: { tenantId: tenant.id, action: "tenant.disableReleasesDirect" } })).toBe(1);
    current = null;
  });

  it("on: a user disabled through SCIM loses direct and auto-claimed licences, keeps the group's", async () => {
    const tenant = await createTenant(t.prisma);
    await t.prisma.tenant.update({ where: { id: tenant.id }, data: { disableReleasesDirect: true } });
    const person = await createUser(t.prisma, tenant);
    const e3 = await createProduct(t.prisma, tenant.id, { skuPartNumber: "SPE_E3", displayName: "Microsoft 365 E3", standaloneFor: null, purchasedUnits: 5 });
    const visio = await createProduct(t.prisma, tenant.id, { skuPartNumber: "VISIOCLIENT", displayName: "Visio", standaloneFor: null, purchasedUnits: 5 });
    await assignDirect(t.prisma, tenant.id, person.id, e3.id);
    const group = await createGroup(t.prisma, tenant.id);
    await t.prisma.$transaction(async (tx) => {
      await assignGroupLicense(tx, tenant.id, group.id, visio.id);
      await addGroupMembers(tx, tenant.id, group.id, [person.id]);
    });
    const call = scimClient(await createApiToken(t.prisma, tenant.id, ["scim"]));
    const answer = await call("PATCH", `/Users/${person.id}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "Replace", path: "active", value: false }],
    });
    expect(answer.status).toBe(200);
    const held = await t.prisma.licenseAssignment.findMany({ where: { userId: person.id }, select: { productId: true, source: true } });
    expect(held).toEqual([{ productId: visio.id, source: "GROUP" }]);
    expect((await t.prisma.product.findUniqueOrThrow({ where: { id: e3.id } })).consumedUnits).toBe(0);
    const audit = await t.prisma.auditEntry.findFirstOrThrow({ where: { tenantId: tenant.id, action: "user.disabled" } });
    expect(audit.summary).toContain("SPE_E3 (direct)");
  });
});
