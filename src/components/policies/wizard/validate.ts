/**
 * Step-by-step validation of the wizard's draft, with the same schema as the server
 * (createPolicySchema) plus the checks the server makes against the tenant's data, done early with
 * what the page loaded: a name already in use, an app that already has a policy, a product that is
 * not offered for the app. The server checks all of it again on "Create policy".
 */
import {
  createPolicySchema,
  findPolicyNamed,
  MAX_POLICY_PRODUCTS,
  MESSAGES,
  policyAlreadyExistsMessage,
  policyNameTakenMessage,
} from "@/server/domain/policies/schema";
import type { Step, WizardDraft } from "./draft";

export interface WizardContext {
  policies: readonly { name: string; app: string }[];
  products: readonly { id: string; app: string; servicePlans: readonly { servicePlanId: string }[] }[];
}

/** field → the first message about it. */
export type DraftErrors = Record<string, string>;

/** The step on which a field is edited: name 1; app, products and group 2; service plans 3. */
export function stepOfField(field: string): Step {
  if (field === "name") return 1;
  if (/^products\.\d+\.enabledPlanIds/.test(field)) return 3;
  return 2;
}

export function validateDraft(draft: WizardDraft, context: WizardContext): DraftErrors {
  const errors: DraftErrors = {};
  const add = (field: string, message: string) => {
    errors[field] ??= message;
  };
  const parsed = createPolicySchema.safeParse(draft);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String);
      // An element's own problem (e.g. a plan id) belongs to its list: products.0.enabledPlanIds.1 → products.0.enabledPlanIds.
      const field = path[0] === "products" && path.length > 3 ? path.slice(0, 3).join(".") : path.join(".") || "form";
      add(field, issue.message);
    }
  }
  const clash = draft.name.trim() ? findPolicyNamed(context.policies, draft.name) : undefined;
  if (clash) add("name", policyNameTakenMessage(clash.name));
  const sameApp = context.policies.find((p) => p.app === draft.app);
  if (draft.app && sameApp) add("app", policyAlreadyExistsMessage(draft.app, sameApp.name));
  draft.products.forEach((p, i) => {
    if (!p.productId) return;
    const product = context.products.find((o) => o.id === p.productId && o.app === draft.app);
    if (!product) add(`products.${i}.productId`, MESSAGES.productRequired);
    else if (p.enabledPlanIds.some((id) => !product.servicePlans.some((s) => s.servicePlanId === id.toLowerCase()))) {
      add(`products.${i}.enabledPlanIds`, MESSAGES.planRequired);
    }
  });
  if (draft.products.length > MAX_POLICY_PRODUCTS) add("products", MESSAGES.tooManyProducts);
  return errors;
}

/** The errors of one step. */
export function stepErrors(errors: DraftErrors, step: Step): DraftErrors {
  return Object.fromEntries(Object.entries(errors).filter(([field]) => step === 4 || stepOfField(field) === step));
}

/** The first step with an error, or null when the draft can be created. */
export function firstInvalidStep(errors: DraftErrors): Step | null {
  const steps = Object.keys(errors).map(stepOfField);
  return steps.length === 0 ? null : (Math.min(...steps) as Step);
}

/** The step to open when `wanted` is asked for: the first step to fix, when that comes earlier. */
export function stepToOpen(errors: DraftErrors, wanted: Step): Step {
  const bad = firstInvalidStep(errors);
  return bad !== null && bad < wanted ? bad : wanted;
}
