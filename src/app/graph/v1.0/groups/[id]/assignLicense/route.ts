import { assignGroupLicenses } from "@/server/http/graph/groups";
import { assignLicenseSchema } from "@/server/http/graph/schema";
import { graphEntity, graphRoute } from "@/server/http/graph/route";

/**
 * POST /graph/v1.0/groups/{id}/assignLicense —
 * { addLicenses: [{ skuId, disabledPlans }], removeLicenses: [skuId] } → 202 Accepted and the group,
 * as Graph answers. One transaction; members the pool cannot serve are in error (CountViolation) and wait.
 */
export const POST = graphRoute({ access: "write", body: assignLicenseSchema }, async (ctx) => {
  const group = await assignGroupLicenses(ctx, ctx.params.id, ctx.body);
  return graphEntity(ctx, "groups/$entity", { ...group }, null, { status: 202, headers: { location: `${ctx.base}/groups/${group.id}` } });
});
