/**
 * The launch decision of SPEC §3 as a pure function of facts: no database, no clock. The service
 * gathers the facts (and performs the claim when the answer is AUTO_CLAIMED); this table is the
 * one home of the rule. Power Automate follows the same table with "flow run or save" in place of
 * "launch" and premium flows in place of premium apps.
 *
 * The rule answers its trace with its decision (traceLaunch): each step it took, in order, with the
 * facts it looked at and whether the step let the launch go on, allowed it or refused it. The
 * console shows that trace ("why / why not"); it never decides again on its own.
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
   * Its name only labels the trace.
   */
  policy: { enabled: boolean; scope: PolicyScope; cap?: PolicyCap | null; reportOnly?: boolean; name?: string } | null;
  /**
   * For each product in the policy's order (primary first), whether it has an available unit.
   * Only consulted at step 5. Empty: no product of the policy has one.
   */
  productsAvailable: boolean[];
  /** Labels of the policy's products in the same order (null: not named), for the trace only (the decision never reads them). */
  products?: readonly (ProductFact | null)[];
  /** The person's place on the policy's waiting list, when known, for the trace only. */
  waitlistPosition?: number | null;
}

export interface PolicyCap {
  held: number;
  max: number;
}

/** A product of the policy as the trace names it: display name and, when known, units left of purchased. */
export interface ProductFact {
  name: string;
  left?: number;
  purchased?: number;
}

export type LaunchOutcome =
  | { decision: "ALLOW"; reason: "NOT_REQUIRED" | "LICENSED" }
  | { decision: "ALLOW"; reason: "AUTO_CLAIMED"; claimPosition: number }
  | { decision: "DENY"; reason: Exclude<LaunchReason, "NOT_REQUIRED" | "LICENSED" | "AUTO_CLAIMED"> };

/**
 * What one step made of its facts: `passed` — on to the next step; `failed` — not met, but a later
 * one may still serve (a used-up product with a backup after it); `allowed` / `refused` — this step
 * decided the launch.
 */
export type TraceMark = "passed" | "failed" | "allowed" | "refused";

export type TraceStep =
  | { step: "LICENCE_NEEDED"; mark: TraceMark; premium: boolean; managedEnvironment: boolean }
  | { step: "STANDALONE"; mark: TraceMark; holds: boolean }
  | { step: "SETTING"; mark: TraceMark; on: boolean }
  | { step: "POLICY"; mark: TraceMark; status: "NONE" | "ON" | "OFF" | "REPORT_ONLY"; name?: string }
  | { step: "SCOPE"; mark: TraceMark; scope: PolicyScope; managedEnvironment: boolean }
  | { step: "CAP"; mark: TraceMark; held: number; max: number }
  | { step: "PRODUCT"; mark: TraceMark; position: number; available: boolean; name?: string; left?: number; purchased?: number }
  | { step: "PRODUCTS"; mark: TraceMark };

/** The rule's answer with the steps that led to it (stored with the launch as decided then, ADR 28). */
export type LaunchTrace = LaunchOutcome & {
  steps: TraceStep[];
  /** Refused for lack of units: the person is on the policy's waiting list (at `waitlistPosition` when known). */
  waitlisted?: boolean;
  waitlistPosition?: number;
  /** Claimed: the product's name, when the facts named it. */
  claimedProduct?: string;
};

/** The refusals that put the user on the policy's waiting list (SPEC §8.1). */
export const QUEUING_REASONS: ReadonlySet<LaunchReason> = new Set<LaunchReason>(["NO_LICENSES_AVAILABLE", "POLICY_CAP_REACHED"]);

/** SPEC §3's table, step by step, with the trace of every step taken. */
export function traceLaunch(f: LaunchFacts): LaunchTrace {
  const steps: TraceStep[] = [];
  const done = (outcome: LaunchOutcome): LaunchTrace => {
    const trace: LaunchTrace = { ...outcome, steps };
    if (QUEUING_REASONS.has(outcome.reason)) {
      trace.waitlisted = true;
      if (f.waitlistPosition) trace.waitlistPosition = f.waitlistPosition;
    }
    return trace;
  };
  // 1. A standard app in a standard environment is covered by the seeded licence.
  const needed = f.premium || f.managedEnvironment;
  steps.push({ step: "LICENCE_NEEDED", mark: needed ? "passed" : "allowed", premium: f.premium, managedEnvironment: f.managedEnvironment });
  if (!needed) return done({ decision: "ALLOW", reason: "NOT_REQUIRED" });
  // 2. The user already holds a standalone licence.
  steps.push({ step: "STANDALONE", mark: f.holdsStandalone ? "allowed" : "passed", holds: f.holdsStandalone });
  if (f.holdsStandalone) return done({ decision: "ALLOW", reason: "LICENSED" });
  // 3. Auto-claim must be on, with a policy that is on.
  steps.push({ step: "SETTING", mark: f.autoClaimEnabled ? "passed" : "refused", on: f.autoClaimEnabled });
  if (!f.autoClaimEnabled) return done({ decision: "DENY", reason: "FEATURE_OFF" });
  const policy = f.policy;
  const name = policy?.name === undefined ? {} : { name: policy.name };
  if (!policy) {
    steps.push({ step: "POLICY", mark: "refused", status: "NONE" });
    return done({ decision: "DENY", reason: "NO_POLICY" });
  }
  const status = policy.enabled ? "ON" : policy.reportOnly ? "REPORT_ONLY" : "OFF";
  steps.push({ step: "POLICY", mark: policy.enabled ? "passed" : "refused", status, ...name });
  if (!policy.enabled) return done({ decision: "DENY", reason: "POLICY_OFF" });
  // 4. A managed-only policy does not apply in a standard environment.
  const inScope = policy.scope === "ALL_ENVIRONMENTS" || f.managedEnvironment;
  steps.push({ step: "SCOPE", mark: inScope ? "passed" : "refused", scope: policy.scope, managedEnvironment: f.managedEnvironment });
  if (!inScope) return done({ decision: "DENY", reason: "OUT_OF_SCOPE" });
  // 5, first: a policy holding its maximum units claims no more, whichever product has one (backups too).
  if (policy.cap) {
    const full = policy.cap.held >= policy.cap.max;
    steps.push({ step: "CAP", mark: full ? "refused" : "passed", held: policy.cap.held, max: policy.cap.max });
    if (full) return done({ decision: "DENY", reason: "POLICY_CAP_REACHED" });
  }
  // 5. The first product in the policy's order with an available unit.
  const claimPosition = f.productsAvailable.findIndex(Boolean);
  const known = f.products ?? [];
  const consulted = claimPosition >= 0 ? claimPosition + 1 : Math.max(f.productsAvailable.length, known.length);
  for (let position = 0; position < consulted; position++) {
    const available = position === claimPosition;
    const last = position === consulted - 1;
    const label = known[position];
    steps.push({
      step: "PRODUCT",
      mark: available ? "allowed" : last ? "refused" : "failed",
      position,
      available,
      ...(label && { name: label.name }),
      ...(label?.left !== undefined && { left: label.left }),
      ...(label?.purchased !== undefined && { purchased: label.purchased }),
    });
  }
  if (claimPosition >= 0) {
    const trace = done({ decision: "ALLOW", reason: "AUTO_CLAIMED", claimPosition });
    const claimed = known[claimPosition];
    if (claimed) trace.claimedProduct = claimed.name;
    return trace;
  }
  // 6. Every product is exhausted (unnamed when the facts name none).
  if (consulted === 0) steps.push({ step: "PRODUCTS", mark: "refused" });
  return done({ decision: "DENY", reason: "NO_LICENSES_AVAILABLE" });
}

/** The decision alone: the trace's outcome. */
export function decideLaunch(f: LaunchFacts): LaunchOutcome {
  const trace = traceLaunch(f);
  if (trace.reason === "AUTO_CLAIMED") return { decision: "ALLOW", reason: "AUTO_CLAIMED", claimPosition: trace.claimPosition };
  return { decision: trace.decision, reason: trace.reason } as LaunchOutcome;
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

/** Whether the decision depends on the pool (step 5/6): only then must the claim be atomic. A policy at its cap is decided without the pool. */
export function needsClaim(f: Omit<LaunchFacts, "productsAvailable">): boolean {
  const outcome = decideLaunch({ ...f, productsAvailable: [true] });
  return outcome.reason === "AUTO_CLAIMED";
}
