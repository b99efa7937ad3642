/**
 * The official @microsoft/microsoft-graph-client against our route handlers over real HTTP(S)
 * (tests/graph/server.ts): what an existing script does, with only the base URL changed.
 *
 * Two facts of the SDK (3.0.x) shape these tests and docs/graph-api.md:
 * - its AuthenticationHandler calls the authProvider — and sends `Authorization` — only for
 *   https:// URLs whose host is Microsoft Graph's or is listed in `customHosts`. Over plain http
 *   (local development) a small middleware must send the token instead;
 * - it follows an `@odata.nextLink` (PageIterator, `client.api(nextLink)`) only when it is https://.
 */
import { Client, GraphError, HTTPMessageHandler, PageIterator, type Context, type Middleware } from "@microsoft/microsoft-graph-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashToken } from "@/server/domain/tokens/hash";
import { assignDirect, assignGroupLicense, createGroup, createTenant, createUser, stableId } from "../factories";
import { createE3, createPremium } from "./products";
import { useAppDb } from "../setup/app-db";
import { useTestDb } from "../setup/db";
import { startGraphServer, type GraphTestServer } from "./server";
import { selfSignedCertificate } from "../setup/tls";

const t = useTestDb();
const TOKEN = "graph-client-token-0123456789";

/** Sends the API token on every request (what Client.init's authProvider does, but also over http://). */
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

let w: Awaited<ReturnType<typeof world>>;

async function world() {
  const tenant = await createTenant(t.prisma, { name: "Contoso", autoClaimEnabled: true });
  const { plans, premium } = await createPremium(t.prisma, tenant.id, 10, (name) => stableId("plan", name));
  const e3 = await createE3(t.prisma, tenant.id, 1);
  const ada = await createUser(t.prisma, tenant, { givenName: "Ada", surname: "Lovelace", userPrincipalName: `ada.lovelace@${tenant.domain}` });
  const bob = await createUser(t.prisma, tenant, { givenName: "Bob", surname: "Builder" });
  for (let i = 0; i < 5; i++) await createUser(t.prisma, tenant);
  await assignDirect(t.prisma, tenant.id, ada.id, premium.id);
  await assignDirect(t.prisma, tenant.id, bob.id, e3.id);
  const makers = await createGroup(t.prisma, tenant.id, { displayName: "Power Apps makers" });
  await assignGroupLicense(t.prisma, tenant.id, makers.id, premium.id, [plans[1].servicePlanId]);
  await t.prisma.apiToken.create({
    data: { tenantId: tenant.id, name: "graph-script", tokenHash: hashToken(TOKEN), prefix: TOKEN.slice(0, 8), scopes: ["directory.read", "directory.write"] },
  });
  return { tenant, plans, premium, e3, ada, bob, makers };
}

type Sku = { skuId: string; skuPartNumber: string; consumedUnits: number; prepaidUnits: { enabled: number } };

async function consumed(client: Client, skuPartNumber: string): Promise<number> {
  const skus: { value: Sku[] } = await client.api("/subscribedSkus").get();
  return skus.value.find((s) => s.skuPartNumber === skuPartNumber)!.consumedUnits;
}

beforeAll(async () => {
  useAppDb(t.db);
  w = await world();
});

describe("@microsoft/microsoft-graph-client over HTTP", () => {
  let server: GraphTestServer;
  let client: Client;

  beforeAll(async () => {
    server = await startGraphServer();
    client = Client.initWithMiddleware({
      baseUrl: `${server.origin}/graph/`,
      defaultVersion: "v1.0",
      middleware: [new BearerTokenHandler(TOKEN), new HTTPMessageHandler()],
    });
  });
  afterAll(() => server?.close());

  it("lists SKUs, finds a user by UPN, moves them from a direct licence to a group's, and sees the units move", async () => {
    const skus: { value: Sku[] } = await client.api("/subscribedSkus").get();
    const premium = skus.value.find((s) => s.skuPartNumber === "POWERAPPS_PER_USER")!;
    expect(premium).toMatchObject({ skuId: w.premium.skuId, consumedUnits: 1, prepaidUnits: { enabled: 10 } });

    const found = await client
      .api("/users")
      .filter(`userPrincipalName eq '${w.ada.userPrincipalName}'`)
      .select(["id", "displayName", "assignedLicenses"])
      .get();
    expect(found.value).toEqual([{ id: w.ada.id, displayName: "Ada Lovelace", assignedLicenses: [{ skuId: premium.skuId, disabledPlans: [] }] }]);
    const userId: string = found.value[0].id;

    const afterRemove = await client.api(`/users/${userId}/assignLicense`).post({ addLicenses: [], removeLicenses: [premium.skuId] });
    expect(afterRemove).toMatchObject({ id: userId, assignedLicenses: [], licenseAssignmentStates: [] });
    expect(await consumed(client, "POWERAPPS_PER_USER")).toBe(0);

    const added = await client.api(`/groups/${w.makers.id}/members/$ref`).post({ "@odata.id": `https://graph.microsoft.com/v1.0/directoryObjects/${userId}` });
    expect(added).toBeUndefined(); // 204 No Content
    const members = await client.api(`/groups/${w.makers.id}/members`).get();
    expect(members.value.map((m: { "@odata.type": string; id: string }) => [m["@odata.type"], m.id])).toEqual([["#microsoft.graph.user", userId]]);

    const details = await client.api(`/users/${w.ada.userPrincipalName}/licenseDetails`).get();
    expect(details.value).toEqual([
      {
        id: w.premium.id,
        skuId: premium.skuId,
        skuPartNumber: "POWERAPPS_PER_USER",
        servicePlans: w.plans.map((p, i) => ({
          servicePlanId: p.servicePlanId,
          servicePlanName: p.servicePlanName,
          provisioningStatus: i === 1 ? "Disabled" : "Success",
          appliesTo: "User",
        })),
      },
    ]);
    const user = await client.api(`/users/${userId}`).select("licenseAssignmentStates").get();
    expect(user.licenseAssignmentStates).toEqual([expect.objectContaining({ skuId: premium.skuId, assignedByGroup: w.makers.id, state: "Active" })]);
    expect(await consumed(client, "POWERAPPS_PER_USER")).toBe(1);

    await client.api(`/groups/${w.makers.id}/members/${userId}/$ref`).delete();
    expect(await consumed(client, "POWERAPPS_PER_USER")).toBe(0);
    expect(server.log).toContain(`POST /graph/v1.0/groups/${w.makers.id}/members/$ref`);
  });

  it("surfaces Graph's errors as GraphError with status, code and request id", async () => {
    const error: unknown = await client
      .api(`/users/${w.ada.id}/assignLicense`)
      .post({ addLicenses: [{ skuId: w.e3.skuId, disabledPlans: [] }], removeLicenses: [] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphError);
    const graphError = error as GraphError;
    expect(graphError).toMatchObject({
      statusCode: 400,
      code: "Request_BadRequest",
      message: `Subscription ${w.e3.skuId} does not have any available licenses.`,
    });
    expect(graphError.requestId).toMatch(/^[0-9a-f-]{36}$/);

    const missing = (await client
      .api("/users/nobody@nowhere.example")
      .get()
      .catch((e: unknown) => e)) as GraphError;
    expect(missing).toMatchObject({ statusCode: 404, code: "Request_ResourceNotFound" });
    const anonymous = Client.initWithMiddleware({ baseUrl: `${server.origin}/graph/`, defaultVersion: "v1.0", middleware: new HTTPMessageHandler() });
    expect(
      await anonymous
        .api("/users")
        .get()
        .catch((e: unknown) => e),
    ).toMatchObject({ statusCode: 401, code: "InvalidAuthenticationToken" });
  });

  it("(the SDK's rule) Client.init never asks its authProvider for a token for a plain-http base URL", async () => {
    let asked = 0;
    const plain = Client.init({
      authProvider: (done) => {
        asked++;
        done(null, TOKEN);
      },
      baseUrl: `${server.origin}/graph/`,
      defaultVersion: "v1.0",
      customHosts: new Set(["127.0.0.1"]),
    });
    expect(
      await plain
        .api("/users")
        .get()
        .catch((e: unknown) => e),
    ).toMatchObject({ statusCode: 401 });
    expect(asked).toBe(0);
  });
});

/**
 * Node's fetch trusting one certificate: a new dispatcher of the class of fetch's own (undici's
 * Agent, which Node does not export), with that certificate as its only CA.
 */
async function fetchTrusting(ca: string, warmUpUrl: string): Promise<object> {
  await fetch(warmUpUrl).catch(() => undefined); // Node makes its global dispatcher on the first fetch.
  const dispatcher = (globalThis as Record<symbol, unknown>)[Symbol.for("undici.globalDispatcher.1")] as { constructor: new (options: object) => object };
  return new dispatcher.constructor({ connect: { ca } });
}

const certificate = selfSignedCertificate();

describe.skipIf(!certificate)("@microsoft/microsoft-graph-client over HTTPS, configured as for Microsoft Graph", () => {
  let server: GraphTestServer;
  let client: Client;

  beforeAll(async () => {
    server = await startGraphServer({ tls: certificate! });
    const dispatcher = await fetchTrusting(certificate!.cert, `${server.origin}/graph/v1.0/users`);
    // Exactly what a script written for Microsoft Graph does, plus baseUrl and customHosts.
    client = Client.init({
      authProvider: (done) => done(null, TOKEN),
      baseUrl: `${server.origin}/graph/`,
      defaultVersion: "v1.0",
      customHosts: new Set(["127.0.0.1"]),
      fetchOptions: { dispatcher } as object,
    });
  });
  afterAll(() => server?.close());

  it("authenticates through authProvider and pages every user with PageIterator (@odata.nextLink)", async () => {
    const first = await client.api("/users").top(3).select("id,userPrincipalName").get();
    expect(first["@odata.nextLink"]).toMatch(new RegExp(`^${server.origin}/graph/v1\\.0/users\\?`));
    const ids: string[] = [];
    await new PageIterator(client, first, (user: { id: string }) => {
      ids.push(user.id);
      return true;
    }).iterate();
    const all = await t.prisma.user.findMany({ where: { tenantId: w.tenant.id }, orderBy: { id: "asc" }, select: { id: true } });
    expect(ids).toEqual(all.map((u) => u.id));
    expect(server.log.filter((line) => line.includes("$skiptoken="))).toHaveLength(2);
  });
});
