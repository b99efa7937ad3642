import { parseCollectionQuery } from "@/server/http/graph/odata";
import { listUsers, USER_QUERY_RULES } from "@/server/http/graph/users";
import { graphCollection, graphRoute } from "@/server/http/graph/route";

/** GET /graph/v1.0/users — $top (≤ 999), $filter, $select, $count; pages through @odata.nextLink. */
export const GET = graphRoute({ access: "read" }, async (ctx) => {
  const query = parseCollectionQuery(ctx.url.searchParams, USER_QUERY_RULES);
  const page = await listUsers(ctx.db, ctx.principal.tenantId, query);
  return graphCollection(ctx, "users", { ...page, items: page.items.map((u) => ({ ...u })) }, query.select);
});
