/** The Requests tab: approve assigns (with the policy's service plans), refuses clearly when no unit is left; deny; each once. */
import { describe, expect, it } from "vitest";
import { createProduct, createUser } from "../../../../tests/factories";
import { createReportWorld } from "../../../../tests/report-world";
import { useTestDb } from "../../../../tests/setup/db";
import { approveRequest, denyRequest, listRequests, requestLicense, RequestAlreadyDecidedError, RequestProductExhaustedError } from "./service";

const t = useTestDb();
const actor = { id: null, label: "admin@test" };

async function world(purchased: number) {
  const w = await createReportWorld(t.prisma, { people: 0, purchased });
  const requester = await createUser(t.prisma, w.tenant, { givenName: "Requester" });
  const launch = await t.prisma.launch.create({
    data: { tenantId: w.tenantId, userId: requester.id, appId: w.appId, environmentId: w.environmentId, kind: "APP_LAUNCH", decision: "DENY", reason: "NO_LICENSES_AVAILABLE", policyId: w.policyId },
  });
  const { id } = await requestLicense(t.prisma, { tenantId: w.tenantId, launchId: launch.id, message: "please" });
  return { ...w, requester, requestId: id };
}

describe("approveRequest", () => {
  it("assigns the chosen product directly, with the plans the policy switches on, and records the decision and its message", async () => {
    const w = await world(1);
    const plan = (await t.prisma.servicePlan.findFirstOrThrow({ where: { productId: w.productId } })).servicePlanId;
    await t.prisma.policyProduct.update({ where: { policyId_productId: { policyId: w.policyId, productId: w.productId } }, data: { disabledPlanIds: [plan] } });
    expect(await approveRequest(t.prisma, actor, w.tenantId, { requestId: w.requestId, productId: w.productId, decisionMessage: " Enjoy " })).toEqual({ assigned: true });
    expect(await t.prisma.licenseAssignment.findMany({ where: { userId: w.requester.id }, select: { source: true, productId: true, disabledPlanIds: true } })).toEqual([
      { source: "DIRECT", productId: w.productId, disabledPlanIds: [plan] },
    ]);
    expect(await t.prisma.licenseRequest.findUniqueOrThrow({ where: { id: w.requestId } })).toMatchObject({ status: "APPROVED", decisionMessage: "Enjoy", productId: w.productId });
    expect(await t.prisma.auditEntry.count({ where: { tenantId: w.tenantId, action: "request.approved" } })).toBe(1);
    await expect(denyRequest(t.prisma, actor, w.tenantId, { requestId: w.requestId })).rejects.toBeInstanceOf(RequestAlreadyDecidedError);
  });

  it("refuses clearly, beside the product, when no unit is left — and writes nothing", async () => {
    const w = await world(0);
    const error = await approveRequest(t.prisma, actor, w.tenantId, { requestId: w.requestId, productId: w.productId }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestProductExhaustedError);
    expect(error).toMatchObject({ field: "productId", message: expect.stringContaining("No Power Apps Premium licenses are left") });
    expect(await t.prisma.licenseRequest.findUniqueOrThrow({ where: { id: w.requestId } })).toMatchObject({ status: "PENDING", decidedAt: null });
    expect(await t.prisma.licenseAssignment.count({ where: { userId: w.requester.id } })).toBe(0);
    expect(await t.prisma.auditEntry.count({ where: { tenantId: w.tenantId, action: { startsWith: "request." } } })).toBe(0);
  });

  it("refuses a product of another tenant", async () => {
    const w = await world(1);
    const other = await createReportWorld(t.prisma, { people: 0 });
    const foreign = await createProduct(t.prisma, other.tenantId, {});
    await expect(approveRequest(t.prisma, actor, w.tenantId, { requestId: w.requestId, productId: foreign.id })).rejects.toMatchObject({ field: "productId" });
  });
});

describe("denyRequest", () => {
  it("denies with a message; the request moves to completed", async () => {
    const w = await world(1);
    await denyRequest(t.prisma, actor, w.tenantId, { requestId: w.requestId, decisionMessage: "Use the per-app plan" });
    expect(await t.prisma.licenseRequest.findUniqueOrThrow({ where: { id: w.requestId } })).toMatchObject({ status: "DENIED", decisionMessage: "Use the per-app plan" });
    const pending = await listRequests(t.prisma, w.tenantId, "pending");
    const completed = await listRequests(t.prisma, w.tenantId, "completed");
    expect(pending).toMatchObject({ total: 0, pending: 0, completed: 1 });
    expect(completed.rows[0]).toMatchObject({ status: "DENIED", decidedBy: null, user: { id: w.requester.id } });
  });
});
