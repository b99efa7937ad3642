"use server";

import { GLOBAL_ADMIN_ROLES } from "@/lib/roles";
import { revalidatePath } from "next/cache";
import { env } from "@/env";
import { action } from "@/server/action";
import { createWebhookSchema, redeliverSchema, setWebhookEnabledSchema, webhookIdSchema } from "@/server/domain/webhooks/schema";
import { createWebhook, deleteWebhook, redeliver, sendTestEvent, setWebhookEnabled } from "@/server/domain/webhooks/service";

// Plain HTTP to this machine only where the deployment allows it (never in production: src/env.ts).
const createSchema = createWebhookSchema({ allowLoopbackHttp: env.WEBHOOK_ALLOW_LOOPBACK_HTTP });

export const createWebhookAction = action(createSchema, GLOBAL_ADMIN_ROLES, async (input, ctx) => {
  const created = await createWebhook(ctx, input);
  revalidatePath("/settings/webhooks");
  return created;
});

export const setWebhookEnabledAction = action(setWebhookEnabledSchema, GLOBAL_ADMIN_ROLES, async (input, ctx) => {
  const done = await setWebhookEnabled(ctx, input);
  revalidatePath("/settings/webhooks");
  return done;
});

export const deleteWebhookAction = action(webhookIdSchema, GLOBAL_ADMIN_ROLES, async (input, ctx) => {
  const done = await deleteWebhook(ctx, input);
  revalidatePath("/settings/webhooks");
  return done;
});

export const sendTestEventAction = action(webhookIdSchema, GLOBAL_ADMIN_ROLES, async (input, ctx) => {
  const done = await sendTestEvent(ctx, input);
  revalidatePath(`/settings/webhooks/${input.id}`);
  return done;
});

export const redeliverAction = action(redeliverSchema, GLOBAL_ADMIN_ROLES, async (input, ctx) => {
  const done = await redeliver(ctx, input);
  revalidatePath("/settings/webhooks", "layout");
  return done;
});
