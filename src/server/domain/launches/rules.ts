/**
 * The launch decision of SPEC §3 as a pure function of facts: no database, no clock. The service
 * gathers the facts (and performs the claim when the answer is AUTO_CLAIMED); this table is the
 * one home of the rule. Power Automate follows the same table with "flow run or save" in place of
 * "launch" and premium flows in place of premium apps.
 */
import type { LaunchReason, PolicyScope } from "@/generated/prisma/enums";

export interface LaunchFacts {
  /** The app (or flow) uses premium connectors, Dataverse, a gateway or custom connectors. */
  premium: boolean;
  /** The app's environment is a Managed Environment. */
  managedEnvironment: boolean;
  /** The user holds, by any source, a standalone product for the app's auto-claim app. */
  holdsStandalone: boolean;
  /** The tenant's auto-claim setting. */
  autoClaimEnabled: boolean;
  /**
   * The tenant's live policy for the app's auto-claim app, if any; with its cap (SPEC §8.4) when it
   * has one: the units it holds (active AUTO_CLAIM assignments, any product) and the most it may.
   */
  policy: { enabled: boolean; scope: PolicyScope; cap?: PolicyCap | null; reportOnly?: boolean } | null;
  /**
   * For each product in the policy's order (primary first), whether it has an available unit.
   * Only consulted at step 5.
   */
  productsAvailable: boolean[];
}

export interface PolicyCap {
  held: number;
  max: number;
}

export type LaunchOutcome =
  | { decision: "ALLOW"; reason: "NOT_REQUIRED" | "LICENSED" }
  | { decision: "ALLOW"; reason: "AUTO_CLAIMED"; claimPosition: number }
  | { decision: "DENY"; reason: Exclude<LaunchReason, "NOT_REQUIRED" | "LICENSED" | "AUTO_CLAIMED"> };

export function decideLaunch(f: LaunchFacts): LaunchOutcome {
  // 1. A standard app in a standard environment is covered by the seeded licence.
  if (!f.premium && !f.managedEnvironment) return { decision: "ALLOW", reason: "NOT_REQUIRED" };
  // 2. The user already holds a standalone licence.
  if (f.holdsStandalone) return { decision: "ALLOW", reason: "LICENSED" };
  // 3. Auto-claim must be on, with a policy that is on.
  if (!f.autoClaimEnabled) return { decision: "DENY", reason: "FEATURE_OFF" };
  if (!f.policy) return { decision: "DENY", reason: "NO_POLICY" };
  if (!f.policy.enabled) return { decision: "DENY", reason: "POLICY_OFF" };
  // 4. A managed-only policy does not apply in a standard environment.
  if (f.policy.scope === "MANAGED_ONLY" && !f.managedEnvironment) return { decision: "DENY", reason: "OUT_OF_SCOPE" };
  // 5, first: a policy holding its maximum units claims no more, whichever product has one (backups too).
  if (f.policy.cap && f.policy.cap.held >= f.policy.cap.max) return { decision: "DENY", reason: "POLICY_CAP_REACHED" };
  // 5. The first product in the policy's order with an available unit.
  const claimPosition = f.productsAvailable.findIndex(Boolean);
  if (claimPosition >= 0) return { decision: "ALLOW", reason: "AUTO_CLAIMED", claimPosition };
  // 6. Every product is exhausted.
  return { decision: "DENY", reason: "NO_LICENSES_AVAILABLE" };
}

/**
 * A report-only policy (SPEC §8.5) is decided by decideLaunch exactly as an off one (POLICY_OFF).
 * This is what it would have done had it been on: the position of the product it would have
 * claimed, or null when it would have claimed nothing (the person is covered, out of scope, the
 * cap is reached or every product is used up) — or the policy is not in report only.
 */
export function wouldHaveClaimed(f: LaunchFacts): number | null {
  if (!f.policy?.reportOnly || f.policy.enabled) return null;
  const outcome = decideLaunch({ ...f, policy: { ...f.policy, enabled: true } });
  return outcome.reason === "AUTO_CLAIMED" ? outcome.claimPosition : null;
}

/** The refusals that put the user on the policy's waiting list (SPEC §8.1). */
export const QUEUING_REASONS: ReadonlySet<LaunchReason> = new Set<LaunchReason>(["NO_LICENSES_AVAILABLE", "POLICY_CAP_REACHED"]);

/** Whether the decision depends on the pool (step 5/6): only then must the claim be atomic. A policy at its cap is decided without the pool. */
export function needsClaim(f: Omit<LaunchFacts, "productsAvailable">): boolean {
  const outcome = decideLaunch({ ...f, productsAvailable: [true] });
  return outcome.reason === "AUTO_CLAIMED";
}
