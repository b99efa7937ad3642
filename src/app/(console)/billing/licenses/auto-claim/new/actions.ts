"use server";

import { ADMIN_ROLES } from "@/lib/roles";
import { revalidatePath } from "next/cache";
import { action } from "@/server/action";
import { createPolicySchema, simulatePolicySchema } from "@/server/domain/policies/schema";
import { createPolicy } from "@/server/domain/policies/service";
import { simulatePolicy } from "@/server/domain/policies/simulation";

/** The wizard's "Create policy": the whole draft at once; nothing is written before. */
export const createPolicyAction = action(createPolicySchema, ADMIN_ROLES, async (input, ctx) => {
  const policy = await createPolicy(ctx, input);
  revalidatePath("/billing/licenses/auto-claim", "layout");
  revalidatePath("/power-platform/settings/licenses");
  return policy;
});

/** The Review step's simulation of the draft: the last 30 days of launches replayed (nothing is written). */
export const simulatePolicyAction = action(simulatePolicySchema, ADMIN_ROLES, async (input, ctx) => {
  return simulatePolicy(ctx.db, ctx.tenantId, input, new Date());
});
