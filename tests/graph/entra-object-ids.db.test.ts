/**
 * Entra object ids in the Graph-compatible API (SPEC §10.1): users and groups that provisioning
 * gave an `externalId` (their object id in Microsoft Entra) are shown and found by it, so a script
 * written against the real tenant — its ids copied from Entra — runs here unchanged. Driven over
 * HTTP by the official @microsoft/microsoft-graph-client, as such a script would be.
 */
import { Client, GraphError, HTTPMessageHandler, type Context, type Middleware } from "@microsoft/microsoft-graph-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashToken } from "@/server/domain/tokens/hash";
import { assignGroupLicense, createGroup, createTenant, createUser, stableId } from "../factories";
import { createPremium } from "./products";
import { useAppDb } from "../setup/app-db";
import { useTestDb } from "../setup/db";
import { startGraphServer, type GraphTestServer } from "./server";

const t = useTestDb();
const TOKEN = "graph-entra-ids-token-5b0e3c1d9a";

class BearerTokenHandler implements Middleware {
  private nextMiddleware: Middleware | undefined;
  async execute(context: Context): Promise<void> {
    context.options = { ...context.options, headers: { ...(context.options?.headers as Record<string, string>), Authorization: `Bearer ${TOKEN}` } };
    await this.nextMiddleware!.execute(context);
  }
  setNext(next: Middleware): void {
    this.nextMiddleware = next;
  }
}

/** Object ids as Entra writes them: lowercase GUIDs, unrelated to the portal's own ids. */
const ADA_OBJECT_ID = "0b8f3c2e-7d41-4a9e-b1c6-5e2f9a7d3c10";
const MAKERS_OBJECT_ID = "6f1d2a9c-3e85-47b0-9c2d-8a1e4f6b7d25";

let w: Awaited<ReturnType<typeof world>>;
let server: GraphTestServer;
let client: Client;

async function world() {
  const tenant = await createTenant(t.prisma, { name: "Contoso", autoClaimEnabled: true });
  const { premium } = await createPremium(t.prisma, tenant.id, 5, (name) => stableId("entra-plan", tenant.id, name));
  const ada = await createUser(t.prisma, tenant, { givenName: "Ada", surname: "Lovelace", userPrincipalName: `ada.lovelace@${tenant.domain}` });
  await t.prisma.user.update({ where: { id: ada.id }, data: { externalId: ADA_OBJECT_ID } });
  const bob = await createUser(t.prisma, tenant, { givenName: "Bob", surname: "Builder" });
  // Not a GUID (an HR number, say): not an Entra object id, so the portal's id stands.
  const eve = await createUser(t.prisma, tenant, { givenName: "Eve", surname: "Example" });
  await t.prisma.user.update({ where: { id: eve.id }, data: { externalId: "HR-00042" } });
  const makers = await createGroup(t.prisma, tenant.id, { displayName: "Power Apps makers" });
  await t.prisma.group.update({ where: { id: makers.id }, data: { externalId: MAKERS_OBJECT_ID } });
  await assignGroupLicense(t.prisma, tenant.id, makers.id, premium.id, []);
  await t.prisma.apiToken.create({
    data: { tenantId: tenant.id, name: "entra-script", tokenHash: hashToken(TOKEN), prefix: TOKEN.slice(0, 8), scopes: ["directory.read", "directory.write"] },
  });
  return { tenant, premium, ada, bob, eve, makers };
}

beforeAll(async () => {
  useAppDb(t.db);
  w = await world();
  server = await startGraphServer();
  client = Client.initWithMiddleware({
    baseUrl: `${server.origin}/graph/`,
    defaultVersion: "v1.0",
    middleware: [new BearerTokenHandler(), new HTTPMessageHandler()],
  });
});
afterAll(() => server?.close());

describe("Entra object ids in the Graph-compatible API", () => {
  it("shows a provisioned user and group by their Entra object ids, and the portal's id for the rest", async () => {
    const users: { value: { id: string; userPrincipalName: string }[] } = await client.api("/users").select(["id", "userPrincipalName"]).top(999).get();
    const ids = new Map(users.value.map((u) => [u.userPrincipalName, u.id]));
    expect(ids.get(w.ada.userPrincipalName)).toBe(ADA_OBJECT_ID);
    expect(ids.get(w.bob.userPrincipalName)).toBe(w.bob.id);
    expect(ids.get(w.eve.userPrincipalName)).toBe(w.eve.id);

    const byUpn = await client.api("/users").filter(`userPrincipalName eq '${w.ada.userPrincipalName}'`).select("id").get();
    expect(byUpn.value).toEqual([{ id: ADA_OBJECT_ID }]);
    const byId = await client.api("/users").filter(`id eq '${ADA_OBJECT_ID}'`).select(["id", "displayName"]).get();
    expect(byId.value).toEqual([{ id: ADA_OBJECT_ID, displayName: "Ada Lovelace" }]);

    const groups = await client.api("/groups").filter(`displayName eq 'Power Apps makers'`).select(["id", "displayName"]).get();
    expect(groups.value).toEqual([{ id: MAKERS_OBJECT_ID, displayName: "Power Apps makers" }]);
    const byGroupId = await client.api("/groups").filter(`id eq '${MAKERS_OBJECT_ID}'`).select("id").get();
    expect(byGroupId.value).toEqual([{ id: MAKERS_OBJECT_ID }]);
  });

  it("finds them by either id, and runs a membership script written with the tenant's object ids", async () => {
    expect(await client.api(`/users/${ADA_OBJECT_ID}`).select(["id", "userPrincipalName"]).get()).toMatchObject({
      id: ADA_OBJECT_ID,
      userPrincipalName: w.ada.userPrincipalName,
    });
    expect(await client.api(`/users/${w.ada.id}`).select("id").get()).toMatchObject({ id: ADA_OBJECT_ID });
    expect(await client.api(`/groups/${w.makers.id}`).get()).toMatchObject({ id: MAKERS_OBJECT_ID });
    expect(await client.api(`/groups/${MAKERS_OBJECT_ID}`).get()).toMatchObject({ id: MAKERS_OBJECT_ID, assignedLicenses: [{ skuId: w.premium.skuId }] });

    // What an exported or hand-written script does: add by object ids, read back, remove.
    await client.api(`/groups/${MAKERS_OBJECT_ID}/members/$ref`).post({ "@odata.id": `https://graph.microsoft.com/v1.0/directoryObjects/${ADA_OBJECT_ID}` });
    const members = await client.api(`/groups/${MAKERS_OBJECT_ID}/members`).select("id").get();
    expect(members.value).toEqual([{ "@odata.type": "#microsoft.graph.user", id: ADA_OBJECT_ID }]);
    const states = await client.api(`/users/${ADA_OBJECT_ID}`).select("licenseAssignmentStates").get();
    expect(states.licenseAssignmentStates).toEqual([expect.objectContaining({ skuId: w.premium.skuId, assignedByGroup: MAKERS_OBJECT_ID, state: "Active" })]);
    expect(await t.prisma.groupMember.count({ where: { groupId: w.makers.id, userId: w.ada.id } })).toBe(1);

    await client.api(`/groups/${MAKERS_OBJECT_ID}/members/${ADA_OBJECT_ID}/$ref`).delete();
    expect(await t.prisma.groupMember.count({ where: { groupId: w.makers.id } })).toBe(0);
    expect((await client.api(`/groups/${MAKERS_OBJECT_ID}/members`).get()).value).toEqual([]);
  });

  it("answers 404 for an object id nobody has, and never matches an externalId loosely", async () => {
    const unknown = "11111111-2222-4333-8444-555555555555";
    for (const path of [`/users/${unknown}`, `/groups/${unknown}`, `/users/${ADA_OBJECT_ID.toUpperCase()}x`]) {
      const error = (await client
        .api(path)
        .get()
        .catch((e: unknown) => e)) as GraphError;
      expect(error, path).toBeInstanceOf(GraphError);
      expect([400, 404], path).toContain(error.statusCode);
    }
    // The HR number is an externalId but not an object id: it names nobody in Graph.
    const hr = (await client
      .api("/users/HR-00042")
      .get()
      .catch((e: unknown) => e)) as GraphError;
    expect(hr).toMatchObject({ statusCode: 404, code: "Request_ResourceNotFound" });
  });
});
