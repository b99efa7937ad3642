/**
 * Webhook subscriptions' inputs (SPEC §10.2, ADR 23): one zod schema per input, shared by the form
 * and the server. Pure, so the Settings page's client code may import it.
 */
import { z } from "zod";
import { text } from "@/lib/text";

/** The event types a subscription may want, with what each tells. */
export const WEBHOOK_EVENT_TYPES = {
  "license.claimed": "A person got a licence: claimed at launch, assigned directly, or through a group.",
  "license.released": "A licence was released, with why: unassigned, reclaimed, user disabled or deleted.",
  "policy.changed": "An auto-claim policy was created, changed, switched or deleted.",
  "waitlist.joined": "A person started waiting on a policy's list.",
  "waitlist.served": "A person waiting got the licence.",
  "reclaim.notice_sent": "A keep-or-release notice was given for an unused licence.",
  "pool.threshold_crossed": "A product's pool reached its warning, critical or empty threshold.",
  "request.created": "A person asked for a licence.",
  "request.decided": "An admin approved or denied a licence request.",
} as const;
export type WebhookEventType = keyof typeof WEBHOOK_EVENT_TYPES;
export const WEBHOOK_EVENT_TYPE_LIST = Object.keys(WEBHOOK_EVENT_TYPES) as [WebhookEventType, ...WebhookEventType[]];
/** The event "Send test event" sends; no subscription chooses it. */
export const WEBHOOK_TEST_EVENT = "webhook.test";

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** The problem with `value` as a webhook URL, or null. Plain HTTP only to this machine, and only when allowed. */
export function webhookUrlProblem(value: string, { allowLoopbackHttp }: { allowLoopbackHttp: boolean }): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "Enter a full URL, like https://hooks.example.com/autoclaim.";
  }
  if (url.username || url.password) return "Leave the user name and password out of the URL.";
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:" && allowLoopbackHttp && LOOPBACK_HOSTS.has(url.hostname)) return null;
  return "Use an HTTPS URL (https://…).";
}

/** Create a subscription. `allowLoopbackHttp`: the deployment allows http://127.0.0.1 (tests, development). */
export function createWebhookSchema({ allowLoopbackHttp = false }: { allowLoopbackHttp?: boolean } = {}) {
  return z.object({
    url: text({ min: 1, max: 2_000, required: "Enter the URL to send events to.", tooLong: "Use 2,000 characters or fewer." }).superRefine((v, ctx) => {
      const problem = webhookUrlProblem(v, { allowLoopbackHttp });
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
    description: text({ max: 200, tooLong: "Use 200 characters or fewer." }).default(""),
    eventTypes: z
      .union([z.enum(WEBHOOK_EVENT_TYPE_LIST), z.array(z.enum(WEBHOOK_EVENT_TYPE_LIST))], { error: "Choose at least one event type." })
      .transform((s) => [...new Set(Array.isArray(s) ? s : [s])])
      .pipe(z.array(z.enum(WEBHOOK_EVENT_TYPE_LIST)).min(1, "Choose at least one event type.")),
  });
}
export type CreateWebhookInput = z.input<ReturnType<typeof createWebhookSchema>>;

export const webhookIdSchema = z.object({ id: z.uuid({ error: "Choose a webhook." }) });
export const setWebhookEnabledSchema = z.object({
  id: z.uuid({ error: "Choose a webhook." }),
  enabled: z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")], { error: "Choose enabled or disabled." }),
});
export const redeliverSchema = z.object({ deliveryId: z.uuid({ error: "Choose a delivery." }) });
