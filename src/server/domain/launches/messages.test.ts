import { describe, expect, it } from "vitest";
import { launchMessage } from "./messages";

describe("launchMessage: a refusal for lack of units", () => {
  it("names every product of the policy, each of which ran out", () => {
    expect(
      launchMessage("NO_LICENSES_AVAILABLE", {
        autoClaimApp: "POWER_APPS",
        productName: "Power Apps Premium",
        productNames: ["Power Apps Premium", "Power Apps per app", "Power Apps per user"],
      }),
    ).toBe("Your organization has no Power Apps Premium, Power Apps per app, or Power Apps per user licenses left. Your administrators have been told.");
    expect(launchMessage("NO_LICENSES_AVAILABLE", { autoClaimApp: "POWER_APPS", productNames: ["Power Apps Premium", "Power Apps per app"] })).toBe(
      "Your organization has no Power Apps Premium or Power Apps per app licenses left. Your administrators have been told.",
    );
  });

  it("names the one product, or the app's premium licence when the policy is gone", () => {
    expect(launchMessage("NO_LICENSES_AVAILABLE", { autoClaimApp: "POWER_APPS", productNames: ["Power Apps Premium"] })).toBe(
      "Your organization has no Power Apps Premium licenses left. Your administrators have been told.",
    );
    expect(launchMessage("NO_LICENSES_AVAILABLE", { autoClaimApp: "POWER_AUTOMATE", productNames: [] })).toBe(
      "Your organization has no Power Automate Premium licenses left. Your administrators have been told.",
    );
  });
});
