/**
 * Simulation (SPEC §8.5, ADR 21): what a policy — a draft on the wizard's Review step, or an
 * existing one on its details page — would have done over the last 30 days of recorded launches.
 *
 * - **Would claim**: the distinct people with at least one launch in (now − 30 days, now] of an app
 *   of the policy's auto-claim app that needs a licence (a premium app, or any app in a Managed
 *   Environment — SPEC §3 step 1) and is in the policy's scope (Managed environments only, or all),
 *   whose account is enabled and who hold **no standalone licence for that app now**, by any source
 *   (so people the pool already covers, including through the policy itself, are not counted
 *   again). Apps and environments are judged as they are now.
 * - **Available now**: the unused units of the policy's products (purchased − consumed, never below 0).
 * - **Would wait**: would claim − available now, at least 0.
 *
 * The policy's group does not change who would be claimed for, and a cap is not applied: the
 * simulation tells the demand. All three numbers come from ONE set-based statement: the window's
 * launches through the ("tenantId", "createdAt") index, their people de-duplicated, and the
 * licensed ones removed by an anti-join on the person's active assignments.
 */
import { Prisma, type PrismaClient } from "@/generated/prisma/client";
import type { AutoClaimApp, PolicyScope } from "@/generated/prisma/enums";
import type { Tx } from "@/server/db/client";

export const SIMULATION_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface SimulationInput {
  app: AutoClaimApp;
  scope: PolicyScope;
  /** The policy's products, in order (only those of the tenant that are standalone for the app count). */
  productIds: readonly string[];
}

export interface SimulationResult {
  /** The window replayed: (since, until]. */
  since: Date;
  until: Date;
  wouldClaim: number;
  availableNow: number;
  wouldWait: number;
}

/** The window of a simulation run at `now`: the 30 days before it. */
export function simulationWindow(now: Date): { since: Date; until: Date } {
  return { since: new Date(now.getTime() - SIMULATION_DAYS * DAY_MS), until: now };
}

/** The people who would wait: those it would claim for beyond the units available now. */
export function wouldWait(wouldClaim: number, availableNow: number): number {
  return Math.max(0, wouldClaim - Math.max(0, availableNow));
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

/** The sentence the wizard and the details page show. */
export function simulationSentence(r: Pick<SimulationResult, "wouldClaim" | "availableNow" | "wouldWait">): string {
  return (
    `This policy would have claimed ${plural(r.wouldClaim, "license", "licenses")}; ` +
    `${r.availableNow.toLocaleString("en-US")} available now; ` +
    `${plural(r.wouldWait, "person", "people")} would be waiting.`
  );
}

export async function simulatePolicy(db: PrismaClient | Tx, tenantId: string, input: SimulationInput, now: Date): Promise<SimulationResult> {
  const { since, until } = simulationWindow(now);
  const allEnvironments = input.scope === "ALL_ENVIRONMENTS";
  const products = input.productIds.length > 0 ? Prisma.join(input.productIds.map((id) => Prisma.sql`${id}::uuid`)) : Prisma.sql`NULL::uuid`;
  const [row] = await db.$queryRaw<{ wouldClaim: number; availableNow: number }[]>`
    WITH "apps" AS (
      SELECT a."id" FROM "App" a JOIN "Environment" e ON e."id" = a."environmentId"
      WHERE a."tenantId" = ${tenantId}::uuid AND a."autoClaimApp" = ${input.app}::"AutoClaimApp"
        AND (a."premium" OR e."managed") AND (${allEnvironments} OR e."managed")
    ), "people" AS (
      SELECT DISTINCT l."userId" FROM "Launch" l
      WHERE l."tenantId" = ${tenantId}::uuid AND l."createdAt" > ${since} AND l."createdAt" <= ${until}
        AND l."appId" IN (SELECT "id" FROM "apps")
    )
    SELECT
      (SELECT count(*)::int FROM "people" pe JOIN "User" u ON u."id" = pe."userId" AND u."accountEnabled"
        WHERE NOT EXISTS (SELECT 1 FROM "LicenseAssignment" la JOIN "Product" p ON p."id" = la."productId"
                          WHERE la."userId" = pe."userId" AND la."state" = 'ACTIVE'
                            AND p."standaloneFor" = ${input.app}::"AutoClaimApp")) AS "wouldClaim",
      (SELECT coalesce(sum(greatest(p."purchasedUnits" - p."consumedUnits", 0)), 0)::int FROM "Product" p
        WHERE p."tenantId" = ${tenantId}::uuid AND p."standaloneFor" = ${input.app}::"AutoClaimApp"
          AND p."id" IN (${products})) AS "availableNow"`;
  return { since, until, wouldClaim: row.wouldClaim, availableNow: row.availableNow, wouldWait: wouldWait(row.wouldClaim, row.availableNow) };
}
