import { reprocessUser } from "@/server/domain/licenses/products";
import { findUser, getUser } from "@/server/http/graph/users";
import { graphEntity, graphRoute } from "@/server/http/graph/route";

/**
 * POST /graph/v1.0/users/{id | userPrincipalName}/reprocessLicenseAssignment (no parameters; a body is ignored) → 200 and the
 * user with their licences: group licences in error are served if a unit is free and it is their turn.
 */
export const POST = graphRoute({ access: "write", ignoredBody: true }, async (ctx) => {
  const tenantId = ctx.principal.tenantId;
  const user = await findUser(ctx.db, tenantId, ctx.params.id);
  await reprocessUser(ctx, { userId: user.id });
  return graphEntity(ctx, "users/$entity", { ...(await getUser(ctx.db, tenantId, user.id)) });
});
