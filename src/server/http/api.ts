/**
 * Route handlers of the token-authenticated APIs are built with `apiRoute`: it authenticates the
 * bearer token for a scope, checks the path parameters and the query string as text
 * (./route-params.ts), reads the JSON body with a 1 MB limit (./body.ts: 413 beyond) and parses it
 * with a zod schema, runs the handler, and maps errors once — zod → 400 with the field and the
 * problem, DomainError → its status, the database away → 503 with Retry-After (ADR 26), anything
 * else → 500 (logged). Bad input never reaches the
 * domain and never becomes a 500.
 */
import "server-only";
import { NextResponse } from "next/server";
import { z } from "zod";
import type { PrismaClient } from "@/generated/prisma/client";
import type { Actor } from "@/server/domain/audit/service";
import { db } from "@/server/db";
import { asDomainError } from "@/server/db/errors";
import { DomainError } from "@/server/domain/errors";
import type { TokenScope } from "@/server/domain/tokens/hash";
import { authenticateToken, type TokenPrincipal } from "@/server/domain/tokens/service";
import { readJsonBody } from "./body";
import { checkQuery, InputTextError, routeParams, type RouteArgs } from "./route-params";
import { withRetryAfter } from "./unavailable";
import { REQUEST_ID_HEADER } from "./request-id";

export interface ApiContext<B> {
  db: PrismaClient;
  principal: TokenPrincipal;
  /** Who the audit log names for this call: `API token '<name>'`. */
  actor: Actor;
  /** The token's tenant: with `db` and `actor`, the domain context of the call. */
  tenantId: string;
  body: B;
  url: URL;
  params: Record<string, string>;
}

export type ApiError = { error: { code: string; message: string; fields?: Record<string, string[]> } };

export function apiError(status: number, code: string, message: string, fields?: Record<string, string[]>) {
  return NextResponse.json<ApiError>({ error: { code, message, ...(fields ? { fields } : {}) } }, { status });
}

export function fieldErrors(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "body";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

export function apiRoute<S extends z.ZodType | null>(
  options: { scopes: readonly TokenScope[]; body?: S },
  handler: (ctx: ApiContext<S extends z.ZodType ? z.output<S> : undefined>) => Promise<Response>,
) {
  return async (request: Request, route?: RouteArgs): Promise<Response> => {
    try {
      const prisma = db();
      const principal = await authenticateToken(prisma, request.headers.get("authorization"), options.scopes);
      const url = new URL(request.url);
      const params = await routeParams(route);
      checkQuery(url);
      let body: unknown = undefined;
      if (options.body) {
        const raw = await readJsonBody(request);
        if (!raw.ok) return apiError(400, "INVALID_JSON", "The request body must be a JSON object.", { body: ["The request body must be a JSON object."] });
        const parsed = options.body.safeParse(raw.value);
        if (!parsed.success) {
          const fields = fieldErrors(parsed.error);
          const [first] = Object.entries(fields);
          return apiError(400, "VALIDATION_FAILED", `${first[0]}: ${first[1][0]}`, fields);
        }
        body = parsed.data;
      }
      const actor = { id: null, label: `API token '${principal.name}'` };
      return await handler({ db: prisma, principal, actor, tenantId: principal.tenantId, body: body as never, url, params });
    } catch (caught) {
      const error = asDomainError(caught) ?? caught;
      if (error instanceof InputTextError) {
        return apiError(400, error.code, `${error.field}: ${error.message}`, { [error.field!]: [error.message] });
      }
      if (error instanceof DomainError) {
        return withRetryAfter(apiError(error.httpStatus, error.code, error.message, error.field ? { [error.field]: [error.message] } : undefined), error);
      }
      console.error(`API request failed (x-request-id ${request.headers.get(REQUEST_ID_HEADER) ?? "-"})`, error);
      return apiError(500, "INTERNAL", "Something went wrong on our side.");
    }
  };
}
