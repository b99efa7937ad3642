/**
 * Who may do what, and where people land after signing in. Pure, so that server code, client
 * components and tests share one definition.
 */
import { Role } from "@/generated/prisma/enums";

export { Role };

/**
 * The roles that may read the admin console: Global admins and License administrators change it
 * (each their part), Reports readers read.
 */
export const CONSOLE_ROLES = [Role.GLOBAL_ADMIN, Role.LICENSE_ADMIN, Role.REPORTS_READER] as const satisfies readonly Role[];

/**
 * The roles that manage licences: auto-claim policies, products, people's and groups' licences,
 * requests, the waiting list and reclaim (Microsoft Entra's License administrator, and Global admins).
 */
export const ADMIN_ROLES = [Role.GLOBAL_ADMIN, Role.LICENSE_ADMIN] as const satisfies readonly Role[];

/** The roles that change the organisation itself: Org settings, API tokens, webhooks, environments, roles. */
export const GLOBAL_ADMIN_ROLES = [Role.GLOBAL_ADMIN] as const satisfies readonly Role[];

/** The roles that may see the organisation's integrations (API tokens, webhooks): not License administrators. */
export const INTEGRATION_READER_ROLES = [Role.GLOBAL_ADMIN, Role.REPORTS_READER] as const satisfies readonly Role[];

export const ROLE_LABELS: Record<Role, string> = {
  GLOBAL_ADMIN: "Global admin",
  LICENSE_ADMIN: "License administrator",
  REPORTS_READER: "Reports reader",
  USER: "User",
};

/** Whether `role` is one of `roles`. */
export function hasRole(role: Role, roles: readonly Role[]): boolean {
  return roles.includes(role);
}

export function canReadConsole(role: Role): boolean {
  return hasRole(role, CONSOLE_ROLES);
}

// Control characters (browsers drop tab and newlines from URLs: "/\t/evil.example" is "//evil.example")
// and backslashes (which browsers read as "/").
const UNSAFE_CHARACTER = /[\u0000-\u001F\u007F\\]/;
// A slash, a backslash or a control character, percent-encoded: decoded by a later hop, they would
// turn "/%2F%2Fevil.example" into "//evil.example".
const UNSAFE_ESCAPE = /%(?:2f|5c|[01][0-9a-f]|7f)/i;
const BASE = "https://callback.invalid";

/**
 * A callback URL we are willing to send someone to: a path on this site ("/users?x=1"), never
 * another origin ("//evil.example", "/..//evil.example", "/\\evil.example", "https://…") nor the
 * sign-in page itself. The path is judged after URL normalisation (dot segments resolved), and the
 * result is what is returned, so the browser follows exactly what was checked. Anything else → null.
 */
export function safeCallbackPath(value: string | null | undefined): string | null {
  if (!value || typeof value !== "string" || value.length > 2048) return null;
  if (!value.startsWith("/") || value.startsWith("//") || UNSAFE_CHARACTER.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return null;
  }
  if (url.origin !== BASE) return null;
  const path = url.pathname;
  // After normalisation ("/..//x" → "//x"), the path must still be one leading slash and a path.
  if (!path.startsWith("/") || path.startsWith("//") || UNSAFE_ESCAPE.test(path)) return null;
  if (path === "/sign-in" || path.startsWith("/sign-in/") || path.startsWith("/api/auth")) return null;
  const result = `${path}${url.search}${url.hash}`;
  // What a browser makes of the result, against this site, must be this site.
  return new URL(result, BASE).origin === BASE ? result : null;
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
