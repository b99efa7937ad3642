"use server";

import { revalidatePath } from "next/cache";
import { ADMIN_ROLES } from "@/lib/roles";
import { action } from "@/server/action";
import { db } from "@/server/db";
import { actorOf } from "@/server/domain/audit/actor";
import { moveToGroup, unassignAutoClaimed } from "@/server/domain/reports/bulk";
import { bulkMoveSchema, bulkUnassignSchema } from "@/server/domain/reports/schema";

/** Unassign license, for one chunk of the selection (the console loops over chunks and shows progress). */
export const unassignLicensesAction = action(bulkUnassignSchema, ADMIN_ROLES, async (input, { user, tenantId }) => {
  const outcome = await unassignAutoClaimed(db(), actorOf(user), tenantId, input);
  if (outcome.done > 0) revalidatePath("/", "layout");
  return outcome;
});

/** Move to group…, for one chunk of the selection: one transaction per chunk, all or nothing. */
export const moveToGroupAction = action(bulkMoveSchema, ADMIN_ROLES, async (input, { user, tenantId }) => {
  const outcome = await moveToGroup(db(), actorOf(user), tenantId, input);
  if (outcome.done > 0) revalidatePath("/", "layout");
  return outcome;
});
