/** The Requests tab: approve assigns (with the policy's service plans), refuses clearly when no unit is left; deny; each once. */
import { describe, expect, it } from "vitest";
import { listPersonalNotifications } from "../notifications/service";
import { createProduct, createUser } from "../../../../tests/factories";
import { createRefusedLaunch, createReportWorld } from "../../../../tests/report-world";
import { useTestDb } from "../../../../tests/setup/db";
import { assignLicenses } from "../licenses/assign";
import { NoLicensesAvailableError } from "../licenses/errors";
import { approveRequest, denyRequest, listRequests, requestLicense, RequestAlreadyDecidedError, RequestProductExhaustedError } from "./service";

const t = useTestDb();
const actor = { id: null, label: "admin@test" };

async function world(purchased: number) {
  const w = await createReportWorld(t.prisma, { people: 0, purchased });
  const requester = await createUser(t.prisma, w.tenant, { givenName: "Requester" });
  const launch = await createRefusedLaunch(t.prisma, w, requester.id);
  const { id } = await requestLicense(t.prisma, { tenantId: w.tenantId, launchId: launch.id, message: "please" });
  return { ...w, requester, requestId: id };
}

describe("approveRequest", () => {
  it("assigns the chosen product directly, with the plans the policy switches on, and records the decision and its message", async () => {
    const w = await world(1);
    const plan = (await t.prisma.servicePlan.findFirstOrThrow({ where: { productId: w.productId } })).servicePlanId;
    await t.prisma.policyProduct.update({ where: { policyId_productId: { policyId: w.policyId, productId: w.productId } }, data: { disabledPlanIds: [plan] } });
    expect(
      await approveRequest({ db: t.prisma, actor, tenantId: w.tenantId }, { requestId: w.requestId, productId: w.productId, decisionMessage: " Enjoy " }),
    ).toMatchObject({ outcome: "approved", assigned: true });
    expect(
      await t.prisma.licenseAssignment.findMany({ where: { userId: w.requester.id }, select: { source: true, productId: true, disabledPlanIds: true } }),
    ).toEqual([{ source: "DIRECT", productId: w.productId, disabledPlanIds: [plan] }]);
    expect(await t.prisma.licenseRequest.findUniqueOrThrow({ where: { id: w.requestId } })).toMatchObject({
      status: "APPROVED",
      decisionMessage: "Enjoy",
      productId: w.productId,
    });
    expect(await t.prisma.auditEntry.count({ where: { tenantId: w.tenantId, action: "request.approved" } })).toBe(1);
    // The requester is told, once, in the portal and by e-mail.
    const [told] = await listPersonalNotifications(t.prisma, w.tenantId, w.requester.id);
    expect(told).toMatchObject({ kind: "REQUEST_DECIDED", body: expect.stringContaining("Your administrator: “Enjoy”") });
    expect(told.title).toMatch(/^Your license request( for .+)? was approved$/);
    expect(await t.prisma.emailOutbox.count({ where: { notification: { requestId: w.requestId } } })).toBe(1);
    await expect(denyRequest({ db: t.prisma, actor, tenantId: w.tenantId }, { requestId: w.requestId })).rejects.toBeInstanceOf(RequestAlreadyDecidedError);
  });

  it("refuses clearly, beside the product, when no unit is left — and writes nothing", async () => {
    const w = await world(0);
    const error = await approveRequest({ db: t.prisma, actor, tenantId: w.tenantId }, { requestId: w.requestId, productId: w.productId }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RequestProductExhaustedError);
    expect(error).toMatchObject({ field: "productId", message: expect.stringContaining("No Power Apps Premium licenses are left") });
    expect(await t.prisma.licenseRequest.findUniqueOrThrow({ where: { id: w.requestId } })).toMatchObject({ status: "PENDING", decidedAt: null });
    expect(await t.prisma.licenseAssignment.count({ where: { userId: w.requester.id } })).toBe(0);
    expect(await t.prisma.auditEntry.count({ where: { tenantId: w.tenantId, action: { startsWith: "request." } } })).toBe(0);
    expect(await t.prisma.notification.count({ where: { requestId: w.requestId } })).toBe(0);
  });

  it("assigns through the one direct assignment: a user.licenses entry in the same transaction, and the same refusals", async () => {
    const w = await world(1);
    const ctx = { db: t.prisma, actor, tenantId: w.tenantId };
    expect(await approveRequest(ctx, { requestId: w.requestId, productId: w.productId })).toMatchObject({ outcome: "approved", assigned: true });
    const entries = await t.prisma.auditEntry.findMany({
      where: { tenantId: w.tenantId, action: { in: ["user.licenses", "request.approved"] } },
      orderBy: { createdAt: "asc" },
    });
    expect(entries.map((e) => e.action).sort()).toEqual(["request.approved", "user.licenses"]);
    expect(entries.find((e) => e.action === "user.licenses")).toMatchObject({
      targetType: "User",
      targetId: w.requester.id,
      actorLabel: "admin@test",
      summary: `${w.requester.userPrincipalName}: assigned Power Apps Premium`,
    });

    // The pool is now empty: a second requester is refused as licenses/assign.ts refuses (the
    // database's count), and neither the assignment nor either audit entry is written.
    const second = await createUser(t.prisma, w.tenant, { givenName: "Second" });
    const launch = await createRefusedLaunch(t.prisma, w, second.id);
    const { id: secondRequest } = await requestLicense(t.prisma, { tenantId: w.tenantId, launchId: launch.id });
    const refused = await approveRequest(ctx, { requestId: secondRequest, productId: w.productId }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RequestProductExhaustedError);
    expect(refused).toBeInstanceOf(NoLicensesAvailableError);
    expect(refused).toMatchObject({ code: "NO_LICENSES_AVAILABLE", field: "productId" });
    expect(await t.prisma.licenseAssignment.count({ where: { userId: second.id } })).toBe(0);
    expect(await t.prisma.auditEntry.count({ where: { tenantId: w.tenantId, targetId: { in: [second.id, secondRequest] } } })).toBe(0);

    // Holding the product directly already: nothing assigned twice, no user.licenses entry; the
    // request (left pending from before requests closed themselves) closes as Already licensed.
    const third = await createUser(t.prisma, w.tenant, { givenName: "Third" });
    await t.prisma.product.update({ where: { id: w.productId }, data: { purchasedUnits: 2 } });
    await assignLicenses(ctx, { userId: third.id, add: [{ productId: w.productId }] });
    const { id: thirdRequest } = await t.prisma.licenseRequest.create({ data: { tenantId: w.tenantId, userId: third.id, appId: w.appId } });
    const licensesEntries = () => t.prisma.auditEntry.count({ where: { tenantId: w.tenantId, action: "user.licenses", targetId: third.id } });
    expect(await licensesEntries()).toBe(1);
    expect(await approveRequest(ctx, { requestId: thirdRequest, productId: w.productId })).toMatchObject({ outcome: "alreadyLicensed", assigned: false });
    expect(await licensesEntries()).toBe(1);
    expect(await t.prisma.licenseAssignment.count({ where: { userId: third.id } })).toBe(1);
  });

  it("refuses a product of another tenant", async () => {
    const w = await world(1);
    const other = await createReportWorld(t.prisma, { people: 0 });
    const foreign = await createProduct(t.prisma, other.tenantId, {});
    await expect(approveRequest({ db: t.prisma, actor, tenantId: w.tenantId }, { requestId: w.requestId, productId: foreign.id })).rejects.toMatchObject({
      field: "productId",
    });
  });
});

describe("denyRequest", () => {
  it("denies with a message; the request moves to completed", async () => {
    const w = await world(1);
    await denyRequest({ db: t.prisma, actor, tenantId: w.tenantId }, { requestId: w.requestId, decisionMessage: "Use the per-app plan" });
    expect(await t.prisma.licenseRequest.findUniqueOrThrow({ where: { id: w.requestId } })).toMatchObject({
      status: "DENIED",
      decisionMessage: "Use the per-app plan",
    });
    expect((await listPersonalNotifications(t.prisma, w.tenantId, w.requester.id))[0]).toMatchObject({
      title: expect.stringMatching(/was denied$/),
      body: "An administrator denied it. Your administrator: “Use the per-app plan”",
    });
    const pending = await listRequests(t.prisma, w.tenantId, "pending");
    const completed = await listRequests(t.prisma, w.tenantId, "completed");
    expect(pending).toMatchObject({ total: 0, pending: 0, completed: 1 });
    expect(completed.rows[0]).toMatchObject({ status: "DENIED", decidedBy: null, user: { id: w.requester.id } });
  });
});
