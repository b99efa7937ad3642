"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { ADMIN_ROLES } from "@/lib/roles";
import { action } from "@/server/action";
import { assignLicenses } from "@/server/domain/licenses/assign";
import { reprocessUser } from "@/server/domain/licenses/products";
import { disabledPlansFromEnabled } from "@/server/domain/groups/directory";
import { assignProductToUsers, unassignProductFromUsers } from "@/server/domain/users/bulk";
import { usersBulkSchema } from "@/server/domain/users/schema";
import { userLicensePlansSchema, userLicenseSchema } from "@/server/domain/users/service";

/**
 * Assign a product to a user directly, with the service plans kept on (the others off; none given:
 * all on) — licenses/assign.ts: one transaction, audited, units checked by the database.
 */
export const assignUserLicenseAction = action(userLicensePlansSchema, ADMIN_ROLES, async (input, ctx) => {
  const disabledPlanIds = input.enabledPlanIds ? await disabledPlansFromEnabled(ctx.db, ctx.tenantId, input.productId, input.enabledPlanIds) : undefined;
  const result = await assignLicenses(ctx, { userId: input.userId, add: [{ productId: input.productId, disabledPlanIds }] });
  revalidatePath("/", "layout");
  return { added: result.added.length, updated: result.updated.length };
});

/** Unassign a product held directly or by auto-claim (a group licence is removed by leaving the group). */
export const unassignUserLicenseAction = action(userLicenseSchema, ADMIN_ROLES, async (input, ctx) => {
  const result = await assignLicenses(ctx, { userId: input.userId, remove: [{ productId: input.productId }] });
  revalidatePath("/", "layout");
  return { removed: result.removed.length };
});

const reprocessUserSchema = z.object({ userId: z.guid({ error: "That user does not exist." }) });

/** Reprocess one person: their licences in error are served in their turn, from the units free now. */
export const reprocessUserAction = action(reprocessUserSchema, ADMIN_ROLES, async (input, ctx) => {
  const result = await reprocessUser(ctx, { userId: input.userId });
  revalidatePath("/", "layout");
  return result;
});

/** Assign one product, all its apps on, to one chunk of the people selected on the Users page (one transaction). */
export const bulkAssignUsersAction = action(usersBulkSchema, ADMIN_ROLES, async (input, ctx) => {
  const result = await assignProductToUsers(ctx, input);
  revalidatePath("/", "layout");
  return result;
});

/** Unassign one product (direct or auto-claimed) from one chunk of the people selected on the Users page (one transaction). */
export const bulkUnassignUsersAction = action(usersBulkSchema, ADMIN_ROLES, async (input, ctx) => {
  const result = await unassignProductFromUsers(ctx, input);
  revalidatePath("/", "layout");
  return result;
});
