import { serviceProviderConfig } from "@/server/http/scim/discovery";
import { scimJson, scimRoute } from "@/server/http/scim/route";

/** GET /scim/v2/ServiceProviderConfig */
export const GET = scimRoute({}, async (ctx) => scimJson(serviceProviderConfig(ctx.base)));
