"use server";

import { revalidatePath } from "next/cache";
import { ADMIN_ROLES } from "@/lib/roles";
import { action } from "@/server/action";
import { approveRequestSchema, denyRequestSchema } from "@/server/domain/requests/schema";
import { approveRequest, denyRequest } from "@/server/domain/requests/service";

export interface Decision {
  decision: "approved" | "denied" | "alreadyLicensed";
  assigned: boolean;
  /** The product assigned (or already held). */
  product?: string;
  /** How an already licensed person holds it ("through the group Sales"). */
  through?: string;
}

/** Approve: assigns the chosen product (refused beside the field when none is left); someone already licensed is said so. */
export const approveRequestAction = action(approveRequestSchema, ADMIN_ROLES, async (input, ctx): Promise<Decision> => {
  const result = await approveRequest(ctx, input);
  revalidatePath("/", "layout");
  return result.outcome === "alreadyLicensed"
    ? { decision: "alreadyLicensed", assigned: false, product: result.product, through: result.through }
    : { decision: "approved", assigned: result.assigned, product: result.product };
});

/** Deny, with an optional message to the requester. */
export const denyRequestAction = action(denyRequestSchema, ADMIN_ROLES, async (input, ctx): Promise<Decision> => {
  await denyRequest(ctx, input);
  revalidatePath("/", "layout");
  return { decision: "denied", assigned: false };
});
