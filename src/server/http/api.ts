/**
 * Route handlers of the token-authenticated APIs are built with `apiRoute`: it authenticates the
 * bearer token for a scope, parses the JSON body with a zod schema, runs the handler, and maps
 * errors once — zod → 400 with the field and the problem, DomainError → its status, anything else
 * → 500 (logged). Bad input never reaches the domain and never becomes a 500.
 */
import "server-only";
import { NextResponse } from "next/server";
import { z } from "zod";
import type { PrismaClient } from "@/generated/prisma/client";
import { db } from "@/server/db";
import { asDomainError } from "@/server/db/errors";
import { DomainError } from "@/server/domain/errors";
import type { TokenScope } from "@/server/domain/tokens/hash";
import { authenticateToken, type TokenPrincipal } from "@/server/domain/tokens/service";
import { routeParams, type RouteArgs } from "./route-params";

export interface ApiContext<B> {
  db: PrismaClient;
  principal: TokenPrincipal;
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
      let body: unknown = undefined;
      if (options.body) {
        let raw: unknown;
        try {
          raw = await request.json();
        } catch {
          return apiError(400, "INVALID_JSON", "The request body must be a JSON object.");
        }
        const parsed = options.body.safeParse(raw);
        if (!parsed.success) {
          const fields = fieldErrors(parsed.error);
          const [first] = Object.entries(fields);
          return apiError(400, "VALIDATION_FAILED", `${first[0]}: ${first[1][0]}`, fields);
        }
        body = parsed.data;
      }
      const params = await routeParams(route);
      return await handler({ db: prisma, principal, body: body as never, url: new URL(request.url), params });
    } catch (caught) {
      const error = asDomainError(caught) ?? caught;
      if (error instanceof DomainError) {
        return apiError(error.httpStatus, error.code, error.message, error.field ? { [error.field]: [error.message] } : undefined);
      }
      console.error("API request failed", error);
      return apiError(500, "INTERNAL", "Something went wrong on our side.");
    }
  };
}
