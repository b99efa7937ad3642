"use server";

import { revalidatePath } from "next/cache";
import { ADMIN_ROLES } from "@/lib/roles";
import { action } from "@/server/action";
import { requestRun, setReclaimMode } from "@/server/domain/reclaim/runs";
import { reclaimModeSchema, reclaimRuleSchema, runNowSchema } from "@/server/domain/reclaim/schema";
import { setReclaimRule } from "@/server/domain/reclaim/service";

const page = (policyId: string) => `/billing/licenses/auto-claim/${policyId}/reclaim`;

/** Reclaim unused licenses: the rule's fields, then Save rule (always back to report only). */
export const saveReclaimRuleAction = action(reclaimRuleSchema, ADMIN_ROLES, async (input, ctx) => {
  const result = await setReclaimRule(ctx, input);
  revalidatePath(page(input.policyId));
  return result;
});

/** Switch to enforce / Back to report only. */
export const setReclaimModeAction = action(reclaimModeSchema, ADMIN_ROLES, async (input, ctx) => {
  const result = await setReclaimMode(ctx, input);
  revalidatePath(page(input.policyId));
  return result;
});

/** Run now: asks for a run; the background worker performs it (never this request). */
export const runNowAction = action(runNowSchema, ADMIN_ROLES, async (input, ctx) => {
  const result = await requestRun(ctx, input);
  revalidatePath(page(input.policyId));
  return result;
});
