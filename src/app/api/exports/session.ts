import "server-only";
import { NextResponse } from "next/server";
import { CONSOLE_ROLES, forbiddenMessage } from "@/lib/roles";
import { getCurrentUser, type CurrentUser } from "@/server/auth/guards";
import { DomainError } from "@/server/domain/errors";
import { checkQuery, InputTextError, routeParams, type RouteArgs } from "@/server/http/route-params";

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

export interface ExportContext {
  request: Request;
  user: CurrentUser;
  url: URL;
  params: Record<string, string>;
}

/** An export's refusal: `{ error, fieldErrors }`, the field beside its message when there is one. */
export function exportError(status: number, error: string, fieldErrors: Record<string, string[]> = {}): NextResponse {
  return NextResponse.json({ error, fieldErrors }, { status, headers: { "Cache-Control": "no-store" } });
}

/**
 * The wrapper of the export route handlers: a signed-in console reader (consoleReader), path
 * parameters and query parameters checked as text (400 beside the parameter), then the handler;
 * a DomainError is its status (413 for a body over 1 MB), anything else a logged 500 — always
 * before the first byte of a download.
 */
export function exportRoute(handler: (ctx: ExportContext) => Promise<Response>) {
  return async (request: Request, route?: RouteArgs): Promise<Response> => {
    const { user, refusal } = await consoleReader();
    if (refusal) return refusal;
    try {
      const url = new URL(request.url);
      const params = await routeParams(route);
      checkQuery(url);
      return await handler({ request, user, url, params });
    } catch (error) {
      if (error instanceof InputTextError) return exportError(400, `${error.field}: ${error.message}`, { [error.field!]: [error.message] });
      if (error instanceof DomainError) return exportError(error.httpStatus, error.message, error.field ? { [error.field]: [error.message] } : {});
      console.error("Export failed", error);
      return exportError(500, "The export failed on our side. Try again.");
    }
  };
}
