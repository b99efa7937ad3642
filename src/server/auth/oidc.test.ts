import { describe, expect, it } from "vitest";
import { identitySubject, identityUserName, readIdentity } from "./oidc";

const TID = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const ISSUER = "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0";

describe("identityUserName", () => {
  it("takes preferred_username, then upn", () => {
    expect(identityUserName({ preferred_username: " Admin@Contoso.com ", upn: "other@contoso.com" })).toBe("Admin@Contoso.com");
    expect(identityUserName({ preferred_username: "", upn: "admin@contoso.com" })).toBe("admin@contoso.com");
    expect(identityUserName({ preferred_username: 42, upn: "admin@contoso.com" })).toBe("admin@contoso.com");
  });

  it("never takes email, verified or not", () => {
    expect(identityUserName({ email: "admin@contoso.com", email_verified: false })).toBeNull();
    expect(identityUserName({ email: "admin@contoso.com", email_verified: true })).toBeNull();
    expect(identityUserName({ preferred_username: "nobody@attacker.example", email: "admin@contoso.com" })).toBe("nobody@attacker.example");
  });
});

describe("identitySubject", () => {
  it("is tid:oid when both are present, else sub", () => {
    expect(identitySubject({ sub: "pairwise", tid: TID.toUpperCase(), oid: "00000000-0000-0000-0000-0000000000AA" })).toBe(
      `${TID}:00000000-0000-0000-0000-0000000000aa`,
    );
    expect(identitySubject({ sub: "abc", tid: TID })).toBe("abc");
    expect(identitySubject({ sub: "abc", oid: "x" })).toBe("abc");
    expect(identitySubject({ sub: "  " })).toBeNull();
    expect(identitySubject({})).toBeNull();
  });
});

describe("readIdentity", () => {
  const base = { iss: ISSUER, sub: "s", tid: TID, oid: "o-1", preferred_username: "admin@contoso.com" };

  it("reads issuer, subject, user name and tenant", () => {
    expect(readIdentity(base, { fallbackIssuer: "https://unused.example" })).toEqual({
      ok: true,
      identity: { issuer: ISSUER, subject: `${TID}:o-1`, userName: "admin@contoso.com", tenantId: TID },
    });
  });

  it("takes the configured issuer only when the claims carry none, without a trailing slash", () => {
    expect(readIdentity({ ...base, iss: undefined }, { fallbackIssuer: "https://issuer.example/" })).toMatchObject({
      ok: true,
      identity: { issuer: "https://issuer.example" },
    });
  });

  it("requires OIDC_TENANT_ID in tid when it is set", () => {
    expect(readIdentity(base, { fallbackIssuer: ISSUER, requiredTenantId: TID.toUpperCase() })).toMatchObject({ ok: true });
    expect(readIdentity({ ...base, tid: "00000000-0000-0000-0000-000000000001" }, { fallbackIssuer: ISSUER, requiredTenantId: TID })).toEqual({
      ok: false,
      reason: "WRONG_TENANT",
    });
    const noTid = { ...base, tid: undefined };
    expect(readIdentity(noTid, { fallbackIssuer: ISSUER, requiredTenantId: TID })).toEqual({ ok: false, reason: "WRONG_TENANT" });
    expect(readIdentity(noTid, { fallbackIssuer: ISSUER })).toMatchObject({ ok: true, identity: { subject: "s", tenantId: null } });
  });

  it("refuses an identity without a subject or a user name", () => {
    expect(readIdentity({ preferred_username: "admin@contoso.com" }, { fallbackIssuer: ISSUER })).toEqual({ ok: false, reason: "NO_SUBJECT" });
    expect(readIdentity({ sub: "s", email: "admin@contoso.com", email_verified: false }, { fallbackIssuer: ISSUER })).toEqual({
      ok: false,
      reason: "NO_USERNAME",
    });
    expect(readIdentity({ sub: "s", preferred_username: "x".repeat(2000) }, { fallbackIssuer: ISSUER })).toEqual({ ok: false, reason: "NO_USERNAME" });
  });
});
