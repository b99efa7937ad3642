import { deleteProvisionedUser, getProvisionedUser, replaceProvisionedUser } from "@/server/domain/users/provisioning";
import { scimJson, scimRoute } from "@/server/http/scim/route";
import { patchUser, toScimUser, userInputFrom } from "@/server/http/scim/users";

/** GET /scim/v2/Users/{id} */
export const GET = scimRoute({}, async (ctx) => scimJson(toScimUser(await getProvisionedUser(ctx.db, ctx.tenantId, ctx.params.id), ctx.base)));

/** PUT /scim/v2/Users/{id} — replaces the user's attributes; `active: false` disables and releases auto-claimed licences. */
export const PUT = scimRoute({ body: true }, async (ctx) => {
  await getProvisionedUser(ctx.db, ctx.tenantId, ctx.params.id);
  const { user } = await replaceProvisionedUser(ctx, { userId: ctx.params.id, input: userInputFrom(ctx.body) });
  return scimJson(toScimUser(user, ctx.base));
});

/** PATCH /scim/v2/Users/{id} — Add / Replace / Remove in any case; 200 with the user. */
export const PATCH = scimRoute({ body: true }, async (ctx) => {
  const current = await getProvisionedUser(ctx.db, ctx.tenantId, ctx.params.id);
  const { user } = await replaceProvisionedUser(ctx, { userId: current.id, input: patchUser(current, ctx.base, ctx.body) });
  return scimJson(toScimUser(user, ctx.base));
});

/** DELETE /scim/v2/Users/{id} — releases every licence (the units serve the waiting list) and removes the user; 204. */
export const DELETE = scimRoute({}, async (ctx) => {
  await deleteProvisionedUser(ctx, { userId: ctx.params.id });
  return new Response(null, { status: 204 });
});
