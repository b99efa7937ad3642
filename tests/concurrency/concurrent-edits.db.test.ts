/**
 * Concurrent changes of one thing, as an admin double-clicking or a script retrying would send
 * them: 12–20 at once through the console's actions, the Graph routes and the domain functions,
 * on PGlite and on PostgreSQL. No call may answer 5xx; where one must win, exactly one does; the
 * audit log's "before" of each change is the state the previous change left (SPEC §11).
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
import { Prisma } from "@/generated/prisma/client";
import type { CurrentUser } from "@/server/auth/guards";
import { asDomainError } from "@/server/db/errors";
import { hashToken } from "@/server/domain/tokens/hash";
import { POWER_APPS_PREMIUM } from "../../prisma/seed/catalog";
import { addGroupMembers, assignGroupLicense, createEnvironment, createGroup, createPolicy, createProduct, createTenant, createUser } from "../factories";
import { createRefusedLaunch, createReportWorld } from "../report-world";
import { createSessionUser } from "../session-user";
import { useAppDb } from "../setup/app-db";
import { useTestDb } from "../setup/db";
import { dispatch } from "../graph/server";

let current: CurrentUser | null = null;
vi.mock("@/server/auth/guards", () => ({ getCurrentUser: async () => current }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { deletePolicyAction, renamePolicyAction, setPolicyProductsAction } = await import("@/app/(console)/billing/licenses/auto-claim/[id]/actions");
const { addGroupMemberAction, removeGroupMemberAction } = await import("@/app/(console)/groups/actions");
const { revokeTokenAction } = await import("@/app/(console)/settings/api-tokens/actions");
const { approveRequestAction, denyRequestAction } = await import("@/app/(console)/billing/licenses/requests/actions");
const { setEnvironmentManagedAction } = await import("@/app/(console)/power-platform/environments/actions");
const { updatePolicy } = await import("@/server/domain/policies/service");
const { removeGroupMember } = await import("@/server/domain/groups/members");
const { requestLicense } = await import("@/server/domain/requests/service");
const { apiRoute } = await import("@/server/http/api");
const { graphRoute } = await import("@/server/http/graph/route");
const { action } = await import("@/server/action");
const { z } = await import("zod");

const t = useTestDb();
beforeAll(() => useAppDb(t.db));

const ROOT = "http://127.0.0.1:3000/graph/v1.0";
const N = 12;
const together = <T>(n: number, call: (i: number) => Promise<T>) => Promise.all(Array.from({ length: n }, (_, i) => call(i)));

async function tenantWithAdmin() {
  const tenant = await createTenant(t.prisma);
  const user = await createSessionUser(t.prisma, tenant, "GLOBAL_ADMIN");
  const token = `conc-${tenant.id}`;
  await t.prisma.apiToken.create({
    data: { tenantId: tenant.id, name: "writer", tokenHash: hashToken(token), prefix: "conc", scopes: ["directory.read", "directory.write"] },
  });
  return { tenant, user, token };
}

const audits = (tenantId: string, action: string) => t.prisma.auditEntry.findMany({ where: { tenantId, action }, select: { before: true, after: true } });

/**
 * The entries form one chain from `initial` to `final`: each entry's before is exactly the state
 * the previous entry's after left (whatever order they committed in), and none is skipped.
 */
function expectChain(entries: { before: unknown; after: unknown }[], initial: unknown, final: unknown, pick: (v: unknown) => unknown) {
  const key = (v: unknown) => JSON.stringify(pick(v));
  const byBefore = new Map<string, { before: unknown; after: unknown }>();
  for (const e of entries) {
    expect(byBefore.has(key(e.before)), `two changes replaced the same state ${key(e.before)}`).toBe(false);
    byBefore.set(key(e.before), e);
  }
  let state = JSON.stringify(initial);
  let steps = 0;
  for (let e = byBefore.get(state); e; e = byBefore.get(state)) {
    byBefore.delete(state);
    state = key(e.after);
    steps++;
  }
  expect(steps).toBe(entries.length);
  expect(state).toBe(JSON.stringify(final));
}

describe("concurrent policy edits", () => {
  async function policyWorld() {
    const w = await tenantWithAdmin();
    const products: Awaited<ReturnType<typeof createProduct>>[] = [];
    for (let i = 0; i < 5; i++)
      products.push(await createProduct(t.prisma, w.tenant.id, { displayName: `Product ${i}`, skuPartNumber: `CONC_${w.tenant.id.slice(0, 8)}_${i}` }));
    const policy = await createPolicy(t.prisma, w.tenant.id, { name: "Makers", productIds: [products[0].id] });
    const plans = (i: number) => products[i].servicePlans.map((s) => s.servicePlanId);
    return { ...w, products, policy, plans };
  }

  it(`${N} product-list edits of one policy at once: no 5xx, every one applied in turn, each audit "before" the previous "after"`, async () => {
    const w = await policyWorld();
    current = w.user;
    // 12 different ordered lists (none equal to the current one), so that every edit changes something.
    const lists: number[][] = [];
    for (const a of [1, 2, 3, 4]) for (const b of [0, 1, 2, 3, 4]) if (a !== b && lists.length < N) lists.push([a, b]);
    const results = await together(N, (i) =>
      setPolicyProductsAction({ policyId: w.policy.id, products: lists[i].map((p) => ({ productId: w.products[p].id, enabledPlanIds: w.plans(p) })) }),
    );
    expect(results.filter((r) => !r.ok)).toEqual([]);
    const entries = await audits(w.tenant.id, "policy.update");
    expect(entries).toHaveLength(N);
    const final = await t.prisma.policyProduct.findMany({ where: { policyId: w.policy.id }, orderBy: { position: "asc" }, include: { product: true } });
    expectChain(
      entries,
      ["Product 0"],
      final.map((pp) => pp.product.displayName),
      (v) => (v as { products: { product: string }[] }).products.map((p) => p.product),
    );
  });

  it(`${N} renames at once (actions and domain calls): all applied in turn, the audit chain unbroken`, async () => {
    const w = await policyWorld();
    current = w.user;
    const results = await together(N, (i) =>
      i % 2 === 0
        ? renamePolicyAction({ policyId: w.policy.id, name: `Makers ${i}` })
        : updatePolicy(
            { db: t.prisma, actor: { id: w.user.id, label: w.user.upn }, tenantId: w.tenant.id },
            { policyId: w.policy.id, name: `Makers ${i}` },
          ).then((data) => ({ ok: true as const, data })),
    );
    expect(results.filter((r) => !r.ok)).toEqual([]);
    const entries = await audits(w.tenant.id, "policy.update");
    expect(entries).toHaveLength(N);
    const { name } = await t.prisma.autoClaimPolicy.findUniqueOrThrow({ where: { id: w.policy.id } });
    expectChain(entries, "Makers", name, (v) => (v as { name: string }).name);
  });

  it(`${N} deletes of one policy at once: one deletes (audited once), the others answer 404`, async () => {
    const w = await policyWorld();
    current = w.user;
    const results = await together(N, () => deletePolicyAction({ policyId: w.policy.id }));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.status)).toEqual(Array(N - 1).fill(404));
    expect(await audits(w.tenant.id, "policy.delete")).toHaveLength(1);
  });

  it("edits racing a delete: each answers 200 or 404, nothing is changed after the delete", async () => {
    const w = await policyWorld();
    current = w.user;
    const results = await together<{ ok: boolean; status?: number }>(N, (i) =>
      i === N / 2 ? deletePolicyAction({ policyId: w.policy.id }) : renamePolicyAction({ policyId: w.policy.id, name: `Makers ${i}` }),
    );
    for (const r of results) expect(r.ok || r.status === 404, JSON.stringify(r)).toBe(true);
    const policy = await t.prisma.autoClaimPolicy.findUniqueOrThrow({ where: { id: w.policy.id } });
    const renames = await audits(w.tenant.id, "policy.update");
    expect(renames).toHaveLength(results.filter((r) => r.ok).length - 1);
    expectChain(renames, "Makers", policy.name, (v) => (v as { name: string }).name);
  });
});

describe("concurrent group member changes", () => {
  async function groupWorld() {
    const w = await tenantWithAdmin();
    const product = await createProduct(t.prisma, w.tenant.id, { purchasedUnits: 5 });
    const group = await createGroup(t.prisma, w.tenant.id, { displayName: "Power Apps users" });
    await assignGroupLicense(t.prisma, w.tenant.id, group.id, product.id);
    const member = await createUser(t.prisma, w.tenant);
    return { ...w, product, group, member };
  }
  const consumed = async (id: string) => (await t.prisma.product.findUniqueOrThrow({ where: { id } })).consumedUnits;
  const graph = (token: string, method: string, path: string, body?: unknown) =>
    dispatch(
      new Request(`${ROOT}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    );

  it("20 DELETE …/members/{id}/$ref at once: one 204, nineteen 404 in Graph's shape, then 404 again; the unit freed once", async () => {
    const w = await groupWorld();
    await addGroupMembers(t.prisma, w.tenant.id, w.group.id, [w.member.id]);
    expect(await consumed(w.product.id)).toBe(1);
    const responses = await together(20, () => graph(w.token, "DELETE", `/groups/${w.group.id}/members/${w.member.id}/$ref`));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([204, ...Array(19).fill(404)]);
    for (const r of responses.filter((x) => x.status === 404)) expect((await r.json()).error.code).toBe("Request_ResourceNotFound");
    expect((await graph(w.token, "DELETE", `/groups/${w.group.id}/members/${w.member.id}/$ref`)).status).toBe(404);
    expect(await consumed(w.product.id)).toBe(0);
    expect(await audits(w.tenant.id, "group.memberRemoved")).toHaveLength(1);
  });

  it("20 POST …/members/$ref of one user at once: one 204, the others Graph's 400 'already exist'; one unit taken", async () => {
    const w = await groupWorld();
    const responses = await together(20, () =>
      graph(w.token, "POST", `/groups/${w.group.id}/members/$ref`, { "@odata.id": `${ROOT}/directoryObjects/${w.member.id}` }),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([204, ...Array(19).fill(400)]);
    expect(await consumed(w.product.id)).toBe(1);
    expect(await audits(w.tenant.id, "group.memberAdded")).toHaveLength(1);
  });

  it(`the console: ${N} adds of one user at once → one added, the others 409 "already a member"; ${N} removals → one removed, the others a clear 404`, async () => {
    const w = await groupWorld();
    current = w.user;
    const added = await together(N, () => addGroupMemberAction({ groupId: w.group.id, user: w.member.userPrincipalName }));
    expect(added.filter((r) => r.ok)).toHaveLength(1);
    for (const r of added.filter((x) => !x.ok))
      expect(r).toMatchObject({ status: 409, error: `${w.member.userPrincipalName} is already a member of Power Apps users.` });
    const removed = await together(N, () => removeGroupMemberAction({ groupId: w.group.id, userId: w.member.id }));
    expect(removed.filter((r) => r.ok)).toHaveLength(1);
    for (const r of removed.filter((x) => !x.ok)) {
      expect(r).toMatchObject({ status: 404, error: `${w.member.userPrincipalName} is not a member of Power Apps users: they may have been removed already.` });
    }
    expect(await consumed(w.product.id)).toBe(0);
    expect(await audits(w.tenant.id, "group.memberAdded")).toHaveLength(1);
    expect(await audits(w.tenant.id, "group.memberRemoved")).toHaveLength(1);
  });

  it("adds and removals of one user interleaved: no 5xx, and the membership, the units and the audit log agree", async () => {
    const w = await groupWorld();
    current = w.user;
    const remove = () =>
      removeGroupMember({ db: t.prisma, actor: { id: null, label: "script" }, tenantId: w.tenant.id }, { groupId: w.group.id, userId: w.member.id }).then(
        () => ({ ok: true }),
        (e: unknown) => ({ ok: false, status: asDomainError(e)?.httpStatus ?? 500 }),
      );
    const results = await together<{ ok: boolean; status?: number }>(16, (i) =>
      i % 2 === 0 ? addGroupMemberAction({ groupId: w.group.id, user: w.member.userPrincipalName }) : remove(),
    );
    for (const r of results) expect(r.ok || [404, 409].includes(r.status ?? 500), JSON.stringify(r)).toBe(true);
    const member = (await t.prisma.groupMember.count({ where: { groupId: w.group.id, userId: w.member.id } })) === 1;
    const [adds, removes] = [(await audits(w.tenant.id, "group.memberAdded")).length, (await audits(w.tenant.id, "group.memberRemoved")).length];
    expect(adds - removes).toBe(member ? 1 : 0);
    expect(await consumed(w.product.id)).toBe(member ? 1 : 0);
  });
});

describe("concurrent token revocations and request decisions", () => {
  it(`${N} revocations of one token at once: all answer ok, one writes and audits`, async () => {
    const w = await tenantWithAdmin();
    current = w.user;
    const token = await t.prisma.apiToken.findFirstOrThrow({ where: { tenantId: w.tenant.id } });
    const results = await together(N, () => revokeTokenAction({ id: token.id }));
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(await audits(w.tenant.id, "token.revoke")).toHaveLength(1);
    expect((await t.prisma.apiToken.findUniqueOrThrow({ where: { id: token.id } })).revokedAt).not.toBeNull();
  });

  async function requestWorld() {
    const w = await createReportWorld(t.prisma, { people: 0, purchased: 5 });
    const user = await createSessionUser(t.prisma, w.tenant, "GLOBAL_ADMIN");
    const requester = await createUser(t.prisma, w.tenant, { givenName: "Requester" });
    const launch = () => createRefusedLaunch(t.prisma, w, requester.id);
    return { ...w, requester, launch, user };
  }

  it(`${N} asks for a licence at once (two launches): one pending request, every ask answered with it`, async () => {
    const w = await requestWorld();
    const launches = [await w.launch(), await w.launch()];
    const results = await together(N, (i) => requestLicense(t.prisma, { tenantId: w.tenantId, launchId: launches[i % 2].id }));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await t.prisma.licenseRequest.count({ where: { userId: w.requester.id } })).toBe(1);
  });

  it(`${N} approvals and denials of one request at once: one decides, the others 409 "already decided"`, async () => {
    const w = await requestWorld();
    current = w.user;
    const { id: requestId } = await requestLicense(t.prisma, { tenantId: w.tenantId, launchId: (await w.launch()).id });
    const results = await together(N, (i) => (i % 3 === 0 ? denyRequestAction({ requestId }) : approveRequestAction({ requestId, productId: w.productId })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    for (const r of results.filter((x) => !x.ok))
      expect(r).toMatchObject({ status: 409, error: expect.stringMatching(/^This request was already (approved|denied)\.$/) });
    const decisions = await t.prisma.auditEntry.count({ where: { tenantId: w.tenantId, action: { in: ["request.approved", "request.denied"] } } });
    expect(decisions).toBe(1);
    expect(await t.prisma.licenseAssignment.count({ where: { userId: w.requester.id } })).toBeLessThanOrEqual(1);
  });
});

describe("concurrent environment changes", () => {
  it(`${N} "Make managed", then ${N} "Make standard", of one environment at once: all answer ok, one of each changes and audits; one auto-created policy`, async () => {
    const w = await tenantWithAdmin();
    current = w.user;
    await createProduct(t.prisma, w.tenant.id, { ...POWER_APPS_PREMIUM, purchasedUnits: 10 });
    const env = await createEnvironment(t.prisma, w.tenant.id, { name: "Production", managed: false });
    for (const managed of [true, false]) {
      const results = await together(N, () => setEnvironmentManagedAction({ environmentId: env.id, managed }));
      expect(results.filter((r) => !r.ok)).toEqual([]);
      expect(results.filter((r) => r.ok && r.data.changed)).toHaveLength(1);
    }
    const entries = await audits(w.tenant.id, "environment.managed");
    expect(entries).toHaveLength(2);
    expectChain(entries, false, false, (v) => (v as { managed: boolean }).managed);
    expect(await t.prisma.autoClaimPolicy.count({ where: { tenantId: w.tenant.id, autoCreated: true } })).toBe(1);
  });
});

describe("the one mapper of lost races", () => {
  const unique = () =>
    new Prisma.PrismaClientKnownRequestError("Unique constraint failed on the fields: (`x`)", {
      code: "P2002",
      clientVersion: "6.19.3",
      meta: { target: ["x"] },
    });
  const gone = () => new Prisma.PrismaClientKnownRequestError("No record was found for a delete.", { code: "P2025", clientVersion: "6.19.3" });

  it("the database's own refusals map: a real P2025 → 404, a real P2002 → 409", async () => {
    const tenant = await createTenant(t.prisma);
    const missing = await t.prisma.group.delete({ where: { id: "00000000-0000-4000-8000-00000000dead" } }).catch((e: unknown) => e);
    expect(asDomainError(missing)).toMatchObject({ httpStatus: 404 });
    const clash = await t.prisma.tenant.create({ data: { name: "Again", domain: tenant.domain } }).catch((e: unknown) => e);
    expect(asDomainError(clash)).toMatchObject({ httpStatus: 409, code: "CONFLICT" });
    expect(asDomainError(new Error("something else"))).toBeNull();
  });

  it("apiRoute, graphRoute and action() answer an unmapped race with 409 / 404, never 500", async () => {
    const w = await tenantWithAdmin();
    current = w.user;
    const request = () => new Request("http://127.0.0.1:3000/api/v1/x", { headers: { authorization: `Bearer ${w.token}` } });
    expect((await apiRoute({ scopes: ["directory.read"] }, async () => Promise.reject(unique()))(request())).status).toBe(409);
    expect((await apiRoute({ scopes: ["directory.read"] }, async () => Promise.reject(gone()))(request())).status).toBe(404);
    const graphAnswer = await graphRoute({ access: "write" }, async () => Promise.reject(gone()))(request());
    expect(graphAnswer.status).toBe(404);
    expect((await graphAnswer.json()).error.code).toBe("Request_ResourceNotFound");
    expect((await graphRoute({ access: "write" }, async () => Promise.reject(unique()))(request())).status).toBeLessThan(500);
    const act = action(z.object({}), [], async () => Promise.reject(unique()));
    expect(await act({})).toMatchObject({ ok: false, status: 409, error: expect.stringContaining("someone else") });
  });
});
