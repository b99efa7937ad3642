import { describe, expect, it } from "vitest";
import { canReadConsole, forbiddenMessage, landingPath, safeCallbackPath } from "./roles";

describe("safeCallbackPath", () => {
  it("keeps a path on this site, with its query and hash", () => {
    expect(safeCallbackPath("/users")).toBe("/users");
    expect(safeCallbackPath("/billing/licenses/auto-claim/1/report?range=30#chart")).toBe("/billing/licenses/auto-claim/1/report?range=30#chart");
  });
  it("refuses other origins and protocol-relative tricks", () => {
    for (const value of ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", "users", ""]) {
      expect(safeCallbackPath(value), value).toBeNull();
    }
    expect(safeCallbackPath(null)).toBeNull();
    expect(safeCallbackPath(undefined)).toBeNull();
  });
  it("refuses the sign-in page and next-auth's endpoints, which would loop", () => {
    expect(safeCallbackPath("/sign-in")).toBeNull();
    expect(safeCallbackPath("/sign-in/continue?callbackUrl=/users")).toBeNull();
    expect(safeCallbackPath("/api/auth/signout")).toBeNull();
  });
});

describe("landingPath", () => {
  it("sends admins Home and users to the launch page when no callback URL is given", () => {
    expect(landingPath("GLOBAL_ADMIN")).toBe("/");
    expect(landingPath("REPORTS_READER", null)).toBe("/");
    expect(landingPath("USER")).toBe("/launch");
  });
  it("honours a safe callback URL for every role", () => {
    expect(landingPath("USER", "/users")).toBe("/users");
    expect(landingPath("GLOBAL_ADMIN", "/audit?action=x")).toBe("/audit?action=x");
    expect(landingPath("USER", "https://evil.example")).toBe("/launch");
  });
});

describe("roles", () => {
  it("lets Global admins and Reports readers read the console, not users", () => {
    expect(canReadConsole("GLOBAL_ADMIN")).toBe(true);
    expect(canReadConsole("REPORTS_READER")).toBe(true);
    expect(canReadConsole("USER")).toBe(false);
  });
  it("explains a refusal in words", () => {
    expect(forbiddenMessage("USER", ["GLOBAL_ADMIN", "REPORTS_READER"])).toBe(
      "Only a Global admin or Reports reader can do this. You are signed in as a User.",
    );
  });
});
