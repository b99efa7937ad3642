import { z } from "zod";
import { text } from "@/lib/text";

/** A message to or from an admin: several lines allowed, at most 500 characters. */
const message = () => text({ max: 500, multiline: true, tooLong: "Keep the message under 500 characters." }).optional();

export const licenseRequestSchema = z.object({
  launchId: z.uuid({ error: "Choose the launch you were refused." }),
  message: message(),
});

const decisionMessage = message();

/** Approve: assign the chosen product to the requester, with an optional message they will see. */
export const approveRequestSchema = z.object({
  requestId: z.guid({ error: "That request does not exist." }),
  productId: z.guid({ error: "Choose the license to assign." }),
  decisionMessage,
});
export type ApproveRequestInput = z.output<typeof approveRequestSchema>;

/** Deny, with an optional message the requester will see on the app launch page. */
export const denyRequestSchema = z.object({
  requestId: z.guid({ error: "That request does not exist." }),
  decisionMessage,
});
export type DenyRequestInput = z.output<typeof denyRequestSchema>;

export const REQUEST_VIEWS = ["pending", "completed"] as const;
export type RequestView = (typeof REQUEST_VIEWS)[number];
