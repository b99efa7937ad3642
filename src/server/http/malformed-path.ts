/**
 * A path whose percent-encoding does not decode (`/graph/v1.0/users/%FF`, a lone `%`,
 * `/launch/%E0%A4`) is refused with 400 by the proxy (src/proxy.ts), in the shape of the part of the
 * product it was meant for: Microsoft Graph's error for /graph, the exports' and the token API's
 * for /api, a short page otherwise. Next itself would fail to decode such a segment while matching a dynamic route
 * and answer a plain-text 500 before any handler runs, so the check cannot live in the route
 * wrappers. Light on purpose (no database, no zod): it runs before every request it matches.
 */

/** True when one of the path's segments is not valid percent-encoded UTF-8. */
export function hasMalformedSegment(pathname: string): boolean {
  return pathname.split("/").some((segment) => segment.includes("%") && !decodes(segment));
}

function decodes(segment: string): boolean {
  try {
    decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

/** The token APIs (/api/v1, /graph, /scim): the proxy runs for them only to make this check. */
export function isTokenApiPath(pathname: string): boolean {
  return pathname.startsWith("/graph/") || pathname.startsWith("/scim/") || (pathname.startsWith("/api/") && !pathname.startsWith("/api/auth/"));
}

const MESSAGE = "The request path is not valid: a percent sign must be followed by two hexadecimal digits that encode UTF-8.";

/** The 400 for a request whose path does not decode, or null when it does. */
export function malformedPathResponse(request: Request): Response | null {
  const url = new URL(request.url);
  if (!hasMalformedSegment(url.pathname)) return null;
  const headers = { "cache-control": "no-store", "x-content-type-options": "nosniff" };
  if (url.pathname.startsWith("/graph/")) {
    const requestId = crypto.randomUUID();
    const clientRequestId = request.headers.get("client-request-id")?.slice(0, 100) || requestId;
    const innerError = { date: new Date().toISOString().slice(0, 19), "request-id": requestId, "client-request-id": clientRequestId };
    return Response.json(
      { error: { code: "BadRequest", message: MESSAGE, innerError } },
      { status: 400, headers: { ...headers, "request-id": requestId, "client-request-id": clientRequestId } },
    );
  }
  if (url.pathname.startsWith("/api/exports/")) {
    return Response.json({ error: MESSAGE, fieldErrors: { path: [MESSAGE] } }, { status: 400, headers });
  }
  if (url.pathname.startsWith("/api/")) {
    return Response.json({ error: { code: "INVALID_PATH", message: MESSAGE, fields: { path: [MESSAGE] } } }, { status: 400, headers });
  }
  const html =
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Bad request</title></head>' +
    `<body><main><h1>This address is not valid</h1><p>${MESSAGE}</p><p><a href="/">Go to Home</a></p></main></body></html>`;
  return new Response(html, { status: 400, headers: { ...headers, "content-type": "text/html; charset=utf-8" } });
}
