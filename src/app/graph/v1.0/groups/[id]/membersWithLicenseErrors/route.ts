import { listMembersWithLicenseErrors } from "@/server/http/graph/groups";
import { parseCollectionQuery } from "@/server/http/graph/odata";
import { USER_QUERY_RULES } from "@/server/http/graph/users";
import { graphCollection, graphRoute } from "@/server/http/graph/route";

/** GET /graph/v1.0/groups/{id}/membersWithLicenseErrors — members whose licence through the group is in error, as directoryObjects (users). */
export const GET = graphRoute({ access: "read" }, async (ctx) => {
  const query = parseCollectionQuery(ctx.url.searchParams, USER_QUERY_RULES);
  const page = await listMembersWithLicenseErrors(ctx.db, ctx.principal.tenantId, ctx.params.id, query);
  return graphCollection(ctx, "directoryObjects", { ...page, items: page.items.map((m) => ({ ...m })) }, query.select);
});
