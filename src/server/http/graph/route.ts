/**
 * Route handlers of the Graph-compatible API (/graph/v1.0) are built with `graphRoute`, the Graph
 * variant of `apiRoute` (../api.ts): it authenticates the bearer API token ("directory.read" to
 * read, "directory.write" to write), checks path segments and query options as text
 * (../route-params.ts: U+0000, control characters and lone surrogates are a 400), reads the JSON body
 * with a 1 MB limit (413 beyond) and parses it with a zod schema (or, for an action without
 * parameters, reads it within the limit and ignores it), runs the handler, and
 * answers every failure in Microsoft Graph's error shape —
 *   { "error": { "code", "message", "innerError": { "date", "request-id", "client-request-id" } } }
 * — with Graph's statuses and codes (./errors.ts). Bad input is a 400, never
 * a 500. Every answer carries `request-id` and `client-request-id` headers, as Graph's do.
 */
import "server-only";
import { randomUUID } from "node:crypto";
import { NextResponse } from "next/server";
import type { z } from "zod";
import { db } from "@/server/db";
import { asDomainError } from "@/server/db/errors";
import { DomainError } from "@/server/domain/errors";
import { toGraphError } from "./errors";
import { applySelect, encodeSkipToken, type Page } from "./odata";
import type { TokenScope } from "@/server/domain/tokens/hash";
import { authenticateToken } from "@/server/domain/tokens/service";
import { fieldErrors, type ApiContext } from "../api";
import { publicOrigin } from "../origin";
import { BodyTooLargeError, readBodyBytes, readJsonBody } from "../body";
import { checkQuery, InputTextError, routeParams, type RouteArgs } from "../route-params";
import { withRetryAfter } from "../unavailable";

/** The API's context (../api.ts), with the service root. */
export interface GraphContext<B> extends ApiContext<B> {
  /** The service root as the caller reached it, e.g. https://portal.contoso.com/graph/v1.0. */
  base: string;
}

const SCOPES: Record<"read" | "write", readonly TokenScope[]> = {
  read: ["directory.read", "directory.write"],
  write: ["directory.write"],
};

interface RequestIds {
  requestId: string;
  clientRequestId: string;
}

/** Graph's innerError date: UTC, seconds, no zone suffix. */
const graphDate = () => new Date().toISOString().slice(0, 19);

export function graphError(status: number, code: string, message: string, ids: RequestIds): NextResponse {
  const response = NextResponse.json(
    { error: { code, message, innerError: { date: graphDate(), "request-id": ids.requestId, "client-request-id": ids.clientRequestId } } },
    { status },
  );
  if (status === 401) response.headers.set("WWW-Authenticate", 'Bearer error="invalid_token"');
  return response;
}

/**
 * The service root (…/graph/v1.0) for links in the answer: on APP_URL when set, else on the
 * request's own origin; a reverse proxy's X-Forwarded-Proto/-Host only with TRUST_PROXY (../origin.ts).
 */
export function serviceRoot(request: Request, url: URL): string {
  const at = url.pathname.indexOf("/v1.0");
  return publicOrigin(request) + (at >= 0 ? url.pathname.slice(0, at + "/v1.0".length) : url.pathname);
}

export function graphRoute<S extends z.ZodType | null = null>(
  options: {
    access: "read" | "write";
    body?: S;
    /** An action without parameters (reprocessLicenseAssignment): a body is read up to the limit (413 beyond) and ignored. */
    ignoredBody?: true;
  },
  handler: (ctx: GraphContext<S extends z.ZodType ? z.output<S> : undefined>) => Promise<Response>,
) {
  return async (request: Request, route?: RouteArgs): Promise<Response> => {
    const requestId = randomUUID();
    const ids: RequestIds = { requestId, clientRequestId: request.headers.get("client-request-id")?.slice(0, 100) || requestId };
    let response: Response;
    try {
      response = await run(request, route, ids);
    } catch (caught) {
      const error = asDomainError(caught) ?? caught;
      if (error instanceof DomainError) {
        const info = toGraphError(error);
        response = graphError(info.status, info.code, info.message, ids);
      } else {
        console.error("Graph API request failed", error);
        response = graphError(500, "generalException", "Something went wrong on our side.", ids);
      }
    }
    response.headers.set("request-id", ids.requestId);
    response.headers.set("client-request-id", ids.clientRequestId);
    return withRetryAfter(response, null);
  };

  async function run(request: Request, route: RouteArgs | undefined, ids: RequestIds): Promise<Response> {
    const prisma = db();
    const principal = await authenticateToken(prisma, request.headers.get("authorization"), SCOPES[options.access]);
    const url = new URL(request.url);
    let params: Record<string, string>;
    try {
      params = await routeParams(route);
      checkQuery(url);
    } catch (error) {
      if (!(error instanceof InputTextError)) throw error;
      const what = error.where === "path" ? "path segment" : "query option";
      return graphError(400, "Request_BadRequest", `Invalid value specified for ${what} '${error.field}': ${error.message}`, ids);
    }
    let body: unknown = undefined;
    if (options.ignoredBody) {
      try {
        await readBodyBytes(request);
      } catch (error) {
        if (!(error instanceof BodyTooLargeError)) throw error;
        return graphError(413, "RequestEntityTooLarge", error.message, ids);
      }
    }
    if (options.body) {
      let raw: Awaited<ReturnType<typeof readJsonBody>>;
      try {
        raw = await readJsonBody(request);
      } catch (error) {
        if (!(error instanceof BodyTooLargeError)) throw error;
        return graphError(413, "RequestEntityTooLarge", error.message, ids);
      }
      if (!raw.ok) {
        return graphError(
          400,
          "BadRequest",
          "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.",
          ids,
        );
      }
      const parsed = options.body.safeParse(raw.value);
      if (!parsed.success) {
        const [field, problems] = Object.entries(fieldErrors(parsed.error))[0];
        return graphError(400, "Request_BadRequest", `Invalid value specified for property '${field}': ${problems[0].replace(/\.$/, "")}.`, ids);
      }
      body = parsed.data;
    }
    return handler({
      db: prisma,
      principal,
      actor: { id: null, label: `API token '${principal.name}'` },
      tenantId: principal.tenantId,
      body: body as never,
      url,
      params,
      base: serviceRoot(request, url),
    });
  }
}

/** A Graph entity or action result: `@odata.context` first, then the properties; 200 unless `init` says otherwise. */
export function graphEntity(
  ctx: GraphContext<unknown>,
  contextFragment: string,
  entity: Record<string, unknown>,
  select: string[] | null = null,
  init?: ResponseInit,
): NextResponse {
  return NextResponse.json({ "@odata.context": `${ctx.base}/$metadata#${contextFragment}`, ...applySelect(entity, select) }, init);
}

/**
 * A Graph collection: `@odata.context`, `@odata.count` when asked, `@odata.nextLink` when there
 * are more (the request's own URL with a new `$skiptoken`), and `value`.
 */
export function graphCollection<T extends Record<string, unknown>>(
  ctx: GraphContext<unknown>,
  contextFragment: string,
  page: Page<T>,
  select: string[] | null = null,
): NextResponse {
  const fragment = select ? `${contextFragment}(${select.join(",")})` : contextFragment;
  return NextResponse.json({
    "@odata.context": `${ctx.base}/$metadata#${fragment}`,
    ...(page.count === undefined ? {} : { "@odata.count": page.count }),
    ...(page.nextAfter ? { "@odata.nextLink": nextLink(ctx, page.nextAfter) } : {}),
    value: page.items.map((item) => applySelect(item, select)),
  });
}

/** The same URL with `$skiptoken` replaced; the other query options are kept as the caller wrote them. */
function nextLink(ctx: GraphContext<unknown>, afterId: string): string {
  const path = ctx.url.pathname.slice(ctx.url.pathname.indexOf("/v1.0") + "/v1.0".length);
  const kept = ctx.url.search
    .replace(/^\?/, "")
    .split("&")
    .filter((part) => part && safeDecode(part.split("=")[0]).toLowerCase() !== "$skiptoken");
  return `${ctx.base}${path}?${[...kept, `$skiptoken=${encodeSkipToken(afterId)}`].join("&")}`;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function graphNoContent(): Response {
  return new Response(null, { status: 204 });
}
