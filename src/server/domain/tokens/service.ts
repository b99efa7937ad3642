import { randomBytes } from "node:crypto";
import type { PrismaClient } from "@/generated/prisma/client";
import { recordAudit } from "../audit/service";
import type { DomainContext } from "../context";
import { DomainError, NotFoundError } from "../errors";
import { isUuid } from "../users/lookup";
import { tokenCacheFor } from "./cache";
import { hashToken, tokenPrefix, TOKEN_SCOPES, type TokenScope } from "./hash";

export interface TokenPrincipal {
  tokenId: string;
  tenantId: string;
  name: string;
  scopes: string[];
}

export class UnauthorizedError extends DomainError {
  constructor(message: string) {
    super(message, { code: "UNAUTHORIZED", httpStatus: 401 });
  }
}

export class MissingScopeError extends DomainError {
  constructor(scopes: readonly TokenScope[]) {
    super(`This API token lacks the scope this call needs (${scopes.join(" or ")}).`, { code: "FORBIDDEN", httpStatus: 403 });
  }
}

/** lastUsedAt is written at most this often per token and process, so that the hot path stays one read (none when cached). */
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Authenticates `Authorization: Bearer <token>` and checks that the token carries one of `scopes`.
 * 401 for a missing, unknown or revoked token; 403 for a valid token without the scope.
 * A valid token is kept in the process's token cache (cache.ts, ADR 32), which a revocation in any
 * process clears within a second; a cached token costs no SQL.
 */
export async function authenticateToken(db: PrismaClient, authorization: string | null, scopes: readonly TokenScope[]): Promise<TokenPrincipal> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!match) throw new UnauthorizedError("Send an API token: Authorization: Bearer <token>.");
  const tokenHash = hashToken(match[1]);
  const cache = tokenCacheFor(db);
  let token = cache?.get(tokenHash);
  if (!token) {
    const epoch = cache?.epoch() ?? 0;
    const row = await db.apiToken.findUnique({
      where: { tokenHash },
      select: { id: true, tenantId: true, name: true, scopes: true, revokedAt: true, lastUsedAt: true },
    });
    if (!row || row.revokedAt) throw new UnauthorizedError("This API token is not valid (unknown or revoked).");
    token = { tokenId: row.id, tenantId: row.tenantId, name: row.name, scopes: row.scopes, lastUsedAt: row.lastUsedAt?.getTime() ?? null };
    cache?.set(tokenHash, token, epoch);
  }
  if (!scopes.some((s) => token.scopes.includes(s))) throw new MissingScopeError(scopes);
  const now = Date.now();
  if (token.lastUsedAt === null || now - token.lastUsedAt > LAST_USED_RESOLUTION_MS) {
    token.lastUsedAt = now;
    // Not awaited by the caller's answer: a failed timestamp must not fail the call.
    void db.apiToken.update({ where: { id: token.tokenId, tenantId: token.tenantId }, data: { lastUsedAt: new Date(now) } }).catch(() => {});
  }
  return { tokenId: token.tokenId, tenantId: token.tenantId, name: token.name, scopes: [...token.scopes] };
}

/** A new token: "acp_" and 32 random bytes, base64url. Only its hash is stored; the value is shown once. */
export function generateToken(): string {
  return `acp_${randomBytes(32).toString("base64url")}`;
}

export async function listApiTokens(db: PrismaClient, tenantId: string) {
  return db.apiToken.findMany({
    where: { tenantId },
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
    select: {
      id: true,
      name: true,
      prefix: true,
      scopes: true,
      createdAt: true,
      lastUsedAt: true,
      revokedAt: true,
      createdBy: { select: { userPrincipalName: true } },
    },
  });
}

export async function createApiToken(ctx: DomainContext, input: { name: string; scopes: TokenScope[] }): Promise<{ id: string; token: string }> {
  const { db, actor, tenantId } = ctx;
  const token = generateToken();
  const scopes = TOKEN_SCOPES.filter((s) => input.scopes.includes(s));
  return db.$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: { tenantId, name: input.name, tokenHash: hashToken(token), prefix: tokenPrefix(token), scopes, createdById: actor.id },
      select: { id: true },
    });
    await recordAudit(tx, {
      tenantId,
      actor,
      action: "token.create",
      targetType: "ApiToken",
      targetId: created.id,
      summary: `Created API token "${input.name}" (${scopes.join(", ")})`,
      after: { name: input.name, scopes, prefix: tokenPrefix(token) },
    });
    return { id: created.id, token };
  });
}

/**
 * Revokes a token. Idempotent: revoking a revoked token changes nothing; of concurrent revocations
 * exactly one writes and audits (the conditional update is the arbiter).
 */
export async function revokeApiToken(ctx: DomainContext, { tokenId: id }: { tokenId: string }): Promise<void> {
  const { db, actor, tenantId } = ctx;
  const notFound = () => new NotFoundError("That API token does not exist.", { field: "id" });
  if (!isUuid(id)) throw notFound();
  await db.$transaction(async (tx) => {
    const token = await tx.apiToken.findFirst({ where: { id, tenantId }, select: { name: true, revokedAt: true } });
    if (!token) throw notFound();
    if (token.revokedAt) return;
    const revokedAt = new Date();
    const revoked = await tx.apiToken.updateMany({ where: { id, tenantId, revokedAt: null }, data: { revokedAt } });
    if (revoked.count === 0) return;
    await recordAudit(tx, {
      tenantId,
      actor,
      action: "token.revoke",
      targetType: "ApiToken",
      targetId: id,
      summary: `Revoked API token "${token.name}"`,
      before: { revokedAt: null },
      after: { revokedAt: revokedAt.toISOString() },
    });
  });
}
