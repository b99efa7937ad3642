/**
 * Calls the SCIM route handlers (src/app/scim/v2/**) as Entra's provisioning service would — a web
 * Request in, a Response out — with Next's routing of those folders: `Users` and `Groups`, then an
 * `{id}` segment (percent-decoded), and the three discovery resources. A method the route file does
 * not export answers 405, a path no file serves 404.
 */
import path from "node:path";

const V2 = path.resolve(__dirname, "../../src/app/scim/v2");
type Handler = (request: Request, route: { params: Promise<Record<string, string> | undefined> }) => Promise<Response>;

function routeOf(pathname: string): { file: string; params: Record<string, string> | undefined } | null {
  const parts = pathname
    .replace(/^\/scim\/v2\/?/, "")
    .split("/")
    .filter(Boolean);
  if (!pathname.startsWith("/scim/v2") || parts.length === 0 || parts.length > 2) return null;
  const [resource, id] = parts;
  if (id === undefined) {
    if (!["Users", "Groups", "ServiceProviderConfig", "ResourceTypes", "Schemas"].includes(resource)) return null;
    return { file: path.join(V2, resource, "route.ts"), params: undefined };
  }
  if (!["Users", "Groups"].includes(resource)) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(id);
  } catch {
    return null;
  }
  return { file: path.join(V2, resource, "[id]", "route.ts"), params: { id: decoded } };
}

export async function dispatchScim(request: Request): Promise<Response> {
  const found = routeOf(new URL(request.url).pathname);
  if (!found) return new Response("Not found", { status: 404 });
  const mod = (await import(/* @vite-ignore */ found.file)) as Record<string, Handler | undefined>;
  const handler = mod[request.method];
  return handler ? handler(request, { params: Promise.resolve(found.params) }) : new Response(null, { status: 405 });
}

export interface ScimAnswer {
  status: number;
  contentType: string | null;
  body: Record<string, unknown> | null;
}

/** A SCIM client with a token: `call("PATCH", "/Users/…", body)`; a string body is sent as it is. */
export function scimClient(token: string | null, origin = "https://portal.contoso.com") {
  return async function call(method: string, pathAndQuery: string, body?: unknown, headers: Record<string, string> = {}): Promise<ScimAnswer> {
    const request = new Request(`${origin}/scim/v2${pathAndQuery}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { "content-type": "application/scim+json" } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const response = await dispatchScim(request);
    const text = await response.text();
    return { status: response.status, contentType: response.headers.get("content-type"), body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
  };
}
