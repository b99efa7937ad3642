import { parseSelectOnly } from "@/server/http/graph/odata";
import { listSubscribedSkus } from "@/server/http/graph/skus";
import { graphCollection, graphRoute } from "@/server/http/graph/route";

/** GET /graph/v1.0/subscribedSkus — the tenant's products with their units and service plans. */
export const GET = graphRoute({ access: "read" }, async (ctx) => {
  const select = parseSelectOnly(ctx.url.searchParams);
  const skus = await listSubscribedSkus(ctx.db, ctx.principal.tenantId);
  return graphCollection(ctx, "subscribedSkus", { items: skus.map((s) => ({ ...s })), nextAfter: null }, select);
});
