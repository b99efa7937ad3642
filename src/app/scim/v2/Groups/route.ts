import { createProvisionedGroup } from "@/server/domain/groups/provisioning";
import { groupInputFrom, toScimGroup } from "@/server/http/scim/groups";
import { excludesMembers, listScimGroups } from "@/server/http/scim/lists";
import { listResponse, paging, scimJson, scimRoute } from "@/server/http/scim/route";

/** GET /scim/v2/Groups — filter (displayName, externalId: eq, and), startIndex, count, excludedAttributes=members. */
export const GET = scimRoute({}, async (ctx) => {
  const page = paging(ctx.url);
  const { totalResults, rows } = await listScimGroups(ctx.db, ctx.tenantId, ctx.url.searchParams.get("filter"), page);
  const members = !excludesMembers(ctx.url);
  return listResponse(
    rows.map((g) => toScimGroup(g, ctx.base, { members })),
    totalResults,
    page.startIndex,
  );
});

/** POST /scim/v2/Groups — 201 with the group; members get the group's licences as in the console. */
export const POST = scimRoute({ body: true }, async (ctx) => {
  const group = await createProvisionedGroup(ctx, groupInputFrom(ctx.body));
  return scimJson(toScimGroup(group, ctx.base), { status: 201, headers: { location: `${ctx.base}/Groups/${group.id}` } });
});
