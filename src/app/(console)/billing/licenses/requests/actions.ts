"use server";

import { revalidatePath } from "next/cache";
import { ADMIN_ROLES } from "@/lib/roles";
import { action } from "@/server/action";
import { db } from "@/server/db";
import { actorOf } from "@/server/domain/audit/actor";
import { approveRequestSchema, denyRequestSchema } from "@/server/domain/requests/schema";
import { approveRequest, denyRequest } from "@/server/domain/requests/service";

export interface Decision {
  decision: "approved" | "denied";
  assigned: boolean;
}

/** Approve: assigns the chosen product (refused beside the field when none is left). */
export const approveRequestAction = action(approveRequestSchema, ADMIN_ROLES, async (input, { user, tenantId }): Promise<Decision> => {
  const result = await approveRequest(db(), actorOf(user), tenantId, input);
  revalidatePath("/", "layout");
  return { decision: "approved", ...result };
});

/** Deny, with an optional message to the requester. */
export const denyRequestAction = action(denyRequestSchema, ADMIN_ROLES, async (input, { user, tenantId }): Promise<Decision> => {
  await denyRequest(db(), actorOf(user), tenantId, input);
  revalidatePath("/", "layout");
  return { decision: "denied", assigned: false };
});
