"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/server/action";
import { db } from "@/server/db";
import { actorOf } from "@/server/domain/audit/actor";
import { createPolicySchema } from "@/server/domain/policies/schema";
import { createPolicy } from "@/server/domain/policies/service";

/** The wizard's "Create policy": the whole draft at once; nothing is written before. */
export const createPolicyAction = action(createPolicySchema, ["GLOBAL_ADMIN"], async (input, { user, tenantId }) => {
  const policy = await createPolicy(db(), actorOf(user), tenantId, input);
  revalidatePath("/billing/licenses/auto-claim", "layout");
  revalidatePath("/power-platform/settings/licenses");
  return policy;
});
