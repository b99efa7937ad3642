import { z } from "zod";
import { text } from "@/lib/text";

/** POST /api/v1/launches and the /launch page: who launches which app. */
export const launchRequestSchema = z
  .object({
    user: text({ min: 1, max: 320, required: "user is required: a user id or user principal name", tooLong: "user is too long" }),
    app: z.uuid({ error: "app must be an app id (a GUID)" }),
  })
  .strict();

export type LaunchRequest = z.infer<typeof launchRequestSchema>;
