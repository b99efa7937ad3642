import { describe, expect, it } from "vitest";
import { decideLaunch, needsClaim, wouldHaveClaimed, type LaunchFacts } from "./rules";

const base: LaunchFacts = {
  premium: true,
  managedEnvironment: true,
  holdsStandalone: false,
  autoClaimEnabled: true,
  policy: { enabled: true, scope: "MANAGED_ONLY" },
  productsAvailable: [true],
};

describe("decideLaunch — SPEC §3, row by row", () => {
  it("1. a standard app in a standard environment needs no licence", () => {
    expect(decideLaunch({ ...base, premium: false, managedEnvironment: false, autoClaimEnabled: false, policy: null })).toEqual({
      decision: "ALLOW",
      reason: "NOT_REQUIRED",
    });
  });
  it("1. …but a standard app in a managed environment does", () => {
    expect(decideLaunch({ ...base, premium: false }).reason).toBe("AUTO_CLAIMED");
  });
  it("2. a holder of a standalone licence is let in, whatever the policy", () => {
    expect(decideLaunch({ ...base, holdsStandalone: true, autoClaimEnabled: false, policy: null, productsAvailable: [] })).toEqual({
      decision: "ALLOW",
      reason: "LICENSED",
    });
  });
  it("3. the setting off refuses with FEATURE_OFF", () => {
    expect(decideLaunch({ ...base, autoClaimEnabled: false })).toEqual({ decision: "DENY", reason: "FEATURE_OFF" });
  });
  it("3. no policy refuses with NO_POLICY", () => {
    expect(decideLaunch({ ...base, policy: null })).toEqual({ decision: "DENY", reason: "NO_POLICY" });
  });
  it("3. a policy that is off refuses with POLICY_OFF", () => {
    expect(decideLaunch({ ...base, policy: { enabled: false, scope: "ALL_ENVIRONMENTS" } })).toEqual({ decision: "DENY", reason: "POLICY_OFF" });
  });
  it("4. a managed-only policy refuses a premium app in a standard environment", () => {
    expect(decideLaunch({ ...base, managedEnvironment: false })).toEqual({ decision: "DENY", reason: "OUT_OF_SCOPE" });
  });
  it("4. an all-environments policy claims there", () => {
    expect(decideLaunch({ ...base, managedEnvironment: false, policy: { enabled: true, scope: "ALL_ENVIRONMENTS" } })).toEqual({
      decision: "ALLOW",
      reason: "AUTO_CLAIMED",
      claimPosition: 0,
    });
  });
  it("5. claims the first product in order with a unit, backups after the primary", () => {
    expect(decideLaunch({ ...base, productsAvailable: [true, true] })).toMatchObject({ reason: "AUTO_CLAIMED", claimPosition: 0 });
    expect(decideLaunch({ ...base, productsAvailable: [false, false, true, true] })).toMatchObject({ reason: "AUTO_CLAIMED", claimPosition: 2 });
  });
  it("6. every product exhausted refuses with NO_LICENSES_AVAILABLE", () => {
    expect(decideLaunch({ ...base, productsAvailable: [false, false, false, false, false] })).toEqual({ decision: "DENY", reason: "NO_LICENSES_AVAILABLE" });
    expect(decideLaunch({ ...base, productsAvailable: [] })).toEqual({ decision: "DENY", reason: "NO_LICENSES_AVAILABLE" });
  });
  it("5. a policy holding its maximum units refuses with POLICY_CAP_REACHED, whichever product has a unit (SPEC §8.4)", () => {
    const capped = (held: number, max: number) => ({ enabled: true, scope: "MANAGED_ONLY" as const, cap: { held, max } });
    expect(decideLaunch({ ...base, policy: capped(40, 40), productsAvailable: [true, true] })).toEqual({ decision: "DENY", reason: "POLICY_CAP_REACHED" });
    // A backup product does not help past the cap.
    expect(decideLaunch({ ...base, policy: capped(40, 40), productsAvailable: [false, true] })).toEqual({ decision: "DENY", reason: "POLICY_CAP_REACHED" });
    // A cap lowered below what the policy holds still refuses (nothing is released).
    expect(decideLaunch({ ...base, policy: capped(45, 40) }).reason).toBe("POLICY_CAP_REACHED");
    // One unit under the cap claims as usual.
    expect(decideLaunch({ ...base, policy: capped(39, 40), productsAvailable: [false, true] })).toEqual({
      decision: "ALLOW",
      reason: "AUTO_CLAIMED",
      claimPosition: 1,
    });
    // At the cap and exhausted: the cap is the reason (more units would not help).
    expect(decideLaunch({ ...base, policy: capped(40, 40), productsAvailable: [false] }).reason).toBe("POLICY_CAP_REACHED");
  });
  it("5. a policy without a cap is unaffected", () => {
    for (const cap of [undefined, null]) {
      expect(decideLaunch({ ...base, policy: { enabled: true, scope: "MANAGED_ONLY", cap } })).toEqual({
        decision: "ALLOW",
        reason: "AUTO_CLAIMED",
        claimPosition: 0,
      });
      expect(decideLaunch({ ...base, policy: { enabled: true, scope: "MANAGED_ONLY", cap }, productsAvailable: [false] }).reason).toBe("NO_LICENSES_AVAILABLE");
    }
  });
  it("applies the steps in order: an earlier step wins over a later one", () => {
    // Setting off and policy off: FEATURE_OFF (step 3 checks the setting first).
    expect(decideLaunch({ ...base, autoClaimEnabled: false, policy: { enabled: false, scope: "MANAGED_ONLY" } }).reason).toBe("FEATURE_OFF");
    // Out of scope and exhausted: OUT_OF_SCOPE (step 4 before step 6).
    expect(decideLaunch({ ...base, managedEnvironment: false, productsAvailable: [false] }).reason).toBe("OUT_OF_SCOPE");
    // Off or out of scope, a capped-out policy is still POLICY_OFF / OUT_OF_SCOPE.
    expect(decideLaunch({ ...base, policy: { enabled: false, scope: "MANAGED_ONLY", cap: { held: 1, max: 1 } } }).reason).toBe("POLICY_OFF");
    expect(decideLaunch({ ...base, managedEnvironment: false, policy: { enabled: true, scope: "MANAGED_ONLY", cap: { held: 1, max: 1 } } }).reason).toBe(
      "OUT_OF_SCOPE",
    );
  });
});

describe("needsClaim", () => {
  it("is true only when the answer depends on the pool", () => {
    const facts: Omit<LaunchFacts, "productsAvailable"> = { ...base };
    expect(needsClaim(facts)).toBe(true);
    expect(needsClaim({ ...facts, holdsStandalone: true })).toBe(false);
    expect(needsClaim({ ...facts, managedEnvironment: false })).toBe(false);
    // A policy at its cap is refused without looking at the pool.
    expect(needsClaim({ ...facts, policy: { enabled: true, scope: "MANAGED_ONLY", cap: { held: 2, max: 2 } } })).toBe(false);
    expect(needsClaim({ ...facts, policy: { enabled: true, scope: "MANAGED_ONLY", cap: { held: 1, max: 2 } } })).toBe(true);
  });
});

describe("report only — SPEC §8.5: decided as off, recording what it would have claimed", () => {
  const reportOnly: LaunchFacts = { ...base, policy: { enabled: false, reportOnly: true, scope: "MANAGED_ONLY" } };

  it("is refused exactly as a policy that is off, and needs no claim", () => {
    expect(decideLaunch(reportOnly)).toEqual({ decision: "DENY", reason: "POLICY_OFF" });
    expect(needsClaim(reportOnly)).toBe(false);
  });
  it("would have claimed the first product in order with a unit", () => {
    expect(wouldHaveClaimed(reportOnly)).toBe(0);
    expect(wouldHaveClaimed({ ...reportOnly, productsAvailable: [false, false, true] })).toBe(2);
  });
  it("would have claimed nothing when every product is used up", () => {
    expect(wouldHaveClaimed({ ...reportOnly, productsAvailable: [false, false] })).toBeNull();
    expect(wouldHaveClaimed({ ...reportOnly, productsAvailable: [] })).toBeNull();
  });
  it("would have claimed nothing for a person already covered, out of scope, or past the cap", () => {
    expect(wouldHaveClaimed({ ...reportOnly, holdsStandalone: true })).toBeNull();
    expect(wouldHaveClaimed({ ...reportOnly, premium: false, managedEnvironment: false })).toBeNull();
    expect(wouldHaveClaimed({ ...reportOnly, managedEnvironment: false })).toBeNull();
    expect(wouldHaveClaimed({ ...reportOnly, policy: { ...reportOnly.policy!, cap: { held: 3, max: 3 } } })).toBeNull();
    expect(wouldHaveClaimed({ ...reportOnly, autoClaimEnabled: false })).toBeNull();
  });
  it("records nothing for a policy that is on or simply off", () => {
    expect(wouldHaveClaimed(base)).toBeNull();
    expect(wouldHaveClaimed({ ...base, policy: { enabled: false, scope: "MANAGED_ONLY" } })).toBeNull();
    expect(wouldHaveClaimed({ ...base, policy: { enabled: true, reportOnly: true, scope: "MANAGED_ONLY" } })).toBeNull();
  });
});
