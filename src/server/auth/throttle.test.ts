import { describe, expect, it } from "vitest";
import { LOCKED_MAX_MINUTES, signInErrorMessage, signInLockedCode } from "@/lib/auth-messages";
import { SIGN_IN_LIMITS } from "./throttle";

describe("the wait a throttled sign-in is told", () => {
  it("rounds up to whole minutes, from 1 to 15", () => {
    expect(signInLockedCode("account", 15 * 60_000)).toBe("AccountLocked-15");
    expect(signInLockedCode("account", 14 * 60_000 + 1)).toBe("AccountLocked-15");
    expect(signInLockedCode("address", 60_001)).toBe("AddressLocked-2");
    expect(signInLockedCode("address", 60_000)).toBe("AddressLocked-1");
    expect(signInLockedCode("account", 1)).toBe("AccountLocked-1");
    expect(signInLockedCode("account", 0)).toBe("AccountLocked-1");
    expect(signInLockedCode("account", 10 * 60 * 60_000)).toBe(`AccountLocked-${LOCKED_MAX_MINUTES}`);
  });

  it("is said in plain words for every code", () => {
    expect(signInErrorMessage("AccountLocked-1")).toBe("Too many failed sign-ins for this account. Wait 1 minute, then try again.");
    expect(signInErrorMessage("AddressLocked-7")).toBe("Too many failed sign-ins from your network address. Wait 7 minutes, then try again.");
    for (let ms = 1; ms <= 16 * 60_000; ms += 30_000) {
      for (const scope of ["account", "address"] as const)
        expect(signInErrorMessage(signInLockedCode(scope, ms))).toMatch(/^Too many failed sign-ins .+ Wait \d+ minutes?, then try again\.$/);
    }
    expect(signInErrorMessage("AccountLocked-16")).toBe("Sign-in failed. Try again.");
  });

  it("covers the longest wait the limits impose", () => {
    for (const limit of Object.values(SIGN_IN_LIMITS)) expect(limit.waitSeconds / 60).toBeLessThanOrEqual(LOCKED_MAX_MINUTES);
  });
});
