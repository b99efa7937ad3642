/**
 * The one user-row lock. Every change of a person's licences — a launch's claim, a direct
 * assignment, a group membership, a bulk move, a license request and its approval — locks the
 * person's row first, so concurrent changes of one person queue instead of racing (ADR 5).
 */
import { Prisma } from "@/generated/prisma/client";
import type { Tx } from "@/server/db/client";

export interface LockedUser {
  id: string;
  userPrincipalName: string;
}

/**
 * Locks the users' rows (`SELECT … FOR UPDATE`) in id order — one statement, so two callers locking
 * overlapping sets never deadlock — and returns those found, in id order. With `tenantId`, users of
 * other tenants are neither locked nor returned. Ids must be UUIDs.
 */
export async function lockUsers(tx: Tx, ids: readonly string[], options: { tenantId?: string } = {}): Promise<LockedUser[]> {
  const sorted = [...new Set(ids.map((id) => id.toLowerCase()))].sort();
  if (sorted.length === 0) return [];
  const inTenant = options.tenantId ? Prisma.sql`AND "tenantId" = ${options.tenantId}::uuid` : Prisma.empty;
  return tx.$queryRaw<LockedUser[]>`
    SELECT "id", "userPrincipalName" FROM "User"
    WHERE "id" = ANY(${sorted}::uuid[]) ${inTenant}
    ORDER BY "id"
    FOR UPDATE`;
}
