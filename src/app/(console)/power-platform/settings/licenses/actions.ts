"use server";

import { ADMIN_ROLES } from "@/lib/roles";
import { revalidatePath } from "next/cache";
import { action } from "@/server/action";
import { setPolicyScopeSchema } from "@/server/domain/policies/schema";
import { setPolicyScope } from "@/server/domain/policies/service";

/** A policy's scope: All environments or Managed environments. */
export const setPolicyScopeAction = action(setPolicyScopeSchema, ADMIN_ROLES, async ({ policyId, scope }, ctx) => {
  const result = await setPolicyScope(ctx, { policyId, scope });
  revalidatePath("/power-platform/settings/licenses");
  revalidatePath("/billing/licenses/auto-claim", "layout");
  return { ...result, scope };
});
