import "server-only";
import { NextResponse } from "next/server";
import { CONSOLE_ROLES, forbiddenMessage } from "@/lib/roles";
import { getCurrentUser, type CurrentUser } from "@/server/auth/guards";

/**
 * The signed-in console reader for an export route handler (Global admins and Reports readers: an
 * export changes nothing), or the response that refuses: 401 signed out, 403 any other role.
 */
export async function consoleReader(): Promise<{ user: CurrentUser; refusal: null } | { user: null; refusal: NextResponse }> {
  const user = await getCurrentUser();
  if (!user) return { user: null, refusal: NextResponse.json({ error: "Sign in to export." }, { status: 401 }) };
  if (!(CONSOLE_ROLES as readonly string[]).includes(user.role)) {
    return { user: null, refusal: NextResponse.json({ error: forbiddenMessage(user.role, CONSOLE_ROLES) }, { status: 403 }) };
  }
  return { user, refusal: null };
}

/** Content-Disposition for a download, with an ASCII fallback and the UTF-8 name (RFC 6266). */
export function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
