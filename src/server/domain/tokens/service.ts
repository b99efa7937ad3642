import type { PrismaClient } from "@/generated/prisma/client";
import { DomainError } from "../errors";
import { hashToken, type TokenScope } from "./hash";

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

/** lastUsedAt is written at most this often per token, so that the hot path stays one read. */
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Authenticates `Authorization: Bearer <token>` and checks that the token carries one of `scopes`.
 * 401 for a missing, unknown or revoked token; 403 for a valid token without the scope.
 */
export async function authenticateToken(db: PrismaClient, authorization: string | null, scopes: readonly TokenScope[]): Promise<TokenPrincipal> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!match) throw new UnauthorizedError("Send an API token: Authorization: Bearer <token>.");
  const token = await db.apiToken.findUnique({
    where: { tokenHash: hashToken(match[1]) },
    select: { id: true, tenantId: true, name: true, scopes: true, revokedAt: true, lastUsedAt: true },
  });
  if (!token || token.revokedAt) throw new UnauthorizedError("This API token is not valid (unknown or revoked).");
  if (!scopes.some((s) => token.scopes.includes(s))) throw new MissingScopeError(scopes);
  const now = Date.now();
  if (!token.lastUsedAt || now - token.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    // Not awaited by the caller's answer: a failed timestamp must not fail the call.
    void db.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: new Date(now) } }).catch(() => {});
  }
  return { tokenId: token.id, tenantId: token.tenantId, name: token.name, scopes: token.scopes };
}
