/**
 * Auto-claim policies (SPEC §2, §5): reading them for the console, and every change an admin makes
 * — create, rename, status, products and their service plans, group, scope, delete. Each change
 * runs in one transaction with its audit entry; a refused change writes nothing.
 *
 * The rules checked here first, so that the normal path gets a clear message:
 * - at most one live policy per auto-claim app in a tenant (PolicyAlreadyExistsError, naming it);
 * - names unique in the tenant, case-insensitively, 1–64 characters trimmed (PolicyNameTakenError);
 * - one primary product and up to 4 backups, each a standalone product of the tenant for the
 *   policy's app, each with at least one service plan on (the schemas and resolveProducts);
 * - policies are deleted softly; deleting the auto-created one is remembered (SPEC §4).
 * The database holds the first two as partial unique indexes too; a change that loses a race to
 * them is translated to the same typed errors (policyUniqueViolation). Every change of an existing
 * policy locks its row first (lockPolicy): concurrent edits of one policy queue, and each audits the
 * state it really replaced.
 */
import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import { isUuid, literalFilter } from "../users/lookup";
import type { AutoClaimApp, PolicyScope } from "@/generated/prisma/enums";
import type { Tx } from "@/server/db/client";
import { recordAudit } from "../audit/service";
import type { DomainContext } from "../context";
import { availableUnits } from "../licenses/units";
import { serveProductsTx } from "../licenses/serving";
import { wouldHaveClaimedCounts } from "./report-only";
import {
  InvalidPolicyGroupError,
  InvalidPolicyProductError,
  InvalidPolicyServicePlanError,
  PolicyAlreadyExistsError,
  PolicyNameTakenError,
  PolicyNotFoundError,
  policyUniqueViolation,
} from "./errors";
import type { z } from "zod";
import { ValidationError } from "../errors";
import {
  AUTO_CLAIM_APP_LABELS,
  createPolicySchema,
  findPolicyNamed,
  policyChangesSchema,
  policyStatusOf,
  policyProductsSchema,
  SCOPE_LABELS,
  type CreatePolicyDraft,
  type PolicyChanges,
  type PolicyOptions,
  type PolicyStatus,
} from "./schema";

// ---- reading -------------------------------------------------------------------------------

const productSelect = {
  id: true,
  displayName: true,
  skuPartNumber: true,
  standaloneFor: true,
  purchasedUnits: true,
  consumedUnits: true,
  servicePlans: { select: { servicePlanId: true, displayName: true }, orderBy: { position: "asc" } },
} as const satisfies Prisma.ProductSelect;

const policyInclude = {
  products: { orderBy: { position: "asc" }, include: { product: { select: productSelect } } },
  group: { select: { id: true, displayName: true } },
  createdBy: { select: { displayName: true } },
  _count: { select: { assignments: { where: { source: "AUTO_CLAIM", state: "ACTIVE" } } } },
} as const satisfies Prisma.AutoClaimPolicyInclude;

type PolicyRow = Prisma.AutoClaimPolicyGetPayload<{ include: typeof policyInclude }>;

export interface PolicyProductView {
  productId: string;
  displayName: string;
  skuPartNumber: string;
  position: number;
  purchased: number;
  available: number;
  servicePlans: { servicePlanId: string; displayName: string; enabled: boolean }[];
}

export interface PolicyView {
  id: string;
  name: string;
  app: AutoClaimApp;
  enabled: boolean;
  /** On, Report only or Off (SPEC §8.5). */
  status: PolicyStatus;
  /** Report only: since when (what "would have claimed" counts from); null otherwise. */
  reportOnlySince: Date | null;
  /** Report only: the people it would have claimed a licence for since then (report-only.ts); null otherwise. */
  wouldHaveClaimed: number | null;
  scope: PolicyScope;
  autoCreated: boolean;
  group: { id: string; displayName: string } | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** In order: the primary first, then the backups. */
  products: PolicyProductView[];
  /** Licences the policy can still hand out: the available units of all its products. */
  available: number;
  /** Days without a launch after which a waiting-list entry expires. */
  waitlistExpiryDays: number;
  /** The most units the policy may hold at once (SPEC §8.4); null = no cap. */
  maxUnits: number | null;
  /** The units it holds now: its active AUTO_CLAIM assignments, any product. */
  heldUnits: number;
}

function toView(row: PolicyRow): PolicyView {
  const products = row.products.map((pp) => ({
    productId: pp.productId,
    displayName: pp.product.displayName,
    skuPartNumber: pp.product.skuPartNumber,
    position: pp.position,
    purchased: pp.product.purchasedUnits,
    available: availableUnits(pp.product.purchasedUnits, pp.product.consumedUnits),
    servicePlans: pp.product.servicePlans.map((s) => ({
      servicePlanId: s.servicePlanId,
      displayName: s.displayName,
      enabled: !pp.disabledPlanIds.includes(s.servicePlanId),
    })),
  }));
  return {
    id: row.id,
    name: row.name,
    app: row.app,
    enabled: row.enabled,
    status: policyStatusOf(row),
    reportOnlySince: row.reportOnlySince,
    wouldHaveClaimed: null,
    scope: row.scope,
    autoCreated: row.autoCreated,
    group: row.group,
    createdBy: row.createdBy?.displayName ?? null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    products,
    available: products.reduce((sum, p) => sum + p.available, 0),
    waitlistExpiryDays: row.waitlistExpiryDays,
    maxUnits: row.maxUnits,
    heldUnits: row._count.assignments,
  };
}

/** The tenant's live policies, oldest first (the Auto-claim policy tab, the Power Platform settings). */
export async function listPolicies(db: PrismaClient, tenantId: string): Promise<PolicyView[]> {
  const rows = await db.autoClaimPolicy.findMany({
    where: { tenantId, deletedAt: null },
    orderBy: [{ createdAt: "asc" }, { name: "asc" }],
    include: policyInclude,
  });
  return withWouldHaveClaimed(db, tenantId, rows.map(toView));
}

/** Report-only policies with their "would have claimed N" (one read for all of them). */
async function withWouldHaveClaimed(db: PrismaClient, tenantId: string, views: PolicyView[]): Promise<PolicyView[]> {
  const reportOnly = views.filter((v) => v.status === "REPORT_ONLY").map((v) => v.id);
  if (reportOnly.length === 0) return views;
  const counts = await wouldHaveClaimedCounts(db, tenantId, reportOnly);
  return views.map((v) => (v.status === "REPORT_ONLY" ? { ...v, wouldHaveClaimed: counts.get(v.id) ?? 0 } : v));
}

/** One live policy of the tenant, or null (unknown, another tenant's, or deleted). */
export async function getPolicy(db: PrismaClient, tenantId: string, policyId: string): Promise<PolicyView | null> {
  if (!isUuid(policyId)) return null;
  const row = await db.autoClaimPolicy.findFirst({ where: { id: policyId, tenantId, deletedAt: null }, include: policyInclude });
  return row ? (await withWouldHaveClaimed(db, tenantId, [toView(row)]))[0] : null;
}

/** A policy of the tenant that was deleted, or null: so that its old address can say so. */
export async function getDeletedPolicy(db: PrismaClient, tenantId: string, policyId: string): Promise<{ id: string; name: string; deletedAt: Date } | null> {
  if (!isUuid(policyId)) return null;
  const row = await db.autoClaimPolicy.findFirst({
    where: { id: policyId, tenantId, deletedAt: { not: null } },
    select: { id: true, name: true, deletedAt: true },
  });
  return row ? { id: row.id, name: row.name, deletedAt: row.deletedAt! } : null;
}

/** What the add-a-policy wizard and the details page offer. */
export async function getPolicyOptions(db: PrismaClient, tenantId: string): Promise<PolicyOptions> {
  const [products, groups, policies] = await Promise.all([
    db.product.findMany({
      where: { tenantId, standaloneFor: { not: null } },
      orderBy: [{ standaloneFor: "asc" }, { displayName: "asc" }],
      select: productSelect,
    }),
    db.group.findMany({ where: { tenantId }, orderBy: { displayName: "asc" }, select: { id: true, displayName: true } }),
    db.autoClaimPolicy.findMany({ where: { tenantId, deletedAt: null }, orderBy: { createdAt: "asc" }, select: { id: true, name: true, app: true } }),
  ]);
  return {
    products: products.map((p) => ({
      id: p.id,
      displayName: p.displayName,
      skuPartNumber: p.skuPartNumber,
      app: p.standaloneFor!,
      purchased: p.purchasedUnits,
      available: availableUnits(p.purchasedUnits, p.consumedUnits),
      servicePlans: p.servicePlans,
    })),
    groups,
    policies,
  };
}

// ---- changing --------------------------------------------------------------------------------

interface ResolvedProduct {
  productId: string;
  position: number;
  disabledPlanIds: string[];
  label: { product: string; sku: string; disabledPlans: string[] };
}

/** Checks an ordered product list against the tenant's products and turns enabled plans into disabled ones. */
async function resolveProducts(tx: Tx, tenantId: string, app: AutoClaimApp, input: z.output<typeof policyProductsSchema>): Promise<ResolvedProduct[]> {
  const ids = input.map((p) => p.productId.toLowerCase());
  const found = await tx.product.findMany({ where: { tenantId, id: { in: ids.filter(isUuid) } }, select: productSelect });
  return input.map((item, position) => {
    const product = found.find((p) => p.id === item.productId.toLowerCase());
    if (!product) throw new InvalidPolicyProductError("That product is not one of this organization's products.", `products.${position}.productId`);
    if (product.standaloneFor !== app) {
      throw new InvalidPolicyProductError(
        `${product.displayName} is not a standalone license for ${AUTO_CLAIM_APP_LABELS[app]}.`,
        `products.${position}.productId`,
      );
    }
    const plans = new Map(product.servicePlans.map((s) => [s.servicePlanId, s.displayName]));
    for (const planId of item.enabledPlanIds) {
      if (!plans.has(planId))
        throw new InvalidPolicyServicePlanError(`${product.displayName} has no app with id ${planId}.`, `products.${position}.enabledPlanIds`);
    }
    const disabled = product.servicePlans.filter((s) => !item.enabledPlanIds.includes(s.servicePlanId));
    return {
      productId: product.id,
      position,
      disabledPlanIds: disabled.map((s) => s.servicePlanId).sort(),
      label: { product: product.displayName, sku: product.skuPartNumber, disabledPlans: disabled.map((s) => s.displayName) },
    };
  });
}

async function resolveGroup(tx: Tx, tenantId: string, groupId: string | null): Promise<{ id: string; displayName: string } | null> {
  if (!groupId) return null;
  const group = isUuid(groupId) ? await tx.group.findFirst({ where: { id: groupId, tenantId }, select: { id: true, displayName: true } }) : null;
  if (!group) throw new InvalidPolicyGroupError();
  return group;
}

/**
 * Locks a live policy of the tenant (`SELECT … FOR UPDATE`) and then reads it: every change to a
 * policy starts here, so that concurrent changes of one policy run one after the other, each
 * seeing — and auditing as "before" — what the previous one committed. A policy deleted while this
 * waited is not found.
 */
async function lockPolicy(tx: Tx, tenantId: string, policyId: string): Promise<PolicyRow> {
  const locked = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "AutoClaimPolicy" WHERE "id" = ${policyId}::uuid AND "tenantId" = ${tenantId}::uuid AND "deletedAt" IS NULL FOR UPDATE`;
  if (locked.length === 0) throw new PolicyNotFoundError();
  const policy = await tx.autoClaimPolicy.findFirst({ where: { id: policyId, tenantId, deletedAt: null }, include: policyInclude });
  if (!policy) throw new PolicyNotFoundError();
  return policy;
}

/** Locks the policy's products (in product-id order, like every multi-product writer). */
async function lockPolicyProducts(tx: Tx, tenantId: string, policyId: string): Promise<void> {
  await tx.$queryRaw`
    SELECT p."id" FROM "Product" p JOIN "PolicyProduct" pp ON pp."productId" = p."id"
    WHERE pp."policyId" = ${policyId}::uuid AND p."tenantId" = ${tenantId}::uuid
    ORDER BY p."id" FOR NO KEY UPDATE OF p`;
}

/** Re-raises a lost race on a unique index as the error the check would have given. */
async function translateConflict(db: PrismaClient, tenantId: string, error: unknown, attempted: { app?: AutoClaimApp; name?: string }): Promise<unknown> {
  const kind = policyUniqueViolation(error);
  if (kind === "ONE_PER_APP" && attempted.app) {
    const existing = await db.autoClaimPolicy.findFirst({ where: { tenantId, app: attempted.app, deletedAt: null }, select: { name: true } });
    return new PolicyAlreadyExistsError(attempted.app, existing?.name ?? "another policy", { cause: error });
  }
  if (kind === "UNIQUE_NAME" && attempted.name) {
    const existing = await db.autoClaimPolicy.findFirst({
      where: { tenantId, deletedAt: null, name: literalFilter("equals", attempted.name) },
      select: { name: true },
    });
    return new PolicyNameTakenError(existing?.name ?? attempted.name);
  }
  return error;
}

/** The columns of a status (ADR 21): Report only is off with the moment it started. */
function statusColumns(status: PolicyStatus, now: Date): { enabled: boolean; reportOnlySince: Date | null } {
  return { enabled: status === "ON", reportOnlySince: status === "REPORT_ONLY" ? now : null };
}

const STATUS_SAID: Record<PolicyStatus, string> = { ON: "turned it on", REPORT_ONLY: "put it in report only", OFF: "turned it off" };

/** Creates a policy (the wizard's "Create policy"). Status on unless chosen otherwise; scope All environments unless chosen otherwise. */
export async function createPolicy(ctx: DomainContext, draft: CreatePolicyDraft): Promise<{ id: string; name: string }> {
  const { db, actor, tenantId } = ctx;
  const input = parse(createPolicySchema, draft);
  try {
    return await db.$transaction(async (tx) => {
      const live = await tx.autoClaimPolicy.findMany({ where: { tenantId, deletedAt: null }, select: { id: true, name: true, app: true } });
      const clash = findPolicyNamed(live, input.name);
      if (clash) throw new PolicyNameTakenError(clash.name);
      const sameApp = live.find((p) => p.app === input.app);
      if (sameApp) throw new PolicyAlreadyExistsError(input.app, sameApp.name);
      const products = await resolveProducts(tx, tenantId, input.app, input.products);
      const group = await resolveGroup(tx, tenantId, input.groupId);

      const status = input.status ?? "ON";
      const policy = await tx.autoClaimPolicy.create({
        data: {
          tenantId,
          name: input.name,
          app: input.app,
          ...statusColumns(status, new Date()),
          scope: input.scope,
          groupId: group?.id ?? null,
          createdById: actor.id,
          products: { create: products.map(({ productId, position, disabledPlanIds }) => ({ productId, position, disabledPlanIds })) },
        },
        select: { id: true, name: true },
      });
      await recordAudit(tx, {
        tenantId,
        actor,
        action: "policy.create",
        targetType: "AutoClaimPolicy",
        targetId: policy.id,
        summary: `Created the ${AUTO_CLAIM_APP_LABELS[input.app]} auto-claim policy “${policy.name}” (${products.map((p) => p.label.product).join(", then ")})`,
        after: {
          name: policy.name,
          app: input.app,
          enabled: status === "ON",
          ...(status === "REPORT_ONLY" && { status }),
          scope: input.scope,
          group: group?.displayName ?? null,
          products: products.map((p) => p.label),
        },
      });
      return policy;
    });
  } catch (error) {
    throw await translateConflict(db, tenantId, error, { app: input.app, name: input.name });
  }
}

export interface UpdateResult {
  id: string;
  name: string;
  /** The fields that changed; empty when the request changed nothing (and nothing was audited). */
  changed: (keyof PolicyChanges)[];
  /** People served from waiting lists because the change raised or removed the cap. */
  served?: number;
}

/**
 * Renames, turns on/off, changes the products (order, backups, service plans), the group, the
 * waiting list's expiry or the cap. Audited as "policy.update". Raising or removing the cap serves
 * the waiting lists of the policy's products in the same transaction.
 */
export function updatePolicy(ctx: DomainContext, { policyId, ...changes }: { policyId: string } & Omit<PolicyChanges, "scope">): Promise<UpdateResult> {
  return applyChanges(ctx, policyId, changes, "policy.update");
}

/** Where the policy applies: all environments or managed environments only. Audited as "policy.scope". */
export function setPolicyScope(ctx: DomainContext, { policyId, scope }: { policyId: string; scope: PolicyScope }): Promise<UpdateResult> {
  return applyChanges(ctx, policyId, { scope }, "policy.scope");
}

async function applyChanges(ctx: DomainContext, policyId: string, requested: PolicyChanges, action: "policy.update" | "policy.scope"): Promise<UpdateResult> {
  const { db, actor, tenantId } = ctx;
  if (!isUuid(policyId)) throw new PolicyNotFoundError();
  const changes = parse(policyChangesSchema, requested);
  try {
    return await db.$transaction(async (tx) => {
      // A cap change may serve the products' waiting lists, which locks their rows: lock them
      // before the policy's, the order claims take them in (product, then policy), so neither waits
      // for the other while holding what the other needs.
      if (changes.maxUnits !== undefined) await lockPolicyProducts(tx, tenantId, policyId);
      const policy = await lockPolicy(tx, tenantId, policyId);
      const view = toView(policy);
      const data: Prisma.AutoClaimPolicyUncheckedUpdateManyInput & { name?: string } = {};
      const before: Record<string, Prisma.InputJsonValue | null> = {};
      const after: Record<string, Prisma.InputJsonValue | null> = {};
      const said: string[] = [];
      const changed: (keyof PolicyChanges)[] = [];

      if (changes.name !== undefined && changes.name !== policy.name) {
        const others = await tx.autoClaimPolicy.findMany({ where: { tenantId, deletedAt: null, id: { not: policy.id } }, select: { name: true } });
        const clash = findPolicyNamed(others, changes.name);
        if (clash) throw new PolicyNameTakenError(clash.name);
        data.name = changes.name;
        [before.name, after.name] = [policy.name, changes.name];
        said.push(`renamed it “${changes.name}”`);
        changed.push("name");
      }
      const status = changes.status ?? (changes.enabled === undefined ? undefined : changes.enabled ? "ON" : "OFF");
      if (status !== undefined && status !== view.status) {
        Object.assign(data, statusColumns(status, new Date()));
        // On and Off keep the audit's old shape; Report only is said by name.
        const shape = (s: PolicyStatus) => (s === "REPORT_ONLY" ? { enabled: false, status: s } : { enabled: s === "ON" });
        Object.assign(before, shape(view.status));
        Object.assign(after, shape(status));
        said.push(STATUS_SAID[status]);
        changed.push(changes.status !== undefined ? "status" : "enabled");
      }
      const groupId = changes.groupId === undefined ? undefined : changes.groupId || null;
      if (groupId !== undefined && groupId !== policy.groupId) {
        const group = await resolveGroup(tx, tenantId, groupId);
        data.groupId = group?.id ?? null;
        [before.group, after.group] = [policy.group?.displayName ?? null, group?.displayName ?? null];
        said.push(group ? `set its group to ${group.displayName}` : "removed its group");
        changed.push("groupId");
      }
      if (changes.scope !== undefined && changes.scope !== policy.scope) {
        data.scope = changes.scope;
        [before.scope, after.scope] = [policy.scope, changes.scope];
        said.push(`set its scope to ${SCOPE_LABELS[changes.scope]}`);
        changed.push("scope");
      }
      if (changes.waitlistExpiryDays !== undefined && changes.waitlistExpiryDays !== policy.waitlistExpiryDays) {
        data.waitlistExpiryDays = changes.waitlistExpiryDays;
        [before.waitlistExpiryDays, after.waitlistExpiryDays] = [policy.waitlistExpiryDays, changes.waitlistExpiryDays];
        said.push(`waiting-list entries expire after ${changes.waitlistExpiryDays} day${changes.waitlistExpiryDays === 1 ? "" : "s"} without a launch`);
        changed.push("waitlistExpiryDays");
      }
      const capRaised =
        changes.maxUnits !== undefined &&
        changes.maxUnits !== policy.maxUnits &&
        policy.maxUnits !== null &&
        (changes.maxUnits === null || changes.maxUnits > policy.maxUnits);
      if (changes.maxUnits !== undefined && changes.maxUnits !== policy.maxUnits) {
        data.maxUnits = changes.maxUnits;
        [before.maxUnits, after.maxUnits] = [policy.maxUnits, changes.maxUnits];
        said.push(
          changes.maxUnits === null ? "removed its license limit" : `limited it to ${changes.maxUnits} license${changes.maxUnits === 1 ? "" : "s"} at once`,
        );
        changed.push("maxUnits");
      }
      if (changes.products !== undefined) {
        const products = await resolveProducts(tx, tenantId, policy.app, changes.products);
        const current = policy.products.map((pp) => `${pp.productId}:${[...pp.disabledPlanIds].sort().join(",")}`);
        const next = products.map((p) => `${p.productId}:${p.disabledPlanIds.join(",")}`);
        if (current.join("|") !== next.join("|")) {
          // Positions are unique per policy and bounded 0–4: replace the list rather than shuffle it in place.
          await tx.policyProduct.deleteMany({ where: { policyId: policy.id } });
          await tx.policyProduct.createMany({
            data: products.map(({ productId, position, disabledPlanIds }) => ({ policyId: policy.id, productId, position, disabledPlanIds })),
          });
          before.products = view.products.map((p) => ({
            product: p.displayName,
            sku: p.skuPartNumber,
            disabledPlans: p.servicePlans.filter((s) => !s.enabled).map((s) => s.displayName),
          }));
          after.products = products.map((p) => p.label);
          said.push(`set its products to ${products.map((p) => p.label.product).join(", then ")}`);
          changed.push("products");
        }
      }

      if (changed.length === 0) return { id: policy.id, name: policy.name, changed };
      const updated = await tx.autoClaimPolicy.updateMany({ where: { id: policy.id, deletedAt: null }, data: { ...data, updatedAt: new Date() } });
      if (updated.count === 0) throw new PolicyNotFoundError();
      await recordAudit(tx, {
        tenantId,
        actor,
        action,
        targetType: "AutoClaimPolicy",
        targetId: policy.id,
        summary: `Auto-claim policy “${policy.name}”: ${said.join("; ")}`,
        before,
        after,
      });
      // More room under the cap: its waiting people are served now, in order, with the other queues.
      if (capRaised) {
        const served = await serveProductsTx(
          tx,
          policy.products.map((pp) => pp.productId),
          { tenantId },
        );
        return { id: policy.id, name: data.name ?? policy.name, changed, served: [...served.fromWaitlist.values()].reduce((n, v) => n + v, 0) };
      }
      return { id: policy.id, name: data.name ?? policy.name, changed };
    });
  } catch (error) {
    throw await translateConflict(db, tenantId, error, { name: changes.name });
  }
}

/**
 * Deletes a policy softly (the licences it assigned keep pointing at it). Deleting the auto-created
 * policy is remembered on the tenant, so that it is never made again (SPEC §4). Audited.
 */
export async function deletePolicy(ctx: DomainContext, { policyId }: { policyId: string }): Promise<{ id: string; name: string; autoCreated: boolean }> {
  const { db, actor, tenantId } = ctx;
  if (!isUuid(policyId)) throw new PolicyNotFoundError();
  return db.$transaction(async (tx) => {
    const policy = await lockPolicy(tx, tenantId, policyId);
    const now = new Date();
    const deleted = await tx.autoClaimPolicy.updateMany({ where: { id: policy.id, deletedAt: null }, data: { deletedAt: now } });
    if (deleted.count === 0) throw new PolicyNotFoundError();
    if (policy.autoCreated) await tx.tenant.update({ where: { id: tenantId }, data: { autoCreatedPolicyDeletedAt: now } });
    const view = toView(policy);
    await recordAudit(tx, {
      tenantId,
      actor,
      action: "policy.delete",
      targetType: "AutoClaimPolicy",
      targetId: policy.id,
      summary: `Deleted the ${AUTO_CLAIM_APP_LABELS[policy.app]} auto-claim policy “${policy.name}”${policy.autoCreated ? " (auto-created; it will not be made again)" : ""}`,
      before: {
        name: policy.name,
        app: policy.app,
        enabled: policy.enabled,
        scope: policy.scope,
        autoCreated: policy.autoCreated,
        group: view.group?.displayName ?? null,
        products: view.products.map((p) => p.displayName),
      },
    });
    return { id: policy.id, name: policy.name, autoCreated: policy.autoCreated };
  });
}

/**
 * The domain validates its input with the same schemas as the forms, so that a direct call (a test,
 * a script) cannot store what a form could not; a refusal names the field like the action's would.
 */
function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new ValidationError(issue.message, { field: issue.path.length > 0 ? issue.path.map(String).join(".") : undefined });
}
