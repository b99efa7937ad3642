/**
 * Requests that resolve themselves: a pending request closes as ALREADY_LICENSED, in the same
 * transaction, whichever way the person gets a product for the app — a claim, a group, a direct
 * assignment, the waiting list, a group licence served from its error state — and approving a
 * request of someone already licensed says so instead of assigning.
 */
import { describe, expect, it } from "vitest";
import { createApp, createProduct, createUser } from "../../../../tests/factories";
import { createRefusedLaunch, createReportWorld } from "../../../../tests/report-world";
import { useTestDb } from "../../../../tests/setup/db";
import { addGroupMember } from "../groups/members";
import { recordLaunch } from "../launches/service";
import { assignLicenses } from "../licenses/assign";
import { setPurchasedUnits } from "../licenses/products";
import { listPersonalNotifications } from "../notifications/service";
import { approveRequest, listRequests, pendingRequestFor, RequestAlreadyDecidedError, requestLicense } from "./service";

const t = useTestDb();
const actor = { id: null, label: "admin@test" };

/** A person refused (no unit left) who asked for a licence; the pool is empty until a test fills it. */
async function asked() {
  const w = await createReportWorld(t.prisma, { people: 0, purchased: 0 });
  const ctx = { db: t.prisma, actor, tenantId: w.tenantId };
  const person = await createUser(t.prisma, w.tenant, { givenName: "Asker" });
  const launch = await recordLaunch(t.prisma, { tenantId: w.tenantId, user: person.id, appId: w.appId });
  expect(launch).toMatchObject({ decision: "DENY", reason: "NO_LICENSES_AVAILABLE" });
  const { id } = await requestLicense(t.prisma, { tenantId: w.tenantId, launchId: launch.launchId, message: "please" });
  const request = () => t.prisma.licenseRequest.findUniqueOrThrow({ where: { id } });
  return { ...w, ctx, person, requestId: id, request };
}

async function expectClosed(w: Awaited<ReturnType<typeof asked>>) {
  expect(await w.request()).toMatchObject({ status: "ALREADY_LICENSED", productId: w.productId, decidedById: null, decidedAt: expect.any(Date) });
  const pending = await listRequests(t.prisma, w.tenantId, "pending");
  expect(pending.rows.map((r) => r.id)).not.toContain(w.requestId);
  expect((await listRequests(t.prisma, w.tenantId, "completed")).rows).toMatchObject([{ id: w.requestId, status: "ALREADY_LICENSED" }]);
}

describe("a pending request closes itself when the person gets the product", () => {
  it("by a claim at their next launch", async () => {
    const w = await asked();
    await t.prisma.product.update({ where: { id: w.productId }, data: { purchasedUnits: 1 } });
    // Leave the waiting list out of it: the claim itself licenses them.
    await t.prisma.waitlistEntry.deleteMany({ where: { userId: w.person.id } });
    expect(await recordLaunch(t.prisma, { tenantId: w.tenantId, user: w.person.id, appId: w.appId })).toMatchObject({ reason: "AUTO_CLAIMED" });
    await expectClosed(w);
  });

  it("through a group that carries it", async () => {
    const w = await asked();
    await t.prisma.product.update({ where: { id: w.productId }, data: { purchasedUnits: 1 } });
    await addGroupMember(w.ctx, { groupId: w.groupId, userId: w.person.id });
    await expectClosed(w);
  });

  it("when a group licence in error is served, not before", async () => {
    const w = await asked();
    await t.prisma.waitlistEntry.deleteMany({ where: { userId: w.person.id } });
    await addGroupMember(w.ctx, { groupId: w.groupId, userId: w.person.id });
    expect(await t.prisma.licenseAssignment.findFirstOrThrow({ where: { userId: w.person.id } })).toMatchObject({ source: "GROUP", state: "ERROR" });
    expect(await w.request()).toMatchObject({ status: "PENDING" });
    await setPurchasedUnits(w.ctx, { productId: w.productId, purchasedUnits: 1 });
    await expectClosed(w);
  });

  it("assigned directly", async () => {
    const w = await asked();
    await t.prisma.product.update({ where: { id: w.productId }, data: { purchasedUnits: 1 } });
    await assignLicenses(w.ctx, { userId: w.person.id, add: [{ productId: w.productId }] });
    await expectClosed(w);
  });

  it("served from the waiting list when units are bought", async () => {
    const w = await asked();
    expect(await t.prisma.waitlistEntry.count({ where: { userId: w.person.id, leftAt: null } })).toBe(1);
    await setPurchasedUnits(w.ctx, { productId: w.productId, purchasedUnits: 1 });
    expect(await t.prisma.licenseAssignment.findFirstOrThrow({ where: { userId: w.person.id } })).toMatchObject({ source: "AUTO_CLAIM" });
    await expectClosed(w);
  });

  it("only for the app the product licenses, and only the person's own", async () => {
    const w = await asked();
    const other = await createUser(t.prisma, w.tenant, { givenName: "Other" });
    const otherLaunch = await createRefusedLaunch(t.prisma, w, other.id);
    const { id: othersRequest } = await requestLicense(t.prisma, { tenantId: w.tenantId, launchId: otherLaunch.id });
    const automate = await createProduct(t.prisma, w.tenantId, { displayName: "Power Automate Premium", standaloneFor: "POWER_AUTOMATE", purchasedUnits: 5 });
    const teams = await createProduct(t.prisma, w.tenantId, { displayName: "Teams add-on", standaloneFor: null, purchasedUnits: 5 });
    await assignLicenses(w.ctx, { userId: w.person.id, add: [{ productId: automate.id }, { productId: teams.id }] });
    expect(await w.request()).toMatchObject({ status: "PENDING" });

    await t.prisma.product.update({ where: { id: w.productId }, data: { purchasedUnits: 1 } });
    await assignLicenses(w.ctx, { userId: w.person.id, add: [{ productId: w.productId }] });
    await expectClosed(w);
    expect(await t.prisma.licenseRequest.findUniqueOrThrow({ where: { id: othersRequest } })).toMatchObject({ status: "PENDING" });
  });
});

describe("one request at a time, and none for someone licensed", () => {
  it("a second ask — from another app the same licence covers — returns the pending one; once licensed, asking is refused", async () => {
    const w = await asked();
    const second = await createApp(t.prisma, w.tenantId, w.environmentId, { name: "Site visits", premium: true });
    const launch = await recordLaunch(t.prisma, { tenantId: w.tenantId, user: w.person.id, appId: second.id });
    expect(await requestLicense(t.prisma, { tenantId: w.tenantId, launchId: launch.launchId })).toEqual({ id: w.requestId, created: false });
    expect(await pendingRequestFor(t.prisma, { tenantId: w.tenantId, userId: w.person.id, app: "POWER_APPS" })).toMatchObject({
      id: w.requestId,
      app: { name: "Inspections" },
    });

    await t.prisma.product.update({ where: { id: w.productId }, data: { purchasedUnits: 1 } });
    await assignLicenses(w.ctx, { userId: w.person.id, add: [{ productId: w.productId }] });
    expect(await pendingRequestFor(t.prisma, { tenantId: w.tenantId, userId: w.person.id, app: "POWER_APPS" })).toBeNull();
    await expect(requestLicense(t.prisma, { tenantId: w.tenantId, launchId: launch.launchId })).rejects.toMatchObject({
      code: "ALREADY_LICENSED",
      message: "You already have Power Apps Premium: open the app again to use it.",
    });
  });
});

describe("approving a request of someone already licensed", () => {
  it("says so, assigns nothing, and closes the request as Already licensed", async () => {
    const w = await asked();
    const unit = await createProduct(t.prisma, w.tenantId, { displayName: "Power Apps per app", standaloneFor: "POWER_APPS", purchasedUnits: 1 });
    await t.prisma.product.update({ where: { id: w.productId }, data: { purchasedUnits: 5 } });
    await t.prisma.waitlistEntry.deleteMany({ where: { userId: w.person.id } });
    await addGroupMember(w.ctx, { groupId: w.groupId, userId: w.person.id });
    await expectClosed(w);
    // A request still pending though its person holds a licence (one asked before requests closed themselves).
    const left = await t.prisma.licenseRequest.create({ data: { tenantId: w.tenantId, userId: w.person.id, appId: w.appId } });

    const outcome = await approveRequest(w.ctx, { requestId: left.id, productId: unit.id, decisionMessage: "ok" });
    expect(outcome).toEqual({ outcome: "alreadyLicensed", assigned: false, product: "Power Apps Premium", through: " through the group Makers" });
    expect(await t.prisma.licenseRequest.findUniqueOrThrow({ where: { id: left.id } })).toMatchObject({
      status: "ALREADY_LICENSED",
      productId: w.productId,
      decisionMessage: "ok",
    });
    expect(await t.prisma.licenseAssignment.count({ where: { userId: w.person.id, productId: unit.id } })).toBe(0);
    expect(await t.prisma.auditEntry.findFirstOrThrow({ where: { tenantId: w.tenantId, action: "request.closed" } })).toMatchObject({
      targetId: left.id,
      summary: `Closed ${w.person.userPrincipalName}'s request for Inspections: already holds Power Apps Premium through the group Makers`,
    });
    const [told] = await listPersonalNotifications(t.prisma, w.tenantId, w.person.id);
    expect(told).toMatchObject({ kind: "REQUEST_DECIDED", title: "Your license request for Inspections is closed" });
  });

  it("that closed itself meanwhile: refused, naming why", async () => {
    const w = await asked();
    await t.prisma.product.update({ where: { id: w.productId }, data: { purchasedUnits: 1 } });
    await assignLicenses(w.ctx, { userId: w.person.id, add: [{ productId: w.productId }] });
    const error = await approveRequest(w.ctx, { requestId: w.requestId, productId: w.productId }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestAlreadyDecidedError);
    expect(error).toMatchObject({ httpStatus: 409, message: expect.stringContaining("closed itself") });
  });

  it("an approval's own assignment records Approved, not Already licensed", async () => {
    const w = await asked();
    await t.prisma.product.update({ where: { id: w.productId }, data: { purchasedUnits: 1 } });
    await t.prisma.waitlistEntry.deleteMany({ where: { userId: w.person.id } });
    expect(await approveRequest(w.ctx, { requestId: w.requestId, productId: w.productId })).toEqual({
      outcome: "approved",
      assigned: true,
      product: "Power Apps Premium",
    });
    expect(await w.request()).toMatchObject({ status: "APPROVED", productId: w.productId, decidedAt: expect.any(Date) });
  });
});
