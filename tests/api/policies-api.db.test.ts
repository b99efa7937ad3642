/**
 * The policy API (/api/v1/policies, SPEC §10.3) driven from its OpenAPI document, as a program
 * generated from it would: the document validates (OpenAPI 3.1), every operation it lists under
 * /policies is called, each answer's status is one the document declares and its body matches the
 * schema it names (the same zod schemas the document is made from). The wizard's rules and messages
 * hold — a duplicate name, an app that already has a policy, a product of the wrong app — and every
 * change is audited under the token's name; a read-only token is refused writes with 403.
 */
import { validate } from "@readme/openapi-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as getOpenApi } from "@/app/api/v1/openapi.json/route";
import * as one from "@/app/api/v1/policies/[id]/route";
import * as collection from "@/app/api/v1/policies/route";
import { hashToken } from "@/server/domain/tokens/hash";
import { apiErrorSchema } from "@/server/http/openapi";
import { policyResourceSchema } from "@/server/http/policies";
import { createGroup, createProduct, createTenant } from "../factories";
import { useAppDb } from "../setup/app-db";
import { useTestDb } from "../setup/db";

const t = useTestDb();
const BASE = "http://127.0.0.1/api/v1";
beforeAll(() => useAppDb(t.db));

type Doc = { paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>> };

async function world() {
  const tenant = await createTenant(t.prisma, { autoClaimEnabled: true });
  const premium = await createProduct(t.prisma, tenant.id, { displayName: "Power Apps Premium", purchasedUnits: 10 });
  const plans = await t.prisma.servicePlan.findMany({ where: { productId: premium.id }, select: { servicePlanId: true } });
  const flows = await createProduct(t.prisma, tenant.id, {
    displayName: "Power Automate Premium",
    standaloneFor: "POWER_AUTOMATE",
    skuPartNumber: "POWERAUTOMATE_ATTENDED_RPA",
  });
  const makers = await createGroup(t.prisma, tenant.id, { displayName: "Makers" });
  const tokens = { writer: `pol-write-${tenant.id}`, reader: `pol-read-${tenant.id}` };
  await t.prisma.apiToken.createMany({
    data: [
      { tenantId: tenant.id, name: "provisioning", tokenHash: hashToken(tokens.writer), prefix: "pol-writ", scopes: ["policies.write"] },
      { tenantId: tenant.id, name: "reader", tokenHash: hashToken(tokens.reader), prefix: "pol-read", scopes: ["directory.read"] },
    ],
  });
  return { tenant, premium, plans, flows, makers, tokens };
}

/** Calls the route file the path names, as Next would. */
async function call(method: string, path: string, token: string, body?: unknown) {
  const request = new Request(`${BASE}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const id = /^\/policies\/([^/]+)$/.exec(path)?.[1];
  const mod = (id ? one : collection) as unknown as Record<
    string,
    (r: Request, a: { params: Promise<Record<string, string> | undefined> }) => Promise<Response>
  >;
  const res = await mod[method](request, { params: Promise.resolve(id ? { id: decodeURIComponent(id) } : undefined) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : null };
}

describe("the OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document naming every route of the policy API", async () => {
    const res = await getOpenApi(new Request(`${BASE}/openapi.json`));
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.servers).toEqual([{ url: "http://127.0.0.1/api/v1" }]);
    const result = await validate(structuredClone(doc));
    expect(result.valid, JSON.stringify(result)).toBe(true);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/launches", "/apps", "/users", "/policies", "/policies/{id}"]));
    // SCIM 2.0 under its own server, with the bodies its routes parse (userName required).
    for (const p of ["/Users", "/Users/{id}", "/Groups", "/Groups/{id}", "/ServiceProviderConfig", "/ResourceTypes", "/Schemas"])
      expect(doc.paths[p].servers, p).toEqual([{ url: "http://127.0.0.1/scim/v2" }]);
    expect(doc.paths["/Users"].post.requestBody.content["application/scim+json"].schema.required).toContain("userName");
    expect(doc.paths["/Users/{id}"].patch.requestBody.content["application/scim+json"].schema.properties).toHaveProperty("Operations");
    expect(doc.paths["/policies"].post.requestBody.content["application/json"].schema.properties).toMatchObject({
      name: { type: "string" },
      app: { enum: expect.arrayContaining(["POWER_APPS", "POWER_AUTOMATE"]) },
    });
  });
});

describe("/api/v1/policies, driven from the document", () => {
  it("lists, creates, reads, changes and deletes a policy with the answers the document declares", async () => {
    const w = await world();
    const doc = (await (await getOpenApi(new Request(`${BASE}/openapi.json`))).json()) as Doc;
    const op = (path: string, method: string) => {
      const o = doc.paths[path]?.[method];
      if (!o) throw new Error(`the document has no ${method.toUpperCase()} ${path}`);
      return o;
    };
    const exercised = new Set<string>();
    /** Calls an operation of the document and checks its status is declared and its body matches. */
    const run = async (path: string, method: string, concrete: string, body?: unknown, token = w.tokens.writer) => {
      const o = op(path, method);
      exercised.add(o.operationId);
      const res = await call(method.toUpperCase(), concrete, token, body);
      expect(Object.keys(o.responses), `${o.operationId} answered ${res.status}`).toContain(String(res.status));
      if (res.status >= 400) apiErrorSchema.parse(res.json);
      return res;
    };

    expect((await run("/policies", "get", "/policies")).json).toEqual({ value: [] });
    const draft = {
      name: "Power Apps for makers",
      app: "POWER_APPS",
      products: [{ productId: w.premium.id, enabledPlanIds: w.plans.map((p) => p.servicePlanId) }],
      groupId: w.makers.id,
      status: "REPORT_ONLY",
      scope: "MANAGED_ONLY",
    };
    const created = await run("/policies", "post", "/policies", draft);
    expect(created.status).toBe(201);
    const policy = policyResourceSchema.parse(created.json);
    expect(created.headers.get("location")).toBe(`/api/v1/policies/${policy.id}`);
    expect(policy).toMatchObject({
      name: "Power Apps for makers",
      app: "POWER_APPS",
      status: "REPORT_ONLY",
      scope: "MANAGED_ONLY",
      group: { id: w.makers.id, displayName: "Makers" },
      products: [{ productId: w.premium.id, position: 0, available: 10 }],
      maxUnits: null,
      heldUnits: 0,
    });

    // The wizard's rules and messages: the name is taken (in any case), the app has a policy, the product is of another app.
    const taken = await run("/policies", "post", "/policies", { ...draft, name: "POWER APPS FOR MAKERS", app: "POWER_AUTOMATE" });
    expect(taken).toMatchObject({
      status: 400,
      json: { error: { code: "POLICY_NAME_TAKEN", fields: { name: [expect.stringMatching(/Power Apps for makers/)] } } },
    });
    const sameApp = await run("/policies", "post", "/policies", { ...draft, name: "Another" });
    expect(sameApp).toMatchObject({ status: 409, json: { error: { code: "POLICY_ALREADY_EXISTS", fields: { app: [expect.any(String)] } } } });
    const wrongApp = await run("/policies", "post", "/policies", { ...draft, name: "Flows", app: "POWER_AUTOMATE" });
    expect(wrongApp.status).toBe(400);
    const empty = await run("/policies", "post", "/policies", { ...draft, name: " ", products: [] });
    expect(empty.status).toBe(400);
    expect(Object.keys(empty.json.error.fields)).toEqual(expect.arrayContaining(["name", "products"]));
    expect((await run("/policies", "post", "/policies", "{not json")).status).toBe(400);

    const read = await run("/policies/{id}", "get", `/policies/${policy.id}`, undefined, w.tokens.reader);
    expect(policyResourceSchema.parse(read.json)).toEqual(policy);
    expect((await run("/policies", "get", "/policies", undefined, w.tokens.reader)).json.value.map((p: { id: string }) => p.id)).toEqual([policy.id]);

    const changed = await run("/policies/{id}", "patch", `/policies/${policy.id}`, { status: "ON", maxUnits: 5, name: "Makers' apps" });
    expect(changed.status).toBe(200);
    expect(changed.json).toMatchObject({ status: "ON", maxUnits: 5, name: "Makers' apps" });
    expect([...changed.json.changed].sort()).toEqual(["maxUnits", "name", "status"]);
    policyResourceSchema.extend({ changed: policyResourceSchema.shape.name.array() }).parse(changed.json);
    const bad = await run("/policies/{id}", "patch", `/policies/${policy.id}`, { maxUnits: 0 });
    expect(bad).toMatchObject({ status: 400, json: { error: { fields: { maxUnits: [expect.stringMatching(/from 1 to 100,000/)] } } } });
    // The scope is the tenant's, not a policy's: not part of the body.
    expect((await run("/policies/{id}", "patch", `/policies/${policy.id}`, { scope: "ALL_ENVIRONMENTS" })).json.changed).toEqual([]);

    // A reader may read, never write.
    expect((await call("PATCH", `/policies/${policy.id}`, w.tokens.reader, { name: "Nope" })).status).toBe(403);
    expect((await call("POST", "/policies", w.tokens.reader, draft)).status).toBe(403);
    expect((await call("DELETE", `/policies/${policy.id}`, w.tokens.reader)).status).toBe(403);

    expect((await run("/policies/{id}", "delete", `/policies/${policy.id}`)).status).toBe(204);
    expect((await run("/policies/{id}", "get", `/policies/${policy.id}`)).status).toBe(404);
    expect((await run("/policies/{id}", "delete", `/policies/${policy.id}`)).status).toBe(404);
    expect((await run("/policies/{id}", "get", "/policies/not-an-id")).status).toBe(404);

    // Audited like the console, under the token's name.
    const audit = await t.prisma.auditEntry.findMany({
      where: { tenantId: w.tenant.id },
      orderBy: { createdAt: "asc" },
      select: { action: true, actorLabel: true },
    });
    expect(audit.map((a) => a.action)).toEqual(["policy.create", "policy.update", "policy.delete"]);
    expect(new Set(audit.map((a) => a.actorLabel))).toEqual(new Set(["API token 'provisioning'"]));
    // Every operation of /policies in the document was exercised.
    const documented = Object.entries(doc.paths)
      .filter(([p]) => p.startsWith("/policies"))
      .flatMap(([, ops]) => Object.values(ops).map((o) => o.operationId));
    expect([...exercised].sort()).toEqual(documented.sort());
  });
});
