"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { env } from "@/env";
import { action } from "@/server/action";
import { db } from "@/server/db";
import { assertMayActAs } from "@/server/domain/launches/acting";
import { recordLaunch } from "@/server/domain/launches/service";
import { licenseRequestSchema } from "@/server/domain/requests/schema";
import { requestLicense } from "@/server/domain/requests/service";
import { getLaunchOutcome } from "@/server/domain/launches/service";
import { ForbiddenError, NotFoundError } from "@/server/domain/errors";
import { keepLicense } from "@/server/domain/reclaim/notices";
import { keepLicenseSchema } from "@/server/domain/reclaim/schema";
import { mayViewLaunch } from "@/server/domain/launches/acting";

const launchFormSchema = z.object({
  user: z.uuid({ error: "Choose who launches the app." }),
  app: z.uuid({ error: "Choose an app." }),
});

/** Launch: decide (and maybe claim), then show the outcome page. Any signed-in user, as themselves (anyone in demo mode). */
export const launchApp = action(launchFormSchema, [], async (input, { user, tenantId }) => {
  assertMayActAs(user, input.user, env.DEMO_MODE);
  const result = await recordLaunch(db(), { tenantId, user: input.user, appId: input.app });
  revalidatePath("/", "layout");
  redirect(`/launch/${result.launchId}`);
});

/** Request a license after a refusal. */
export const requestLicenseAction = action(licenseRequestSchema, [], async (input, { user, tenantId }) => {
  const launch = await getLaunchOutcome(db(), tenantId, input.launchId);
  if (!launch) throw new NotFoundError("That launch does not exist.", { field: "launchId" });
  if (!mayViewLaunch(user, launch.userId, env.DEMO_MODE) || (launch.userId !== user.id && !env.DEMO_MODE)) {
    throw new ForbiddenError("You can request a license only for yourself.");
  }
  const request = await requestLicense(db(), { tenantId, launchId: input.launchId, message: input.message });
  // No revalidation: the outcome page keeps the form's confirmation (a revalidation would re-render it
  // as "waiting"); the pages are dynamic, so the next visit shows the request.
  return request;
});

/** Keep it: the holder of a licence about to be released keeps it (only the holder, even in demo mode). */
export const keepLicenseAction = action(keepLicenseSchema, [], async (input, ctx) => {
  const result = await keepLicense({ ...ctx, userId: ctx.user.id }, input);
  revalidatePath("/launch");
  return result;
});
