import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/env";
import { isTokenApiPath, malformedPathResponse } from "@/server/http/malformed-path";
import { FORWARDING_HEADERS, servedOverHttps } from "@/server/http/origin";
import { databaseDownSince } from "@/server/db/availability";
import { unavailablePage } from "@/server/http/unavailable";

/**
 * Runs before every page, server action and next-auth endpoint (see `config.matcher`):
 *
 * - Without TRUST_PROXY, removes the reverse-proxy headers (X-Forwarded-Host/-Proto/-Port/-For,
 *   Forwarded) from the request before the app sees them: Next's server-action origin check and
 *   next-auth then see the Host the client addressed, and Next fills the X-Forwarded-* headers in
 *   from the connection itself. (The token APIs, which this does not run for, decide the same in
 *   src/server/http/origin.ts.)
 * - A server action posted from another origin is refused with 403 (crossOriginWrite).
 * - Pages get a Content-Security-Policy with a fresh nonce, which Next reads from the request's
 *   policy and puts on its own scripts; and HSTS when served over HTTPS. The headers that never
 *   change (nosniff, Referrer-Policy, X-Frame-Options) are set for every path in next.config.ts.
 * - While the process knows its database to be away, a page is answered with the 503 "temporarily
 *   unavailable" page (src/server/http/unavailable.ts) before it renders.
 * - Passes the path (and query) of the page asked for to server components, so that requireUser()
 *   can send a signed-out visitor to /sign-in?callbackUrl=<that path> (PATHNAME_HEADER in
 *   src/server/auth/guards.ts). It authorises nothing: the guards do, in every page and action.
 */
export function proxy(request: NextRequest) {
  // A path that does not percent-decode: 400 here, before Next's router fails on it with a 500.
  const malformed = malformedPathResponse(request);
  if (malformed) return malformed;
  if (isTokenApiPath(request.nextUrl.pathname)) return NextResponse.next(); // matched only for the check above

  const headers = new Headers(request.headers);
  if (!env.TRUST_PROXY) for (const name of FORWARDING_HEADERS) headers.delete(name);

  const https = servedOverHttps(request);
  const api = request.nextUrl.pathname.startsWith("/api/");
  // The database known to be away (a request just found it so; a probe tells it back): pages get the
  // 503 "temporarily unavailable" page at once instead of failing to render. Server actions still
  // run, so that the form says it in its own words (ADR 26).
  if (!api && databaseDownSince() !== null && !request.headers.has("next-action")) return unavailablePage();
  // Next refuses a cross-origin server action too, but with a 500: refuse it here with a 403.
  if (!api && crossOriginWrite(request)) {
    return new Response("This request came from another site and was refused.", {
      status: 403,
      headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
    });
  }
  const response = api
    ? // next-auth's endpoints (/api/auth/…) answer JSON and redirects: next.config.ts gives them the API policy.
      NextResponse.next({ request: { headers } })
    : page(request, headers, https);
  if (https) response.headers.set("strict-transport-security", "max-age=63072000; includeSubDomains");
  return response;
}

function page(request: NextRequest, headers: Headers, https: boolean): NextResponse {
  const url = request.nextUrl.clone();
  url.searchParams.delete("_rsc"); // Next's cache-busting parameter on client navigations
  headers.set("x-pathname", `${url.pathname}${url.search}`);
  const policy = contentSecurityPolicy(nonce(), { https, dev: process.env.NODE_ENV === "development" });
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  return response;
}

/**
 * A write to a page (a server action: pages take no other POST) whose Origin is not this site, by
 * the same rule as Next's own check: the Origin's host must be the Host the client addressed, or,
 * with TRUST_PROXY, the proxy's X-Forwarded-Host. A request without Origin is let through, as Next
 * does (no browser sends such a write with someone's cookies unasked).
 */
export function crossOriginWrite(request: Request): boolean {
  if (request.method === "GET" || request.method === "HEAD") return false;
  const origin = request.headers.get("origin");
  if (origin === null) return false;
  let host: string;
  try {
    host = new URL(origin).host; // "null" (a sandboxed or privacy-sensitive context) does not parse: refused
  } catch {
    return true;
  }
  const forwarded = env.TRUST_PROXY ? request.headers.get("x-forwarded-host")?.split(",")[0].trim() : undefined;
  return ![request.headers.get("host"), forwarded].some((allowed) => allowed && allowed.toLowerCase() === host);
}

/** 128 random bits, base64: unguessable and new for every request. */
function nonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/**
 * The pages' policy: scripts only with this response's nonce (and what they load: 'strict-dynamic');
 * styles from the site and inline (charts and toasts set style attributes); no plugins, no framing,
 * no other base URL, forms posted only here.
 */
export function contentSecurityPolicy(nonce: string, { https, dev }: { https: boolean; dev: boolean }): string {
  return [
    "default-src 'self'",
    // React in development reconstructs server stacks with eval; production never uses it.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

export const config = {
  matcher: [
    // Not the static files of public/ (the brand mark, the product icons), served as they are.
    "/((?!api/|graph/|scim/|_next/static|_next/image|favicon.ico|brand-mark.svg|products/).*)",
    "/api/auth/:path*",
    // The token APIs only when their path has a percent sign: the malformed-path check.
    "/(api|graph|scim)/(.*%.*)",
  ],
};
