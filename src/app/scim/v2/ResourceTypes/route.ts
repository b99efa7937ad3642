import { resourceTypes } from "@/server/http/scim/discovery";
import { listResponse, scimRoute } from "@/server/http/scim/route";

/** GET /scim/v2/ResourceTypes — User (with the enterprise extension) and Group. */
export const GET = scimRoute({}, async (ctx) => {
  const types = resourceTypes(ctx.base);
  return listResponse(types, types.length, 1);
});
