/**
 * The inputs of auto-claim policy changes: one zod schema per input, shared by the forms (the
 * add-a-policy wizard and the details page validate with them in the browser) and by the server
 * actions. Deliberately free of server-only imports so that client components may import it.
 *
 * Service plans travel as the plans an admin keeps **on** (`enabledPlanIds`, Microsoft's service
 * plan GUIDs), so that "at least one app stays on" is a schema rule; the database stores the
 * complement (`PolicyProduct.disabledPlanIds`, Microsoft's `disabledPlans`), so that a plan a
 * product gains later is on by default.
 */
import { z } from "zod";
import { text } from "@/lib/text";
import { AutoClaimApp, PolicyScope } from "@/generated/prisma/enums";

export const POLICY_NAME_MAX = 64;
/** One primary product and up to four backups (MS). */
export const MAX_BACKUP_PRODUCTS = 4;
export const MAX_POLICY_PRODUCTS = 1 + MAX_BACKUP_PRODUCTS;

export const AUTO_CLAIM_APP_LABELS: Record<AutoClaimApp, string> = {
  POWER_APPS: "Power Apps",
  POWER_AUTOMATE: "Power Automate",
  MICROSOFT_TEAMS: "Microsoft Teams",
};

/** The auto-claim apps an admin can make a policy for today (Microsoft Teams comes later). */
export const POLICY_APPS = [AutoClaimApp.POWER_APPS, AutoClaimApp.POWER_AUTOMATE] as const;

export const SCOPE_LABELS: Record<PolicyScope, string> = {
  ALL_ENVIRONMENTS: "All environments",
  MANAGED_ONLY: "Managed environments",
};

/** The scopes in the order they are offered, with what each means. */
export const SCOPE_OPTIONS: { value: PolicyScope; label: string; hint: string }[] = [
  { value: "ALL_ENVIRONMENTS", label: "All environments", hint: "Apps in every environment can claim a license." },
  { value: "MANAGED_ONLY", label: "Managed environments only", hint: "Only apps in Managed Environments can claim a license." },
];

/**
 * A policy's status (SPEC §8.5): On, Report only — decided as Off, but each launch records the
 * product it would have claimed — or Off. Stored as `enabled` and `reportOnlySince` (ADR 21).
 */
export const POLICY_STATUSES = ["ON", "REPORT_ONLY", "OFF"] as const;
export type PolicyStatus = (typeof POLICY_STATUSES)[number];

export const POLICY_STATUS_LABELS: Record<PolicyStatus, string> = { ON: "On", REPORT_ONLY: "Report only", OFF: "Off" };

/** What each status means, in plain words (the wizard and the details page). */
export const POLICY_STATUS_HINTS: Record<PolicyStatus, string> = {
  ON: "People get a license from this policy when they need one.",
  REPORT_ONLY:
    "Nobody gets a license from this policy, but each launch records the license it would have claimed, so you can see the demand before turning it on.",
  OFF: "Nobody gets a license from this policy until you turn it on again.",
};

export function policyStatusOf(policy: { enabled: boolean; reportOnlySince: Date | null }): PolicyStatus {
  return policy.enabled ? "ON" : policy.reportOnlySince ? "REPORT_ONLY" : "OFF";
}

export const MESSAGES = {
  nameRequired: "Enter a name for the policy.",
  nameTooLong: `Use ${POLICY_NAME_MAX} characters or fewer.`,
  appRequired: "Select an auto-claim app.",
  productRequired: "Select a product.",
  tooManyProducts: `A policy can have one primary product and at most ${MAX_BACKUP_PRODUCTS} backup products.`,
  duplicateProduct: "This product is already in the policy. Select another one.",
  planRequired: "Select at least one app.",
  scopeRequired: "Select where the policy applies.",
  statusRequired: "Choose On, Report only or Off.",
} as const;

const id = (message = "Not a valid id.") => z.guid(message);

/** 1–64 characters once trimmed, one line, no control characters. */
export const policyNameSchema = text({ min: 1, max: POLICY_NAME_MAX, required: MESSAGES.nameRequired, tooLong: MESSAGES.nameTooLong });

export const policyAppSchema = z.enum(AutoClaimApp, MESSAGES.appRequired);

export const policyStatusSchema = z.enum(POLICY_STATUSES, MESSAGES.statusRequired);

/** One product of a policy: which product and which of its service plans stay on. */
export const policyProductSchema = z.object({
  productId: id(MESSAGES.productRequired),
  enabledPlanIds: z.array(z.guid("Not a valid service plan id.").transform((v) => v.toLowerCase())).min(1, MESSAGES.planRequired),
});

/** The ordered product list: position 0 is the primary, 1–4 the backups; each product once. */
export const policyProductsSchema = z
  .array(policyProductSchema, MESSAGES.productRequired)
  .min(1, MESSAGES.productRequired)
  .max(MAX_POLICY_PRODUCTS, MESSAGES.tooManyProducts)
  .superRefine((products, ctx) => {
    products.forEach((p, i) => {
      if (products.findIndex((q) => q.productId.toLowerCase() === p.productId.toLowerCase()) !== i) {
        ctx.addIssue({ code: "custom", path: [i, "productId"], message: MESSAGES.duplicateProduct });
      }
    });
  });

/** An optional group: "" (the form's "None") or null means none. */
export const optionalGroupIdSchema = z
  .union([z.literal(""), z.null(), id("Select a group from the list.")])
  .optional()
  .transform((v) => v || null);

/** A checkbox or switch from FormData ("on", "true") or a boolean; absent means false. */
export const formBoolean = z.preprocess((v) => v === true || v === "true" || v === "on", z.boolean());

// ---- the inputs ---------------------------------------------------------------------------

export const createPolicySchema = z.object({
  name: policyNameSchema,
  app: policyAppSchema,
  products: policyProductsSchema,
  groupId: optionalGroupIdSchema,
  /** On unless the admin chose Report only (or Off) on the Review step. */
  status: policyStatusSchema.optional(),
  /** Where it applies: every environment unless the admin chose Managed environments only (SPEC §12). */
  scope: z.enum(PolicyScope, MESSAGES.scopeRequired).default("ALL_ENVIRONMENTS"),
});
export type CreatePolicyInput = z.output<typeof createPolicySchema>;
export type CreatePolicyDraft = z.input<typeof createPolicySchema>;

export const policyIdSchema = z.object({ policyId: id("That policy does not exist.") });

export const renamePolicySchema = policyIdSchema.extend({ name: policyNameSchema });
export const setPolicyStatusSchema = policyIdSchema.extend({ status: policyStatusSchema });
export const setPolicyProductsSchema = policyIdSchema.extend({ products: policyProductsSchema });
export const setPolicyGroupSchema = policyIdSchema.extend({ groupId: optionalGroupIdSchema });
export const deletePolicySchema = policyIdSchema;
export const setPolicyScopeSchema = policyIdSchema.extend({ scope: z.enum(PolicyScope, MESSAGES.scopeRequired) });

/**
 * Every change the details page can make, in one shape (the domain's updatePolicy): an absent key
 * is left as it is; `groupId: null` (or "") removes the group.
 */
/** A waiting-list entry expires after this many days without another launch (SPEC §8.1). */
export const WAITLIST_EXPIRY_MIN = 1;
export const WAITLIST_EXPIRY_MAX = 365;
const waitlistExpiryMessage = `Enter a whole number of days from ${WAITLIST_EXPIRY_MIN} to ${WAITLIST_EXPIRY_MAX}.`;
export const waitlistExpirySchema = z.preprocess(
  (v) => (typeof v === "string" && /^\s*\d{1,4}\s*$/.test(v) ? Number(v) : v),
  z
    .number({ error: waitlistExpiryMessage })
    .int(waitlistExpiryMessage)
    .min(WAITLIST_EXPIRY_MIN, waitlistExpiryMessage)
    .max(WAITLIST_EXPIRY_MAX, waitlistExpiryMessage),
);

/** The most units a policy may hold at once (SPEC §8.4): empty = no cap. */
export const MAX_UNITS_MIN = 1;
export const MAX_UNITS_MAX = 100_000;
const maxUnitsMessage = `Enter a whole number of licenses from ${MAX_UNITS_MIN} to ${MAX_UNITS_MAX.toLocaleString("en-US")}, or leave it empty for no limit.`;
export const maxUnitsSchema = z.preprocess(
  (v) => (typeof v === "string" ? (v.trim() === "" ? null : /^\s*\d{1,7}\s*$/.test(v) ? Number(v) : v) : v),
  z.number({ error: maxUnitsMessage }).int(maxUnitsMessage).min(MAX_UNITS_MIN, maxUnitsMessage).max(MAX_UNITS_MAX, maxUnitsMessage).nullable(),
);

export const policyChangesSchema = z.object({
  name: policyNameSchema.optional(),
  /** On (true) or Off (false); `status` says Report only too, and wins when both are given. */
  enabled: z.boolean().optional(),
  status: policyStatusSchema.optional(),
  groupId: z.union([z.literal(""), z.null(), id("Select a group from the list.")]).optional(),
  products: policyProductsSchema.optional(),
  scope: z.enum(PolicyScope, MESSAGES.scopeRequired).optional(),
  waitlistExpiryDays: waitlistExpirySchema.optional(),
  maxUnits: maxUnitsSchema.optional(),
});
export type PolicyChanges = z.input<typeof policyChangesSchema>;
export const setWaitlistExpirySchema = policyIdSchema.extend({ waitlistExpiryDays: waitlistExpirySchema });
export const setMaxUnitsSchema = policyIdSchema.extend({ maxUnits: maxUnitsSchema });

// ---- pure rules shared by the wizard and the service -------------------------------------

/** Names compare trimmed and case-insensitively (the database's unique index is on lower(name)). */
export function policyNameKey(name: string): string {
  return name.trim().toLowerCase();
}

export function findPolicyNamed<P extends { name: string }>(policies: readonly P[], name: string): P | undefined {
  const key = policyNameKey(name);
  return policies.find((p) => policyNameKey(p.name) === key);
}

export function policyNameTakenMessage(existingName: string): string {
  return `An auto-claim policy named “${existingName}” already exists. Choose another name.`;
}

export function policyAlreadyExistsMessage(app: AutoClaimApp, existingName: string): string {
  return `A ${AUTO_CLAIM_APP_LABELS[app]} auto-claim policy already exists: “${existingName}”. Edit it or delete it first.`;
}

/** What the add-a-policy wizard and the details page are given to choose from (getPolicyOptions reads it). */
export interface ProductOption {
  id: string;
  displayName: string;
  skuPartNumber: string;
  app: AutoClaimApp;
  purchased: number;
  available: number;
  servicePlans: { servicePlanId: string; displayName: string }[];
}

export interface PolicyOptions {
  /** The tenant's standalone products, by the app they are standalone for. */
  products: ProductOption[];
  groups: { id: string; displayName: string }[];
  /** Live policies: for the wizard's early name and one-per-app checks (the server checks again). */
  policies: { id: string; name: string; app: AutoClaimApp }[];
}

/** The simulation of a draft (the wizard's Review step): the app, where it applies, its products in order. */
export const simulatePolicySchema = z.object({
  app: policyAppSchema,
  scope: z.enum(PolicyScope, MESSAGES.scopeRequired).default("MANAGED_ONLY"),
  productIds: z
    .array(id(MESSAGES.productRequired), MESSAGES.productRequired)
    .min(1, MESSAGES.productRequired)
    .max(MAX_POLICY_PRODUCTS, MESSAGES.tooManyProducts),
});
export type SimulatePolicyInput = z.input<typeof simulatePolicySchema>;

/** What a simulation answers (policies/simulation.ts), for the client components that show it. */
export interface SimulationView {
  since: Date;
  until: Date;
  wouldClaim: number;
  availableNow: number;
  wouldWait: number;
}

/** Remove someone from a policy's waiting list (policy details). */
export const removeWaitlistEntrySchema = z.object({ entryId: id("That person is no longer on the waiting list.") });
