import { describe, expect, it } from "vitest";
import { SIGN_IN_ERRORS, signInErrorMessage } from "./auth-messages";

describe("signInErrorMessage", () => {
  it("says each OIDC refusal plainly", () => {
    for (const code of [
      "OidcNoUsername",
      "OidcNoSubject",
      "OidcWrongTenant",
      "OidcNoAccount",
      "OidcAccountDisabled",
      "OidcSubjectMismatch",
      "OidcSubjectInUse",
    ]) {
      expect(signInErrorMessage(code), code).toBe(SIGN_IN_ERRORS[code]);
      expect(SIGN_IN_ERRORS[code], code).toMatch(/^[A-Z].+\.$/);
    }
  });

  it("gives unknown codes — including Object.prototype's keys — the generic message", () => {
    for (const code of ["__proto__", "constructor", "toString", "hasOwnProperty", "NoSuchCode"]) {
      expect(signInErrorMessage(code), code).toBe("Sign-in failed. Try again.");
    }
    expect(signInErrorMessage("")).toBeNull();
    expect(signInErrorMessage(null)).toBeNull();
  });
});
