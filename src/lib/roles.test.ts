import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canReadConsole, forbiddenMessage, landingPath, safeCallbackPath } from "./roles";

const SITE = "https://portal.example";

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
  it("judges the normalised path: dot segments, backslashes, tabs and encoded slashes never lead elsewhere", () => {
    for (const value of [
      "/..//evil.example",
      "/../..//evil.example/x",
      "/./..//evil.example",
      "/%2e%2e//evil.example",
      "/a/../..//evil.example",
      "/\\evil.example",
      "/x\\..\\..\\\\evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      "/\r\n/evil.example",
      "/%2F%2Fevil.example",
      "/%2f/evil.example",
      "/%5C%5Cevil.example",
      "/%5cevil.example",
      "/%09/evil.example",
      "/\u0000/evil.example",
    ]) {
      expect(safeCallbackPath(value), JSON.stringify(value)).toBeNull();
    }
  });
  it("returns the normalised path, which is what was checked", () => {
    expect(safeCallbackPath("/billing/../users?q=a b")).toBe("/users?q=a%20b");
    expect(safeCallbackPath("/users/./x")).toBe("/users/x");
    expect(safeCallbackPath("/..")).toBe("/");
  });
  it("never leaves the site, whatever it is given (property)", () => {
    const piece = fc.constantFrom(
      "/",
      "//",
      "\\",
      "..",
      ".",
      "%2e",
      "%2E%2e",
      "%2F",
      "%2f",
      "%5C",
      "%5c",
      "%",
      "%25",
      "%00",
      "%09",
      "%0a",
      "\t",
      "\n",
      "\r",
      " ",
      "\u0000",
      "\u007f",
      "\uD800",
      "\uDC00",
      "\u3002",
      "\uFF0E",
      "\uFF0F",
      "\u2215",
      "evil.example",
      "@",
      ":",
      "?",
      "#",
      "&",
      "=",
      "http:",
      "https:",
      "javascript:",
      "data:",
      "users",
      "sign-in",
    );
    // Mostly path tricks in front of a host name, where an open redirect would come from.
    const trick = fc.constantFrom("/", "/", "\\", "..", ".", "%2e", "%2F", "%5C", "\t", "\n", "%09", "\u0000");
    const nasty = fc.oneof(
      fc
        .tuple(fc.array(trick, { minLength: 1, maxLength: 6 }), fc.constantFrom("evil.example", "evil.example/x", "@evil.example", ""))
        .map(([parts, host]) => parts.join("") + host),
      fc.array(piece, { maxLength: 12 }).map((parts) => parts.join("")),
      fc.array(fc.oneof(piece, fc.string({ unit: "binary", maxLength: 4 })), { maxLength: 8 }).map((parts) => "/" + parts.join("")),
      fc.string({ unit: "binary" }),
    );
    fc.assert(
      fc.property(nasty, (value) => {
        const result = safeCallbackPath(value);
        if (result === null) return;
        expect(result.startsWith("/") && !result.startsWith("//") && !result.startsWith("/\\")).toBe(true);
        // Resolved as a browser resolves a Location header, from any page of the site.
        expect(new URL(result, SITE).origin).toBe(SITE);
        expect(new URL(result, `${SITE}/sign-in/continue?x=1`).origin).toBe(SITE);
        // Safe to send as a header value: printable ASCII only.
        expect(result).toMatch(/^[\x21-\x7e]*$/);
      }),
      { numRuns: 5000 },
    );
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
