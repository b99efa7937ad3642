import { removeGroupMember } from "@/server/domain/groups/members";
import { getGroup } from "@/server/http/graph/groups";
import { graphNoContent, graphRoute } from "@/server/http/graph/route";

/** DELETE /graph/v1.0/groups/{id}/members/{userId}/$ref → 204; 404 when the user is not a member. */
export const DELETE = graphRoute({ access: "write" }, async (ctx) => {
  const tenantId = ctx.principal.tenantId;
  const group = await getGroup(ctx.db, tenantId, ctx.params.id);
  await removeGroupMember(ctx, { groupId: group.id, userId: ctx.params.memberId });
  return graphNoContent();
});
