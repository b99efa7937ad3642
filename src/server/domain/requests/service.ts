import type { PrismaClient } from "@/generated/prisma/client";
import type { AutoClaimApp, RequestStatus } from "@/generated/prisma/enums";
import type { Tx } from "@/server/db/client";
import { recordAudit } from "../audit/service";
import { notifyRequestDecidedTx } from "../notifications/service";
import type { DomainContext } from "../context";
import { DomainError, NotFoundError, ValidationError } from "../errors";
import { assignLicensesTx } from "../licenses/assign";
import { NoLicensesAvailableError } from "../licenses/errors";
import { lockUsers } from "../users/locks";
import type { ApproveRequestInput, DenyRequestInput, RequestView } from "./schema";

/**
 * A person refused at launch asks for a licence. One pending request per person and licensed app
 * (Power Apps, Power Automate): asking again — for that app or another it licenses, even twice at
 * once — returns the pending one. Someone who meanwhile holds such a product is told so instead.
 * Admins decide on the Requests tab.
 */
export async function requestLicense(
  db: PrismaClient,
  input: { tenantId: string; launchId: string; message?: string | null },
): Promise<{ id: string; created: boolean }> {
  return db.$transaction(async (tx) => {
    const launch = await tx.launch.findFirst({
      where: { id: input.launchId, tenantId: input.tenantId },
      include: { app: { select: { autoClaimApp: true } } },
    });
    if (!launch) throw new NotFoundError("That launch does not exist.", { field: "launchId" });
    if (launch.decision !== "DENY") throw new ValidationError("This launch was allowed: there is no license to request.", { field: "launchId" });
    // The person's row lock makes concurrent asks queue, so that the second finds the first's request.
    await lockUsers(tx, [launch.userId]);
    const held = await heldLicence(tx, { tenantId: input.tenantId, userId: launch.userId, app: launch.app.autoClaimApp });
    if (held) {
      throw new ValidationError(`You already have ${held.displayName}: open the app again to use it.`, { code: "ALREADY_LICENSED", field: "launchId" });
    }
    const pending = await pendingRequestFor(tx, { tenantId: input.tenantId, userId: launch.userId, app: launch.app.autoClaimApp });
    if (pending) return { id: pending.id, created: false };
    const created = await tx.licenseRequest.create({
      data: { tenantId: input.tenantId, userId: launch.userId, appId: launch.appId, launchId: launch.id, message: input.message?.trim() || null },
      select: { id: true },
    });
    return { id: created.id, created: true };
  });
}

/** The person's pending request for an app that `app`'s licences license (any of its apps), if any. */
export async function pendingRequestFor(db: PrismaClient | Tx, { tenantId, userId, app }: { tenantId: string; userId: string; app: AutoClaimApp }) {
  return db.licenseRequest.findFirst({
    where: { tenantId, userId, status: "PENDING", OR: [{ app: { autoClaimApp: app } }, { appId: null }] },
    orderBy: { createdAt: "asc" },
    select: { id: true, createdAt: true, app: { select: { name: true } } },
  });
}

/**
 * The product that already licenses the person for `app` (null: any app): an active standalone
 * product for it, by any source — what step 2 of the launch decision counts, and what closes a
 * pending request by itself (the database trigger of migration requests_close_when_licensed).
 */
async function heldLicence(tx: Tx, { tenantId, userId, app }: { tenantId: string; userId: string; app: AutoClaimApp | null }) {
  const held = await tx.licenseAssignment.findFirst({
    where: { tenantId, userId, state: "ACTIVE", product: app ? { standaloneFor: app } : { standaloneFor: { not: null } } },
    orderBy: { assignedAt: "asc" },
    select: { productId: true, source: true, product: { select: { displayName: true } }, membership: { select: { group: { select: { displayName: true } } } } },
  });
  if (!held) return null;
  const through =
    held.source === "GROUP"
      ? ` through the group ${held.membership?.group.displayName ?? ""}`.trimEnd()
      : held.source === "AUTO_CLAIM"
        ? " by auto-claim"
        : " assigned directly";
  return { productId: held.productId, displayName: held.product.displayName, through };
}

/** A person's requests, newest first, with the admin's answer when there is one (shown on /launch). */
/** What every list of requests shows of a request. */
const REQUEST_COLUMNS = { id: true, status: true, message: true, decisionMessage: true, createdAt: true, decidedAt: true } as const;

export async function listRequestsOf(db: PrismaClient, tenantId: string, userId: string) {
  return db.licenseRequest.findMany({
    where: { tenantId, userId },
    orderBy: { createdAt: "desc" },
    take: 20,
    select: {
      ...REQUEST_COLUMNS,
      launchId: true,
      app: { select: { name: true } },
      product: { select: { displayName: true } },
    },
  });
}

// ---- the Requests tab (admins) ------------------------------------------------------------------

/** A request that was already approved or denied (by someone else, or in another tab). */
export class RequestAlreadyDecidedError extends DomainError {
  constructor(status: RequestStatus) {
    super(
      status === "ALREADY_LICENSED"
        ? "This request already closed itself: the person got a license for the app another way."
        : `This request was already ${status === "APPROVED" ? "approved" : "denied"}.`,
      { code: "REQUEST_ALREADY_DECIDED", httpStatus: 409 },
    );
  }
}

/** The chosen product has no unit left (the direct assignment's refusal), shown beside the product field. */
export class RequestProductExhaustedError extends NoLicensesAvailableError {
  constructor(refused: NoLicensesAvailableError) {
    super(refused.products, { field: "productId", hint: "Choose another product, buy more, or free one up.", cause: refused });
  }
}

const REQUESTS_PAGE = 50;

/** Pending requests (oldest first: first come, first served) or completed ones (latest decision first). */
export async function listRequests(db: PrismaClient, tenantId: string, view: RequestView, { page = 1 }: { page?: number } = {}) {
  const where = { tenantId, status: view === "pending" ? ("PENDING" as const) : { in: ["APPROVED" as const, "DENIED" as const, "ALREADY_LICENSED" as const] } };
  const [total, counts, rows] = await Promise.all([
    db.licenseRequest.count({ where }),
    db.licenseRequest.groupBy({ by: ["status"], where: { tenantId }, _count: { _all: true } }),
    db.licenseRequest.findMany({
      where,
      orderBy: view === "pending" ? [{ createdAt: "asc" }, { id: "asc" }] : [{ decidedAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * REQUESTS_PAGE,
      take: REQUESTS_PAGE,
      select: {
        ...REQUEST_COLUMNS,
        user: { select: { id: true, displayName: true, userPrincipalName: true } },
        app: { select: { id: true, name: true, autoClaimApp: true, environment: { select: { name: true } } } },
        launch: { select: { reason: true, createdAt: true } },
        product: { select: { id: true, displayName: true } },
        decidedBy: { select: { userPrincipalName: true } },
      },
    }),
  ]);
  const count = (s: RequestStatus) => counts.find((c) => c.status === s)?._count._all ?? 0;
  return {
    rows,
    total,
    page,
    pages: Math.max(1, Math.ceil(total / REQUESTS_PAGE)),
    pending: count("PENDING"),
    completed: count("APPROVED") + count("DENIED") + count("ALREADY_LICENSED"),
  };
}
export type RequestRow = Awaited<ReturnType<typeof listRequests>>["rows"][number];

/**
 * The products an admin can assign when approving: the standalone licences, with their available
 * units; for each auto-claim app, the policy's first product with a unit left is the suggestion.
 */
export async function requestProductOptions(db: PrismaClient, tenantId: string) {
  const [products, policies] = await Promise.all([
    db.product.findMany({
      where: { tenantId, standaloneFor: { not: null } },
      orderBy: [{ standaloneFor: "asc" }, { displayName: "asc" }],
      select: { id: true, displayName: true, standaloneFor: true, purchasedUnits: true, consumedUnits: true },
    }),
    db.autoClaimPolicy.findMany({
      where: { tenantId, deletedAt: null },
      select: { app: true, products: { orderBy: { position: "asc" }, select: { productId: true } } },
    }),
  ]);
  const options = products.map((p) => ({
    id: p.id,
    displayName: p.displayName,
    app: p.standaloneFor!,
    available: Math.max(0, p.purchasedUnits - p.consumedUnits),
  }));
  const suggested: Partial<Record<AutoClaimApp, string>> = {};
  for (const app of new Set(options.map((o) => o.app))) {
    const order = policies.find((p) => p.app === app)?.products.map((pp) => pp.productId) ?? [];
    const ranked = [...options.filter((o) => o.app === app)].sort((a, b) => rank(order, a.id) - rank(order, b.id));
    suggested[app] = (ranked.find((o) => o.available > 0) ?? ranked[0])?.id;
  }
  return { options, suggested };
}
const rank = (order: string[], id: string) => (order.includes(id) ? order.indexOf(id) : order.length);

/**
 * Locks the requester's row, then the request, and checks it is still pending. The person first, as
 * every change of their licences does: a claim's trigger closing this request then queues behind us.
 */
async function lockPending(tx: Tx, tenantId: string, requestId: string) {
  const requester = await tx.licenseRequest.findFirst({ where: { id: requestId, tenantId }, select: { userId: true } });
  if (!requester) throw new NotFoundError("That request does not exist.", { code: "REQUEST_NOT_FOUND", field: "requestId" });
  await lockUsers(tx, [requester.userId], { tenantId });
  const [locked] = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "LicenseRequest" WHERE "id" = ${requestId}::uuid AND "tenantId" = ${tenantId}::uuid FOR UPDATE`;
  if (!locked) throw new NotFoundError("That request does not exist.", { code: "REQUEST_NOT_FOUND", field: "requestId" });
  const request = await tx.licenseRequest.findUniqueOrThrow({
    where: { id: requestId, tenantId },
    select: {
      id: true,
      status: true,
      userId: true,
      user: { select: { userPrincipalName: true } },
      app: { select: { name: true, autoClaimApp: true } },
    },
  });
  if (request.status !== "PENDING") throw new RequestAlreadyDecidedError(request.status);
  return request;
}

const DECISION_TRANSACTION = { maxWait: 10_000, timeout: 15_000 };

/** What approving did: assigned the product, or found the person already licensed (and closed the request). */
export type ApproveOutcome =
  { outcome: "approved"; assigned: boolean; product: string } | { outcome: "alreadyLicensed"; assigned: false; product: string; through: string };

/**
 * Approve: assigns the chosen product to the requester directly — the one direct assignment of
 * licenses/assign.ts, in this transaction, with its "user.licenses" audit entry — with the service
 * plans the app's policy switches on for it (else all of them), and records the decision and its
 * message with a "request.approved" entry. No unit left: RequestProductExhaustedError, and nothing
 * is written. A requester who already holds a product for the app, by any source, is not assigned
 * another: the request closes as ALREADY_LICENSED ("request.closed") and the outcome says which
 * product they hold and how, so the admin is told rather than shown a silent success.
 */
export async function approveRequest(ctx: DomainContext, input: ApproveRequestInput): Promise<ApproveOutcome> {
  const { db, actor, tenantId } = ctx;
  return db.$transaction(async (tx) => {
    const request = await lockPending(tx, tenantId, input.requestId);
    const product = await tx.product.findFirst({
      where: { id: input.productId.toLowerCase(), tenantId },
      select: { id: true, displayName: true, standaloneFor: true },
    });
    if (!product) throw new ValidationError("That product is not one of this organization's products.", { code: "UNKNOWN_LICENSE", field: "productId" });
    const message = input.decisionMessage?.trim() || null;
    const decidedAt = new Date();
    const forApp = request.app ? ` for ${request.app.name}` : "";

    const held = await heldLicence(tx, { tenantId, userId: request.userId, app: request.app?.autoClaimApp ?? product.standaloneFor });
    if (held) {
      await tx.licenseRequest.update({
        where: { id: request.id, tenantId },
        data: { status: "ALREADY_LICENSED", productId: held.productId, decisionMessage: message, decidedById: actor.id, decidedAt },
      });
      await recordAudit(tx, {
        tenantId,
        actor,
        action: "request.closed",
        targetType: "LicenseRequest",
        targetId: request.id,
        summary: `Closed ${request.user.userPrincipalName}'s request${forApp}: already holds ${held.displayName}${held.through}`,
        before: { status: "PENDING" },
        after: { status: "ALREADY_LICENSED", product: held.displayName, assigned: false, message },
      });
      await notifyRequestDecidedTx(tx, { tenantId, userId: request.userId, requestId: request.id });
      return { outcome: "alreadyLicensed" as const, assigned: false as const, product: held.displayName, through: held.through };
    }

    // The decision first: the assignment's trigger closes only requests still pending.
    await tx.licenseRequest.update({
      where: { id: request.id, tenantId },
      data: { status: "APPROVED", productId: product.id, decisionMessage: message, decidedById: actor.id, decidedAt },
    });
    const policyProduct = await tx.policyProduct.findFirst({
      where: { productId: product.id, policy: { tenantId, deletedAt: null, app: request.app?.autoClaimApp ?? product.standaloneFor ?? undefined } },
      select: { disabledPlanIds: true },
    });
    let result;
    try {
      result = await assignLicensesTx(tx, ctx, {
        userId: request.userId,
        add: [{ productId: product.id, disabledPlanIds: policyProduct?.disabledPlanIds ?? [] }],
        keepHeldPlans: true,
      });
    } catch (error) {
      if (error instanceof NoLicensesAvailableError) throw new RequestProductExhaustedError(error);
      throw error;
    }
    const assigned = result.added.includes(product.id);
    await recordAudit(tx, {
      tenantId,
      actor,
      action: "request.approved",
      targetType: "LicenseRequest",
      targetId: request.id,
      summary: `Approved ${request.user.userPrincipalName}'s request${forApp}: ${assigned ? `assigned ${product.displayName}` : `already holds ${product.displayName}`}`,
      before: { status: "PENDING" },
      after: { status: "APPROVED", product: product.displayName, assigned, message },
    });
    await notifyRequestDecidedTx(tx, { tenantId, userId: request.userId, requestId: request.id });
    return { outcome: "approved" as const, assigned, product: product.displayName };
  }, DECISION_TRANSACTION);
}

/** Deny, with an optional message shown to the requester. */
export async function denyRequest(ctx: DomainContext, input: DenyRequestInput): Promise<void> {
  const { db, actor, tenantId } = ctx;
  await db.$transaction(async (tx) => {
    const request = await lockPending(tx, tenantId, input.requestId);
    const message = input.decisionMessage?.trim() || null;
    await tx.licenseRequest.update({
      where: { id: request.id, tenantId },
      data: { status: "DENIED", decisionMessage: message, decidedById: actor.id, decidedAt: new Date() },
    });
    await recordAudit(tx, {
      tenantId,
      actor,
      action: "request.denied",
      targetType: "LicenseRequest",
      targetId: request.id,
      summary: `Denied ${request.user.userPrincipalName}'s request${request.app ? ` for ${request.app.name}` : ""}`,
      before: { status: "PENDING" },
      after: { status: "DENIED", message },
    });
    await notifyRequestDecidedTx(tx, { tenantId, userId: request.userId, requestId: request.id });
  }, DECISION_TRANSACTION);
}
