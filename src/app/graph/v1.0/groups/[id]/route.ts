import { getGroup } from "@/server/http/graph/groups";
import { parseSelectOnly } from "@/server/http/graph/odata";
import { graphEntity, graphRoute } from "@/server/http/graph/route";

/** GET /graph/v1.0/groups/{id} */
export const GET = graphRoute({ access: "read" }, async (ctx) => {
  const select = parseSelectOnly(ctx.url.searchParams);
  return graphEntity(ctx, "groups/$entity", { ...(await getGroup(ctx.db, ctx.principal.tenantId, ctx.params.id)) }, select);
});
