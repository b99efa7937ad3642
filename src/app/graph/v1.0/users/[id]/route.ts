import { parseSelectOnly } from "@/server/http/graph/odata";
import { findUser, getUser } from "@/server/http/graph/users";
import { graphEntity, graphRoute } from "@/server/http/graph/route";

/** GET /graph/v1.0/users/{id | userPrincipalName} */
export const GET = graphRoute({ access: "read" }, async (ctx) => {
  const select = parseSelectOnly(ctx.url.searchParams);
  const user = await findUser(ctx.db, ctx.principal.tenantId, ctx.params.id);
  return graphEntity(ctx, "users/$entity", { ...(await getUser(ctx.db, ctx.principal.tenantId, user.id, select)) }, select);
});
