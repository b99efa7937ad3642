/**
 * Recording a launch: gather the facts (one statement), decide with the launch rule (rules.ts), and —
 * only when the answer depends on the pool — claim atomically in one short transaction.
 *
 * Statements per decision (counted by service.db.test.ts): 2 on the paths that need no claim (the
 * facts, the launch row) — a policy whose products are all used up, or that holds its cap, is one
 * of them; on the claim path 6 more: lock the user, read their holding again, pick
 * and lock the first product with a unit, insert the launch, insert the assignment (the database's
 * triggers count the unit), and COMMIT; a capped policy adds one: lock the policy and count what it
 * holds (SPEC §8.4). docs/decisions/0005-atomic-claims.md and 0019-per-policy-cap.md explain the locking.
 */
import { randomUUID } from "node:crypto";
import { Prisma, type PrismaClient } from "@/generated/prisma/client";
import type { AutoClaimApp, LaunchDecision, LaunchKind, LaunchReason, PolicyScope } from "@/generated/prisma/enums";
import type { Tx } from "@/server/db/client";
import { DomainError, NotFoundError } from "../errors";
import { lockUsers } from "../users/locks";
import { isUuid, userRefCondition } from "../users/lookup";
import { addMembersTx } from "../groups/membership";
import { launchMessage } from "./messages";
import { refuseAndQueue, waitlistPlace } from "./waitlist";
import { CHECK_VIOLATION, violates } from "@/server/db/errors";
import { needsClaim, QUEUING_REASONS, traceLaunch, wouldHaveClaimed, type LaunchFacts, type LaunchTrace, type PolicyCap, type ProductFact } from "./rules";

export interface LaunchInput {
  tenantId: string;
  /** The user's id or user principal name. */
  user: string;
  appId: string;
}

export interface ClaimedAssignment {
  id: string;
  productId: string;
  skuId: string;
  skuPartNumber: string;
  productName: string;
  policyId: string;
  policyName: string;
  /** 0 = the policy's primary product, 1–4 its backups. */
  position: number;
  groupId: string | null;
}

export interface LaunchResult {
  launchId: string;
  decision: LaunchDecision;
  reason: LaunchReason;
  userId: string;
  appId: string;
  appName: string;
  autoClaimApp: AutoClaimApp;
  environmentName: string;
  managedEnvironment: boolean;
  premium: boolean;
  /** The live policy for the app's auto-claim app, when one was consulted. */
  policy: { id: string; name: string } | null;
  /** Present when this launch claimed a licence. */
  assignment?: ClaimedAssignment;
  /** Refused for lack of units: the user's place on the policy's waiting list (1 = next served). */
  waitlistPosition?: number;
}

export interface FactsRow {
  userId: string;
  /** Off for a disabled account (SPEC §10.1): no launch at all. */
  accountEnabled: boolean;
  appId: string;
  appName: string;
  kind: string;
  premium: boolean;
  autoClaimApp: AutoClaimApp;
  environmentId: string;
  environmentName: string;
  managed: boolean;
  autoClaimEnabled: boolean;
  holdsStandalone: boolean;
  policyId: string | null;
  policyName: string | null;
  policyEnabled: boolean | null;
  policyScope: PolicyScope | null;
  policyGroupId: string | null;
  /** Some product of the policy had a unit left when the facts were read. */
  policyHasUnits: boolean;
  /** The policy's cap (null = none) and, when it has one, the units it held when the facts were read. */
  policyMaxUnits: number | null;
  policyHeldUnits: number | null;
  /** A report-only policy (SPEC §8.5): the first product in its order with a unit when the facts were read, and its position. */
  policyReportOnly: boolean | null;
  wouldClaimProductId: string | null;
  wouldClaimPosition: number | null;
  /**
   * Only when no product of the policy had a unit left (the refusal's trace names them, "0 of 33
   * left"): its products in order with units left and purchased. Null on every other path, so the
   * paths that claim or need no licence read nothing more.
   */
  policyProducts: ProductFact[] | string | null;
}

/** Everything the rule needs, in one statement. No row: the user or the app is not in the tenant. */
export async function readFacts(db: Tx, input: LaunchInput): Promise<FactsRow | undefined> {
  const userMatch = userRefCondition(input.user);
  if (!userMatch) return undefined;
  const rows = await db.$queryRaw<FactsRow[]>`
    SELECT u."id" AS "userId", u."accountEnabled", a."id" AS "appId", a."name" AS "appName", a."kind"::text AS "kind",
           a."premium", a."autoClaimApp"::text AS "autoClaimApp",
           e."id" AS "environmentId", e."name" AS "environmentName", e."managed",
           t."autoClaimEnabled",
           EXISTS (SELECT 1 FROM "LicenseAssignment" la JOIN "Product" p ON p."id" = la."productId"
                   WHERE la."userId" = u."id" AND la."state" = 'ACTIVE' AND p."standaloneFor" = a."autoClaimApp") AS "holdsStandalone",
           pol."id" AS "policyId", pol."name" AS "policyName", pol."enabled" AS "policyEnabled",
           pol."scope"::text AS "policyScope", pol."groupId" AS "policyGroupId",
           hu."policyHasUnits",
           pol."maxUnits" AS "policyMaxUnits",
           CASE WHEN pol."maxUnits" IS NOT NULL THEN
             (SELECT count(*)::int FROM "LicenseAssignment" h
               WHERE h."policyId" = pol."id" AND h."source" = 'AUTO_CLAIM' AND h."state" = 'ACTIVE') END AS "policyHeldUnits",
           (pol."reportOnlySince" IS NOT NULL) AS "policyReportOnly",
           w."productId" AS "wouldClaimProductId", w."position" AS "wouldClaimPosition",
           CASE WHEN pol."id" IS NOT NULL AND NOT hu."policyHasUnits" THEN
             (SELECT json_agg(json_build_object('name', p."displayName", 'left', greatest(p."purchasedUnits" - p."consumedUnits", 0), 'purchased', p."purchasedUnits")
                              ORDER BY pp."position")
                FROM "PolicyProduct" pp JOIN "Product" p ON p."id" = pp."productId" WHERE pp."policyId" = pol."id") END AS "policyProducts"
    FROM "App" a
    JOIN "Environment" e ON e."id" = a."environmentId"
    JOIN "Tenant" t ON t."id" = a."tenantId"
    JOIN "User" u ON u."tenantId" = a."tenantId" AND ${userMatch}
    LEFT JOIN "AutoClaimPolicy" pol
           ON pol."tenantId" = a."tenantId" AND pol."app" = a."autoClaimApp" AND pol."deletedAt" IS NULL
    CROSS JOIN LATERAL (
      SELECT EXISTS (SELECT 1 FROM "PolicyProduct" pp JOIN "Product" p ON p."id" = pp."productId"
                     WHERE pp."policyId" = pol."id" AND p."consumedUnits" < p."purchasedUnits") AS "policyHasUnits"
    ) hu
    LEFT JOIN LATERAL (
      SELECT pp."productId", pp."position" FROM "PolicyProduct" pp JOIN "Product" p ON p."id" = pp."productId"
      WHERE pp."policyId" = pol."id" AND pol."reportOnlySince" IS NOT NULL AND p."consumedUnits" < p."purchasedUnits"
      ORDER BY pp."position" LIMIT 1
    ) w ON true
    WHERE a."id" = ${input.appId}::uuid AND a."tenantId" = ${input.tenantId}::uuid`;
  return rows[0];
}

export function factsFor(row: FactsRow): Omit<LaunchFacts, "productsAvailable"> {
  return {
    premium: row.premium,
    managedEnvironment: row.managed,
    holdsStandalone: row.holdsStandalone,
    autoClaimEnabled: row.autoClaimEnabled,
    policy: row.policyId
      ? {
          enabled: row.policyEnabled!,
          scope: row.policyScope!,
          cap: capOf(row.policyMaxUnits, row.policyHeldUnits),
          reportOnly: row.policyReportOnly === true,
          name: row.policyName!,
        }
      : null,
  };
}

/** The policy's products as the facts read them: names with units left, for the trace. */
export function productsOf(row: FactsRow): ProductFact[] {
  const value = typeof row.policyProducts === "string" ? (JSON.parse(row.policyProducts) as ProductFact[]) : row.policyProducts;
  return value ?? [];
}

/** The trace as stored on the launch row (a plain JSON value). */
const traceJson = (trace: LaunchTrace) => trace as unknown as Prisma.InputJsonObject;

function capOf(max: number | null, held: number | null): PolicyCap | null {
  return max === null ? null : { held: held ?? 0, max };
}

/** The database refusing a claimed licence past its policy's cap (the guard of migration 20261202080000). */
const isCapViolation = (error: unknown) => violates(error, CHECK_VIOLATION, "AutoClaimPolicy_cap_check");

/** Says which of the two is missing, on the error path only. */
async function notFound(db: PrismaClient, input: LaunchInput): Promise<NotFoundError> {
  const app = isUuid(input.appId) ? await db.app.findFirst({ where: { id: input.appId, tenantId: input.tenantId }, select: { id: true } }) : null;
  return app
    ? new NotFoundError(`No user "${input.user}" in this organization.`, { code: "USER_NOT_FOUND", field: "user" })
    : new NotFoundError(`No app with id "${input.appId}" in this organization.`, { code: "APP_NOT_FOUND", field: "app" });
}

/** A launch by a disabled account (SPEC §10.1): refused before any rule, nothing recorded. */
export class AccountDisabledError extends DomainError {
  constructor(user: string) {
    super(`The account "${user}" is disabled: it cannot launch apps.`, { code: "ACCOUNT_DISABLED", httpStatus: 403, field: "user" });
  }
}

const POOL_REASONS = new Set<LaunchReason>(["POLICY_OFF", "OUT_OF_SCOPE", "AUTO_CLAIMED", "NO_LICENSES_AVAILABLE", "POLICY_CAP_REACHED"]);

/** Decides a launch of app A by user U, claims a licence when SPEC §3 step 5 applies, and records it. */
export async function recordLaunch(db: PrismaClient, input: LaunchInput): Promise<LaunchResult> {
  if (!isUuid(input.appId)) throw await notFound(db, input);
  const row = await readFacts(db, input);
  if (!row) throw await notFound(db, input);
  if (!row.accountEnabled) throw new AccountDisabledError(input.user);
  const facts = factsFor(row);
  const kind: LaunchKind = row.autoClaimApp === "POWER_AUTOMATE" ? "FLOW_RUN" : "APP_LAUNCH";
  const base = {
    userId: row.userId,
    appId: row.appId,
    appName: row.appName,
    autoClaimApp: row.autoClaimApp,
    environmentName: row.environmentName,
    managedEnvironment: row.managed,
    premium: row.premium,
    policy: row.policyId ? { id: row.policyId, name: row.policyName! } : null,
  };
  const launchRow = (trace: LaunchTrace, productId: string | null = null, wouldClaimProductId: string | null = null) => ({
    tenantId: input.tenantId,
    userId: row.userId,
    appId: row.appId,
    environmentId: row.environmentId,
    kind,
    decision: trace.decision,
    reason: trace.reason,
    policyId: POOL_REASONS.has(trace.reason) ? row.policyId : null,
    productId,
    wouldClaimProductId,
    trace: traceJson(trace),
  });

  // No claim to make: the answer does not depend on the pool, or the pool was empty (or the policy at
  // its cap) when the facts were read (refusing then is what a launch a moment earlier would have
  // got: no lock is needed).
  if (!needsClaim(facts) || !row.policyHasUnits) {
    const outcome = traceLaunch({ ...facts, productsAvailable: [], products: productsOf(row) });
    if (isQueuing(outcome.reason)) return refuse(db, input.tenantId, row, kind, base, outcome);
    // Report only: refused as off, with the product the policy would have claimed (read with the
    // facts, neither locked nor claimed).
    const would = wouldHaveClaimed({ ...facts, productsAvailable: availableUpTo(row.wouldClaimPosition) });
    const wouldClaim = would === null ? null : row.wouldClaimProductId;
    const launch = await db.launch.create({ data: launchRow(outcome, null, wouldClaim), select: { id: true } });
    return { ...base, launchId: launch.id, decision: outcome.decision, reason: outcome.reason };
  }
  try {
    return await claim(db, input.tenantId, row, facts, base, launchRow);
  } catch (error) {
    // A cap set (or lowered) while this claim was under way: the database refused the licence, the
    // transaction left nothing behind, and the launch is refused like any other past the cap.
    if (isCapViolation(error)) return refuse(db, input.tenantId, row, kind, base, capReachedAfterAll(facts));
    throw error;
  }
}

/** The products in order, as far as the first one with a unit (at `position`); none when null. */
const availableUpTo = (position: number | null): boolean[] => (position === null ? [] : [...Array<boolean>(position).fill(false), true]);

const isQueuing = (reason: LaunchReason): reason is QueuingReason => QUEUING_REASONS.has(reason);
type QueuingReason = "NO_LICENSES_AVAILABLE" | "POLICY_CAP_REACHED";

/** The trace of a claim the database refused past the policy's cap (a cap set while the claim was under way): the cap as it was then, full. */
function capReachedAfterAll(facts: Omit<LaunchFacts, "productsAvailable">): LaunchTrace {
  const cap = facts.policy?.cap ?? { held: 0, max: 0 };
  return traceLaunch({
    ...facts,
    policy: facts.policy && { ...facts.policy, cap: { held: Math.max(cap.held, cap.max), max: cap.max } },
    productsAvailable: [],
  });
}

/** A refusal for lack of units (the pool's or the policy's cap): recorded with the user's place on the policy's waiting list (SPEC §8.1). */
async function refuse(
  db: Tx,
  tenantId: string,
  row: FactsRow,
  kind: LaunchKind,
  base: Omit<LaunchResult, "launchId" | "decision" | "reason">,
  trace: LaunchTrace,
): Promise<LaunchResult> {
  const reason = trace.reason as QueuingReason;
  const launchId = randomUUID();
  const waitlistPosition = await refuseAndQueue(db, {
    id: launchId,
    tenantId,
    userId: row.userId,
    appId: row.appId,
    environmentId: row.environmentId,
    kind,
    policyId: row.policyId!,
    createdAt: new Date(),
    reason,
    trace: traceJson(trace),
  });
  return { ...base, launchId, decision: "DENY", reason, waitlistPosition };
}

type LaunchRowFn = (trace: LaunchTrace, productId?: string | null, wouldClaimProductId?: string | null) => Prisma.LaunchUncheckedCreateInput;

async function claim(
  db: PrismaClient,
  tenantId: string,
  row: FactsRow,
  facts: Omit<LaunchFacts, "productsAvailable">,
  base: Omit<LaunchResult, "launchId" | "decision" | "reason">,
  launchRow: LaunchRowFn,
): Promise<LaunchResult> {
  return db.$transaction(async (tx) => {
    // One user's concurrent launches queue on the user's row, so they claim at most one unit
    // between them. The holding is then read again by a new statement: under READ COMMITTED it sees
    // what the launches this one waited for have committed.
    await lockUsers(tx, [row.userId]);
    const [user] = await tx.$queryRaw<{ holdsStandalone: boolean; accountEnabled: boolean }[]>`
      SELECT (SELECT u."accountEnabled" FROM "User" u WHERE u."id" = ${row.userId}::uuid) AS "accountEnabled", EXISTS (SELECT 1 FROM "LicenseAssignment" la JOIN "Product" p ON p."id" = la."productId"
                     WHERE la."userId" = ${row.userId}::uuid AND la."state" = 'ACTIVE'
                       AND p."standaloneFor" = ${row.autoClaimApp}::"AutoClaimApp") AS "holdsStandalone"`;
    // Disabled while this launch waited for the lock: it claims nothing.
    if (!user.accountEnabled) throw new AccountDisabledError(row.userId);
    if (user.holdsStandalone) {
      const launch = await tx.launch.create({ data: launchRow(traceLaunch({ ...facts, holdsStandalone: true, productsAvailable: [] })), select: { id: true } });
      return { ...base, launchId: launch.id, decision: "ALLOW" as const, reason: "LICENSED" as const };
    }
    // The first product in the policy's order with a unit left, locked: claims of one product queue
    // on its row, and PostgreSQL re-checks the condition after the wait (a product emptied meanwhile
    // is passed over for the next one in order).
    const [product] = await tx.$queryRaw<
      { productId: string; position: number; disabledPlanIds: string[]; skuId: string; skuPartNumber: string; displayName: string }[]
    >`
      SELECT p."id" AS "productId", pp."position", pp."disabledPlanIds", p."skuId"::text AS "skuId", p."skuPartNumber", p."displayName"
      FROM "PolicyProduct" pp JOIN "Product" p ON p."id" = pp."productId"
      WHERE pp."policyId" = ${row.policyId}::uuid AND p."consumedUnits" < p."purchasedUnits"
      ORDER BY pp."position"
      LIMIT 1
      FOR NO KEY UPDATE OF p`;
    // A capped policy: its row locked after the product's (the order the database's guard and the
    // waiting list's serving take them in), then what it holds counted afresh — every writer that
    // adds to its holding holds this lock, so the count stays true until this transaction ends.
    const cap = row.policyMaxUnits !== null && product ? await lockPolicyCap(tx, row.policyId!) : null;
    // The trace says what the locked read found: the products before the claimed one had no unit
    // left, and the claimed one is named from its own row (nothing more is read for the trace).
    const outcome = traceLaunch({
      ...facts,
      policy: facts.policy && { ...facts.policy, cap },
      productsAvailable: product ? [...Array(product.position).fill(false), true] : [],
      products: product ? [...Array<null>(product.position).fill(null), { name: product.displayName }] : [],
    });
    if (isQueuing(outcome.reason)) return refuse(tx, tenantId, row, launchRow(outcome).kind, base, outcome);
    if (outcome.reason !== "AUTO_CLAIMED" || !product) {
      const launch = await tx.launch.create({ data: launchRow(outcome), select: { id: true } });
      return { ...base, launchId: launch.id, decision: outcome.decision, reason: outcome.reason };
    }
    const launch = await tx.launch.create({ data: launchRow(outcome, product.productId), select: { id: true } });
    const assignment = await tx.licenseAssignment.create({
      data: {
        tenantId,
        userId: row.userId,
        productId: product.productId,
        source: "AUTO_CLAIM",
        policyId: row.policyId,
        productOrder: product.position,
        launchId: launch.id,
        disabledPlanIds: product.disabledPlanIds,
      },
      select: { id: true },
    });
    // The policy's group: its licences are active where a unit is left (or the claimed product is
    // one of them) and in error otherwise — the claim itself never fails for it (SPEC §9).
    if (row.policyGroupId) await addMembersTx(tx, tenantId, row.policyGroupId, [row.userId]);
    return {
      ...base,
      launchId: launch.id,
      decision: "ALLOW" as const,
      reason: "AUTO_CLAIMED" as const,
      assignment: {
        id: assignment.id,
        productId: product.productId,
        skuId: product.skuId,
        skuPartNumber: product.skuPartNumber,
        productName: product.displayName,
        policyId: row.policyId!,
        policyName: row.policyName!,
        position: product.position,
        groupId: row.policyGroupId,
      },
    };
  }, CLAIM_TRANSACTION);
}

/** Locks the policy's row and counts the units it holds (the database function of ADR 19). */
export async function lockPolicyCap(tx: Tx, policyId: string): Promise<PolicyCap | null> {
  const [c] = await tx.$queryRaw<{ held: number; maxUnits: number | null }[]>`SELECT "held", "maxUnits" FROM policy_cap_lock(${policyId}::uuid)`;
  return capOf(c.maxUnits, c.held);
}

/**
 * A claim storm queues for pooled connections (and, on PGlite, for the one connection) before its
 * transaction starts; Prisma's default 2 s wait would refuse launches that are merely queued.
 */
const CLAIM_TRANSACTION = { maxWait: 30_000, timeout: 30_000 };

/** A recorded launch with what its page shows: the app, the decision in plain words, the claim. */
export async function getLaunchOutcome(db: PrismaClient, tenantId: string, launchId: string) {
  if (!isUuid(launchId)) return null;
  const launch = await db.launch.findFirst({
    where: { id: launchId, tenantId },
    include: {
      user: { select: { id: true, displayName: true, userPrincipalName: true } },
      app: { select: { id: true, name: true, description: true, kind: true, premium: true, autoClaimApp: true } },
      environment: { select: { name: true, managed: true } },
      policy: { select: { name: true, products: { orderBy: { position: "asc" }, select: { product: { select: { displayName: true } } } } } },
      assignment: { select: { id: true, productOrder: true, product: { select: { displayName: true, skuPartNumber: true } } } },
      requests: { orderBy: { createdAt: "desc" }, take: 1, select: { id: true, status: true, decisionMessage: true, createdAt: true } },
    },
  });
  if (!launch) return null;
  const productName = launch.assignment?.product.displayName ?? launch.policy?.products[0]?.product.displayName;
  const waitlistPosition = isQueuing(launch.reason) && launch.policyId ? await waitlistPlace(db, { policyId: launch.policyId, userId: launch.userId }) : null;
  return {
    ...launch,
    waitlistPosition,
    waitingFor: productName ?? null,
    message: launchMessage(launch.reason, {
      autoClaimApp: launch.app.autoClaimApp,
      productName,
      productNames: launch.policy?.products.map((p) => p.product.displayName),
      policyName: launch.policy?.name,
    }),
  };
}

export type LaunchOutcomeView = NonNullable<Awaited<ReturnType<typeof getLaunchOutcome>>>;
