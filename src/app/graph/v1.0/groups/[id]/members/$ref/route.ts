import { addGroupMember } from "@/server/domain/groups/members";
import { findGroupId } from "@/server/http/graph/groups";
import { memberReferenceSchema, referencedObjectId } from "@/server/http/graph/schema";
import { findUser } from "@/server/http/graph/users";
import { graphNoContent, graphRoute } from "@/server/http/graph/route";

/**
 * POST /graph/v1.0/groups/{id}/members/$ref — { "@odata.id": "…/directoryObjects/{id}" } → 204.
 * The new member gets the group's licences in the same transaction; a full pool refuses it.
 */
export const POST = graphRoute({ access: "write", body: memberReferenceSchema }, async (ctx) => {
  const tenantId = ctx.principal.tenantId;
  const groupId = await findGroupId(ctx.db, tenantId, ctx.params.id);
  const user = await findUser(ctx.db, tenantId, referencedObjectId(ctx.body["@odata.id"])!);
  await addGroupMember(ctx, { groupId, userId: user.id });
  return graphNoContent();
});
