/**
 * The add-a-policy wizard keeps its draft in the address (docs/decisions/0006-wizard-draft-in-the-url.md):
 * `?step=2&draft=<base64url JSON>`. Back/Forward, reload and a shared link all find the same draft,
 * and nothing is written before "Create policy". Pure: used by the page (server) and the wizard (browser).
 */
import { z } from "zod";
import type { PolicyScope } from "@/generated/prisma/enums";
import { POLICY_APPS, POLICY_STATUSES, type PolicyStatus } from "@/server/domain/policies/schema";

/** The auto-claim policies list, and the wizard's own address. */
export const POLICIES_HREF = "/billing/licenses/auto-claim";
export const WIZARD_PATH = `${POLICIES_HREF}/new`;

export interface WizardDraft {
  name: string;
  app: (typeof POLICY_APPS)[number] | "";
  /** In order: the primary product, then the backups. */
  products: { productId: string; enabledPlanIds: string[] }[];
  groupId: string;
  /** Chosen on the Review step; On when absent. */
  status?: PolicyStatus;
  /** Chosen on step 2; All environments when absent. */
  scope?: PolicyScope;
}

export const STEPS = [
  { step: 1, title: "Name this auto-claim policy" },
  { step: 2, title: "Set an auto-claim app and product" },
  { step: 3, title: "Select apps" },
  { step: 4, title: "Review and finish" },
] as const;
export type Step = (typeof STEPS)[number]["step"];

export function emptyDraft(): WizardDraft {
  return { name: "", app: "", products: [], groupId: "" };
}

/**
 * Lenient: a draft from the address is whatever someone typed or kept in a bookmark. Anything
 * unreadable becomes the empty draft; the wizard's validation judges the rest step by step.
 */
const draftSchema = z.object({
  name: z.string().max(500).catch(""),
  app: z.enum([...POLICY_APPS, ""]).catch(""),
  products: z
    .array(z.object({ productId: z.string().max(64), enabledPlanIds: z.array(z.string().max(64)).max(50) }))
    .max(10)
    .catch([]),
  groupId: z.string().max(64).catch(""),
  status: z.enum(POLICY_STATUSES).optional().catch(undefined),
  scope: z.enum(["ALL_ENVIRONMENTS", "MANAGED_ONLY"]).optional().catch(undefined),
});

export function encodeDraft(draft: WizardDraft): string {
  const bytes = new TextEncoder().encode(JSON.stringify(draft));
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function decodeDraft(value: string | null | undefined): WizardDraft {
  if (!value) return emptyDraft();
  try {
    const base64 = value.replace(/-/g, "+").replace(/_/g, "/");
    const binary = atob(base64 + "===".slice((base64.length + 3) % 4));
    const json: unknown = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
    const parsed = draftSchema.safeParse(json);
    return parsed.success ? parsed.data : emptyDraft();
  } catch {
    return emptyDraft();
  }
}

export function parseStep(value: string | null | undefined): Step {
  const n = Number(value);
  return n === 2 || n === 3 || n === 4 ? n : 1;
}

/** The query string of a wizard state. */
export function wizardSearch(step: Step, draft: WizardDraft): string {
  return `?${new URLSearchParams({ step: String(step), draft: encodeDraft(draft) })}`;
}
