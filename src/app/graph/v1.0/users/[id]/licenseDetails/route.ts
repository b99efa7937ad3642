import { parseSelectOnly } from "@/server/http/graph/odata";
import { findUser, getLicenseDetails } from "@/server/http/graph/users";
import { graphCollection, graphRoute } from "@/server/http/graph/route";

/** GET /graph/v1.0/users/{id | userPrincipalName}/licenseDetails */
export const GET = graphRoute({ access: "read" }, async (ctx) => {
  const select = parseSelectOnly(ctx.url.searchParams);
  const user = await findUser(ctx.db, ctx.principal.tenantId, ctx.params.id);
  const details = await getLicenseDetails(ctx.db, ctx.principal.tenantId, user.id);
  return graphCollection(ctx, `users('${user.id}')/licenseDetails`, { items: details.map((d) => ({ ...d })), nextAfter: null }, select);
});
