/** The inputs of a policy's reclaim rule (SPEC §8.3), shared by the form and the server. */
import { z } from "zod";
import { text } from "@/lib/text";
import { formBoolean } from "../policies/schema";
import { RECLAIM_LIMITS } from "./candidates";

export { RECLAIM_DEFAULTS, RECLAIM_LIMITS } from "./candidates";

function days(field: keyof typeof RECLAIM_LIMITS, unit: string) {
  const [min, max] = RECLAIM_LIMITS[field];
  const message = `Enter a whole number of ${unit} from ${min} to ${max}.`;
  return z.preprocess(
    (v) => (typeof v === "string" && /^\s*\d{1,4}\s*$/.test(v) ? Number(v) : v),
    z.number({ error: message }).int(message).min(min, message).max(max, message),
  );
}

export const ALLOWLIST_MAX = 500;

export const reclaimRuleSchema = z.object({
  policyId: z.uuid({ error: "That policy does not exist." }),
  enabled: formBoolean,
  inactivityDays: days("inactivityDays", "days"),
  graceDays: days("graceDays", "days"),
  noticeDays: days("noticeDays", "days"),
  capPercent: days("capPercent", "percent"),
  /** People never reclaimed from: UPNs (or ids), one per line or separated by commas. */
  allowUsers: text({ max: 50_000, multiline: true, label: "The allowlist" }).optional(),
  allowGroupIds: z
    .preprocess(
      (v) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v : [v]),
      z.array(z.uuid({ error: "Choose groups from the list." })).max(ALLOWLIST_MAX),
    )
    .optional(),
});
export type ReclaimRuleInput = z.output<typeof reclaimRuleSchema>;

/** The allowlist's text as the entries it names (blank lines and repeats dropped). */
export function allowlistEntries(value: string | undefined): string[] {
  return [
    ...new Set(
      (value ?? "")
        .split(/[\n,;]+/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

/** Run now: the policy whose rule to run. */
export const runNowSchema = z.object({ policyId: z.uuid({ error: "That policy does not exist." }) });

/** Report only ↔ Enforce. */
export const reclaimModeSchema = z.object({
  policyId: z.uuid({ error: "That policy does not exist." }),
  mode: z.enum(["REPORT_ONLY", "ENFORCE"], { error: "Choose report only or enforce." }),
});

/** Keep it, on App launch: the notice to answer. */
export const keepLicenseSchema = z.object({ noticeId: z.uuid({ error: "That notice does not exist." }) });
