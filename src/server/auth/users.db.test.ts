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
  adminId = (await createUser(t.prisma, tenant, { userPrincipalName: "admin@fabrikam.example", displayName: "Fabrikam Admin", role: "GLOBAL_ADMIN", passwordHash: hash })).id;
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

describe("matchIdentity (OpenID Connect)", () => {
  it("matches preferred_username, then upn, then email, case-insensitively", async () => {
    expect(await matchIdentity(t.prisma, { sub: "1", preferred_username: "Admin@FABRIKAM.example" })).toMatchObject({ ok: true, user: { id: adminId } });
    expect(await matchIdentity(t.prisma, { sub: "1", preferred_username: "someone@elsewhere.example", upn: "admin@fabrikam.example" })).toMatchObject({ ok: true, user: { id: adminId } });
    expect(await matchIdentity(t.prisma, { sub: "1", email: "ADMIN@fabrikam.example" })).toMatchObject({ ok: true, user: { role: "GLOBAL_ADMIN" } });
  });

  it("refuses an unknown identity, a disabled account and an identity without a name", async () => {
    expect(await matchIdentity(t.prisma, { sub: "1", preferred_username: "stranger@fabrikam.example" })).toEqual({ ok: false, reason: "NO_ACCOUNT" });
    expect(await matchIdentity(t.prisma, { sub: "1", email: "gone@fabrikam.example" })).toEqual({ ok: false, reason: "DISABLED" });
    expect(await matchIdentity(t.prisma, { sub: "1", preferred_username: 42 })).toEqual({ ok: false, reason: "NO_USERNAME" });
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
