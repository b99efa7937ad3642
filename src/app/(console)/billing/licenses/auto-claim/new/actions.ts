"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/server/action";
import { createPolicySchema } from "@/server/domain/policies/schema";
import { createPolicy } from "@/server/domain/policies/service";

/** The wizard's "Create policy": the whole draft at once; nothing is written before. */
export const createPolicyAction = action(createPolicySchema, ["GLOBAL_ADMIN"], async (input, ctx) => {
  const policy = await createPolicy(ctx, input);
  revalidatePath("/billing/licenses/auto-claim", "layout");
  revalidatePath("/power-platform/settings/licenses");
  return policy;
});
