"use server";

import { revalidatePath } from "next/cache";
import { ADMIN_ROLES } from "@/lib/roles";
import { action } from "@/server/action";
import { approveRequestSchema, denyRequestSchema } from "@/server/domain/requests/schema";
import { approveRequest, denyRequest } from "@/server/domain/requests/service";

export interface Decision {
  decision: "approved" | "denied";
  assigned: boolean;
}

/** Approve: assigns the chosen product (refused beside the field when none is left). */
export const approveRequestAction = action(approveRequestSchema, ADMIN_ROLES, async (input, ctx): Promise<Decision> => {
  const result = await approveRequest(ctx, input);
  revalidatePath("/", "layout");
  return { decision: "approved", ...result };
});

/** Deny, with an optional message to the requester. */
export const denyRequestAction = action(denyRequestSchema, ADMIN_ROLES, async (input, ctx): Promise<Decision> => {
  await denyRequest(ctx, input);
  revalidatePath("/", "layout");
  return { decision: "denied", assigned: false };
});
