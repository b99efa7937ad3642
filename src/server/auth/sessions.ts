/**
 * Sessions end when they should (SPEC §11), in every process, with no session table: a session (a
 * signed JWT cookie) carries the user's `sessionVersion` at issue, and is honoured only while the
 * User row still has that version. Raising the version ends every session of the user at their
 * next request:
 * - signing out raises it (`endSessions`, from next-auth's signOut event);
 * - a new role or a disabled account raises it in the database itself (the `User_end_sessions`
 *   trigger), whichever path made the change — console, Graph, SCIM or SQL.
 */
import type { PrismaClient } from "@/generated/prisma/client";
import { findActiveUserById, type AppUser } from "./users";

/** What the guards read from a session: who, and under which version it was issued. */
export interface SessionClaims {
  userId?: string | null;
  sessionVersion?: number | null;
}

/** The version a session issued now carries; 0 for a user that does not exist (nothing will match). */
export async function currentSessionVersion(db: PrismaClient, userId: string): Promise<number> {
  const row = await db.user.findUnique({ where: { id: userId }, select: { sessionVersion: true } });
  return row?.sessionVersion ?? 0;
}

/**
 * Ends every session of the user issued under `fromVersion` (or under any version, without it): one
 * atomic increment, so that two sign-outs at once raise it once and a stale session's sign-out
 * changes nothing. Returns whether the version was raised.
 */
export async function endSessions(db: PrismaClient, userId: string, fromVersion?: number | null): Promise<boolean> {
  const { count } = await db.user.updateMany({
    where: { id: userId, ...(typeof fromVersion === "number" ? { sessionVersion: fromVersion } : {}) },
    data: { sessionVersion: { increment: 1 } },
  });
  return count > 0;
}

/**
 * The enabled user behind a session, or null: signed out, no version (issued before versions
 * existed), the version raised since (sign-out, role change, disabled), or the user deleted.
 */
export async function findSessionUser(db: PrismaClient, claims: SessionClaims | null | undefined): Promise<AppUser | null> {
  const userId = claims?.userId;
  const version = claims?.sessionVersion;
  if (!userId || typeof version !== "number") return null;
  return findActiveUserById(db, userId, { sessionVersion: version });
}
