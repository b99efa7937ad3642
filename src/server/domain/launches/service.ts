/**
 * Recording a launch: gather the facts (one statement), decide with the launch rule (rules.ts), and —
 * only when the answer depends on the pool — claim atomically in one more statement (ADR 34).
 *
 * Statements per decision (counted by service.db.test.ts): 2 on every path — the facts, then the
 * launch row (a refusal for lack of units writes its waiting-list entry in the same statement; a
 * claim is launch_claim, which locks the user and the product and inserts the launch and the
 * assignment, the database's triggers counting the unit and guarding the policy's cap). A policy
 * with a group adds BEGIN, the membership's statements and COMMIT; a claim that finds the pool
 * emptied while it waited adds the refusal. docs/decisions/0005-atomic-claims.md, 0019-per-policy-cap.md
 * and 0034-claim-in-one-statement.md explain the locking.
 */
import { randomUUID } from "node:crypto";
import { Prisma, type PrismaClient } from "@/generated/prisma/client";
import type { AutoClaimApp, LaunchDecision, LaunchKind, LaunchReason, PolicyScope } from "@/generated/prisma/enums";
import type { Tx } from "@/server/db/client";
import { DomainError, NotFoundError } from "../errors";
import { isUuid, userRefCondition } from "../users/lookup";
import { addMembersTx } from "../groups/membership";
import { launchMessage } from "./messages";
import { refuseAndQueue, waitlistPlace } from "./waitlist";
import { CHECK_VIOLATION, isRetryableConflict, violates } from "@/server/db/errors";
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
   * The policy's products in order with units left and purchased, when a licence is needed and
   * the user holds none (the traces name them: a refusal's "0 of 33 left", a claim's product and
   * the used-up ones before it). Null on the paths that need no licence or hold one.
   */
  policyProducts: FactProduct[] | string | null;
}

/** A product of the policy as the facts read it: its place in the policy's order, name and units. */
export type FactProduct = ProductFact & { position?: number };

/** Everything the rule needs, in one statement. No row: the user or the app is not in the tenant. */
export async function readFacts(db: Tx, input: LaunchInput): Promise<FactsRow | undefined> {
  const userMatch = userRefCondition(input.user);
  if (!userMatch) return undefined;
  const rows = await db.$queryRaw<FactsRow[]>`
    SELECT u."id" AS "userId", u."accountEnabled", a."id" AS "appId", a."name" AS "appName", a."kind"::text AS "kind",
           a."premium", a."autoClaimApp"::text AS "autoClaimApp",
           e."id" AS "environmentId", e."name" AS "environmentName", e."managed",
           t."autoClaimEnabled",
           hs."holdsStandalone",
           pol."id" AS "policyId", pol."name" AS "policyName", pol."enabled" AS "policyEnabled",
           pol."scope"::text AS "policyScope", pol."groupId" AS "policyGroupId",
           hu."policyHasUnits",
           pol."maxUnits" AS "policyMaxUnits",
           CASE WHEN pol."maxUnits" IS NOT NULL THEN
             (SELECT count(*)::int FROM "LicenseAssignment" h
               WHERE h."policyId" = pol."id" AND h."source" = 'AUTO_CLAIM' AND h."state" = 'ACTIVE') END AS "policyHeldUnits",
           (pol."reportOnlySince" IS NOT NULL) AS "policyReportOnly",
           w."productId" AS "wouldClaimProductId", w."position" AS "wouldClaimPosition",
           CASE WHEN pol."id" IS NOT NULL AND (a."premium" OR e."managed") AND NOT hs."holdsStandalone" THEN
             (SELECT json_agg(json_build_object('position', pp."position", 'name', p."displayName", 'left', greatest(p."purchasedUnits" - p."consumedUnits", 0), 'purchased', p."purchasedUnits")
                              ORDER BY pp."position")
                FROM "PolicyProduct" pp JOIN "Product" p ON p."id" = pp."productId" WHERE pp."policyId" = pol."id") END AS "policyProducts"
    FROM "App" a
    JOIN "Environment" e ON e."id" = a."environmentId"
    JOIN "Tenant" t ON t."id" = a."tenantId"
    JOIN "User" u ON u."tenantId" = a."tenantId" AND ${userMatch}
    CROSS JOIN LATERAL (
      SELECT EXISTS (SELECT 1 FROM "LicenseAssignment" la JOIN "Product" p ON p."id" = la."productId"
                     WHERE la."userId" = u."id" AND la."tenantId" = a."tenantId" AND la."state" = 'ACTIVE'
                       AND p."tenantId" = a."tenantId" AND p."standaloneFor" = a."autoClaimApp") AS "holdsStandalone"
    ) hs
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
export function productsOf(row: FactsRow): FactProduct[] {
  const value = typeof row.policyProducts === "string" ? (JSON.parse(row.policyProducts) as FactProduct[]) : row.policyProducts;
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
    const launchId = randomUUID();
    // Raw SQL: the hot path's one write, without the query builder's work per call.
    await db.$executeRaw`
      INSERT INTO "Launch" ("id", "tenantId", "userId", "appId", "environmentId", "kind", "decision", "reason", "policyId", "wouldClaimProductId", "createdAt", "trace")
      VALUES (${launchId}::uuid, ${input.tenantId}::uuid, ${row.userId}::uuid, ${row.appId}::uuid, ${row.environmentId}::uuid, ${kind}::"LaunchKind",
              ${outcome.decision}::"LaunchDecision", ${outcome.reason}::"LaunchReason", ${POOL_REASONS.has(outcome.reason) ? row.policyId : null}::uuid,
              ${wouldClaim}::uuid, ${new Date()}::timestamp, ${JSON.stringify(outcome)}::jsonb)`;
    return { ...base, launchId, decision: outcome.decision, reason: outcome.reason };
  }
  try {
    return await claim(db, input.tenantId, row, facts, base, kind);
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

/** What launch_claim answers (migration 20261203160000, ADR 34). */
interface ClaimRow {
  outcome: "CLAIMED" | "LICENSED" | "EXHAUSTED" | "DISABLED";
  launchId: string | null;
  assignmentId: string | null;
  productId: string | null;
  position: number | null;
  skuId: string | null;
  skuPartNumber: string | null;
  displayName: string | null;
}

/**
 * The claim (SPEC §3 step 5) in one statement: launch_claim locks the user, reads their holding
 * again, picks and locks the first product with a unit, and inserts the launch and the assignment
 * (the triggers count the unit; the cap guard refuses past the cap). The rule has decided steps 1–4;
 * its traces for each way the pool can answer go with the call, and the statement stores the one
 * that happened. Without a policy group it runs alone — its own transaction; with one, inside a
 * transaction that also adds the user to the group (SPEC §9).
 */
async function claim(
  db: PrismaClient,
  tenantId: string,
  row: FactsRow,
  facts: Omit<LaunchFacts, "productsAvailable">,
  base: Omit<LaunchResult, "launchId" | "decision" | "reason">,
  kind: LaunchKind,
): Promise<LaunchResult> {
  // Named, without the counts the facts read (the lock decides which were used up).
  const products = productsOf(row).map(({ name, position }) => ({ name, position }));
  const claimed = Object.fromEntries(
    products.map((p, i) => [
      String(p.position ?? i),
      traceLaunch({ ...facts, productsAvailable: availableUpTo(i), products: products.slice(0, i + 1).map(({ name }) => ({ name })) }),
    ]),
  );
  const traces = { claimed, licensed: traceLaunch({ ...facts, holdsStandalone: true, productsAvailable: [] }) };
  const call = async (tx: Tx) => {
    const [r] = await tx.$queryRaw<ClaimRow[]>`
      SELECT * FROM launch_claim(${tenantId}::uuid, ${row.userId}::uuid, ${row.appId}::uuid, ${row.environmentId}::uuid, ${kind}::"LaunchKind",
                                 ${row.policyId}::uuid, ${row.autoClaimApp}::"AutoClaimApp", ${new Date()}::timestamp, ${JSON.stringify(traces)}::jsonb)`;
    if (r.outcome === "DISABLED") throw new AccountDisabledError(row.userId);
    // Every product was used up while this launch waited: refused and queued, like a launch a moment later.
    if (r.outcome === "EXHAUSTED")
      return refuse(tx, tenantId, row, kind, base, traceLaunch({ ...facts, productsAvailable: [], products: products.map(({ name }) => ({ name })) }));
    if (r.outcome === "LICENSED") return { ...base, launchId: r.launchId!, decision: "ALLOW" as const, reason: "LICENSED" as const };
    // The policy's group: its licences are active where a unit is left (or the claimed product is
    // one of them) and in error otherwise — the claim itself never fails for it (SPEC §9).
    if (row.policyGroupId) await addMembersTx(tx, tenantId, row.policyGroupId, [row.userId]);
    return {
      ...base,
      launchId: r.launchId!,
      decision: "ALLOW" as const,
      reason: "AUTO_CLAIMED" as const,
      assignment: {
        id: r.assignmentId!,
        productId: r.productId!,
        skuId: r.skuId!,
        skuPartNumber: r.skuPartNumber!,
        productName: r.displayName!,
        policyId: row.policyId!,
        policyName: row.policyName!,
        position: r.position!,
        groupId: row.policyGroupId,
      },
    };
  };
  if (!row.policyGroupId) return call(db);
  // With a group, the membership serves the group's products under their row locks after the claim
  // locked its own: two claims can each hold a product the other's group then waits for, and
  // PostgreSQL ends one of them as a deadlock. It rolled back whole; it runs again from the start.
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction(call, CLAIM_TRANSACTION);
    } catch (error) {
      if (attempt >= GROUP_CLAIM_ATTEMPTS || !isRetryableConflict(error)) throw error;
    }
  }
}

/** Runs of a group policy's claim transaction before a deadlock is answered as a conflict (409). */
const GROUP_CLAIM_ATTEMPTS = 5;

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
