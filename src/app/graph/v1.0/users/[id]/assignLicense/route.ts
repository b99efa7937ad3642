import { assignLicenseSchema } from "@/server/http/graph/schema";
import { findUser, getUser } from "@/server/http/graph/users";
import { assignLicenses } from "@/server/domain/licenses/assign";
import { graphEntity, graphRoute } from "@/server/http/graph/route";

/**
 * POST /graph/v1.0/users/{id | userPrincipalName}/assignLicense —
 * { addLicenses: [{ skuId, disabledPlans }], removeLicenses: [skuId] } → the user. One transaction.
 */
export const POST = graphRoute({ access: "write", body: assignLicenseSchema }, async (ctx) => {
  const tenantId = ctx.principal.tenantId;
  const user = await findUser(ctx.db, tenantId, ctx.params.id);
  await assignLicenses(ctx, {
    userId: user.id,
    add: ctx.body.addLicenses.map((l) => ({ skuId: l.skuId, disabledPlanIds: l.disabledPlans ?? [] })),
    remove: ctx.body.removeLicenses.map((skuId) => ({ skuId })),
  });
  return graphEntity(ctx, "users/$entity", { ...(await getUser(ctx.db, tenantId, user.id)) });
});
