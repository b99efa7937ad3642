/**
 * User principal names are matched literally (SPEC §11): `%`, `_` and `\` are ordinary characters
 * in every look-up — the one domain look-up itself, the launch facts, the launch API, the
 * Graph-compatible API (path, `$filter`, assignLicense) and the console's look-ups and searches.
 * Each case names someone only a wildcard would match.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { GET as getApiUsers } from "@/app/api/v1/users/route";
import { POST as postLaunch } from "@/app/api/v1/launches/route";
import { resolveDirectoryUser, getGroupDetail } from "@/server/domain/groups/directory";
import { recordLaunch } from "@/server/domain/launches/service";
import { findUserRef, findUsers, isUuid, likeLiteral } from "@/server/domain/users/lookup";
import { listUsers } from "@/server/domain/users/service";
import { hashToken } from "@/server/domain/tokens/hash";
import { addGroupMembers, createApp, createEnvironment, createGroup, createPolicy, createProduct, createTenant, createUser } from "../factories";
import { dispatch } from "../graph/server";
import { useAppDb } from "../setup/app-db";
import { useTestDb } from "../setup/db";

const t = useTestDb();
const TOKEN = "literal-lookup-token-0123456789";
let w: Awaited<ReturnType<typeof world>>;

async function world() {
  const tenant = await createTenant(t.prisma, { autoClaimEnabled: true });
  const d = tenant.domain;
  const admin = await createUser(t.prisma, tenant, { role: "GLOBAL_ADMIN", userPrincipalName: `admin@${d}`, displayName: "Admin" });
  const jsmith = await createUser(t.prisma, tenant, { userPrincipalName: `j.smith@${d}`, displayName: "J Smith" });
  const jxdoe = await createUser(t.prisma, tenant, { userPrincipalName: `jxdoe@${d}`, displayName: "Jx Doe" });
  const backslash = await createUser(t.prisma, tenant, { userPrincipalName: `back\\slash@${d}`, displayName: "Back Slash" });
  const elsewhere = await createTenant(t.prisma);
  const foreignAdmin = await createUser(t.prisma, elsewhere, { role: "GLOBAL_ADMIN", userPrincipalName: `admin@${elsewhere.domain}` });
  const product = await createProduct(t.prisma, tenant.id, { purchasedUnits: 10 });
  const env = await createEnvironment(t.prisma, tenant.id, { managed: true });
  const app = await createApp(t.prisma, tenant.id, env.id, { premium: true });
  await createPolicy(t.prisma, tenant.id, { productIds: [product.id] });
  const group = await createGroup(t.prisma, tenant.id, { displayName: "Makers" });
  await addGroupMembers(t.prisma, tenant.id, group.id, [jsmith.id, jxdoe.id]);
  await t.prisma.apiToken.create({
    data: { tenantId: tenant.id, name: "all", tokenHash: hashToken(TOKEN), prefix: "literal-", scopes: ["launches", "directory.read", "directory.write"] },
  });
  return { tenant, d, admin, jsmith, jxdoe, backslash, elsewhere, foreignAdmin, product, app, group };
}

beforeAll(async () => {
  useAppDb(t.db);
  w = await world();
});

const auth = { authorization: `Bearer ${TOKEN}` };

describe("findUserRef, the one look-up", () => {
  it("finds a UPN case-insensitively and an id in any case", async () => {
    expect(await findUserRef(t.prisma, w.tenant.id, `J.SMITH@${w.d.toUpperCase()}`)).toMatchObject({ id: w.jsmith.id });
    expect(await findUserRef(t.prisma, w.tenant.id, w.jsmith.id.toUpperCase())).toMatchObject({ id: w.jsmith.id });
    expect(await findUserRef(t.prisma, null, `back\\slash@${w.d}`)).toMatchObject({ id: w.backslash.id });
  });

  it.each([
    ["% (anyone)", () => "%"],
    ["%@domain (the first admin)", () => `%@${w.d}`],
    ["_ for one character", () => `j_smith@${w.d}`],
    ["%@another tenant", () => `%@${w.elsewhere.domain}`],
    ["a backslash escaping nothing", () => `back\\_lash@${w.d}`],
    ["U+0000", () => `admin\u0000@${w.d}`],
    ["a lone surrogate", () => `admin\uD800@${w.d}`],
    ["only white space", () => "   "],
  ])("names nobody for %s", async (_, reference) => {
    expect(await findUserRef(t.prisma, null, reference())).toBeNull();
    expect(await findUserRef(t.prisma, w.tenant.id, reference())).toBeNull();
  });

  it("stays in its tenant", async () => {
    expect(await findUserRef(t.prisma, w.tenant.id, w.foreignAdmin.userPrincipalName)).toBeNull();
    expect(await findUserRef(t.prisma, w.tenant.id, w.foreignAdmin.id)).toBeNull();
  });

  it("escapes LIKE's pattern characters and recognises ids", () => {
    expect(likeLiteral("a%b_c\\d")).toBe("a\\%b\\_c\\\\d");
    expect(isUuid(w.admin.id)).toBe(true);
    expect(isUuid(`${w.admin.id}x`)).toBe(false);
    expect(isUuid(42)).toBe(false);
  });
});

describe("launches", () => {
  it("refuse a wildcard user as unknown, in the domain and through the API", async () => {
    await expect(recordLaunch(t.prisma, { tenantId: w.tenant.id, user: `%@${w.d}`, appId: w.app.id })).rejects.toMatchObject({ code: "USER_NOT_FOUND" });
    await expect(recordLaunch(t.prisma, { tenantId: w.tenant.id, user: `j_smith@${w.d}`, appId: w.app.id })).rejects.toMatchObject({ code: "USER_NOT_FOUND" });
    const res = await postLaunch(
      new Request("http://127.0.0.1/api/v1/launches", {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify({ user: `%@${w.d}`, app: w.app.id }),
      }),
      { params: Promise.resolve(undefined as unknown as Record<string, string>) },
    );
    expect(res.status).toBe(404);
    expect(await t.prisma.launch.count({ where: { tenantId: w.tenant.id } })).toBe(0);
  });
});

describe("GET /api/v1/users?upn=", () => {
  it.each([["%"], ["j_smith@"], ["%@"]])("finds nobody for the pattern %s…", async (prefix) => {
    const upn = prefix.endsWith("@") ? `${prefix}${w.d}` : prefix;
    const res = await getApiUsers(new Request(`http://127.0.0.1/api/v1/users?upn=${encodeURIComponent(upn)}`, { headers: auth }), {
      params: Promise.resolve(undefined as unknown as Record<string, string>),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ value: [] });
  });

  it("finds the user a UPN names, in another case", async () => {
    const res = await getApiUsers(new Request(`http://127.0.0.1/api/v1/users?upn=${encodeURIComponent(`J.Smith@${w.d}`)}`, { headers: auth }), {
      params: Promise.resolve(undefined as unknown as Record<string, string>),
    });
    const body = await res.json();
    expect(body.value.map((u: { id: string }) => u.id)).toEqual([w.jsmith.id]);
  });
});

describe("the Graph-compatible API", () => {
  const graph = (method: string, path: string, body?: unknown) =>
    dispatch(
      new Request(`http://127.0.0.1/graph/v1.0${path}`, {
        method,
        headers: { ...auth, ...(body ? { "content-type": "application/json" } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      }),
    );

  it("answers 404 for a wildcard in users/{upn}", async () => {
    for (const upn of [`%@${w.d}`, `j_smith@${w.d}`, "%"]) {
      expect((await graph("GET", `/users/${encodeURIComponent(upn)}`)).status).toBe(404);
      expect((await graph("GET", `/users/${encodeURIComponent(upn)}/licenseDetails`)).status).toBe(404);
    }
  });

  it("assignLicense on j_doe@… changes nobody (not jxdoe@…)", async () => {
    const res = await graph("POST", `/users/${encodeURIComponent(`j_doe@${w.d}`)}/assignLicense`, {
      addLicenses: [{ skuId: w.product.skuId, disabledPlans: [] }],
      removeLicenses: [],
    });
    expect(res.status).toBe(404);
    expect(await t.prisma.licenseAssignment.count({ where: { userId: w.jxdoe.id } })).toBe(0);
  });

  it.each([
    ["userPrincipalName eq '%'", 0],
    ["userPrincipalName eq 'j_smith@DOMAIN'", 0],
    ["userPrincipalName eq 'J.SMITH@DOMAIN'", 1],
    ["mail eq '%'", 0],
    ["startswith(displayName,'%')", 0],
    ["startswith(displayName,'J_')", 0],
    ["startswith(displayName,'j ')", 1],
    ["displayName eq 'J_Smith'", 0],
  ])("$filter=%s finds %i", async (filter, found) => {
    const res = await graph("GET", `/users?$filter=${encodeURIComponent(filter.replace("DOMAIN", w.d))}`);
    expect(res.status).toBe(200);
    expect((await res.json()).value).toHaveLength(found);
  });

  it("treats % and _ literally in group filters too", async () => {
    const res = await graph("GET", `/groups?$filter=${encodeURIComponent("startswith(displayName,'M_')")}`);
    expect((await res.json()).value).toHaveLength(0);
    const exact = await graph("GET", `/groups?$filter=${encodeURIComponent("displayName eq 'makers'")}`);
    expect((await exact.json()).value.map((g: { id: string }) => g.id)).toEqual([w.group.id]);
  });
});

describe("the console", () => {
  it("resolves only the person typed", async () => {
    await expect(resolveDirectoryUser(t.prisma, w.tenant.id, `j_smith@${w.d}`)).rejects.toMatchObject({ code: "USER_NOT_FOUND", field: "user" });
    await expect(resolveDirectoryUser(t.prisma, w.tenant.id, `%@${w.d}`)).rejects.toMatchObject({ code: "USER_NOT_FOUND" });
    expect(await resolveDirectoryUser(t.prisma, w.tenant.id, `JXDOE@${w.d}`)).toMatchObject({ id: w.jxdoe.id });
    expect(await findUsers(t.prisma, w.tenant.id, { upn: `%@${w.d}` })).toEqual([]);
  });

  it("searches with % and _ taken literally", async () => {
    const search = async (q: string) => (await listUsers(t.prisma, w.tenant.id, { q, page: 1 } as Parameters<typeof listUsers>[2])).rows.map((r) => r.id);
    expect(await search("%")).toEqual([]);
    expect(await search("j_s")).toEqual([]);
    expect(await search("j.s")).toEqual([w.jsmith.id]);
    expect(await search("\\")).toEqual([w.backslash.id]);
    const members = await getGroupDetail(t.prisma, w.tenant.id, w.group.id, { q: "_" });
    expect(members?.members ?? []).toHaveLength(0);
  });
});
