/**
 * GET /graph/v1.0/auditLogs/directoryAudits: the audit log in Graph's directoryAudit shape, newest
 * first, only the caller's tenant; filters by activity and category; pages that new entries never
 * shift; Graph's 400 for what it does not support and 403 without the scope.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { hashToken } from "@/server/domain/tokens/hash";
import { createTenant, createUser } from "../factories";
import { useAppDb } from "../setup/app-db";
import { useTestDb } from "../setup/db";
import { dispatch } from "./server";

const t = useTestDb();
beforeAll(() => useAppDb(t.db));
const ROOT = "http://127.0.0.1:3000/graph/v1.0";

async function world() {
  const tenant = await createTenant(t.prisma);
  const admin = await createUser(t.prisma, tenant, { role: "GLOBAL_ADMIN" });
  const ada = await createUser(t.prisma, tenant);
  const token = `audit-read-${tenant.id}`;
  const runtime = `audit-launch-${tenant.id}`;
  await t.prisma.apiToken.createMany({
    data: [
      { tenantId: tenant.id, name: "reader", tokenHash: hashToken(token), prefix: "audit-re", scopes: ["directory.read"] },
      { tenantId: tenant.id, name: "runtime", tokenHash: hashToken(runtime), prefix: "audit-la", scopes: ["launches"] },
    ],
  });
  const at = (minutes: number) => new Date(Date.UTC(2026, 10, 20, 9, minutes));
  const entry = (minutes: number, action: string, extra: Record<string, unknown> = {}) =>
    t.prisma.auditEntry.create({
      data: {
        tenantId: tenant.id,
        actorId: admin.id,
        actorLabel: admin.userPrincipalName,
        action,
        targetType: "User",
        targetId: ada.id,
        summary: `${action} for ${ada.userPrincipalName}`,
        createdAt: at(minutes),
        ...extra,
      },
    });
  const assigned = await entry(1, "user.licenses", { before: { licenses: [] }, after: { licenses: ["Power Apps Premium"] } });
  const joined = await entry(2, "group.memberAdded", { targetType: "Group", targetId: null });
  const reclaimed = await entry(3, "license.reclaimed", { actorId: null, actorLabel: "System", before: { product: "Power Apps Premium" }, after: null });
  const policy = await entry(4, "policy.update", { targetType: "AutoClaimPolicy", targetId: null });
  // Another tenant's entry, at the same moment: never visible.
  const other = await createTenant(t.prisma);
  await t.prisma.auditEntry.create({
    data: { tenantId: other.id, actorLabel: "System", action: "user.licenses", targetType: "User", summary: "x", createdAt: at(3) },
  });
  return { admin, ada, token, runtime, assigned, joined, reclaimed, policy, at, entry, tenant };
}

async function get(path: string, token: string) {
  const res = await dispatch(new Request(path.startsWith("http") ? path : `${ROOT}${path}`, { headers: { authorization: `Bearer ${token}` } }));
  return { status: res.status, json: await res.json() };
}

describe("GET /auditLogs/directoryAudits", () => {
  it("lists the tenant's entries newest first in Graph's shape", async () => {
    const w = await world();
    const res = await get("/auditLogs/directoryAudits", w.token);
    expect(res.status).toBe(200);
    expect(res.json["@odata.context"]).toBe(`${ROOT}/$metadata#auditLogs/directoryAudits`);
    expect(res.json.value.map((a: { id: string }) => a.id)).toEqual([w.policy.id, w.reclaimed.id, w.joined.id, w.assigned.id]);
    expect(res.json.value[3]).toEqual({
      id: w.assigned.id,
      category: "UserManagement",
      correlationId: w.assigned.id,
      result: "success",
      resultReason: "",
      activityDisplayName: "Change user license",
      activityDateTime: "2026-11-20T09:01:00.000Z",
      loggedByService: "Core Directory",
      operationType: "Update",
      initiatedBy: { user: { id: w.admin.id, userPrincipalName: w.admin.userPrincipalName, displayName: null }, app: null },
      targetResources: [
        {
          id: w.ada.id,
          displayName: null,
          type: "User",
          userPrincipalName: w.ada.userPrincipalName,
          modifiedProperties: [{ displayName: "licenses", oldValue: "[]", newValue: '["Power Apps Premium"]' }],
        },
      ],
      additionalDetails: [
        { key: "action", value: "user.licenses" },
        { key: "summary", value: `user.licenses for ${w.ada.userPrincipalName}` },
      ],
    });
    // A release by the reclaim run: initiated by the app, a deletion of the licence.
    expect(res.json.value[1]).toMatchObject({
      activityDisplayName: "Reclaim unused license",
      operationType: "Delete",
      initiatedBy: { user: null, app: { displayName: "System" } },
      targetResources: [
        { userPrincipalName: w.ada.userPrincipalName, modifiedProperties: [{ displayName: "product", oldValue: '"Power Apps Premium"', newValue: null }] },
      ],
    });
  });

  it("filters by activity, category and id; an activity nobody did matches nothing", async () => {
    const w = await world();
    const ids = async (filter: string) =>
      (await get(`/auditLogs/directoryAudits?$filter=${encodeURIComponent(filter)}`, w.token)).json.value.map((a: { id: string }) => a.id);
    expect(await ids("activityDisplayName eq 'Change user license'")).toEqual([w.assigned.id]);
    expect(await ids("activityDisplayName eq 'Reclaim unused license'")).toEqual([w.reclaimed.id]);
    expect(await ids("category eq 'GroupManagement'")).toEqual([w.joined.id]);
    expect(await ids("category eq 'Policy'")).toEqual([w.policy.id]);
    expect(await ids(`id eq '${w.joined.id}'`)).toEqual([w.joined.id]);
    expect(await ids("activityDisplayName eq 'Delete user'")).toEqual([]);
    expect(await ids("loggedByService eq 'Core Directory'")).toHaveLength(4);
    const counted = await get(`/auditLogs/directoryAudits?$count=true&$filter=${encodeURIComponent("category eq 'UserManagement'")}`, w.token);
    expect(counted.json["@odata.count"]).toBe(2);
  });

  it("pages by $top and @odata.nextLink; an entry written between pages does not shift them", async () => {
    const w = await world();
    const first = await get("/auditLogs/directoryAudits?$top=2", w.token);
    expect(first.json.value.map((a: { id: string }) => a.id)).toEqual([w.policy.id, w.reclaimed.id]);
    await w.entry(10, "policy.create", { targetType: "AutoClaimPolicy", targetId: null });
    const second = await get(first.json["@odata.nextLink"], w.token);
    expect(second.json.value.map((a: { id: string }) => a.id)).toEqual([w.joined.id, w.assigned.id]);
    expect(second.json["@odata.nextLink"]).toBeUndefined();
  });

  it("answers Graph's errors: an unsupported filter or a bad skiptoken is a 400, a token without the scope a 403", async () => {
    const w = await world();
    expect(await get(`/auditLogs/directoryAudits?$filter=${encodeURIComponent("summary eq 'x'")}`, w.token)).toMatchObject({
      status: 400,
      json: { error: { code: "Request_UnsupportedQuery" } },
    });
    expect(await get("/auditLogs/directoryAudits?$filter=activityDateTime%20ge%202026-01-01", w.token)).toMatchObject({ status: 400 });
    expect(await get("/auditLogs/directoryAudits?$skiptoken=bm9wZQ", w.token)).toMatchObject({ status: 400, json: { error: { code: "Request_BadRequest" } } });
    // A skiptoken naming another tenant's entry reveals nothing.
    const other = await t.prisma.auditEntry.findFirstOrThrow({ where: { tenantId: { not: w.tenant.id } }, select: { id: true } });
    const token = Buffer.from(`v1:${other.id}`).toString("base64url");
    expect(await get(`/auditLogs/directoryAudits?$skiptoken=${token}`, w.token)).toMatchObject({ status: 400 });
    expect(await get("/auditLogs/directoryAudits?$orderby=activityDateTime", w.token)).toMatchObject({ status: 400 });
    expect(await get("/auditLogs/directoryAudits", w.runtime)).toMatchObject({ status: 403, json: { error: { code: "Authorization_RequestDenied" } } });
    expect(await get("/auditLogs/directoryAudits", "nope")).toMatchObject({ status: 401 });
  });
});
