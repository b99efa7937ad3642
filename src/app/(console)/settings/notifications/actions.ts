"use server";

import { revalidatePath } from "next/cache";
import { ADMIN_ROLES } from "@/lib/roles";
import { action } from "@/server/action";
import { notificationSettingsSchema } from "@/server/domain/notifications/schema";
import { setNotificationSettings } from "@/server/domain/notifications/service";

/** Settings › Notifications: every kind's two checkboxes, then Save. */
export const saveNotificationSettings = action(notificationSettingsSchema, ADMIN_ROLES, async (input, ctx) => {
  const result = await setNotificationSettings(ctx, input);
  revalidatePath("/settings/notifications");
  return result;
});
