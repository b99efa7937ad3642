"use server";

import { revalidatePath } from "next/cache";
import { ADMIN_ROLES } from "@/lib/roles";
import { action } from "@/server/action";
import { reclaimRuleSchema } from "@/server/domain/reclaim/schema";
import { setReclaimRule } from "@/server/domain/reclaim/service";

/** Reclaim unused licenses: the rule's fields, then Save rule (always back to report only). */
export const saveReclaimRuleAction = action(reclaimRuleSchema, ADMIN_ROLES, async (input, ctx) => {
  const result = await setReclaimRule(ctx, input);
  revalidatePath(`/billing/licenses/auto-claim/${input.policyId}/reclaim`);
  return result;
});
