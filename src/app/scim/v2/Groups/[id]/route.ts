import { deleteProvisionedGroup, getProvisionedGroup, updateProvisionedGroup } from "@/server/domain/groups/provisioning";
import { groupInputFrom, patchGroup, toScimGroup } from "@/server/http/scim/groups";
import { excludesMembers } from "@/server/http/scim/lists";
import { scimJson, scimRoute } from "@/server/http/scim/route";

/** GET /scim/v2/Groups/{id} — excludedAttributes=members leaves the members out. */
export const GET = scimRoute({}, async (ctx) =>
  scimJson(toScimGroup(await getProvisionedGroup(ctx.db, ctx.tenantId, ctx.params.id), ctx.base, { members: !excludesMembers(ctx.url) })),
);

/** PUT /scim/v2/Groups/{id} — the name, externalId and exactly these members. */
export const PUT = scimRoute({ body: true }, async (ctx) => {
  await getProvisionedGroup(ctx.db, ctx.tenantId, ctx.params.id);
  const input = groupInputFrom(ctx.body);
  const group = await updateProvisionedGroup(ctx, { groupId: ctx.params.id, changes: input });
  return scimJson(toScimGroup(group, ctx.base));
});

/** PATCH /scim/v2/Groups/{id} — members added and removed (`members[value eq "…"]` too), the name replaced; 204. */
export const PATCH = scimRoute({ body: true }, async (ctx) => {
  const current = await getProvisionedGroup(ctx.db, ctx.tenantId, ctx.params.id);
  await updateProvisionedGroup(ctx, { groupId: current.id, changes: patchGroup(current, ctx.base, ctx.body) });
  return new Response(null, { status: 204 });
});

/** DELETE /scim/v2/Groups/{id} — 204; the licences held through the group go, the units serve the waiting list. */
export const DELETE = scimRoute({}, async (ctx) => {
  await deleteProvisionedGroup(ctx, { groupId: ctx.params.id });
  return new Response(null, { status: 204 });
});
