import { removeGroupMember } from "@/server/domain/groups/members";
import { findUserByObjectId } from "@/server/domain/users/lookup";
import { findGroupId } from "@/server/http/graph/groups";
import { graphNoContent, graphRoute } from "@/server/http/graph/route";

/** DELETE /graph/v1.0/groups/{id}/members/{userId}/$ref → 204; 404 when the user is not a member. Either id, the portal's or Entra's. */
export const DELETE = graphRoute({ access: "write" }, async (ctx) => {
  const tenantId = ctx.principal.tenantId;
  const groupId = await findGroupId(ctx.db, tenantId, ctx.params.id);
  const member = await findUserByObjectId(ctx.db, tenantId, ctx.params.memberId);
  await removeGroupMember(ctx, { groupId, userId: member?.id ?? ctx.params.memberId });
  return graphNoContent();
});
