"use server";

import { ADMIN_ROLES } from "@/lib/roles";
import { revalidatePath } from "next/cache";
import { action } from "@/server/action";
import { removeWaitlistEntry } from "@/server/domain/launches/waitlist";
import {
  deletePolicySchema,
  removeWaitlistEntrySchema,
  renamePolicySchema,
  setPolicyGroupSchema,
  setPolicyProductsSchema,
  setPolicyStatusSchema,
  setMaxUnitsSchema,
  setWaitlistExpirySchema,
} from "@/server/domain/policies/schema";
import { deletePolicy, updatePolicy } from "@/server/domain/policies/service";

function revalidatePolicies() {
  revalidatePath("/billing/licenses/auto-claim", "layout");
  revalidatePath("/power-platform/settings/licenses");
}

export const renamePolicyAction = action(renamePolicySchema, ADMIN_ROLES, async ({ policyId, name }, ctx) => {
  const result = await updatePolicy(ctx, { policyId, name });
  revalidatePolicies();
  return result;
});

/** On, Report only or Off (SPEC §8.5). */
export const setPolicyStatusAction = action(setPolicyStatusSchema, ADMIN_ROLES, async ({ policyId, status }, ctx) => {
  const result = await updatePolicy(ctx, { policyId, status });
  revalidatePolicies();
  return { ...result, status };
});

/** Products in order with their service plans: Move up / Move down, add or remove a backup, Save apps. */
export const setPolicyProductsAction = action(setPolicyProductsSchema, ADMIN_ROLES, async ({ policyId, products }, ctx) => {
  const result = await updatePolicy(ctx, { policyId, products });
  revalidatePolicies();
  return result;
});

export const setPolicyGroupAction = action(setPolicyGroupSchema, ADMIN_ROLES, async ({ policyId, groupId }, ctx) => {
  const result = await updatePolicy(ctx, { policyId, groupId });
  revalidatePolicies();
  return result;
});

/** Waiting list: entries expire after this many days without a launch (1–365). */
export const setWaitlistExpiryAction = action(setWaitlistExpirySchema, ADMIN_ROLES, async ({ policyId, waitlistExpiryDays }, ctx) => {
  const result = await updatePolicy(ctx, { policyId, waitlistExpiryDays });
  revalidatePolicies();
  return { ...result, waitlistExpiryDays };
});

/** Maximum licenses held at once (SPEC §8.4); null = no limit. Raising it serves the waiting list. */
export const setMaxUnitsAction = action(setMaxUnitsSchema, ADMIN_ROLES, async ({ policyId, maxUnits }, ctx) => {
  const result = await updatePolicy(ctx, { policyId, maxUnits });
  revalidatePolicies();
  revalidatePath("/");
  return { ...result, maxUnits };
});

export const deletePolicyAction = action(deletePolicySchema, ADMIN_ROLES, async ({ policyId }, ctx) => {
  const result = await deletePolicy(ctx, { policyId });
  revalidatePolicies();
  return result;
});

/** Remove from the waiting list: the person rejoins at the back on their next refused launch. */
export const removeWaitlistEntryAction = action(removeWaitlistEntrySchema, ADMIN_ROLES, async ({ entryId }, ctx) => {
  await removeWaitlistEntry(ctx, { entryId });
  revalidatePolicies();
  revalidatePath("/");
  return null;
});
