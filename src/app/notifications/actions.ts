"use server";

// Beside the console rather than in it: Reports readers use the bell too (every other console action is Global admins only).

import { z } from "zod";
import { CONSOLE_ROLES } from "@/lib/roles";
import { action } from "@/server/action";
import { markReadSchema } from "@/server/domain/notifications/schema";
import { listBell, markRead } from "@/server/domain/notifications/service";

/** The bell in the top bar: the newest notifications of the signed-in admin, fetched again on each page. */
export const loadBell = action(z.object({}), CONSOLE_ROLES, async (_, ctx) => listBell(ctx.db, ctx.tenantId, ctx.user.id));

/** The bell's "Mark all as read", and opening one: read for this admin only. */
export const markBellRead = action(markReadSchema, CONSOLE_ROLES, async ({ ids }, ctx) => {
  await markRead(ctx.db, ctx.tenantId, ctx.user.id, ids);
  return listBell(ctx.db, ctx.tenantId, ctx.user.id);
});
