"use server";

import { GLOBAL_ADMIN_ROLES } from "@/lib/roles";
import { revalidatePath } from "next/cache";
import { action } from "@/server/action";
import { autoClaimSettingSchema } from "@/server/domain/tenants/schema";
import { setAutoClaimEnabled } from "@/server/domain/tenants/service";

/** "Turn on setting" on the Auto-claim policy tab (the form sends enabled=true). */
export const turnOnAutoClaimSetting = action(autoClaimSettingSchema, GLOBAL_ADMIN_ROLES, async (input, ctx) => {
  const result = await setAutoClaimEnabled(ctx, { enabled: input.enabled });
  revalidatePath("/billing/licenses/auto-claim");
  revalidatePath("/settings/org-settings");
  return result;
});
