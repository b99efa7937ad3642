"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/server/action";
import { db } from "@/server/db";
import { actorOf } from "@/server/domain/audit/actor";
import { autoClaimSettingSchema } from "@/server/domain/tenants/schema";
import { setAutoClaimEnabled } from "@/server/domain/tenants/service";

/** "Turn on setting" on the Auto-claim policy tab (the form sends enabled=true). */
export const turnOnAutoClaimSetting = action(autoClaimSettingSchema, ["GLOBAL_ADMIN"], async (input, { user, tenantId }) => {
  const result = await setAutoClaimEnabled(db(), actorOf(user), tenantId, input.enabled);
  revalidatePath("/billing/licenses/auto-claim");
  revalidatePath("/settings/org-settings");
  return result;
});
