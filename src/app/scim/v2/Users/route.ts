import { createProvisionedUser } from "@/server/domain/users/provisioning";
import { listScimUsers } from "@/server/http/scim/lists";
import { listResponse, paging, scimJson, scimRoute } from "@/server/http/scim/route";
import { toScimUser, userInputFrom } from "@/server/http/scim/users";

/** GET /scim/v2/Users — filter (userName, externalId: eq, and), startIndex, count. */
export const GET = scimRoute({}, async (ctx) => {
  const page = paging(ctx.url);
  const { totalResults, rows } = await listScimUsers(ctx.db, ctx.tenantId, ctx.url.searchParams.get("filter"), page);
  return listResponse(
    rows.map((u) => toScimUser(u, ctx.base)),
    totalResults,
    page.startIndex,
  );
});

/** POST /scim/v2/Users — 201 with the user; 409 uniqueness for a userName or externalId in use. */
export const POST = scimRoute({ body: true }, async (ctx) => {
  const user = await createProvisionedUser(ctx, userInputFrom(ctx.body));
  const resource = toScimUser(user, ctx.base);
  return scimJson(resource, { status: 201, headers: { location: `${ctx.base}/Users/${user.id}` } });
});
