import "server-only";
import { cache } from "react";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { connection } from "next/server";
import { getServerSession } from "next-auth";
import type { Role } from "@/generated/prisma/enums";
import { safeCallbackPath } from "@/lib/roles";
import { db } from "@/server/db";
import { authOptions } from "./options";
import { findSessionUser } from "./sessions";
import type { AppUser } from "./users";

export type CurrentUser = AppUser;

/** The request header in which src/proxy.ts passes the path (and query) of the page asked for. */
export const PATHNAME_HEADER = "x-pathname";

/**
 * The signed-in user, read once per request — the one way every page, layout, server action and
 * route handler learns who is signed in: the session says who, the User row says what they may do
 * now. Null when signed out, when the account has since been disabled or deleted, or when the
 * session has ended (signed out, role changed, disabled: its version is no longer the user's; see
 * sessions.ts), in whichever process that happened.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  await connection(); // per request, never at build time (and before the session secret is needed)
  const session = await getServerSession(authOptions);
  if (!session?.user?.id) return null;
  return findSessionUser(db(), { userId: session.user.id, sessionVersion: session.sessionVersion });
});

/** The signed-in user; signed-out visitors are sent to the sign-in page and brought back afterwards. */
export async function requireUser(): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (user) return user;
  const here = safeCallbackPath((await headers()).get(PATHNAME_HEADER));
  redirect(here && here !== "/" ? `/sign-in?${new URLSearchParams({ callbackUrl: here })}` : "/sign-in");
}

/** For pages and layouts: the signed-in user if their role is one of `roles`, else the 403 page. */
export async function requireRole(...roles: Role[]): Promise<CurrentUser> {
  const user = await requireUser();
  if (!roles.includes(user.role)) forbidden();
  return user;
}
