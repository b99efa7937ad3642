import { z } from "zod";

/** POST /api/v1/launches and the /launch page: who launches which app. */
export const launchRequestSchema = z
  .object({
    user: z.string({ error: "user is required: a user id or user principal name" }).trim().min(1, "user must not be empty").max(320, "user is too long"),
    app: z.uuid({ error: "app must be an app id (a GUID)" }),
  })
  .strict();

export type LaunchRequest = z.infer<typeof launchRequestSchema>;
