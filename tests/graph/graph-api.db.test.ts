/**
 * The Graph-compatible API (/graph/v1.0) called as a program would, through the route files Next
 * would pick (tests/graph/server.ts `dispatch`): every endpoint's shape, its 400/401/403/404 in
 * Graph's error shape, and a property test that random assignLicense bodies never get a 500 and
 * never write.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { hashToken } from "@/server/domain/tokens/hash";
import {
  addGroupMembers,
  assignDirect,
  assignGroupLicense,
  createApp,
  createEnvironment,
  createGroup,
  createPolicy,
  createTenant,
  createUser,
  stableId,
} from "../factories";
import { useAppDb } from "../setup/app-db";
import { useTestDb } from "../setup/db";
import { recordLaunch } from "@/server/domain/launches/service";
import { createE3, createFlowPremium, createPremium } from "./products";
import { dispatch } from "./server";

const t = useTestDb();
const ROOT = "http://127.0.0.1:3000/graph/v1.0";
const UNKNOWN_ID = "00000000-0000-4000-8000-00000000dead";
const TOKENS = {
  read: "graph-read-0123456789",
  write: "graph-write-0123456789",
  launches: "graph-launches-0123456789",
  revoked: "graph-revoked-0123456789",
};

let w: Awaited<ReturnType<typeof world>>;

async function world() {
  const tenant = await createTenant(t.prisma, { name: "Contoso", autoClaimEnabled: true });
  const { plans, premium } = await createPremium(t.prisma, tenant.id, 20, (name) => stableId("plan", tenant.id, name));
  const e3 = await createE3(t.prisma, tenant.id, 50);
  const full = await createFlowPremium(t.prisma, tenant.id);
  const ada = await createUser(t.prisma, tenant, { givenName: "Ada", surname: "Lovelace", userPrincipalName: `ada.lovelace@${tenant.domain}` });
  const grace = await createUser(t.prisma, tenant, { givenName: "Grace", surname: "Hopper", userPrincipalName: `grace.hopper@${tenant.domain}` });
  const alan = await createUser(t.prisma, tenant, { givenName: "Alan", surname: "Turing", userPrincipalName: `alan.turing@${tenant.domain}` });
  const others = [];
  for (let i = 0; i < 4; i++) others.push(await createUser(t.prisma, tenant, { givenName: "Test", surname: `Person${i}` }));
  const makers = await createGroup(t.prisma, tenant.id, { displayName: "Power Apps makers", description: "People who build apps" });
  const flows = await createGroup(t.prisma, tenant.id, { displayName: "Flow builders" });
  const empty = await createGroup(t.prisma, tenant.id, { displayName: "Everyone else" });
  await assignGroupLicense(t.prisma, tenant.id, makers.id, premium.id, [plans[2].servicePlanId]);
  await assignGroupLicense(t.prisma, tenant.id, flows.id, full.id);
  // Ada: E3 directly (one plan off), Premium auto-claimed; Grace: Premium through the makers group; Alan holds the last Power Automate unit.
  await assignDirect(t.prisma, tenant.id, ada.id, e3.id, { disabledPlanIds: [] });
  const env = await createEnvironment(t.prisma, tenant.id, { managed: true });
  const app = await createApp(t.prisma, tenant.id, env.id, { premium: true });
  await createPolicy(t.prisma, tenant.id, { productIds: [premium.id] });
  expect((await recordLaunch(t.prisma, { tenantId: tenant.id, user: ada.id, appId: app.id })).reason).toBe("AUTO_CLAIMED");
  await addGroupMembers(t.prisma, tenant.id, makers.id, [grace.id]);
  await addGroupMembers(t.prisma, tenant.id, flows.id, [alan.id]);

  const elsewhere = await createTenant(t.prisma);
  const stranger = await createUser(t.prisma, elsewhere);
  const strangers = await createGroup(t.prisma, elsewhere.id, { displayName: "Elsewhere" });

  await t.prisma.apiToken.createMany({
    data: [
      { tenantId: tenant.id, name: "reader", tokenHash: hashToken(TOKENS.read), prefix: "graph-re", scopes: ["directory.read"] },
      { tenantId: tenant.id, name: "writer", tokenHash: hashToken(TOKENS.write), prefix: "graph-wr", scopes: ["directory.write"] },
      { tenantId: tenant.id, name: "runtime", tokenHash: hashToken(TOKENS.launches), prefix: "graph-la", scopes: ["launches"] },
      {
        tenantId: tenant.id,
        name: "old",
        tokenHash: hashToken(TOKENS.revoked),
        prefix: "graph-rv",
        scopes: ["directory.read", "directory.write"],
        revokedAt: new Date(),
      },
    ],
  });
  return { tenant, plans, premium, e3, full, ada, grace, alan, others, makers, flows, empty, elsewhere, stranger, strangers };
}

beforeAll(async () => {
  useAppDb(t.db);
  w = await world();
});

interface CallOptions {
  token?: string | null;
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
}

async function call(method: string, path: string, { token = method === "GET" ? TOKENS.read : TOKENS.write, body, raw, headers = {} }: CallOptions = {}) {
  const url = path.startsWith("http") ? path : `${ROOT}${path}`;
  const res = await dispatch(
    new Request(url, {
      method,
      headers: {
        ...(body !== undefined || raw !== undefined ? { "content-type": "application/json" } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    }),
  );
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : null };
}

/** Graph's error shape, with the request ids of the headers. */
function expectGraphError(res: Awaited<ReturnType<typeof call>>, status: number, code: string, message?: RegExp | string) {
  expect(res.status, JSON.stringify(res.json)).toBe(status);
  expect(res.json).toEqual({
    error: {
      code,
      message: expect.any(String),
      innerError: {
        date: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/),
        "request-id": res.headers.get("request-id"),
        "client-request-id": res.headers.get("client-request-id"),
      },
    },
  });
  if (message) expect(res.json.error.message).toMatch(message);
}

const counts = async () => ({
  assignments: await t.prisma.licenseAssignment.count(),
  audits: await t.prisma.auditEntry.count(),
  members: await t.prisma.groupMember.count(),
  consumed: (await t.prisma.product.findMany({ orderBy: { id: "asc" }, select: { consumedUnits: true } })).map((p) => p.consumedUnits),
});

/** 401 without a token, with an unknown one and with a revoked one; 403 with a token lacking the scope. */
async function expectAuthErrors(
  method: string,
  path: string,
  body?: unknown,
  forbidden: string[] = method === "GET" ? [TOKENS.launches] : [TOKENS.read, TOKENS.launches],
) {
  for (const token of [null, "not-a-token", TOKENS.revoked]) expectGraphError(await call(method, path, { token, body }), 401, "InvalidAuthenticationToken");
  const res = await call(method, path, { token: null, body });
  expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
  for (const token of forbidden) expectGraphError(await call(method, path, { token, body }), 403, "Authorization_RequestDenied", /Insufficient privileges/);
}

describe("GET /subscribedSkus", () => {
  /** A tenant of this test's own (the file's other tests change the shared one's units): the same three products, Premium held twice. */
  async function skuWorld() {
    const tenant = await createTenant(t.prisma, { name: "Contoso" });
    const { plans, premium } = await createPremium(t.prisma, tenant.id, 20, (name) => stableId("plan", tenant.id, name));
    await createE3(t.prisma, tenant.id, 50);
    await createFlowPremium(t.prisma, tenant.id);
    for (let i = 0; i < 2; i++) await assignDirect(t.prisma, tenant.id, (await createUser(t.prisma, tenant)).id, premium.id);
    const tokens = { read: `graph-skus-read-${tenant.id}`, write: `graph-skus-write-${tenant.id}` };
    await t.prisma.apiToken.createMany({
      data: [
        { tenantId: tenant.id, name: "reader", tokenHash: hashToken(tokens.read), prefix: "graph-sk", scopes: ["directory.read"] },
        { tenantId: tenant.id, name: "writer", tokenHash: hashToken(tokens.write), prefix: "graph-sk", scopes: ["directory.write"] },
      ],
    });
    return { tenant, plans, premium, tokens };
  }

  it("lists the products with their units and service plans, as Graph does", async () => {
    const w = await skuWorld();
    const res = await call("GET", "/subscribedSkus", { token: w.tokens.read });
    expect(res.status).toBe(200);
    expect(res.json["@odata.context"]).toBe(`${ROOT}/$metadata#subscribedSkus`);
    const premium = res.json.value.find((s: { skuPartNumber: string }) => s.skuPartNumber === "POWERAPPS_PER_USER");
    expect(premium).toEqual({
      accountId: w.tenant.id,
      accountName: "Contoso",
      appliesTo: "User",
      capabilityStatus: "Enabled",
      consumedUnits: 2,
      id: `${w.tenant.id}_${w.premium.skuId}`,
      prepaidUnits: { enabled: 20, suspended: 0, warning: 0, lockedOut: 0 },
      servicePlans: w.plans.map((p) => ({
        servicePlanId: p.servicePlanId,
        servicePlanName: p.servicePlanName,
        provisioningStatus: "Success",
        appliesTo: "User",
      })),
      skuId: w.premium.skuId,
      skuPartNumber: "POWERAPPS_PER_USER",
      subscriptionIds: [],
    });
    expect(res.json.value.map((s: { skuPartNumber: string }) => s.skuPartNumber)).toEqual(["POWERAPPS_PER_USER", "POWERAUTOMATE_PREMIUM", "SPE_E3"]);
    // $select, and a write token may read.
    const selected = await call("GET", "/subscribedSkus?$select=skuPartNumber,consumedUnits", { token: w.tokens.write });
    expect(selected.json.value[0]).toEqual({ skuPartNumber: "POWERAPPS_PER_USER", consumedUnits: 2 });
  });

  it("400 for an unsupported query option; 401; 403", async () => {
    expectGraphError(await call("GET", "/subscribedSkus?$top=1"), 400, "Request_UnsupportedQuery");
    await expectAuthErrors("GET", "/subscribedSkus");
  });
});

describe("GET /users", () => {
  it("pages through every user with $top and an opaque @odata.nextLink", async () => {
    const seen: string[] = [];
    let next: string | undefined = `${ROOT}/users?$top=3&$select=id,userPrincipalName`;
    let pages = 0;
    while (next) {
      const res = await call("GET", next);
      expect(res.status).toBe(200);
      expect(res.json["@odata.context"]).toBe(`${ROOT}/$metadata#users(id,userPrincipalName)`);
      for (const u of res.json.value) expect(Object.keys(u)).toEqual(["id", "userPrincipalName"]);
      seen.push(...res.json.value.map((u: { id: string }) => u.id));
      next = res.json["@odata.nextLink"];
      if (next) expect(next).toMatch(new RegExp(`^${ROOT.replace(/\./g, "\\.")}/users\\?\\$top=3&\\$select=id,userPrincipalName&\\$skiptoken=[\\w-]+$`));
      pages++;
    }
    expect(pages).toBe(3);
    const mine = await t.prisma.user.findMany({ where: { tenantId: w.tenant.id }, orderBy: { id: "asc" }, select: { id: true } });
    expect(seen).toEqual(mine.map((u) => u.id));
  });

  it("finds a user with $filter on userPrincipalName or mail (case-insensitively), or startswith(displayName)", async () => {
    const upn = await call("GET", `/users?$filter=${encodeURIComponent(`userPrincipalName eq '${w.ada.userPrincipalName.toUpperCase()}'`)}`);
    expect(upn.json.value).toEqual([
      expect.objectContaining({
        id: w.ada.id,
        displayName: "Ada Lovelace",
        userPrincipalName: w.ada.userPrincipalName,
        givenName: "Ada",
        surname: "Lovelace",
        businessPhones: [],
        accountEnabled: true,
      }),
    ]);
    expect((await call("GET", `/users?$filter=mail eq '${w.grace.mail}'`)).json.value.map((u: { id: string }) => u.id)).toEqual([w.grace.id]);
    expect((await call("GET", "/users?$filter=startswith(displayName,'al')")).json.value.map((u: { id: string }) => u.id)).toEqual([w.alan.id]);
    const counted = await call("GET", "/users?$filter=startswith(displayName,'Test')&$count=true&$top=1");
    expect(counted.json["@odata.count"]).toBe(4);
    expect(counted.json.value).toHaveLength(1);
    expect((await call("GET", "/users?$filter=userPrincipalName eq 'nobody@nowhere.example'")).json.value).toEqual([]);
    // Another tenant's users are never listed.
    expect((await call("GET", `/users?$filter=userPrincipalName eq '${w.stranger.userPrincipalName}'`)).json.value).toEqual([]);
  });

  it("shows licences: assignedLicenses per product, licenseAssignmentStates per assignment (group id only for group licences)", async () => {
    const grace = (await call("GET", `/users?$filter=id eq '${w.grace.id}'`)).json.value[0];
    expect(grace.assignedLicenses).toEqual([{ skuId: w.premium.skuId, disabledPlans: [w.plans[2].servicePlanId] }]);
    expect(grace.licenseAssignmentStates).toEqual([
      {
        assignedByGroup: w.makers.id,
        disabledPlans: [w.plans[2].servicePlanId],
        error: "None",
        lastUpdatedDateTime: expect.any(String),
        skuId: w.premium.skuId,
        state: "Active",
      },
    ]);
    const ada = (await call("GET", `/users?$filter=id eq '${w.ada.id}'&$select=id,licenseAssignmentStates`)).json.value[0];
    expect(ada.licenseAssignmentStates.map((s: { skuId: string; assignedByGroup: string | null }) => [s.skuId, s.assignedByGroup])).toEqual([
      [w.e3.skuId, null],
      [w.premium.skuId, null],
    ]);
  });

  it("400 for a bad $top, $filter or $skiptoken, or an unsupported option; 401; 403", async () => {
    expectGraphError(await call("GET", "/users?$top=1000"), 400, "Request_BadRequest", /page size/);
    expectGraphError(await call("GET", "/users?$filter=jobTitle eq 'x'"), 400, "Request_UnsupportedQuery", /jobTitle/);
    expectGraphError(await call("GET", "/users?$filter=garbage"), 400, "Request_UnsupportedQuery");
    expectGraphError(await call("GET", "/users?$skiptoken=forged"), 400, "Request_BadRequest", /skiptoken/);
    expectGraphError(await call("GET", "/users?$orderby=displayName"), 400, "Request_UnsupportedQuery", /\$orderby/);
    await expectAuthErrors("GET", "/users");
  });
});

describe("GET /users/{id | userPrincipalName}", () => {
  it("reads a user by id or by UPN (any case, percent-encoded or not)", async () => {
    const byId = await call("GET", `/users/${w.ada.id}`);
    expect(byId.status).toBe(200);
    expect(byId.json).toMatchObject({ "@odata.context": `${ROOT}/$metadata#users/$entity`, id: w.ada.id, userPrincipalName: w.ada.userPrincipalName });
    expect((await call("GET", `/users/${encodeURIComponent(w.ada.userPrincipalName.toUpperCase())}`)).json.id).toBe(w.ada.id);
    expect((await call("GET", `/users/${w.ada.userPrincipalName}?$select=displayName`)).json).toEqual({
      "@odata.context": `${ROOT}/$metadata#users/$entity`,
      displayName: "Ada Lovelace",
    });
  });

  it("404 for an unknown user or another tenant's; 401; 403", async () => {
    for (const ref of [UNKNOWN_ID, "nobody@nowhere.example", w.stranger.id]) {
      expectGraphError(await call("GET", `/users/${ref}`), 404, "Request_ResourceNotFound", `Resource '${ref}' does not exist`);
    }
    await expectAuthErrors("GET", `/users/${w.ada.id}`);
  });
});

describe("GET /users/{id}/licenseDetails", () => {
  it("lists the products held, with the plans disabled in every assignment as Disabled", async () => {
    const res = await call("GET", `/users/${w.grace.userPrincipalName}/licenseDetails`);
    expect(res.status).toBe(200);
    expect(res.json["@odata.context"]).toBe(`${ROOT}/$metadata#users('${w.grace.id}')/licenseDetails`);
    expect(res.json.value).toEqual([
      {
        id: w.premium.id,
        skuId: w.premium.skuId,
        skuPartNumber: "POWERAPPS_PER_USER",
        servicePlans: w.plans.map((p, i) => ({
          servicePlanId: p.servicePlanId,
          servicePlanName: p.servicePlanName,
          provisioningStatus: i === 2 ? "Disabled" : "Success",
          appliesTo: "User",
        })),
      },
    ]);
    expect((await call("GET", `/users/${w.others[0].id}/licenseDetails`)).json.value).toEqual([]);
  });

  it("400 for an unsupported option; 404; 401; 403", async () => {
    expectGraphError(await call("GET", `/users/${w.grace.id}/licenseDetails?$filter=skuId eq 'x'`), 400, "Request_UnsupportedQuery");
    expectGraphError(await call("GET", `/users/${UNKNOWN_ID}/licenseDetails`), 404, "Request_ResourceNotFound");
    await expectAuthErrors("GET", `/users/${w.grace.id}/licenseDetails`);
  });
});

describe("POST /users/{id}/assignLicense", () => {
  it("adds and removes in one call and answers the user; auto-claimed licences are removable, audited as the token", async () => {
    const user = w.others[1];
    await assignDirect(t.prisma, w.tenant.id, user.id, w.e3.id);
    const res = await call("POST", `/users/${user.userPrincipalName}/assignLicense`, {
      body: { addLicenses: [{ skuId: w.premium.skuId, disabledPlans: [w.plans[0].servicePlanId] }], removeLicenses: [w.e3.skuId] },
      headers: { "client-request-id": "my-script-42" },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("client-request-id")).toBe("my-script-42");
    expect(res.json).toMatchObject({
      "@odata.context": `${ROOT}/$metadata#users/$entity`,
      id: user.id,
      assignedLicenses: [{ skuId: w.premium.skuId, disabledPlans: [w.plans[0].servicePlanId] }],
      licenseAssignmentStates: [{ skuId: w.premium.skuId, assignedByGroup: null, state: "Active", disabledPlans: [w.plans[0].servicePlanId] }],
    });
    const [assignment] = await t.prisma.licenseAssignment.findMany({ where: { userId: user.id } });
    expect(assignment).toMatchObject({ source: "DIRECT", assignedById: null });
    const audit = await t.prisma.auditEntry.findFirstOrThrow({ where: { targetId: user.id }, orderBy: { createdAt: "desc" } });
    expect(audit).toMatchObject({ action: "user.licenses", actorLabel: "API token 'writer'", actorId: null });
    // Adding it again with other plans updates the disabled plans.
    const again = await call("POST", `/users/${user.id}/assignLicense`, {
      body: { addLicenses: [{ skuId: w.premium.skuId, disabledPlans: [] }], removeLicenses: [] },
    });
    expect(again.json.assignedLicenses).toEqual([{ skuId: w.premium.skuId, disabledPlans: [] }]);
  });

  it("400 'does not have any available licenses' when the pool is empty, and writes nothing", async () => {
    const before = await counts();
    const res = await call("POST", `/users/${w.others[2].id}/assignLicense`, { body: { addLicenses: [{ skuId: w.full.skuId }], removeLicenses: [] } });
    expectGraphError(res, 400, "Request_BadRequest", `Subscription ${w.full.skuId} does not have any available licenses.`);
    expect(await counts()).toEqual(before);
  });

  it("400 for a licence inherited from a group, one not held, or an unknown SKU", async () => {
    const path = `/users/${w.grace.id}/assignLicense`;
    expectGraphError(
      await call("POST", path, { body: { addLicenses: [], removeLicenses: [w.premium.skuId] } }),
      400,
      "Request_BadRequest",
      "User license is inherited from a group membership and it cannot be removed directly from the user.",
    );
    expectGraphError(
      await call("POST", path, { body: { addLicenses: [], removeLicenses: [w.e3.skuId] } }),
      400,
      "Request_BadRequest",
      /does not have a corresponding license/,
    );
    expectGraphError(
      await call("POST", path, { body: { addLicenses: [{ skuId: UNKNOWN_ID }], removeLicenses: [] } }),
      400,
      "Request_BadRequest",
      `License ${UNKNOWN_ID} does not correspond to a valid company License.`,
    );
    expectGraphError(
      await call("POST", path, { body: { addLicenses: [{ skuId: w.e3.skuId, disabledPlans: [w.plans[0].servicePlanId] }], removeLicenses: [] } }),
      400,
      "Request_BadRequest",
      /disabledPlans/,
    );
  });

  it("400 for malformed JSON (BadRequest) and for a body Graph would refuse (Request_BadRequest)", async () => {
    const path = `/users/${w.ada.id}/assignLicense`;
    expectGraphError(await call("POST", path, { raw: "{not json" }), 400, "BadRequest", /JSON/);
    expectGraphError(await call("POST", path, { raw: "" }), 400, "BadRequest");
    expectGraphError(await call("POST", path, { body: { addLicenses: [] } }), 400, "Request_BadRequest", /removeLicenses/);
    expectGraphError(
      await call("POST", path, { body: { addLicenses: [{ skuId: "E3" }], removeLicenses: [] } }),
      400,
      "Request_BadRequest",
      /addLicenses\.0\.skuId/,
    );
    expectGraphError(await call("POST", path, { body: { addLicenses: [], removeLicenses: [], extra: true } }), 400, "Request_BadRequest");
  });

  it("404 for an unknown user or another tenant's; 401; 403 with a read-only token", async () => {
    const body = { addLicenses: [], removeLicenses: [] };
    expectGraphError(await call("POST", `/users/${w.stranger.id}/assignLicense`, { body }), 404, "Request_ResourceNotFound");
    expectGraphError(await call("POST", `/users/nobody@nowhere.example/assignLicense`, { body }), 404, "Request_ResourceNotFound");
    await expectAuthErrors("POST", `/users/${w.ada.id}/assignLicense`, body);
  });

  it("never answers 500 and never writes for random bodies (property)", async () => {
    const before = await counts();
    const knownSkus = [w.premium.skuId, w.e3.skuId, w.full.skuId];
    const knownPlans = w.plans.map((p) => p.servicePlanId);
    const guid = fc.oneof(fc.constantFrom(...knownSkus), fc.uuid(), fc.string());
    const licence = fc.record(
      {
        skuId: guid,
        disabledPlans: fc.oneof(fc.constant(undefined), fc.constant(null), fc.array(fc.oneof(fc.constantFrom(...knownPlans), fc.uuid(), fc.anything()))),
      },
      { requiredKeys: [] },
    );
    // Something in every structured body is wrong, so that none of them may write.
    const poison = fc.oneof(
      fc.record({ skuId: fc.uuid() }), // a SKU the tenant has no product for
      fc.record({ skuId: fc.constantFrom(...knownSkus), disabledPlans: fc.array(fc.uuid(), { minLength: 1 }) }), // plans not in the product
      fc.record({ skuId: fc.string() }),
    );
    const structured = fc
      .tuple(fc.array(licence, { maxLength: 3 }), poison, fc.nat(), fc.array(guid, { maxLength: 3 }))
      .map(([adds, bad, at, removeLicenses]) => ({
        addLicenses: [...adds.slice(0, at % (adds.length + 1)), bad, ...adds.slice(at % (adds.length + 1))],
        removeLicenses,
      }));
    const bodies = fc.oneof(
      fc.anything().map((body) => ({ body })),
      fc.record({ addLicenses: fc.anything(), removeLicenses: fc.anything() }, { requiredKeys: [] }).map((body) => ({ body })),
      structured.map((body) => ({ body })),
      fc.string().map((raw) => ({ raw })),
    );
    await fc.assert(
      fc.asyncProperty(bodies, fc.constantFrom(w.ada, w.grace, w.alan), async (input, user) => {
        const res = await call("POST", `/users/${user.id}/assignLicense`, "raw" in input ? { raw: input.raw } : { body: input.body ?? null });
        expect(res.status, JSON.stringify(input)).not.toBe(500);
        if (res.status !== 200) {
          expect(res.status).toBe(400);
          expect(["BadRequest", "Request_BadRequest"]).toContain(res.json.error.code);
        }
      }),
      { numRuns: 250 },
    );
    expect(await counts()).toEqual(before);
  });
});

describe("GET /groups and /groups/{id}", () => {
  it("lists security groups with the licences they carry", async () => {
    const res = await call("GET", "/groups");
    expect(res.status).toBe(200);
    expect(res.json["@odata.context"]).toBe(`${ROOT}/$metadata#groups`);
    expect(res.json.value).toHaveLength(3);
    expect(res.json.value.find((g: { id: string }) => g.id === w.makers.id)).toEqual({
      id: w.makers.id,
      createdDateTime: expect.any(String),
      description: "People who build apps",
      displayName: "Power Apps makers",
      groupTypes: [],
      mail: null,
      mailEnabled: false,
      mailNickname: "PowerAppsmakers",
      securityEnabled: true,
      assignedLicenses: [{ skuId: w.premium.skuId, disabledPlans: [w.plans[2].servicePlanId] }],
    });
    expect((await call("GET", "/groups?$filter=displayName eq 'flow builders'")).json.value.map((g: { id: string }) => g.id)).toEqual([w.flows.id]);
    expect((await call("GET", `/groups/${w.empty.id}?$select=displayName,assignedLicenses`)).json).toEqual({
      "@odata.context": `${ROOT}/$metadata#groups/$entity`,
      displayName: "Everyone else",
      assignedLicenses: [],
    });
  });

  it("400 for a bad filter or object id; 404 for an unknown group or another tenant's; 401; 403", async () => {
    expectGraphError(await call("GET", "/groups?$filter=description eq 'x'"), 400, "Request_UnsupportedQuery");
    expectGraphError(await call("GET", "/groups/not-a-guid"), 400, "Request_BadRequest", "Invalid object identifier 'not-a-guid'.");
    expectGraphError(await call("GET", `/groups/${w.strangers.id}`), 404, "Request_ResourceNotFound");
    await expectAuthErrors("GET", "/groups");
    await expectAuthErrors("GET", `/groups/${w.makers.id}`);
  });
});

describe("GET /groups/{id}/members", () => {
  it("lists members as directoryObjects of type user", async () => {
    const res = await call("GET", `/groups/${w.makers.id}/members`);
    expect(res.status).toBe(200);
    expect(res.json["@odata.context"]).toBe(`${ROOT}/$metadata#directoryObjects`);
    expect(res.json.value).toEqual([
      expect.objectContaining({ "@odata.type": "#microsoft.graph.user", id: w.grace.id, userPrincipalName: w.grace.userPrincipalName }),
    ]);
    expect((await call("GET", `/groups/${w.makers.id}/members?$select=id`)).json.value).toEqual([{ "@odata.type": "#microsoft.graph.user", id: w.grace.id }]);
    expect((await call("GET", `/groups/${w.empty.id}/members`)).json.value).toEqual([]);
  });

  it("404 for an unknown group; 400 for a bad one; 401; 403", async () => {
    expectGraphError(await call("GET", `/groups/${UNKNOWN_ID}/members`), 404, "Request_ResourceNotFound");
    expectGraphError(await call("GET", `/groups/x/members`), 400, "Request_BadRequest");
    await expectAuthErrors("GET", `/groups/${w.makers.id}/members`);
  });
});

describe("POST /groups/{id}/members/$ref and DELETE /groups/{id}/members/{userId}/$ref", () => {
  const ref = (id: string, base = "https://graph.microsoft.com/v1.0") => ({ "@odata.id": `${base}/directoryObjects/${id}` });

  it("adds a member (any base URL) with the group's licences, and removes them again, audited", async () => {
    const user = w.others[3];
    const added = await call("POST", `/groups/${w.makers.id}/members/$ref`, { body: ref(user.id, "http://localhost:3000/graph/v1.0") });
    expect(added.status).toBe(204);
    expect(added.json).toBeNull();
    expect(await t.prisma.licenseAssignment.findMany({ where: { userId: user.id } })).toEqual([
      expect.objectContaining({ source: "GROUP", groupId: w.makers.id, productId: w.premium.id }),
    ]);
    expectGraphError(
      await call("POST", `/groups/${w.makers.id}/members/$ref`, { body: ref(user.id) }),
      400,
      "Request_BadRequest",
      "One or more added object references already exist for the following modified properties: 'members'.",
    );
    const removed = await call("DELETE", `/groups/${w.makers.id}/members/${user.id}/$ref`);
    expect(removed.status).toBe(204);
    expect(await t.prisma.licenseAssignment.count({ where: { userId: user.id } })).toBe(0);
    expectGraphError(
      await call("DELETE", `/groups/${w.makers.id}/members/${user.id}/$ref`),
      404,
      "Request_ResourceNotFound",
      `Resource '${user.id}' does not exist`,
    );
    const audits = await t.prisma.auditEntry.findMany({ where: { targetId: w.makers.id, actorLabel: "API token 'writer'" }, orderBy: { createdAt: "asc" } });
    expect(audits.map((a) => a.action)).toEqual(["group.memberAdded", "group.memberRemoved"]);
  });

  it("adds a member when the group's product is full: the licence is in error (CountViolation), not a refusal", async () => {
    const member = w.others[0];
    expect((await call("POST", `/groups/${w.flows.id}/members/$ref`, { body: ref(member.id) })).status).toBe(204);
    const user = await call("GET", `/users/${member.id}?$select=id,assignedLicenses,licenseAssignmentStates`);
    expect(user.json.assignedLicenses).toEqual([]);
    expect(user.json.licenseAssignmentStates).toEqual([
      expect.objectContaining({ skuId: w.full.skuId, assignedByGroup: w.flows.id, state: "Error", error: "CountViolation" }),
    ]);
    expect((await call("DELETE", `/groups/${w.flows.id}/members/${member.id}/$ref`)).status).toBe(204);
  });

  it("400 for malformed JSON or reference; 404 for an unknown group or user; 401; 403", async () => {
    const path = `/groups/${w.empty.id}/members/$ref`;
    const before = await counts();
    expectGraphError(await call("POST", path, { raw: "{" }), 400, "BadRequest");
    for (const body of [
      {},
      { "@odata.id": 42 },
      { "@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/not-a-guid" },
      { "@odata.id": `https://x/v1.0/groups/${w.ada.id}` },
      { ...ref(w.ada.id), extra: 1 },
    ]) {
      expectGraphError(await call("POST", path, { body }), 400, "Request_BadRequest");
    }
    expectGraphError(await call("POST", `/groups/${UNKNOWN_ID}/members/$ref`, { body: ref(w.ada.id) }), 404, "Request_ResourceNotFound");
    expectGraphError(await call("POST", path, { body: ref(w.stranger.id) }), 404, "Request_ResourceNotFound", `Resource '${w.stranger.id}' does not exist`);
    await expectAuthErrors("POST", path, ref(w.ada.id));
    expect(await counts()).toEqual(before);
  });

  it("DELETE: 404 for an unknown group or a non-member; 400 for a bad group id; 401; 403", async () => {
    expectGraphError(await call("DELETE", `/groups/${UNKNOWN_ID}/members/${w.grace.id}/$ref`), 404, "Request_ResourceNotFound");
    expectGraphError(await call("DELETE", `/groups/${w.makers.id}/members/${w.ada.id}/$ref`), 404, "Request_ResourceNotFound");
    expectGraphError(await call("DELETE", `/groups/${w.makers.id}/members/not-a-guid/$ref`), 404, "Request_ResourceNotFound");
    expectGraphError(await call("DELETE", `/groups/oops/members/${w.grace.id}/$ref`), 400, "Request_BadRequest");
    await expectAuthErrors("DELETE", `/groups/${w.makers.id}/members/${w.grace.id}/$ref`);
    expect(await t.prisma.groupMember.count({ where: { groupId: w.makers.id, userId: w.grace.id } })).toBe(1);
  });
});

describe("anything else under /graph/v1.0", () => {
  it("answers Graph's error for an unknown segment, and 405 for a method a route lacks", async () => {
    expectGraphError(await call("GET", "/me/memberOf"), 400, "BadRequest", "Resource not found for the segment 'memberOf'.");
    expectGraphError(await call("POST", `/groups/${w.makers.id}/members/%24ref`, { body: {} }), 400, "BadRequest");
    expect((await call("DELETE", "/users")).status).toBe(405);
  });
});
