/**
 * Route handlers of the SCIM 2.0 server (/scim/v2, SPEC §10.1, ADR 22) are built with `scimRoute`,
 * the SCIM variant of `apiRoute` (../api.ts): it authenticates the bearer API token for the scope
 * `scim`, checks path segments and the query string as text (../route-params.ts), reads the JSON body
 * with a 1 MB limit (413 beyond), refuses bodies nested deeper than 32 levels or holding U+0000,
 * control characters or lone surrogates, runs the handler, and answers every failure in SCIM's error
 * shape (RFC 7644 §3.12) —
 *   { "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"], "status": "400", "scimType", "detail" }
 * — as `application/scim+json`. Bad input is a 400, never a 500; the database away is a 503 with
 * Retry-After (ADR 26).
 */
import "server-only";
import { db } from "@/server/db";
import { asDomainError } from "@/server/db/errors";
import { DomainError } from "@/server/domain/errors";
import { authenticateToken } from "@/server/domain/tokens/service";
import { isCleanText } from "@/lib/text";
import type { ApiContext } from "../api";
import { publicOrigin } from "../origin";
import { BodyTooLargeError, readJsonBody } from "../body";
import { checkQuery, InputTextError, routeParams, type RouteArgs } from "../route-params";
import { withRetryAfter } from "../unavailable";
import { REQUEST_ID_HEADER } from "../request-id";

export const SCIM_CONTENT_TYPE = "application/scim+json";
export const ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

export type ScimType =
  "invalidFilter" | "tooMany" | "uniqueness" | "mutability" | "invalidSyntax" | "invalidPath" | "noTarget" | "invalidValue" | "invalidVers" | "sensitive";

/** A SCIM error answer: thrown anywhere below a `scimRoute` handler. */
export class ScimError extends Error {
  constructor(
    readonly status: number,
    readonly scimType: ScimType | null,
    detail: string,
  ) {
    super(detail);
  }
}

export interface ScimContext extends Omit<ApiContext<unknown>, "body"> {
  /** The parsed JSON body (checked for depth and text), or undefined for a request without one. */
  body: unknown;
  /** The service root as the caller reached it, e.g. https://portal.contoso.com/scim/v2. */
  base: string;
}

export function scimJson(value: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  headers.set("content-type", SCIM_CONTENT_TYPE);
  return new Response(JSON.stringify(value), { ...init, headers });
}

export function scimErrorResponse(status: number, scimType: ScimType | null, detail: string): Response {
  const response = scimJson({ schemas: [ERROR_SCHEMA], status: String(status), ...(scimType ? { scimType } : {}), detail }, { status });
  if (status === 401) response.headers.set("WWW-Authenticate", 'Bearer realm="scim"');
  return response;
}

const MAX_DEPTH = 32;

/** The first problem of a JSON value: too deep, or a string (or key) that is not clean text. */
function valueProblem(value: unknown, depth = 0): string | null {
  if (depth > MAX_DEPTH) return `The request body is nested deeper than ${MAX_DEPTH} levels.`;
  if (typeof value === "string") return isCleanText(value, { multiline: true }) ? null : "A value holds U+0000, a control character or a lone surrogate.";
  if (Array.isArray(value)) {
    for (const item of value) {
      const problem = valueProblem(item, depth + 1);
      if (problem) return problem;
    }
    return null;
  }
  if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (!isCleanText(key)) return "An attribute name holds U+0000, a control character or a lone surrogate.";
      const problem = valueProblem(item, depth + 1);
      if (problem) return problem;
    }
  }
  return null;
}

function toScimError(caught: unknown, requestId: string | null): ScimError {
  if (caught instanceof ScimError) return caught;
  const error = asDomainError(caught) ?? caught;
  if (error instanceof InputTextError) {
    const scimType = error.field === "filter" ? "invalidFilter" : "invalidValue";
    return new ScimError(400, scimType, `${error.field}: ${error.message}`);
  }
  if (error instanceof BodyTooLargeError) return new ScimError(413, null, error.message);
  if (error instanceof DomainError) {
    const scimType = error.httpStatus === 409 ? "uniqueness" : error.httpStatus === 400 ? "invalidValue" : null;
    return new ScimError(error.httpStatus, scimType, error.message);
  }
  console.error(`SCIM request failed (x-request-id ${requestId ?? "-"})`, error);
  return new ScimError(500, null, "Something went wrong on our side.");
}

export function scimRoute(options: { body?: true }, handler: (ctx: ScimContext) => Promise<Response>) {
  return async (request: Request, route?: RouteArgs): Promise<Response> => {
    try {
      const prisma = db();
      const principal = await authenticateToken(prisma, request.headers.get("authorization"), ["scim"]);
      const url = new URL(request.url);
      const params = await routeParams(route);
      checkQuery(url);
      let body: unknown = undefined;
      if (options.body) {
        const raw = await readJsonBody(request);
        if (!raw.ok || raw.value === null || typeof raw.value !== "object" || Array.isArray(raw.value)) {
          throw new ScimError(400, "invalidSyntax", "The request body must be a JSON object.");
        }
        const problem = valueProblem(raw.value);
        if (problem) throw new ScimError(400, problem.includes("nested") ? "invalidSyntax" : "invalidValue", problem);
        body = raw.value;
      }
      const at = url.pathname.indexOf("/scim/v2");
      const base = publicOrigin(request) + (at >= 0 ? url.pathname.slice(0, at + "/scim/v2".length) : "/scim/v2");
      return await handler({
        db: prisma,
        principal,
        actor: { id: null, label: `API token '${principal.name}'` },
        tenantId: principal.tenantId,
        body,
        url,
        params,
        base,
      });
    } catch (caught) {
      const error = toScimError(caught, request.headers.get(REQUEST_ID_HEADER));
      return withRetryAfter(scimErrorResponse(error.status, error.scimType, error.message), null);
    }
  };
}

/** `startIndex` (1-based, at least 1) and `count` (0–`max`, default `max`) of a list request (RFC 7644 §3.4.2.4). */
export function paging(url: URL, max = 100): { startIndex: number; count: number } {
  const number = (name: string, fallback: number) => {
    const raw = url.searchParams.get(name);
    if (raw === null || raw === "") return fallback;
    if (!/^-?\d{1,9}$/.test(raw.trim())) throw new ScimError(400, "invalidValue", `${name} must be a whole number.`);
    return Number(raw.trim());
  };
  return { startIndex: Math.max(1, number("startIndex", 1)), count: Math.min(max, Math.max(0, number("count", max))) };
}

export const LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

export function listResponse(resources: unknown[], totalResults: number, startIndex: number): Response {
  return scimJson({ schemas: [LIST_SCHEMA], totalResults, startIndex, itemsPerPage: resources.length, Resources: resources });
}
