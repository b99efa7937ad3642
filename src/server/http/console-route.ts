/**
 * Route handlers the console itself calls, signed in with its session cookie (the exports: a
 * report's CSV, a PowerShell script), are built with `consoleRoute`, the session variant of
 * `apiRoute` (./api.ts): it reads the signed-in user (getCurrentUser, the one reader of the
 * session) and checks their role — 401 signed out, 403 any other role — then checks the path
 * parameters and the query string as text (./route-params.ts: 400 beside the parameter), reads a
 * form body with a 1 MB limit (./body.ts: 413 beyond) and parses it, with the path parameters,
 * with a zod schema (400 with the fields' messages), runs the handler, and maps errors once — lost
 * races through asDomainError (src/server/db/errors.ts), a DomainError to its status, anything
 * else to a logged 500 — always before the first byte of a download.
 *
 * Refusals are `{ error, fieldErrors }`, the field beside its message when there is one.
 */
import "server-only";
import { NextResponse } from "next/server";
import type { z } from "zod";
import type { PrismaClient } from "@/generated/prisma/client";
import type { Role } from "@/generated/prisma/enums";
import { CONSOLE_ROLES, forbiddenMessage } from "@/lib/roles";
import { formDataToObject, toFieldErrors } from "@/server/action";
import { getCurrentUser, type CurrentUser } from "@/server/auth/guards";
import { db } from "@/server/db";
import { asDomainError } from "@/server/db/errors";
import { DomainError } from "@/server/domain/errors";
import { readFormBody } from "./body";
import { checkQuery, InputTextError, routeParams, type RouteArgs } from "./route-params";
import { withRetryAfter } from "./unavailable";
import { REQUEST_ID_HEADER } from "./request-id";

export interface ConsoleRouteContext<F> {
  db: PrismaClient;
  /** The signed-in user, with one of the route's roles. */
  user: CurrentUser;
  request: Request;
  url: URL;
  params: Record<string, string>;
  /** The form body and the path parameters, parsed with the route's schema (undefined without one). */
  form: F;
}

export interface ConsoleRouteOptions<S extends z.ZodType | null> {
  /** Who may call it; the others get 403 with the roles that may. */
  roles: readonly Role[];
  /** The 401's message for a signed-out caller, e.g. "Sign in to export." */
  signedOut: string;
  /** The schema of the form body (urlencoded or multipart), given the path parameters too. */
  form?: S;
  /** The 400's message when the form fails its schema without a message of its own. */
  invalidForm?: string;
  /** The 500's message when something unexpected fails (it is logged). */
  failed: string;
}

/** The exports: Global admins and Reports readers (an export changes nothing). */
export const EXPORT = {
  roles: CONSOLE_ROLES,
  signedOut: "Sign in to export.",
  failed: "The export failed on our side. Try again.",
} as const satisfies Pick<ConsoleRouteOptions<null>, "roles" | "signedOut" | "failed">;

/** A console route's refusal: `{ error, fieldErrors }`, never cached. */
export function consoleError(status: number, error: string, fieldErrors: Record<string, string[]> = {}): NextResponse {
  return NextResponse.json({ error, fieldErrors }, { status, headers: { "Cache-Control": "no-store" } });
}

export function consoleRoute<S extends z.ZodType | null = null>(
  options: ConsoleRouteOptions<S>,
  handler: (ctx: ConsoleRouteContext<S extends z.ZodType ? z.output<S> : undefined>) => Promise<Response>,
) {
  return async (request: Request, route?: RouteArgs): Promise<Response> => {
    try {
      const user = await getCurrentUser();
      if (!user) return NextResponse.json({ error: options.signedOut }, { status: 401 });
      if (!options.roles.includes(user.role)) {
        return NextResponse.json({ error: forbiddenMessage(user.role, options.roles) }, { status: 403 });
      }
      const url = new URL(request.url);
      const params = await routeParams(route);
      checkQuery(url);
      let form: unknown = undefined;
      if (options.form) {
        const parsed = options.form.safeParse({ ...formDataToObject(await readFormBody(request)), ...params });
        if (!parsed.success) {
          const { formErrors, fieldErrors } = toFieldErrors(parsed.error);
          return consoleError(400, formErrors[0] ?? options.invalidForm ?? "Check the form and try again.", fieldErrors);
        }
        form = parsed.data;
      }
      return await handler({ db: db(), user, request, url, params, form: form as never });
    } catch (caught) {
      const error = asDomainError(caught) ?? caught;
      if (error instanceof InputTextError) return consoleError(400, `${error.field}: ${error.message}`, { [error.field!]: [error.message] });
      if (error instanceof DomainError) {
        return withRetryAfter(consoleError(error.httpStatus, error.message, error.field ? { [error.field]: [error.message] } : {}), error);
      }
      console.error(`Console route failed (x-request-id ${request.headers.get(REQUEST_ID_HEADER) ?? "-"})`, error);
      return consoleError(500, options.failed);
    }
  };
}
