"use server";

import { revalidatePath } from "next/cache";
import { ADMIN_ROLES } from "@/lib/roles";
import { action } from "@/server/action";
import { addMemberSchema, removeMemberSchema, resolveDirectoryUser } from "@/server/domain/groups/directory";
import { addGroupMember, removeGroupMember } from "@/server/domain/groups/members";

/** Add a member (by UPN or id): members.ts adds them with the group's licences, in one audited transaction. */
export const addGroupMemberAction = action(addMemberSchema, ADMIN_ROLES, async (input, ctx) => {
  const person = await resolveDirectoryUser(ctx.db, ctx.tenantId, input.user);
  await addGroupMember(ctx, { groupId: input.groupId, userId: person.id });
  revalidatePath("/", "layout");
  return { userPrincipalName: person.userPrincipalName };
});

/** Remove a member: the licences they held through the group go with the membership. */
export const removeGroupMemberAction = action(removeMemberSchema, ADMIN_ROLES, async (input, ctx) => {
  await removeGroupMember(ctx, { groupId: input.groupId, userId: input.userId });
  revalidatePath("/", "layout");
  return null;
});
