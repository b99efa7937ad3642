"use server";

import { GLOBAL_ADMIN_ROLES } from "@/lib/roles";
import { revalidatePath } from "next/cache";
import { action } from "@/server/action";
import { autoClaimSettingSchema, disableReleasesDirectSchema } from "@/server/domain/tenants/schema";
import { setAutoClaimEnabled, setDisableReleasesDirect } from "@/server/domain/tenants/service";

/** "Let users auto-claim licenses the first time they sign in": the checkbox, then Save. */
export const saveAutoClaimSetting = action(autoClaimSettingSchema, GLOBAL_ADMIN_ROLES, async ({ enabled }, ctx) => {
  const result = await setAutoClaimEnabled(ctx, { enabled });
  revalidatePath("/settings/org-settings");
  revalidatePath("/billing/licenses/auto-claim");
  return result;
});

/** "Disabling a user also releases their direct licenses": the checkbox, then Save. */
export const saveDisableReleasesDirect = action(disableReleasesDirectSchema, GLOBAL_ADMIN_ROLES, async ({ enabled }, ctx) => {
  const result = await setDisableReleasesDirect(ctx, { enabled });
  revalidatePath("/settings/org-settings");
  return result;
});
