import { z } from "zod";

export const licenseRequestSchema = z.object({
  launchId: z.uuid({ error: "Choose the launch you were refused." }),
  message: z.string().trim().max(500, "Keep the message under 500 characters.").optional(),
});
