import { describe, expect, it } from "vitest";
import { decideLaunch, traceLaunch, type LaunchFacts, type TraceMark } from "./rules";
import { ordinal, storedTrace, traceSentence, traceWords } from "./trace";

const base: LaunchFacts = {
  premium: true,
  managedEnvironment: true,
  holdsStandalone: false,
  autoClaimEnabled: true,
  policy: { enabled: true, scope: "ALL_ENVIRONMENTS", name: "Contoso makers" },
  productsAvailable: [true],
};

/** The steps' names and marks, in order. */
const marks = (f: LaunchFacts) => traceLaunch(f).steps.map((s) => `${s.step}:${s.mark}`);
const failing = (f: LaunchFacts) => traceLaunch(f).steps.filter((s) => s.mark === "refused" || s.mark === "failed");

describe("traceLaunch — SPEC §3, every row gives its passing and failing steps", () => {
  it("1. a standard app in a standard environment: one step, allowed (NOT_REQUIRED)", () => {
    const f = { ...base, premium: false, managedEnvironment: false };
    expect(marks(f)).toEqual(["LICENCE_NEEDED:allowed"]);
    expect(traceLaunch(f)).toMatchObject({ decision: "ALLOW", reason: "NOT_REQUIRED" });
    expect(failing(f)).toEqual([]);
  });
  it("1. a standard app in a managed environment goes on to the next steps", () => {
    expect(marks({ ...base, premium: false })[0]).toBe("LICENCE_NEEDED:passed");
  });
  it("2. a holder of a standalone licence: allowed at step 2 (LICENSED)", () => {
    const f = { ...base, holdsStandalone: true };
    expect(marks(f)).toEqual(["LICENCE_NEEDED:passed", "STANDALONE:allowed"]);
    expect(traceLaunch(f).reason).toBe("LICENSED");
  });
  it("3. the setting off: refused at the setting (FEATURE_OFF)", () => {
    const f = { ...base, autoClaimEnabled: false };
    expect(marks(f)).toEqual(["LICENCE_NEEDED:passed", "STANDALONE:passed", "SETTING:refused"]);
    expect(failing(f)).toEqual([{ step: "SETTING", mark: "refused", on: false }]);
  });
  it("3. no policy: refused at the policy (NO_POLICY)", () => {
    const f = { ...base, policy: null };
    expect(marks(f)).toEqual(["LICENCE_NEEDED:passed", "STANDALONE:passed", "SETTING:passed", "POLICY:refused"]);
    expect(failing(f)).toEqual([{ step: "POLICY", mark: "refused", status: "NONE" }]);
  });
  it("3. a policy that is off, or in report only: refused at the policy, named (POLICY_OFF)", () => {
    const off = { ...base, policy: { ...base.policy!, enabled: false } };
    expect(failing(off)).toEqual([{ step: "POLICY", mark: "refused", status: "OFF", name: "Contoso makers" }]);
    const reportOnly = { ...base, policy: { ...base.policy!, enabled: false, reportOnly: true } };
    expect(failing(reportOnly)).toEqual([{ step: "POLICY", mark: "refused", status: "REPORT_ONLY", name: "Contoso makers" }]);
    expect(traceLaunch(reportOnly).reason).toBe("POLICY_OFF");
  });
  it("4. a managed-only policy in a standard environment: refused at the scope (OUT_OF_SCOPE)", () => {
    const f: LaunchFacts = { ...base, managedEnvironment: false, policy: { ...base.policy!, scope: "MANAGED_ONLY" } };
    expect(marks(f)).toEqual(["LICENCE_NEEDED:passed", "STANDALONE:passed", "SETTING:passed", "POLICY:passed", "SCOPE:refused"]);
    expect(failing(f)).toEqual([{ step: "SCOPE", mark: "refused", scope: "MANAGED_ONLY", managedEnvironment: false }]);
  });
  it("4. an all-environments policy passes the scope in a standard environment; a managed-only one in a managed environment", () => {
    expect(marks({ ...base, managedEnvironment: false })).toContain("SCOPE:passed");
    expect(marks({ ...base, policy: { ...base.policy!, scope: "MANAGED_ONLY" } })).toContain("SCOPE:passed");
  });
  it("5. claims the first product with a unit: used-up products before it fail, it allows (AUTO_CLAIMED)", () => {
    const f: LaunchFacts = {
      ...base,
      productsAvailable: [false, true, true],
      products: [
        { name: "Power Apps Premium", left: 0, purchased: 33 },
        { name: "Power Apps per user plan", left: 4, purchased: 10 },
        { name: "Power Apps per app plan", left: 9, purchased: 9 },
      ],
    };
    const trace = traceLaunch(f);
    expect(marks(f).slice(-2)).toEqual(["PRODUCT:failed", "PRODUCT:allowed"]);
    expect(trace).toMatchObject({ decision: "ALLOW", reason: "AUTO_CLAIMED", claimPosition: 1, claimedProduct: "Power Apps per user plan" });
    // The third product was not consulted.
    expect(trace.steps.filter((s) => s.step === "PRODUCT")).toHaveLength(2);
  });
  it("5. a policy at its cap: refused at the cap, no product consulted (POLICY_CAP_REACHED), waitlisted", () => {
    const f: LaunchFacts = { ...base, policy: { ...base.policy!, cap: { held: 40, max: 40 } }, waitlistPosition: 2 };
    expect(marks(f).slice(-1)).toEqual(["CAP:refused"]);
    expect(traceLaunch(f)).toMatchObject({ reason: "POLICY_CAP_REACHED", waitlisted: true, waitlistPosition: 2 });
    expect(marks({ ...f, policy: { ...f.policy!, cap: { held: 39, max: 40 } } })).toContain("CAP:passed");
  });
  it("6. every product used up: each named product fails, the last refuses (NO_LICENSES_AVAILABLE), waitlisted", () => {
    const f: LaunchFacts = {
      ...base,
      productsAvailable: [],
      products: [
        { name: "Power Apps Premium", left: 0, purchased: 33 },
        { name: "Power Apps per user plan", left: 0, purchased: 5 },
      ],
      waitlistPosition: 3,
    };
    expect(marks(f).slice(-2)).toEqual(["PRODUCT:failed", "PRODUCT:refused"]);
    expect(traceLaunch(f)).toMatchObject({ decision: "DENY", reason: "NO_LICENSES_AVAILABLE", waitlisted: true, waitlistPosition: 3 });
  });
  it("6. every product used up, none named: one step says so", () => {
    expect(marks({ ...base, productsAvailable: [] }).slice(-1)).toEqual(["PRODUCTS:refused"]);
    expect(marks({ ...base, productsAvailable: [false, false] }).slice(-2)).toEqual(["PRODUCT:failed", "PRODUCT:refused"]);
  });
  it("the trace's outcome is decideLaunch's, and exactly one step decides, the last", () => {
    const cases: LaunchFacts[] = [
      base,
      { ...base, premium: false, managedEnvironment: false },
      { ...base, holdsStandalone: true },
      { ...base, autoClaimEnabled: false },
      { ...base, policy: null },
      { ...base, managedEnvironment: false, policy: { enabled: true, scope: "MANAGED_ONLY" } },
      { ...base, productsAvailable: [] },
      { ...base, policy: { ...base.policy!, cap: { held: 1, max: 1 } } },
    ];
    const decisive: TraceMark[] = ["allowed", "refused"];
    for (const f of cases) {
      const { steps, ...outcome } = traceLaunch(f);
      expect(decideLaunch(f)).toMatchObject({ decision: outcome.decision, reason: outcome.reason });
      expect(steps.filter((s) => decisive.includes(s.mark))).toEqual([steps.at(-1)]);
    }
  });
});

describe("traceWords — the trace in the admin's words", () => {
  it("reads as the issue's example for a refused person, 3rd in the waiting list", () => {
    const trace = traceLaunch({
      ...base,
      productsAvailable: [],
      products: [{ name: "Power Apps Premium", left: 0, purchased: 33 }],
      waitlistPosition: 3,
    });
    expect(traceSentence(traceWords(trace))).toBe(
      "Premium app ✓ · Holds no standalone license ✓ · Auto-claim on ✓ · Policy “Contoso makers” on ✓ · Scope all environments ✓ · Power Apps Premium: 0 of 33 left ✗ → refused, 3rd in the waiting list",
    );
  });
  it("names the scope, the cap and a claimed product", () => {
    const scoped = traceWords(traceLaunch({ ...base, managedEnvironment: false, policy: { enabled: true, scope: "MANAGED_ONLY" } }));
    expect(scoped.lines.at(-1)).toEqual({ text: "Scope managed environments only; this environment is standard", mark: "refused", decisive: true });
    expect(scoped.conclusion).toBe("refused");
    const capped = traceWords(traceLaunch({ ...base, policy: { ...base.policy!, cap: { held: 5, max: 5 } } }));
    expect(capped.lines.at(-1)?.text).toBe("Policy limit: 5 of 5 licenses held");
    expect(capped.conclusion).toBe("refused, put on the waiting list");
    const claimed = traceWords(traceLaunch({ ...base, products: [{ name: "Power Apps Premium" }] }));
    expect(claimed.conclusion).toBe("claimed Power Apps Premium");
    expect(claimed.lines.at(-1)?.text).toBe("Power Apps Premium: a license left");
  });
  it("speaks of flows' product for Power Automate", () => {
    expect(traceWords(traceLaunch({ ...base, holdsStandalone: true }), "POWER_AUTOMATE").lines[1].text).toBe("Holds a standalone Power Automate license");
  });
  it("ordinals", () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111].map(ordinal)).toEqual([
      "1st",
      "2nd",
      "3rd",
      "4th",
      "11th",
      "12th",
      "13th",
      "21st",
      "22nd",
      "101st",
      "111th",
    ]);
  });
  it("reads a stored trace back, and nothing from a launch recorded before traces", () => {
    const trace = traceLaunch(base);
    expect(storedTrace(JSON.parse(JSON.stringify(trace)))).toEqual(trace);
    expect(storedTrace(null)).toBeNull();
    expect(storedTrace({ decision: "ALLOW" })).toBeNull();
    expect(storedTrace([])).toBeNull();
  });
});
