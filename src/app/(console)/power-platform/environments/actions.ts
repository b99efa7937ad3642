"use server";

import { GLOBAL_ADMIN_ROLES } from "@/lib/roles";
import { revalidatePath } from "next/cache";
import { action } from "@/server/action";
import { setEnvironmentManagedSchema } from "@/server/domain/environments/schema";
import { setEnvironmentManaged } from "@/server/domain/environments/service";

/** "Make managed" / "Make standard". Becoming managed may bring the auto-created policy (SPEC §4). */
export const setEnvironmentManagedAction = action(setEnvironmentManagedSchema, GLOBAL_ADMIN_ROLES, async ({ environmentId, managed }, ctx) => {
  const result = await setEnvironmentManaged(ctx, { environmentId, managed });
  revalidatePath("/power-platform/environments");
  if (result.autoCreated?.created) {
    revalidatePath("/billing/licenses/auto-claim", "layout");
    revalidatePath("/power-platform/settings/licenses");
  }
  return { managed, changed: result.changed, autoCreatedPolicy: result.autoCreated?.created ?? false };
});
