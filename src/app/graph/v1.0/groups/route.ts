import { GROUP_QUERY_RULES, listGroups } from "@/server/http/graph/groups";
import { parseCollectionQuery } from "@/server/http/graph/odata";
import { graphCollection, graphRoute } from "@/server/http/graph/route";

/** GET /graph/v1.0/groups — security groups with the licences they carry. */
export const GET = graphRoute({ access: "read" }, async (ctx) => {
  const query = parseCollectionQuery(ctx.url.searchParams, GROUP_QUERY_RULES);
  const page = await listGroups(ctx.db, ctx.principal.tenantId, query);
  return graphCollection(ctx, "groups", { ...page, items: page.items.map((g) => ({ ...g })) }, query.select);
});
