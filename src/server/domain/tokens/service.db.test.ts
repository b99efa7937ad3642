import { describe, expect, it } from "vitest";
import { createTenant, createUser } from "../../../../tests/factories";
import { useTestDb } from "../../../../tests/setup/db";
import { authenticateToken, createApiToken, listApiTokens, revokeApiToken } from "./service";

const t = useTestDb();

async function admin() {
  const tenant = await createTenant(t.prisma);
  const user = await createUser(t.prisma, tenant, { role: "GLOBAL_ADMIN" });
  return { tenant, actor: { id: user.id, label: user.userPrincipalName } };
}

describe("API tokens", () => {
  it("creates a token shown once, stored as a hash, that authenticates with its scopes", async () => {
    const { tenant, actor } = await admin();
    const { id, token } = await createApiToken({ db: t.prisma, actor, tenantId: tenant.id }, { name: "runtime", scopes: ["directory.read", "launches"] });
    expect(token).toMatch(/^acp_[A-Za-z0-9_-]{43}$/);
    const row = await t.prisma.apiToken.findUniqueOrThrow({ where: { id, tenantId: tenant.id } });
    expect(row.tokenHash).not.toContain(token.slice(4));
    expect(row.scopes).toEqual(["launches", "directory.read"]);
    expect(row.prefix).toBe(token.slice(0, 8));
    await expect(authenticateToken(t.prisma, `Bearer ${token}`, ["launches"])).resolves.toMatchObject({ tenantId: tenant.id, name: "runtime" });
    await expect(authenticateToken(t.prisma, `Bearer ${token}`, ["directory.write"])).rejects.toMatchObject({ httpStatus: 403 });
    expect(await t.prisma.auditEntry.count({ where: { tenantId: tenant.id, action: "token.create", targetId: id } })).toBe(1);
  });

  it("records when a token was last used", async () => {
    const { tenant, actor } = await admin();
    const { id, token } = await createApiToken({ db: t.prisma, actor, tenantId: tenant.id }, { name: "used", scopes: ["launches"] });
    await authenticateToken(t.prisma, `bearer ${token}`, ["launches"]);
    await expect.poll(async () => (await t.prisma.apiToken.findUniqueOrThrow({ where: { id, tenantId: tenant.id } })).lastUsedAt).not.toBeNull();
  });

  it("revokes: the token is refused (401), listed as revoked, and audited once", async () => {
    const { tenant, actor } = await admin();
    const { id, token } = await createApiToken({ db: t.prisma, actor, tenantId: tenant.id }, { name: "old", scopes: ["launches"] });
    await revokeApiToken({ db: t.prisma, actor, tenantId: tenant.id }, { tokenId: id });
    await revokeApiToken({ db: t.prisma, actor, tenantId: tenant.id }, { tokenId: id });
    await expect(authenticateToken(t.prisma, `Bearer ${token}`, ["launches"])).rejects.toMatchObject({ httpStatus: 401 });
    expect((await listApiTokens(t.prisma, tenant.id)).find((x) => x.id === id)?.revokedAt).not.toBeNull();
    expect(await t.prisma.auditEntry.count({ where: { tenantId: tenant.id, action: "token.revoke" } })).toBe(1);
  });

  it("refuses another tenant's token id", async () => {
    const a = await admin();
    const b = await admin();
    const { id } = await createApiToken({ db: t.prisma, actor: b.actor, tenantId: b.tenant.id }, { name: "theirs", scopes: ["launches"] });
    await expect(revokeApiToken({ db: t.prisma, actor: a.actor, tenantId: a.tenant.id }, { tokenId: id })).rejects.toMatchObject({ httpStatus: 404 });
    expect((await t.prisma.apiToken.findUniqueOrThrow({ where: { id, tenantId: b.tenant.id } })).revokedAt).toBeNull();
  });

  it("401 for a missing or malformed Authorization header", async () => {
    await expect(authenticateToken(t.prisma, null, ["launches"])).rejects.toMatchObject({ httpStatus: 401 });
    await expect(authenticateToken(t.prisma, "Basic abc", ["launches"])).rejects.toMatchObject({ httpStatus: 401 });
  });
});
