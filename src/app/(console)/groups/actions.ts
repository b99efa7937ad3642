"use server";

import { revalidatePath } from "next/cache";
import { ADMIN_ROLES } from "@/lib/roles";
import { action } from "@/server/action";
import {
  addMemberSchema,
  disabledPlansFromEnabled,
  groupProductRefSchema,
  groupProductSchema,
  groupRefSchema,
  removeMemberSchema,
  resolveDirectoryUser,
} from "@/server/domain/groups/directory";
import { changeGroupLicenses, reprocessGroup } from "@/server/domain/groups/licenses";
import { addGroupMember, removeGroupMember } from "@/server/domain/groups/members";

/** Add a member (by UPN or id): members.ts adds them with the group's licences, in one audited transaction. */
export const addGroupMemberAction = action(addMemberSchema, ADMIN_ROLES, async (input, ctx) => {
  const person = await resolveDirectoryUser(ctx.db, ctx.tenantId, input.user);
  const result = await addGroupMember(ctx, { groupId: input.groupId, userId: person.id });
  revalidatePath("/", "layout");
  return { userPrincipalName: person.userPrincipalName, waiting: result.waiting };
});

/** Remove a member: the licences they held through the group go with the membership. */
export const removeGroupMemberAction = action(removeMemberSchema, ADMIN_ROLES, async (input, ctx) => {
  await removeGroupMember(ctx, { groupId: input.groupId, userId: input.userId });
  revalidatePath("/", "layout");
  return null;
});

/** Assign a product to the group, or change the apps of one it carries: the plans kept on, the others switched off. */
export const setGroupProductAction = action(groupProductSchema, ADMIN_ROLES, async (input, ctx) => {
  const disabledPlanIds = await disabledPlansFromEnabled(ctx.db, ctx.tenantId, input.productId, input.enabledPlanIds);
  const result = await changeGroupLicenses(ctx, { groupId: input.groupId, add: [{ productId: input.productId, disabledPlanIds }] });
  revalidatePath("/", "layout");
  const counts = result.members.find((m) => m.productId === input.productId);
  return { added: result.added.length > 0, updated: result.updated.length > 0, active: counts?.active ?? 0, inError: counts?.inError ?? 0 };
});

/** Remove a product from the group: its members lose it (unless they hold it another way); the freed units serve whoever waits. */
export const removeGroupProductAction = action(groupProductRefSchema, ADMIN_ROLES, async (input, ctx) => {
  const result = await changeGroupLicenses(ctx, { groupId: input.groupId, remove: [{ productId: input.productId }] });
  revalidatePath("/", "layout");
  return { unitsFreed: result.unitsFreed };
});

/** Reprocess: serve the group's members in error from whatever units are free, longest-waiting first. */
export const reprocessGroupAction = action(groupRefSchema, ADMIN_ROLES, async (input, ctx) => {
  const result = await reprocessGroup(ctx, { groupId: input.groupId });
  revalidatePath("/", "layout");
  return result;
});
