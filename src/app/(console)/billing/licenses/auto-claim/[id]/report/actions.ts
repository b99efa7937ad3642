"use server";

import { revalidatePath } from "next/cache";
import { ADMIN_ROLES } from "@/lib/roles";
import { action } from "@/server/action";
import { moveToGroup, unassignAutoClaimed } from "@/server/domain/reports/bulk";
import { bulkMoveSchema, bulkUnassignSchema, unassignImpactSchema } from "@/server/domain/reports/schema";
import { bulkUnassignImpact } from "@/server/domain/reports/unassign-impact";

/** Unassign license, for one chunk of the selection (the console loops over chunks and shows progress). */
export const unassignLicensesAction = action(bulkUnassignSchema, ADMIN_ROLES, async (input, ctx) => {
  const outcome = await unassignAutoClaimed(ctx, input);
  if (outcome.done > 0) revalidatePath("/", "layout");
  return outcome;
});

/** Move to group…, for one chunk of the selection: one transaction per chunk, all or nothing. */
export const moveToGroupAction = action(bulkMoveSchema, ADMIN_ROLES, async (input, ctx) => {
  const outcome = await moveToGroup(ctx, input);
  if (outcome.done > 0) revalidatePath("/", "layout");
  return outcome;
});

/** How many of the picked rows really free a unit, for the Unassign dialog (a read: nothing changes). */
export const unassignImpactAction = action(unassignImpactSchema, ADMIN_ROLES, async (input, ctx) => bulkUnassignImpact(ctx.db, ctx.tenantId, input));
