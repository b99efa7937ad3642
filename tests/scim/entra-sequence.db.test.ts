/**
 * Microsoft Entra's provisioning requests, in the order and with the bodies Microsoft documents them
 * ("Tutorial: Develop and plan provisioning for a SCIM endpoint in Microsoft Entra ID", User and
 * Group operations), replayed against the /scim/v2 route handlers: what Entra sends, and what it
 * needs back.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createApiToken, createTenant } from "../factories";
import { useAppDb } from "../setup/app-db";
import { useTestDb } from "../setup/db";
import { scimClient } from "./client";

const t = useTestDb();
beforeAll(() => useAppDb(t.db));

const ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
const LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

async function entra() {
  const tenant = await createTenant(t.prisma);
  const token = await createApiToken(t.prisma, tenant.id, ["scim"], "Microsoft Entra provisioning");
  return { tenant, call: scimClient(token) };
}

/** Create User, as the tutorial's request shows it (with the enterprise attributes Entra maps by default). */
const createUserBody = (manager?: string) => ({
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE],
  externalId: "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
  userName: "Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1",
  active: true,
  displayName: "Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1",
  emails: [{ primary: true, type: "work", value: "Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com" }],
  meta: { resourceType: "User" },
  name: { formatted: "givenName familyName", familyName: "familyName", givenName: "givenName" },
  title: "Tour Guide",
  roles: [],
  [ENTERPRISE]: { employeeNumber: "701984", department: "Tour Operations", ...(manager ? { manager: { value: manager } } : {}) },
});

describe("Entra's user provisioning sequence", () => {
  it("get by userName → none; create; get by id; get by userName and by externalId; PATCH replace; disable; delete", async () => {
    const { call, tenant } = await entra();

    // Get User by query — zero results.
    const none = await call("GET", `/Users?filter=${encodeURIComponent('userName eq "Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1"')}`);
    expect(none.status).toBe(200);
    expect(none.contentType).toBe("application/scim+json");
    expect(none.body).toMatchObject({ schemas: [LIST], totalResults: 0, Resources: [], startIndex: 1 });

    // The manager first (Entra provisions the manager and references it by our id).
    const boss = await call("POST", "/Users", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: "boss@testuser.com",
      active: true,
      displayName: "Boss",
    });
    expect(boss.status).toBe(201);

    // Create User.
    const created = await call("POST", "/Users", createUserBody(boss.body!.id as string));
    expect(created.status).toBe(201);
    const id = created.body!.id as string;
    expect(created.body).toMatchObject({
      schemas: expect.arrayContaining(["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE]),
      externalId: "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
      userName: "Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1",
      active: true,
      displayName: "Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1",
      name: { familyName: "familyName", givenName: "givenName" },
      title: "Tour Guide",
      emails: [{ value: "Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com", type: "work", primary: true }],
      [ENTERPRISE]: { employeeNumber: "701984", department: "Tour Operations", manager: { value: boss.body!.id } },
      meta: { resourceType: "User", location: `https://portal.contoso.com/scim/v2/Users/${id}` },
    });
    const row = await t.prisma.user.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({
      tenantId: tenant.id,
      externalId: "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
      surname: "familyName",
      jobTitle: "Tour Guide",
      managerId: boss.body!.id,
    });

    // Create the same userName again (another case): 409 uniqueness.
    const again = await call("POST", "/Users", { ...createUserBody(), externalId: "other", userName: "TEST_USER_AB6490EE-1E48-479E-A20B-2D77186B5DD1" });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ schemas: [ERROR], status: "409", scimType: "uniqueness" });

    // Get User.
    const got = await call("GET", `/Users/${id}`);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ id, userName: "Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1" });

    // Get User by query (userName, any case), and by externalId.
    const byName = await call("GET", `/Users?filter=${encodeURIComponent('userName eq "test_user_ab6490ee-1e48-479e-a20b-2d77186b5dd1"')}`);
    expect(byName.body).toMatchObject({ totalResults: 1, Resources: [{ id }] });
    const byExternal = await call("GET", `/Users?filter=${encodeURIComponent('externalId eq "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"')}`);
    expect(byExternal.body).toMatchObject({ totalResults: 1, Resources: [{ id }] });
    const both = await call(
      "GET",
      `/Users?filter=${encodeURIComponent('externalId eq "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef" and userName eq "boss@testuser.com"')}`,
    );
    expect(both.body).toMatchObject({ totalResults: 0 });

    // Update User [Multi-valued properties].
    const multi = await call("PATCH", `/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [
        { op: "Replace", path: 'emails[type eq "work"].value', value: "updatedEmail@microsoft.com" },
        { op: "Replace", path: "name.familyName", value: "updatedFamilyName" },
      ],
    });
    expect(multi.status).toBe(200);
    expect(multi.body).toMatchObject({ emails: [{ value: "updatedEmail@microsoft.com", type: "work" }], name: { familyName: "updatedFamilyName" } });

    // Update User [Single-valued properties].
    const single = await call("PATCH", `/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "Replace", path: "userName", value: "5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com" }],
    });
    expect(single.body).toMatchObject({ userName: "5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com" });

    // The enterprise extension by its URN path, and a no-path Replace with an object.
    const dept = await call("PATCH", `/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [
        { op: "replace", path: `${ENTERPRISE}:department`, value: "Finance" },
        { op: "REPLACE", value: { displayName: "Updated Name", "name.givenName": "Pat", title: "Controller", [`${ENTERPRISE}:costCenter`]: "4130" } },
      ],
    });
    expect(dept.status).toBe(200);
    expect(dept.body).toMatchObject({
      displayName: "Updated Name",
      name: { givenName: "Pat" },
      title: "Controller",
      [ENTERPRISE]: { department: "Finance", costCenter: "4130" },
    });

    // Disable User — Entra sends "False" as a string in some versions.
    const disabled = await call("PATCH", `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: "Replace", path: "active", value: "False" }] });
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ active: false });
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id } })).accountEnabled).toBe(false);
    // …and the boolean form, back on.
    const enabled = await call("PATCH", `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: "replace", path: "active", value: true }] });
    expect(enabled.body).toMatchObject({ active: true });
    const off = await call("PATCH", `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: "Replace", path: "active", value: false }] });
    expect(off.body).toMatchObject({ active: false });
    const actions = (await t.prisma.auditEntry.findMany({ where: { tenantId: tenant.id, targetId: id }, orderBy: { createdAt: "asc" } })).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["user.provisioned", "user.provisionedUpdate", "user.disabled", "user.enabled"]));

    // Delete User.
    expect((await call("DELETE", `/Users/${id}`)).status).toBe(204);
    const gone = await call("GET", `/Users/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ schemas: [ERROR], status: "404" });
    expect((await call("DELETE", `/Users/${id}`)).status).toBe(404);
  });

  it("PUT replaces the user", async () => {
    const { call } = await entra();
    const created = await call("POST", "/Users", { ...createUserBody(), userName: "put@testuser.com" });
    const id = created.body!.id as string;
    const put = await call("PUT", `/Users/${id}`, {
      ...createUserBody(),
      userName: "put@testuser.com",
      displayName: "Replaced",
      title: undefined,
      active: false,
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ displayName: "Replaced", active: false });
    expect(put.body).not.toHaveProperty("title");
  });
});

describe("Entra's group provisioning sequence", () => {
  it("create group; get (without members); by displayName; rename; add and remove members; delete", async () => {
    const { call, tenant } = await entra();
    const a = (await call("POST", "/Users", { ...createUserBody(), userName: "a@testuser.com", externalId: "a" })).body!.id as string;
    const b = (await call("POST", "/Users", { ...createUserBody(), userName: "b@testuser.com", externalId: "b" })).body!.id as string;

    // Create Group.
    const created = await call("POST", "/Groups", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group", "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
      externalId: "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
      displayName: "displayName",
      meta: { resourceType: "Group" },
    });
    expect(created.status).toBe(201);
    const id = created.body!.id as string;
    expect(created.body).toMatchObject({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
      displayName: "displayName",
      externalId: "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
      members: [],
      meta: { resourceType: "Group" },
    });
    expect((await call("POST", "/Groups", { schemas: [], displayName: "DISPLAYNAME" })).body).toMatchObject({ status: "409", scimType: "uniqueness" });

    // Get Group, without members.
    const got = await call("GET", `/Groups/${id}?excludedAttributes=members`);
    expect(got.body).toMatchObject({ id, displayName: "displayName" });
    expect(got.body).not.toHaveProperty("members");

    // Get Group by displayName.
    const byName = await call("GET", `/Groups?excludedAttributes=members&filter=${encodeURIComponent('displayName eq "displayName"')}`);
    expect(byName.body).toMatchObject({ totalResults: 1, Resources: [{ id, displayName: "displayName" }] });
    expect((await call("GET", `/Groups?filter=${encodeURIComponent('externalId eq "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159"')}`)).body).toMatchObject({
      totalResults: 1,
    });

    // Update Group [Non-member attributes].
    const renamed = await call("PATCH", `/Groups/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "Replace", path: "displayName", value: "1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName" }],
    });
    expect(renamed.status).toBe(204);

    // Update Group [Add Members].
    const added = await call("PATCH", `/Groups/${id}`, {
      schemas: [PATCH_OP],
      Operations: [
        {
          op: "Add",
          path: "members",
          value: [
            { $ref: null, value: a },
            { $ref: null, value: b },
          ],
        },
      ],
    });
    expect(added.status).toBe(204);
    expect((await call("GET", `/Groups/${id}`)).body).toMatchObject({
      displayName: "1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName",
      members: expect.arrayContaining([expect.objectContaining({ value: a }), expect.objectContaining({ value: b })]),
    });

    // Update Group [Remove Members]: the documented body, and the value-filter path.
    expect(
      (await call("PATCH", `/Groups/${id}`, { schemas: [PATCH_OP], Operations: [{ op: "Remove", path: "members", value: [{ $ref: null, value: a }] }] }))
        .status,
    ).toBe(204);
    expect((await call("PATCH", `/Groups/${id}`, { schemas: [PATCH_OP], Operations: [{ op: "remove", path: `members[value eq "${b}"]` }] })).status).toBe(204);
    // Removing someone already gone changes nothing and succeeds.
    expect((await call("PATCH", `/Groups/${id}`, { schemas: [PATCH_OP], Operations: [{ op: "remove", path: `members[value eq "${b}"]` }] })).status).toBe(204);
    expect((await call("GET", `/Groups/${id}`)).body).toMatchObject({ members: [] });
    const audit = await t.prisma.auditEntry.findMany({ where: { tenantId: tenant.id, targetId: id }, select: { action: true } });
    expect(audit.filter((e) => e.action === "group.memberAdded")).toHaveLength(2);
    expect(audit.filter((e) => e.action === "group.memberRemoved")).toHaveLength(2);

    // A member who is not a user of this tenant: 400, nothing changed.
    const stranger = await call("PATCH", `/Groups/${id}`, {
      schemas: [PATCH_OP],
      Operations: [
        { op: "add", path: "members", value: [{ value: a }] },
        { op: "add", path: "members", value: [{ value: "f648f8d5ea4e4cd38e9c" }] },
      ],
    });
    expect(stranger.status).toBe(400);
    expect(stranger.body).toMatchObject({ scimType: "invalidValue" });
    expect(await t.prisma.groupMember.count({ where: { groupId: id } })).toBe(0);

    // Delete Group.
    expect((await call("DELETE", `/Groups/${id}`)).status).toBe(204);
    expect((await call("GET", `/Groups/${id}`)).status).toBe(404);
  });
});

describe("discovery", () => {
  it("ServiceProviderConfig, ResourceTypes and Schemas", async () => {
    const { call } = await entra();
    expect((await call("GET", "/ServiceProviderConfig")).body).toMatchObject({
      patch: { supported: true },
      filter: { supported: true },
      bulk: { supported: false },
    });
    expect((await call("GET", "/ResourceTypes")).body).toMatchObject({ totalResults: 2, Resources: [{ id: "User" }, { id: "Group" }] });
    expect((await call("GET", "/Schemas")).body).toMatchObject({ totalResults: 3 });
  });

  it("pages with startIndex and count", async () => {
    const { call } = await entra();
    for (let i = 0; i < 5; i++) await call("POST", "/Users", { schemas: [], userName: `p${i}@paging.example` });
    const page = await call("GET", "/Users?startIndex=2&count=2");
    expect(page.body).toMatchObject({
      totalResults: 5,
      startIndex: 2,
      itemsPerPage: 2,
      Resources: [{ userName: "p1@paging.example" }, { userName: "p2@paging.example" }],
    });
    expect((await call("GET", "/Users?count=0")).body).toMatchObject({ totalResults: 5, Resources: [] });
  });
});
