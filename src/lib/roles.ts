/**
 * Who may do what, and where people land after signing in. Pure, so that server code, client
 * components and tests share one definition.
 */
import { Role } from "@/generated/prisma/enums";

export { Role };

/** The roles that may read the admin console (Reports readers read; only Global admins change). */
export const CONSOLE_ROLES = [Role.GLOBAL_ADMIN, Role.REPORTS_READER] as const satisfies readonly Role[];

/** The roles that may change things in the console. */
export const ADMIN_ROLES = [Role.GLOBAL_ADMIN] as const satisfies readonly Role[];

export const ROLE_LABELS: Record<Role, string> = {
  GLOBAL_ADMIN: "Global admin",
  REPORTS_READER: "Reports reader",
  USER: "User",
};

export function canReadConsole(role: Role): boolean {
  return (CONSOLE_ROLES as readonly Role[]).includes(role);
}

/**
 * A callback URL we are willing to send someone to: a path on this site ("/users?x=1"), never
 * another origin ("//evil.example", "https://…") nor the sign-in page itself. Anything else → null.
 */
export function safeCallbackPath(value: string | null | undefined): string | null {
  if (!value || typeof value !== "string") return null;
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return null;
  let url: URL;
  try {
    url = new URL(value, "http://localhost");
  } catch {
    return null;
  }
  if (url.origin !== "http://localhost") return null;
  if (url.pathname === "/sign-in" || url.pathname.startsWith("/sign-in/") || url.pathname.startsWith("/api/auth")) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** Where to go after signing in: the callback URL if one was given, else Home for admins and the launch page for users. */
export function landingPath(role: Role, callbackUrl?: string | null): string {
  return safeCallbackPath(callbackUrl) ?? (canReadConsole(role) ? "/" : "/launch");
}

/** "Only a Global admin can do this. You are signed in as a Reports reader." */
export function forbiddenMessage(role: Role, allowed: readonly Role[]): string {
  const needed = allowed.map((r) => ROLE_LABELS[r]).join(" or ");
  return `Only a ${needed} can do this. You are signed in as a ${ROLE_LABELS[role]}.`;
}
