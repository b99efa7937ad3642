import { listMembers } from "@/server/http/graph/groups";
import { parseCollectionQuery } from "@/server/http/graph/odata";
import { USER_QUERY_RULES } from "@/server/http/graph/users";
import { graphCollection, graphRoute } from "@/server/http/graph/route";

/** GET /graph/v1.0/groups/{id}/members — the members, as directoryObjects (users). */
export const GET = graphRoute({ access: "read" }, async (ctx) => {
  const query = parseCollectionQuery(ctx.url.searchParams, USER_QUERY_RULES);
  const page = await listMembers(ctx.db, ctx.principal.tenantId, ctx.params.id, query);
  return graphCollection(ctx, "directoryObjects", { ...page, items: page.items.map((m) => ({ ...m })) }, query.select);
});
