/**
 * Group-based licensing through the Graph-compatible API (SPEC §9), with Microsoft's
 * @microsoft/microsoft-graph-client over real HTTP (tests/graph/server.ts) as a script would call it:
 * `POST /groups/{id}/assignLicense` (202 and the group), a member the pool cannot serve in error
 * (`licenseAssignmentStates[].state: "Error"`, `error: "CountViolation"`) and not counted in
 * `subscribedSkus.consumedUnits`, `GET /groups/{id}/membersWithLicenseErrors` paged by
 * `@odata.nextLink`, and `POST /users/{id}/reprocessLicenseAssignment`; then every refusal in
 * Graph's error shape. Each test makes a tenant of its own.
 */
import { Client, GraphError, HTTPMessageHandler, ResponseType, type Context, type Middleware } from "@microsoft/microsoft-graph-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setPurchasedUnits } from "@/server/domain/licenses/products";
import { hashToken } from "@/server/domain/tokens/hash";
import { addGroupMembers, createGroup, createTenant, createUser, stableId } from "../factories";
import { useAppDb } from "../setup/app-db";
import { useTestDb } from "../setup/db";
import { createE3, createPremium } from "./products";
import { dispatch, startGraphServer, type GraphTestServer } from "./server";

const t = useTestDb();
const UNKNOWN_ID = "00000000-0000-4000-8000-00000000beef";

/** Sends the API token on every request (over http:// the SDK's authProvider never would). */
class BearerTokenHandler implements Middleware {
  private nextMiddleware: Middleware | undefined;
  constructor(private readonly token: string) {}
  async execute(context: Context): Promise<void> {
    context.options = { ...context.options, headers: { ...(context.options?.headers as Record<string, string>), Authorization: `Bearer ${this.token}` } };
    await this.nextMiddleware!.execute(context);
  }
  setNext(next: Middleware): void {
    this.nextMiddleware = next;
  }
}

let server: GraphTestServer;

beforeAll(async () => {
  useAppDb(t.db);
  server = await startGraphServer();
});
afterAll(() => server?.close());

const clientFor = (token: string) =>
  Client.initWithMiddleware({
    baseUrl: `${server.origin}/graph/`,
    defaultVersion: "v1.0",
    middleware: [new BearerTokenHandler(token), new HTTPMessageHandler()],
  });

/**
 * A tenant of the test's own: Power Apps Premium with one unit, Microsoft 365 E3 with five, three
 * people in "Power Apps makers" (which carries nothing yet), one outsider, and a group of another
 * tenant; tokens to read, to write, and one for launches only.
 */
async function world() {
  const tenant = await createTenant(t.prisma, { name: "Fabrikam" });
  const { plans, premium } = await createPremium(t.prisma, tenant.id, 1, (name) => stableId("plan", tenant.id, name));
  const e3 = await createE3(t.prisma, tenant.id, 5);
  const people = [];
  for (const [givenName, surname] of [
    ["Ada", "Lovelace"],
    ["Grace", "Hopper"],
    ["Alan", "Turing"],
  ])
    people.push(await createUser(t.prisma, tenant, { givenName, surname, userPrincipalName: `${givenName.toLowerCase()}@${tenant.domain}` }));
  const outsider = await createUser(t.prisma, tenant, { givenName: "Olive", surname: "Outsider" });
  const makers = await createGroup(t.prisma, tenant.id, { displayName: "Power Apps makers" });
  await addGroupMembers(
    t.prisma,
    tenant.id,
    makers.id,
    people.map((p) => p.id),
  );
  const elsewhere = await createTenant(t.prisma);
  const strangers = await createGroup(t.prisma, elsewhere.id, { displayName: "Elsewhere" });
  const stranger = await createUser(t.prisma, elsewhere);
  const tokens = { read: `gl-read-${tenant.id}`, write: `gl-write-${tenant.id}`, launches: `gl-launches-${tenant.id}` };
  await t.prisma.apiToken.createMany({
    data: [
      { tenantId: tenant.id, name: "reader", tokenHash: hashToken(tokens.read), prefix: "gl-read-", scopes: ["directory.read"] },
      { tenantId: tenant.id, name: "writer", tokenHash: hashToken(tokens.write), prefix: "gl-write", scopes: ["directory.write"] },
      { tenantId: tenant.id, name: "runtime", tokenHash: hashToken(tokens.launches), prefix: "gl-launc", scopes: ["launches"] },
    ],
  });
  return {
    tenant,
    plans,
    premium,
    e3,
    people,
    outsider,
    makers,
    strangers,
    stranger,
    tokens,
    writer: clientFor(tokens.write),
    ctx: { db: t.prisma, actor: { id: null, label: "test" }, tenantId: tenant.id },
  };
}
type World = Awaited<ReturnType<typeof world>>;

type Sku = { skuId: string; consumedUnits: number; prepaidUnits: { enabled: number } };
type State = { skuId: string; assignedByGroup: string | null; state: string; error: string; disabledPlans: string[] };
type User = { id: string; assignedLicenses: { skuId: string; disabledPlans: string[] }[]; licenseAssignmentStates: State[] };

async function consumed(client: Client, skuId: string): Promise<number> {
  const skus: { value: Sku[] } = await client.api("/subscribedSkus").get();
  return skus.value.find((s) => s.skuId === skuId)!.consumedUnits;
}

const readUser = (client: Client, id: string): Promise<User> => client.api(`/users/${id}`).select("id,assignedLicenses,licenseAssignmentStates").get();

/** The state of each person's licence of a SKU: "Active", "Error/CountViolation", or null when they have none. */
async function statesOf(client: Client, w: World, skuId: string) {
  const states = [];
  for (const person of w.people) {
    const user = await readUser(client, person.id);
    const state = user.licenseAssignmentStates.find((s) => s.skuId === skuId);
    states.push(state ? (state.state === "Active" ? "Active" : `${state.state}/${state.error}`) : null);
  }
  return states;
}

/** The group licence in error, as Graph shows it: nothing in assignedLicenses, the state says why. */
function expectCountViolation(user: User, w: World) {
  expect(user.assignedLicenses).toEqual([]);
  expect(user.licenseAssignmentStates).toEqual([
    {
      skuId: w.premium.skuId,
      assignedByGroup: w.makers.id,
      state: "Error",
      error: "CountViolation",
      disabledPlans: expect.any(Array),
      lastUpdatedDateTime: expect.any(String),
    },
  ]);
}

/** A call as a program would make it, through the route file Next would pick: status, headers, JSON. */
async function call(method: string, url: string, { token, body, raw }: { token?: string | null; body?: unknown; raw?: string } = {}) {
  const res = await dispatch(
    new Request(url.startsWith("http") ? url : `http://127.0.0.1:3000/graph/v1.0${url}`, {
      method,
      headers: {
        ...(body !== undefined || raw !== undefined ? { "content-type": "application/json" } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    }),
  );
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : null };
}

function expectGraphError(res: Awaited<ReturnType<typeof call>>, status: number, code: string, message?: string | RegExp) {
  expect(res.status, JSON.stringify(res.json)).toBe(status);
  expect(res.json.error).toMatchObject({ code, message: expect.any(String), innerError: { "request-id": res.headers.get("request-id") } });
  if (message) expect(res.json.error.message).toMatch(message);
}

/** Everything a refused call must leave alone, in this tenant. */
const snapshot = async (tenantId: string) => ({
  assignments: await t.prisma.licenseAssignment.findMany({ where: { tenantId }, orderBy: { id: "asc" }, select: { id: true, state: true } }),
  groupLicenses: await t.prisma.groupLicense.count({ where: { group: { tenantId } } }),
  audits: await t.prisma.auditEntry.count({ where: { tenantId } }),
  units: (await t.prisma.product.findMany({ where: { tenantId }, orderBy: { id: "asc" }, select: { consumedUnits: true } })).map((p) => p.consumedUnits),
});

describe("POST /groups/{id}/assignLicense with @microsoft/microsoft-graph-client", () => {
  it("adds products to a group: members are served while units last, the rest are in error (CountViolation) and consume nothing; removing frees the units", async () => {
    const w = await world();
    const client = w.writer;

    const raw: Response = await client
      .api(`/groups/${w.makers.id}/assignLicense`)
      .responseType(ResponseType.RAW)
      .post({
        addLicenses: [
          { skuId: w.premium.skuId, disabledPlans: [w.plans[2].servicePlanId] },
          { skuId: w.e3.skuId, disabledPlans: [] },
        ],
        removeLicenses: [],
      });
    expect(raw.status).toBe(202);
    expect(raw.headers.get("location")).toBe(`${server.origin}/graph/v1.0/groups/${w.makers.id}`);
    expect(await raw.json()).toMatchObject({
      "@odata.context": `${server.origin}/graph/v1.0/$metadata#groups/$entity`,
      id: w.makers.id,
      displayName: "Power Apps makers",
      assignedLicenses: [
        { skuId: w.premium.skuId, disabledPlans: [w.plans[2].servicePlanId] },
        { skuId: w.e3.skuId, disabledPlans: [] },
      ],
    });

    // One Premium unit for three members: one holds it, two wait in error. E3 has units for all.
    const premiumStates = await statesOf(client, w, w.premium.skuId);
    expect(premiumStates.filter((s) => s === "Active")).toHaveLength(1);
    expect(premiumStates.filter((s) => s === "Error/CountViolation")).toHaveLength(2);
    expect(await statesOf(client, w, w.e3.skuId)).toEqual(["Active", "Active", "Active"]);
    const holder = w.people[premiumStates.indexOf("Active")];
    const waiting = w.people.filter((_, i) => premiumStates[i] !== "Active");
    expect((await readUser(client, holder.id)).assignedLicenses).toEqual(
      expect.arrayContaining([{ skuId: w.premium.skuId, disabledPlans: [w.plans[2].servicePlanId] }]),
    );
    const inError = await readUser(client, waiting[0].id);
    expect(inError.assignedLicenses).toEqual([{ skuId: w.e3.skuId, disabledPlans: [] }]);
    expect(inError.licenseAssignmentStates).toContainEqual(
      expect.objectContaining({ skuId: w.premium.skuId, assignedByGroup: w.makers.id, state: "Error", error: "CountViolation" }),
    );
    // consumedUnits counts only the licence that is active (the database counts ACTIVE assignments).
    expect(await consumed(client, w.premium.skuId)).toBe(1);
    expect(await consumed(client, w.e3.skuId)).toBe(3);
    const details = await client.api(`/users/${waiting[0].id}/licenseDetails`).get();
    expect(details.value.map((d: { skuId: string }) => d.skuId)).toEqual([w.e3.skuId]);

    // The group lists the two members in error, as users.
    const errors = await client.api(`/groups/${w.makers.id}/membersWithLicenseErrors`).get();
    expect(errors["@odata.context"]).toBe(`${server.origin}/graph/v1.0/$metadata#directoryObjects`);
    expect(errors.value.map((u: { id: string }) => u.id)).toEqual(waiting.map((p) => p.id).sort());
    expect(errors.value[0]).toMatchObject({ "@odata.type": "#microsoft.graph.user", displayName: expect.any(String), userPrincipalName: expect.any(String) });

    // Adding a SKU the group carries changes its disabled plans, for every member.
    const updated = await client
      .api(`/groups/${w.makers.id}/assignLicense`)
      .post({ addLicenses: [{ skuId: w.premium.skuId, disabledPlans: null }], removeLicenses: [] });
    expect(updated.assignedLicenses).toContainEqual({ skuId: w.premium.skuId, disabledPlans: [] });
    expect((await readUser(client, holder.id)).assignedLicenses).toContainEqual({ skuId: w.premium.skuId, disabledPlans: [] });

    // Removing Premium takes it from everyone (in error or not) and frees the unit; E3 stays.
    const removed = await client.api(`/groups/${w.makers.id}/assignLicense`).post({ addLicenses: [], removeLicenses: [w.premium.skuId] });
    expect(removed.assignedLicenses).toEqual([{ skuId: w.e3.skuId, disabledPlans: [] }]);
    expect(await statesOf(client, w, w.premium.skuId)).toEqual([null, null, null]);
    expect(await consumed(client, w.premium.skuId)).toBe(0);
    expect(await consumed(client, w.e3.skuId)).toBe(3);
    expect((await client.api(`/groups/${w.makers.id}/membersWithLicenseErrors`).get()).value).toEqual([]);
    const group = await client.api(`/groups/${w.makers.id}`).select("id,assignedLicenses").get();
    expect(group).toMatchObject({ id: w.makers.id, assignedLicenses: [{ skuId: w.e3.skuId, disabledPlans: [] }] });
    const listed = await client.api("/groups").filter("displayName eq 'Power Apps makers'").select("id,assignedLicenses").get();
    expect(listed.value).toEqual([{ id: w.makers.id, assignedLicenses: [{ skuId: w.e3.skuId, disabledPlans: [] }] }]);

    const audits = await t.prisma.auditEntry.findMany({ where: { tenantId: w.tenant.id, action: "group.licenses" }, orderBy: { createdAt: "asc" } });
    expect(audits.map((a) => a.actorLabel)).toEqual(["API token 'writer'", "API token 'writer'", "API token 'writer'"]);
  });

  it("removing a product from one group frees its unit for a member in error through another group", async () => {
    const w = await world();
    const client = w.writer;
    const solo = await createGroup(t.prisma, w.tenant.id, { displayName: "Ada alone" });
    await addGroupMembers(t.prisma, w.tenant.id, solo.id, [w.people[0].id]);
    const other = await createGroup(t.prisma, w.tenant.id, { displayName: "Flow builders" });
    await addGroupMembers(t.prisma, w.tenant.id, other.id, [w.outsider.id]);
    // Ada takes the one unit through her group; the outsider then waits through the other group.
    await client.api(`/groups/${solo.id}/assignLicense`).post({ addLicenses: [{ skuId: w.premium.skuId }], removeLicenses: [] });
    await client.api(`/groups/${other.id}/assignLicense`).post({ addLicenses: [{ skuId: w.premium.skuId }], removeLicenses: [] });
    expect((await readUser(client, w.outsider.id)).licenseAssignmentStates).toEqual([
      expect.objectContaining({ assignedByGroup: other.id, state: "Error", error: "CountViolation" }),
    ]);
    expect((await client.api(`/groups/${other.id}/membersWithLicenseErrors`).get()).value.map((u: { id: string }) => u.id)).toEqual([w.outsider.id]);

    await client.api(`/groups/${solo.id}/assignLicense`).post({ addLicenses: [], removeLicenses: [w.premium.skuId] });
    expect((await readUser(client, w.outsider.id)).licenseAssignmentStates).toEqual([
      expect.objectContaining({ assignedByGroup: other.id, state: "Active", error: "None" }),
    ]);
    expect(await consumed(client, w.premium.skuId)).toBe(1);
    expect((await client.api(`/groups/${other.id}/membersWithLicenseErrors`).get()).value).toEqual([]);
  });
});

describe("GET /groups/{id}/membersWithLicenseErrors", () => {
  it("pages with $top and @odata.nextLink, counts with $count, and $select keeps the user's licence properties only when named", async () => {
    const w = await world();
    await w.writer.api(`/groups/${w.makers.id}/assignLicense`).post({ addLicenses: [{ skuId: w.premium.skuId }], removeLicenses: [] });
    const expected = (await t.prisma.licenseAssignment.findMany({ where: { groupId: w.makers.id, state: "ERROR" }, select: { userId: true } }))
      .map((a) => a.userId)
      .sort();
    expect(expected).toHaveLength(2);

    const first = await call("GET", `/groups/${w.makers.id}/membersWithLicenseErrors?$top=1&$count=true&$select=id,userPrincipalName`, {
      token: w.tokens.read,
    });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({
      "@odata.count": 2,
      value: [{ "@odata.type": "#microsoft.graph.user", id: expected[0], userPrincipalName: expect.any(String) }],
    });
    expect(Object.keys(first.json.value[0]).sort()).toEqual(["@odata.type", "id", "userPrincipalName"]);
    expect(first.json["@odata.nextLink"]).toMatch(/membersWithLicenseErrors\?\$top=1&\$count=true&\$select=id,userPrincipalName&\$skiptoken=/);
    const second = await call("GET", first.json["@odata.nextLink"], { token: w.tokens.read });
    expect(second.json.value.map((u: { id: string }) => u.id)).toEqual([expected[1]]);
    expect(second.json["@odata.nextLink"]).toBeUndefined();

    const plain = await call("GET", `/groups/${w.makers.id}/membersWithLicenseErrors`, { token: w.tokens.read });
    expect(plain.json.value[0]).not.toHaveProperty("licenseAssignmentStates");
    const withStates = await call("GET", `/groups/${w.makers.id}/membersWithLicenseErrors?$select=id,licenseAssignmentStates`, { token: w.tokens.read });
    expect(withStates.json.value[0].licenseAssignmentStates).toEqual([expect.objectContaining({ state: "Error", error: "CountViolation" })]);
    const filtered = await call("GET", `/groups/${w.makers.id}/membersWithLicenseErrors?$filter=id eq '${expected[1]}'`, { token: w.tokens.read });
    expect(filtered.json.value.map((u: { id: string }) => u.id)).toEqual([expected[1]]);
  });

  it("400 for a bad group id or query; 404 for an unknown group or another tenant's; 401; 403", async () => {
    const w = await world();
    const path = `/groups/${w.makers.id}/membersWithLicenseErrors`;
    expectGraphError(
      await call("GET", `/groups/nope/membersWithLicenseErrors`, { token: w.tokens.read }),
      400,
      "Request_BadRequest",
      "Invalid object identifier 'nope'.",
    );
    expectGraphError(await call("GET", `${path}?$orderby=displayName`, { token: w.tokens.read }), 400, "Request_UnsupportedQuery");
    expectGraphError(await call("GET", `${path}?$top=0`, { token: w.tokens.read }), 400, "Request_BadRequest");
    expectGraphError(await call("GET", `/groups/${UNKNOWN_ID}/membersWithLicenseErrors`, { token: w.tokens.read }), 404, "Request_ResourceNotFound");
    expectGraphError(await call("GET", `/groups/${w.strangers.id}/membersWithLicenseErrors`, { token: w.tokens.read }), 404, "Request_ResourceNotFound");
    expectGraphError(await call("GET", path), 401, "InvalidAuthenticationToken");
    expectGraphError(await call("GET", path, { token: w.tokens.launches }), 403, "Authorization_RequestDenied");
  });
});

describe("POST /users/{id}/reprocessLicenseAssignment with @microsoft/microsoft-graph-client", () => {
  it("reads the licence in error, and after units are raised the reprocessed user's state is Active", async () => {
    const w = await world();
    const client = w.writer;
    await client.api(`/groups/${w.makers.id}/assignLicense`).post({ addLicenses: [{ skuId: w.premium.skuId }], removeLicenses: [] });
    const waiting = (await t.prisma.licenseAssignment.findMany({ where: { groupId: w.makers.id, state: "ERROR" }, orderBy: { userId: "asc" } })).map((a) =>
      w.people.find((p) => p.id === a.userId)!,
    );
    expect(waiting).toHaveLength(2);
    expectCountViolation(await readUser(client, waiting[0].id), w);

    // No unit free: reprocessing answers the user, still in error, and is audited.
    const unchanged: User = await client.api(`/users/${waiting[0].userPrincipalName}/reprocessLicenseAssignment`).post(undefined);
    expect(unchanged).toMatchObject({ "@odata.context": expect.stringMatching(/\$metadata#users\/\$entity$/), id: waiting[0].id });
    expectCountViolation(unchanged, w);
    expect(await t.prisma.auditEntry.count({ where: { tenantId: w.tenant.id, action: "user.reprocessed", targetId: waiting[0].id } })).toBe(1);

    // Raising the units (the console's way) serves the longest-waiting member at once.
    const raised = await setPurchasedUnits(w.ctx, { productId: w.premium.id, purchasedUnits: 3 });
    expect(raised).toMatchObject({ served: 2, stillInError: 0, consumedUnits: 3 });
    for (const person of waiting) {
      const user: User = await client.api(`/users/${person.id}/reprocessLicenseAssignment`).post({});
      expect(user.assignedLicenses).toEqual([{ skuId: w.premium.skuId, disabledPlans: [] }]);
      expect(user.licenseAssignmentStates).toEqual([
        expect.objectContaining({ skuId: w.premium.skuId, assignedByGroup: w.makers.id, state: "Active", error: "None" }),
      ]);
    }
    expect(await consumed(client, w.premium.skuId)).toBe(3);
  });

  it("serves the queue when units became free without anyone serving it, in turn: nobody jumps the queue", async () => {
    const w = await world();
    const client = w.writer;
    await client.api(`/groups/${w.makers.id}/assignLicense`).post({ addLicenses: [{ skuId: w.premium.skuId }], removeLicenses: [] });
    // The queue's order: longest-waiting first, then by user id.
    const [earlier, later] = await t.prisma.licenseAssignment.findMany({
      where: { groupId: w.makers.id, state: "ERROR" },
      orderBy: [{ waitingSince: "asc" }, { userId: "asc" }],
    });
    // A unit bought outside the console: the column changes, nobody serves the queue.
    await t.prisma.product.update({ where: { id: w.premium.id }, data: { purchasedUnits: 2 } });
    expect(await consumed(client, w.premium.skuId)).toBe(1);
    expectCountViolation(await readUser(client, later.userId), w);

    // The later one asks first: the unit goes to the one whose turn it is.
    const stillWaiting: User = await client.api(`/users/${later.userId}/reprocessLicenseAssignment`).post({});
    expectCountViolation(stillWaiting, w);
    expect((await readUser(client, earlier.userId)).licenseAssignmentStates).toEqual([expect.objectContaining({ state: "Active", error: "None" })]);
    expect(await consumed(client, w.premium.skuId)).toBe(2);

    await t.prisma.product.update({ where: { id: w.premium.id }, data: { purchasedUnits: 3 } });
    const served: User = await client.api(`/users/${later.userId}/reprocessLicenseAssignment`).post({});
    expect(served.licenseAssignmentStates).toEqual([expect.objectContaining({ state: "Active", error: "None" })]);
    expect(await consumed(client, w.premium.skuId)).toBe(3);
    expect((await client.api(`/groups/${w.makers.id}/membersWithLicenseErrors`).get()).value).toEqual([]);
  });

  it("404 for an unknown user or another tenant's; 401; 403 with a read-only token, through the SDK's GraphError; 413 for a body over 1 MB", async () => {
    const w = await world();
    const before = await snapshot(w.tenant.id);
    const fails = (client: Client, path: string) =>
      client
        .api(path)
        .post({})
        .catch((e: unknown) => e);
    const unknown = await fails(w.writer, `/users/nobody@nowhere.example/reprocessLicenseAssignment`);
    expect(unknown).toBeInstanceOf(GraphError);
    expect(unknown).toMatchObject({ statusCode: 404, code: "Request_ResourceNotFound" });
    expect(await fails(w.writer, `/users/${w.stranger.id}/reprocessLicenseAssignment`)).toMatchObject({ statusCode: 404 });
    expect(await fails(clientFor(w.tokens.read), `/users/${w.people[0].id}/reprocessLicenseAssignment`)).toMatchObject({
      statusCode: 403,
      code: "Authorization_RequestDenied",
    });
    expect(await fails(clientFor("not-a-token"), `/users/${w.people[0].id}/reprocessLicenseAssignment`)).toMatchObject({
      statusCode: 401,
      code: "InvalidAuthenticationToken",
    });
    const path = `/users/${w.people[0].id}/reprocessLicenseAssignment`;
    expectGraphError(await call("POST", path, { token: w.tokens.write, raw: " ".repeat(1024 * 1024 + 1) }), 413, "RequestEntityTooLarge");
    expectGraphError(await call("POST", `/users/a%00b/reprocessLicenseAssignment`, { token: w.tokens.write }), 400, "Request_BadRequest");
    expect(await snapshot(w.tenant.id)).toEqual(before);
    // The action has no parameters: a body, JSON or not, is ignored.
    expect((await call("POST", path, { token: w.tokens.write, raw: "{not json" })).status).toBe(200);
  });
});

describe("POST /groups/{id}/assignLicense refusals", () => {
  it("400 for an unknown SKU, a plan not in the SKU, a SKU the group does not carry, the same SKU twice or a malformed body; nothing written", async () => {
    const w = await world();
    await w.writer.api(`/groups/${w.makers.id}/assignLicense`).post({ addLicenses: [{ skuId: w.e3.skuId }], removeLicenses: [] });
    const before = await snapshot(w.tenant.id);
    const path = `/groups/${w.makers.id}/assignLicense`;
    const post = (body: unknown) => call("POST", path, { token: w.tokens.write, body });

    expectGraphError(
      await post({ addLicenses: [{ skuId: UNKNOWN_ID }], removeLicenses: [] }),
      400,
      "Request_BadRequest",
      `License ${UNKNOWN_ID} does not correspond to a valid company License.`,
    );
    expectGraphError(
      await post({ addLicenses: [{ skuId: w.e3.skuId, disabledPlans: [w.plans[0].servicePlanId] }], removeLicenses: [] }),
      400,
      "Request_BadRequest",
      `Invalid value specified for property 'disabledPlans': ${w.plans[0].servicePlanId} is not a service plan of license ${w.e3.skuId}.`,
    );
    expectGraphError(
      await post({ addLicenses: [], removeLicenses: [w.premium.skuId] }),
      400,
      "Request_BadRequest",
      "Group does not have a corresponding license.",
    );
    // A valid addition beside a bad removal: the whole call is refused.
    expectGraphError(
      await post({ addLicenses: [{ skuId: w.premium.skuId }], removeLicenses: [UNKNOWN_ID] }),
      400,
      "Request_BadRequest",
      /does not correspond to a valid company License/,
    );
    expectGraphError(await post({ addLicenses: [{ skuId: w.premium.skuId }], removeLicenses: [w.premium.skuId] }), 400, "Request_BadRequest");
    expectGraphError(await call("POST", path, { token: w.tokens.write, raw: "{nope" }), 400, "BadRequest", /JSON/);
    expectGraphError(await post({ addLicenses: [] }), 400, "Request_BadRequest", /removeLicenses/);
    expectGraphError(await post({ addLicenses: [{ skuId: "E3" }], removeLicenses: [] }), 400, "Request_BadRequest", /addLicenses\.0\.skuId/);
    expectGraphError(await post({ addLicenses: [], removeLicenses: [], extra: 1 }), 400, "Request_BadRequest");
    expect(await snapshot(w.tenant.id)).toEqual(before);
  });

  it("400 for a bad group id; 404 for an unknown group or another tenant's; 401; 403 with a read or launches token", async () => {
    const w = await world();
    const before = await snapshot(w.tenant.id);
    const body = { addLicenses: [{ skuId: w.premium.skuId }], removeLicenses: [] };
    expectGraphError(
      await call("POST", `/groups/x/assignLicense`, { token: w.tokens.write, body }),
      400,
      "Request_BadRequest",
      "Invalid object identifier 'x'.",
    );
    expectGraphError(await call("POST", `/groups/${UNKNOWN_ID}/assignLicense`, { token: w.tokens.write, body }), 404, "Request_ResourceNotFound");
    expectGraphError(await call("POST", `/groups/${w.strangers.id}/assignLicense`, { token: w.tokens.write, body }), 404, "Request_ResourceNotFound");
    const path = `/groups/${w.makers.id}/assignLicense`;
    expectGraphError(await call("POST", path, { body }), 401, "InvalidAuthenticationToken");
    expectGraphError(await call("POST", path, { token: "not-a-token", body }), 401, "InvalidAuthenticationToken");
    for (const token of [w.tokens.read, w.tokens.launches])
      expectGraphError(await call("POST", path, { token, body }), 403, "Authorization_RequestDenied", /Insufficient privileges/);
    // The SDK sees the same refusal as a GraphError.
    const refused = await clientFor(w.tokens.read)
      .api(path)
      .post(body)
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(GraphError);
    expect(refused).toMatchObject({ statusCode: 403, code: "Authorization_RequestDenied" });
    expect(await snapshot(w.tenant.id)).toEqual(before);
  });
});
