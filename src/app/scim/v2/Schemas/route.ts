import { schemas } from "@/server/http/scim/discovery";
import { listResponse, scimRoute } from "@/server/http/scim/route";

/** GET /scim/v2/Schemas — the User, enterprise User and Group attributes this server keeps. */
export const GET = scimRoute({}, async (ctx) => {
  const all = schemas(ctx.base);
  return listResponse(all, all.length, 1);
});
