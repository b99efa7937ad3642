import { randomUUID } from "node:crypto";
import { graphError } from "@/server/http/graph/route";

/**
 * Any other path under /graph/v1.0: Graph's answer for a resource it does not have, in its error
 * shape (rather than the console's HTML 404 page).
 */
async function unsupported(request: Request, route: { params: Promise<{ segments: string[] }> }): Promise<Response> {
  const { segments } = await route.params;
  const requestId = randomUUID();
  const clientRequestId = request.headers.get("client-request-id")?.slice(0, 100) || requestId;
  const response = graphError(400, "BadRequest", `Resource not found for the segment '${segments.at(-1) ?? ""}'.`, { requestId, clientRequestId });
  response.headers.set("request-id", requestId);
  response.headers.set("client-request-id", clientRequestId);
  return response;
}

export { unsupported as GET, unsupported as POST, unsupported as PATCH, unsupported as PUT, unsupported as DELETE };
