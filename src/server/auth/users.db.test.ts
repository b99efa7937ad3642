import bcrypt from "bcryptjs";
import { beforeAll, describe, expect, it } from "vitest";
import { createTenant, createUser } from "../../../tests/factories";
import { useTestDb } from "../../../tests/setup/db";
import { findActiveUserById, listDemoAccounts, matchIdentity, verifyCredentials } from "./users";

const t = useTestDb();
const PASSWORD = "contoso-demo";
let tenant: { id: string; domain: string; name: string };
let adminId: string;
let disabledId: string;

beforeAll(async () => {
  const hash = await bcrypt.hash(PASSWORD, 4);
  tenant = await createTenant(t.prisma, { name: "Fabrikam", domain: "fabrikam.example" });
  adminId = (
    await createUser(t.prisma, tenant, { userPrincipalName: "admin@fabrikam.example", displayName: "Fabrikam Admin", role: "GLOBAL_ADMIN", passwordHash: hash })
  ).id;
  await createUser(t.prisma, tenant, { userPrincipalName: "reports@fabrikam.example", displayName: "Rhea Reader", role: "REPORTS_READER", passwordHash: hash });
  await createUser(t.prisma, tenant, { userPrincipalName: "zoe.user@fabrikam.example", displayName: "Zoe User", passwordHash: hash });
  await createUser(t.prisma, tenant, { userPrincipalName: "amy.user@fabrikam.example", displayName: "Amy User", passwordHash: hash });
  await createUser(t.prisma, tenant, { userPrincipalName: "no.password@fabrikam.example", displayName: "No Password" });
  disabledId = (await createUser(t.prisma, tenant, { userPrincipalName: "gone@fabrikam.example", displayName: "Gone", passwordHash: hash })).id;
  await t.prisma.user.update({ where: { id: disabledId }, data: { accountEnabled: false } });
});

describe("verifyCredentials", () => {
  it("accepts the right password, whatever the case of the user name", async () => {
    const result = await verifyCredentials(t.prisma, "  ADMIN@Fabrikam.example ", PASSWORD);
    expect(result).toEqual({
      ok: true,
      user: { id: adminId, tenantId: tenant.id, tenantName: "Fabrikam", role: "GLOBAL_ADMIN", upn: "admin@fabrikam.example", displayName: "Fabrikam Admin" },
    });
  });

  it("refuses a wrong password, an unknown user and a user without a password alike", async () => {
    expect(await verifyCredentials(t.prisma, "admin@fabrikam.example", "wrong-password")).toEqual({ ok: false, reason: "INVALID" });
    expect(await verifyCredentials(t.prisma, "nobody@fabrikam.example", PASSWORD)).toEqual({ ok: false, reason: "INVALID" });
    expect(await verifyCredentials(t.prisma, "no.password@fabrikam.example", "")).toEqual({ ok: false, reason: "INVALID" });
    expect(await verifyCredentials(t.prisma, "", "")).toEqual({ ok: false, reason: "INVALID" });
  });

  it("says a disabled account is disabled only when the password is right", async () => {
    expect(await verifyCredentials(t.prisma, "gone@fabrikam.example", PASSWORD)).toEqual({ ok: false, reason: "DISABLED" });
    expect(await verifyCredentials(t.prisma, "gone@fabrikam.example", "wrong-password")).toEqual({ ok: false, reason: "INVALID" });
  });
});

describe("user names are matched literally, never as patterns", () => {
  it("refuses %, _ and \\ in a demo user name even with the right password", async () => {
    await createUser(t.prisma, tenant, {
      userPrincipalName: "j.smith@fabrikam.example",
      displayName: "Jo Smith",
      passwordHash: await bcrypt.hash(PASSWORD, 4),
    });
    for (const name of [
      "%",
      "%@fabrikam.example",
      "admin@%",
      "j_smith@fabrikam.example",
      "J_SMITH@fabrikam.example",
      "_dmin@fabrikam.example",
      "\\%",
      adminId,
    ]) {
      expect(await verifyCredentials(t.prisma, name, PASSWORD), name).toEqual({ ok: false, reason: "INVALID" });
    }
    expect(await verifyCredentials(t.prisma, "J.Smith@Fabrikam.example", PASSWORD)).toMatchObject({ ok: true, user: { upn: "j.smith@fabrikam.example" } });
  });
});

const ISSUER = "https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0";
const TID = "9188040d-6c67-4c5b-b112-36a304b66dad";
const policy = { fallbackIssuer: ISSUER };
let oidCounter = 0;
/** The claims of a Microsoft Entra ID token for `upn` (a new object id unless given). */
function entra(upn: unknown, extra: Record<string, unknown> = {}) {
  const oid = `00000000-0000-4000-8000-${String(++oidCounter).padStart(12, "0")}`;
  return { iss: ISSUER, sub: `pairwise-${oid}`, tid: TID, oid, preferred_username: upn, ...extra };
}
const binding = (id: string) => t.prisma.user.findUniqueOrThrow({ where: { id }, select: { oidcIssuer: true, oidcSubject: true } });
const unbound = { oidcIssuer: null, oidcSubject: null };

describe("matchIdentity (OpenID Connect)", () => {
  it("matches preferred_username, then upn, case-insensitively, and binds tid:oid on first sign-in", async () => {
    const user = await createUser(t.prisma, tenant, { userPrincipalName: "first.sign-in@fabrikam.example", role: "GLOBAL_ADMIN" });
    const claims = entra("First.Sign-In@FABRIKAM.example");
    expect(await binding(user.id)).toEqual(unbound);
    expect(await matchIdentity(t.prisma, claims, policy)).toMatchObject({ ok: true, user: { id: user.id, role: "GLOBAL_ADMIN", tenantName: "Fabrikam" } });
    expect(await binding(user.id)).toEqual({ oidcIssuer: ISSUER, oidcSubject: `${TID}:${claims.oid}` });
    const audit = await t.prisma.auditEntry.findMany({ where: { targetId: user.id, action: "user.identityBound" } });
    expect(audit).toMatchObject([
      { tenantId: tenant.id, actorId: user.id, actorLabel: "first.sign-in@fabrikam.example", after: { issuer: ISSUER, subject: `${TID}:${claims.oid}` } },
    ]);

    // The same identity again (the token's sub may differ: Entra's is pairwise per app).
    expect(await matchIdentity(t.prisma, { ...claims, sub: "another-pairwise-sub" }, policy)).toMatchObject({ ok: true, user: { id: user.id } });
    expect(await t.prisma.auditEntry.count({ where: { targetId: user.id, action: "user.identityBound" } })).toBe(1);

    const other = await createUser(t.prisma, tenant, { userPrincipalName: "by.upn@fabrikam.example" });
    expect(await matchIdentity(t.prisma, entra(undefined, { upn: "BY.UPN@fabrikam.example" }), policy)).toMatchObject({ ok: true, user: { id: other.id } });
    expect(await matchIdentity(t.prisma, entra("  ", { upn: "by.upn@fabrikam.example" }), policy)).toMatchObject({ ok: false, reason: "SUBJECT_MISMATCH" });
  });

  it("binds sub (with the token's issuer) when the token has no tid and oid", async () => {
    const user = await createUser(t.prisma, tenant, { userPrincipalName: "plain.oidc@fabrikam.example" });
    const claims = { iss: "https://idp.example/", sub: "248289761001", preferred_username: "plain.oidc@fabrikam.example" };
    expect(await matchIdentity(t.prisma, claims, policy)).toMatchObject({ ok: true, user: { id: user.id } });
    expect(await binding(user.id)).toEqual({ oidcIssuer: "https://idp.example", oidcSubject: "248289761001" });
    expect(await matchIdentity(t.prisma, { ...claims, iss: "https://other-idp.example" }, policy)).toEqual({ ok: false, reason: "SUBJECT_MISMATCH" });
  });

  it("refuses wildcard user names: % and _ are ordinary characters", async () => {
    await createUser(t.prisma, tenant, { userPrincipalName: "jo.smith@fabrikam.example" });
    for (const name of ["%@fabrikam.example", "%", "%admin%", "jo_smith@fabrikam.example", "_o.smith@fabrikam.example", "admin@fabrikam.exampl_"]) {
      expect(await matchIdentity(t.prisma, entra(name), policy), name).toEqual({ ok: false, reason: "NO_ACCOUNT" });
      expect(await matchIdentity(t.prisma, entra(undefined, { upn: name }), policy), name).toEqual({ ok: false, reason: "NO_ACCOUNT" });
    }
    expect(await binding(adminId)).toEqual(unbound);
  });

  it("never matches by email, verified or not (nOAuth)", async () => {
    const attack = entra("nobody@attacker.example", { email: "admin@fabrikam.example", email_verified: false });
    expect(await matchIdentity(t.prisma, attack, policy)).toEqual({ ok: false, reason: "NO_ACCOUNT" });
    const emailOnly = entra(undefined, { email: "admin@fabrikam.example", email_verified: true });
    expect(await matchIdentity(t.prisma, emailOnly, policy)).toEqual({ ok: false, reason: "NO_USERNAME" });
    expect(await binding(adminId)).toEqual(unbound);
  });

  it("refuses another subject for a bound user, and a bound subject for another user", async () => {
    const alice = await createUser(t.prisma, tenant, { userPrincipalName: "alice@fabrikam.example" });
    const bob = await createUser(t.prisma, tenant, { userPrincipalName: "bob@fabrikam.example" });
    const aliceClaims = entra("alice@fabrikam.example");
    expect(await matchIdentity(t.prisma, aliceClaims, policy)).toMatchObject({ ok: true, user: { id: alice.id } });

    // Someone else's identity claiming alice's UPN (a reused or renamed name, another directory…).
    expect(await matchIdentity(t.prisma, entra("alice@fabrikam.example"), policy)).toEqual({ ok: false, reason: "SUBJECT_MISMATCH" });
    expect(await matchIdentity(t.prisma, { ...aliceClaims, tid: "00000000-0000-0000-0000-00000000beef" }, policy)).toEqual({
      ok: false,
      reason: "SUBJECT_MISMATCH",
    });
    // Alice's identity claiming bob's UPN: her subject is hers, not bob's.
    expect(await matchIdentity(t.prisma, { ...aliceClaims, preferred_username: "bob@fabrikam.example" }, policy)).toEqual({
      ok: false,
      reason: "SUBJECT_IN_USE",
    });
    expect(await binding(bob.id)).toEqual(unbound);
    expect(await binding(alice.id)).toEqual({ oidcIssuer: ISSUER, oidcSubject: `${TID}:${aliceClaims.oid}` });
  });

  it("requires OIDC_TENANT_ID in tid when it is set, before binding anything", async () => {
    const user = await createUser(t.prisma, tenant, { userPrincipalName: "tenant.check@fabrikam.example" });
    const strict = { ...policy, requiredTenantId: TID };
    expect(await matchIdentity(t.prisma, entra("tenant.check@fabrikam.example", { tid: "00000000-0000-0000-0000-000000000bad" }), strict)).toEqual({
      ok: false,
      reason: "WRONG_TENANT",
    });
    const noTid = entra("tenant.check@fabrikam.example", { tid: undefined });
    expect(await matchIdentity(t.prisma, noTid, strict)).toEqual({ ok: false, reason: "WRONG_TENANT" });
    expect(await binding(user.id)).toEqual(unbound);
    expect(await matchIdentity(t.prisma, entra("tenant.check@fabrikam.example"), strict)).toMatchObject({ ok: true, user: { id: user.id } });
  });

  it("refuses an unknown identity, a disabled account and an identity without a name or subject", async () => {
    expect(await matchIdentity(t.prisma, entra("stranger@fabrikam.example"), policy)).toEqual({ ok: false, reason: "NO_ACCOUNT" });
    expect(await matchIdentity(t.prisma, entra("gone@fabrikam.example"), policy)).toEqual({ ok: false, reason: "DISABLED" });
    expect(await binding(disabledId)).toEqual(unbound);
    expect(await matchIdentity(t.prisma, entra(42), policy)).toEqual({ ok: false, reason: "NO_USERNAME" });
    expect(await matchIdentity(t.prisma, { preferred_username: "admin@fabrikam.example" }, policy)).toEqual({ ok: false, reason: "NO_SUBJECT" });
    expect(await matchIdentity(t.prisma, entra(adminId), policy)).toEqual({ ok: false, reason: "NO_ACCOUNT" });
  });

  it("binds exactly once when first sign-ins race", async () => {
    // One person signing in twice at once: both pass, one binding, one audit entry.
    const same = await createUser(t.prisma, tenant, { userPrincipalName: "race.same@fabrikam.example" });
    const claims = entra("race.same@fabrikam.example");
    const twice = await Promise.all(Array.from({ length: 8 }, () => matchIdentity(t.prisma, claims, policy)));
    expect(twice.map((r) => r.ok)).toEqual(Array(8).fill(true));
    expect(await t.prisma.auditEntry.count({ where: { targetId: same.id, action: "user.identityBound" } })).toBe(1);

    // Eight identities claiming one unbound user at once: exactly one wins, the others are refused.
    const contested = await createUser(t.prisma, tenant, { userPrincipalName: "race.contested@fabrikam.example" });
    const rivals = Array.from({ length: 8 }, () => entra("race.contested@fabrikam.example"));
    const results = await Promise.all(rivals.map((c) => matchIdentity(t.prisma, c, policy)));
    const winners = results.flatMap((r, i) => (r.ok ? [rivals[i]] : []));
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual(Array(7).fill({ ok: false, reason: "SUBJECT_MISMATCH" }));
    expect(await binding(contested.id)).toEqual({ oidcIssuer: ISSUER, oidcSubject: `${TID}:${winners[0].oid}` });

    // One identity claiming two unbound users at once: the unique (issuer, subject) lets one bind.
    const left = await createUser(t.prisma, tenant, { userPrincipalName: "race.left@fabrikam.example" });
    const right = await createUser(t.prisma, tenant, { userPrincipalName: "race.right@fabrikam.example" });
    const one = entra("race.left@fabrikam.example");
    const pair = await Promise.all([
      matchIdentity(t.prisma, one, policy),
      matchIdentity(t.prisma, { ...one, preferred_username: "race.right@fabrikam.example" }, policy),
    ]);
    expect(pair.filter((r) => r.ok)).toHaveLength(1);
    expect(pair.filter((r) => !r.ok)).toEqual([{ ok: false, reason: "SUBJECT_IN_USE" }]);
    const bound = [await binding(left.id), await binding(right.id)].filter((b) => b.oidcSubject !== null);
    expect(bound).toEqual([{ oidcIssuer: ISSUER, oidcSubject: `${TID}:${one.oid}` }]);
  });
});

describe("findActiveUserById", () => {
  it("re-reads the user for a session, and drops disabled or unknown ones", async () => {
    expect(await findActiveUserById(t.prisma, adminId)).toMatchObject({ role: "GLOBAL_ADMIN", tenantName: "Fabrikam" });
    expect(await findActiveUserById(t.prisma, disabledId)).toBeNull();
    expect(await findActiveUserById(t.prisma, "00000000-0000-4000-8000-000000000000")).toBeNull();
  });
});

describe("listDemoAccounts", () => {
  it("lists the enabled accounts with a password: admins first, then a few users by name", async () => {
    expect(await listDemoAccounts(t.prisma, { users: 1 })).toEqual([
      { upn: "admin@fabrikam.example", displayName: "Fabrikam Admin", role: "GLOBAL_ADMIN" },
      { upn: "reports@fabrikam.example", displayName: "Rhea Reader", role: "REPORTS_READER" },
      { upn: "amy.user@fabrikam.example", displayName: "Amy User", role: "USER" },
    ]);
  });
});
